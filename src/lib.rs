//! Countersign: a human-in-the-loop review widget. The AI drafts, a person countersigns.
//!
//! The crate has two halves. [`json`], [`model`] and [`text`] are pure Rust, built for every target,
//! tested natively and shared with the reference server. The browser half (the
//! `<countersign-review>` custom element, its views on its own small reactive runtime, and delivery) only exists on
//! `wasm32`, where `countersign.js` loads it. With the `leptos` feature, `ReviewWidget` puts the
//! same widget in a Leptos app as a component.

pub mod json;
pub mod key_map;
pub mod model;
pub mod text;
pub mod active_time;
pub mod config;
pub mod keymap;
pub mod i18n;
pub mod delivery;
pub mod heap;
pub mod notices;
pub mod queue_moves;

#[cfg(target_arch = "wasm32")]
pub mod actions;
#[cfg(target_arch = "wasm32")]
pub mod browser_text;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod element;
#[cfg(target_arch = "wasm32")]
pub(crate) mod js_text;
#[cfg(target_arch = "wasm32")]
pub mod js_values;
#[cfg(target_arch = "wasm32")]
pub mod kinds;
#[cfg(target_arch = "wasm32")]
pub mod state;
pub mod reactive;
#[cfg(target_arch = "wasm32")]
pub mod runtime;
#[cfg(target_arch = "wasm32")]
pub mod cells;
#[cfg(all(feature = "leptos", target_arch = "wasm32"))]
pub mod leptos_host;
#[cfg(all(feature = "leptos", target_arch = "wasm32"))]
pub use leptos_host::{Delivered, DeliveryFailed, ReviewWidget, ReviewWidgetProps};
