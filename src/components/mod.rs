//! The widget's Leptos components, one per file. They read state through
//! [`crate::state::use_review`] and act through [`crate::actions::use_actions`].

mod decision;
mod draft;
mod email;
mod errors;
mod markdown;
mod queue;
mod rationale;
mod review;
mod status;

pub use review::Review;
