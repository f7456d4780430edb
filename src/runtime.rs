//! The reactive runtime the views use ([`crate::reactive`] and [`crate::cells`]), tasks, and
//! the browser helpers: timeouts with a handle and listeners that go with their owner.

use std::time::Duration;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

pub use crate::cells::{Memo, SharedValue, Stored, Value};
pub use crate::reactive::{effect, on_cleanup, provide_context, untrack, use_context, Owner};

/// Runs `task` on the browser's microtask queue.
pub fn spawn_local(task: impl Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(task);
}

/// A pending `setTimeout`; dropping it cancels the timeout and frees its callback (a
/// callback handed to the browser for good would leak with every cleared timer).
#[derive(Debug)]
pub struct TimeoutHandle {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl TimeoutHandle {
    /// Cancels the timeout (nothing happens if it already ran).
    pub fn clear(&self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.id);
        }
    }
}

impl Drop for TimeoutHandle {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Runs `then` once after `delay`, unless the handle is cleared or dropped first.
pub fn set_timeout_with_handle(then: impl FnOnce() + 'static, delay: Duration) -> Result<TimeoutHandle, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let callback = Closure::once(then);
    let millis = i32::try_from(delay.as_millis()).unwrap_or(i32::MAX);
    let id = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), millis)?;
    Ok(TimeoutHandle { id, _callback: callback })
}

/// Keeps `value` alive until the current reactive owner is cleaned up.
pub fn keep<T: 'static>(value: T) {
    on_cleanup(move || drop(value));
}

/// An event listener that is taken off its target before its closure is dropped, so an
/// event fired on a removed node (a focused row losing focus) never reaches a dropped closure.
struct Listener {
    target: EventTarget,
    event: String,
    closure: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(&self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Listens to `event` on `target` for as long as the current owner lives.
pub fn listen(target: &EventTarget, event: &str, handler: Box<dyn FnMut(Event)>) {
    let closure = Closure::<dyn FnMut(Event)>::wrap(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    keep(Listener { target: target.clone(), event: event.to_string(), closure });
}
