//! Pure text logic: the word diff, the safe Markdown subset, quote finding and ids.
//! Each takes strings and returns values, and is tested natively.

pub mod diff;
pub mod markdown;
pub mod quote;
pub mod uuid;
