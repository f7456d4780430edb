//! The widget's views, one per file. [`review`] builds the shell and its listeners. Every view
//! is a function that builds DOM with [`dom::El`], binding attributes, text and children to
//! Leptos signals through `RenderEffect`s (see `dom.rs` for why: `view!` cost the widget about
//! 40 KiB of brotli). Views
//! read state through [`crate::state::use_review`] and act through
//! [`crate::actions::use_actions`], or take them as arguments.

mod decision;
mod dom;
mod js_text;
mod draft;
mod email;
mod errors;
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
