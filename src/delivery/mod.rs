//! Delivery: the only code that talks to the network. [`retry`] is the pure policy (which
//! answers to retry, and when); `http` makes the requests in the browser.

pub mod outbox;
pub mod retry;

#[cfg(target_arch = "wasm32")]
mod http;
#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(target_arch = "wasm32")]
pub mod lock;
#[cfg(target_arch = "wasm32")]
pub use http::*;
