//! Social posts: how each platform counts a post, where its feed folds it, and which of its
//! limits a post breaks. Pure; the browser supplies NFC normalisation and grapheme clusters.

pub mod count;
pub mod emoji;
pub mod fold;
pub mod graphemes;
pub mod platform;
pub mod preview;
pub mod punycode;
pub mod tld;
pub mod tokens;
pub mod url;
pub mod x;

#[cfg(test)]
#[path = "tests/conformance.rs"]
mod conformance;
