//! Pure text logic: the word diff, the safe Markdown subset, quote finding, case folding, ids
//! and the stylesheet's compile-time minifier.
//! Each takes strings and returns values, and is tested natively.

pub mod case;
pub mod css;
pub mod diff;
pub mod join;
pub mod markdown;
pub mod quote;
pub mod rank;
pub mod social;
pub mod utf16;
pub mod uuid;
