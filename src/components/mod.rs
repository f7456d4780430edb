//! The widget's Leptos components, one per file. They read state through
//! [`crate::state::use_review`] and act through [`crate::actions::use_actions`].

mod decision;
mod dom;
mod draft;
mod email;
mod errors;
mod leads;
mod markdown;
mod queue;
mod rationale;
mod review;
pub mod social;
mod status;

pub use review::Review;
