//! The widget's views, one per file. [`review`] builds the shell and its listeners. Every view
//! is a function that builds DOM with [`dom::El`], binding attributes, text and children to the
//! widget's own reactive values (`crate::reactive`; see `dom.rs` for why not Leptos's `view!`,
//! which cost the widget about 40 KiB of brotli). Views read state through
//! [`crate::state::use_review`] and act through [`crate::actions::use_actions`], or take them
//! as arguments.

mod decision;
mod dom;
mod draft;
mod email;
mod errors;
mod focus;
mod keys;
mod leads;
mod markdown;
mod queue;
mod quote_mark;
mod rationale;
mod review;
mod social;
mod status;

pub use review::review;

/// How long typing must pause before what follows the draft's text and costs as much as the
/// text is long (the rationale's quote search, the quote's mark in the editor) catches up.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(150);
