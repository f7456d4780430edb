//! The reactive runtime the views use ([`crate::reactive`] and [`crate::cells`]), tasks, and
//! the browser helpers: timeouts with a handle and listeners that go with their owner.

use std::time::Duration;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

use crate::js_text;

pub use crate::cells::{Memo, SharedValue, Stored, Value};
pub use crate::reactive::{batch, effect, on_cleanup, provide_context, untrack, use_context, Owner};

/// Runs `task` on the browser's microtask queue.
pub fn spawn_local(task: impl Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(task);
}

/// A pending `setTimeout` or `requestIdleCallback`; dropping it cancels the call and frees its
/// callback (a callback handed to the browser for good would leak with every cleared timer).
#[derive(Debug)]
pub struct TimeoutHandle {
    id: i32,
    idle: bool,
    _callback: Closure<dyn FnMut()>,
}

impl TimeoutHandle {
    /// Cancels the call (nothing happens if it already ran).
    pub fn clear(&self) {
        if let Some(window) = web_sys::window() {
            if self.idle {
                window.cancel_idle_callback(self.id as u32);
            } else {
                window.clear_timeout_with_handle(self.id);
            }
        }
    }
}

impl Drop for TimeoutHandle {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `then` as a callback for the browser to call once: boxed first, so every caller shares one
/// copy of wasm-bindgen's closure code rather than one per closure type.
fn callback_once(then: Box<dyn FnOnce()>) -> Closure<dyn FnMut()> {
    Closure::once(then)
}

/// Runs `then` once after `delay`, unless the handle is cleared or dropped first.
pub fn set_timeout_with_handle(then: impl FnOnce() + 'static, delay: Duration) -> Result<TimeoutHandle, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let callback = callback_once(Box::new(then));
    let millis = i32::try_from(delay.as_millis()).unwrap_or(i32::MAX);
    let id = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), millis)?;
    Ok(TimeoutHandle { id, idle: false, _callback: callback })
}

/// Runs `then` once when the browser is next idle (after the frames it owes), and within
/// [`IDLE_AT_MOST`] even on a busy page; at once after the current task where the browser has
/// no `requestIdleCallback` (Safari). Cancelled like a timeout.
pub fn when_idle(then: impl FnOnce() + 'static) -> Result<TimeoutHandle, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let callback = callback_once(Box::new(then));
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(IDLE_AT_MOST.as_millis() as u32);
    match window.request_idle_callback_with_options(callback.as_ref().unchecked_ref(), &options) {
        Ok(id) => Ok(TimeoutHandle { id: id as i32, idle: true, _callback: callback }),
        Err(_) => {
            let id = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), 0)?;
            Ok(TimeoutHandle { id, idle: false, _callback: callback })
        }
    }
}

/// The longest [`when_idle`] waits for the browser to be idle.
const IDLE_AT_MOST: Duration = Duration::from_millis(250);

/// When a [`settled`] value catches up with what it follows.
#[derive(Clone, Copy, Debug)]
pub enum Settle {
    /// Once the changes pause this long (typing stops).
    Paused(Duration),
    /// Once the browser is idle after the changes: after the keystroke's frame.
    Idle,
}

/// A value that follows `compute()`: computed at once, then again whenever what `track` reads
/// changes, not on the change itself but once the changes `settle`, so work that costs as much
/// as a long text is not done inside every keystroke. A change before the last one settled
/// cancels its wait; so does the owner's cleanup. `track` should read without copying.
pub fn settled<T: 'static>(track: impl Fn() + 'static, compute: impl Fn() -> T + 'static, settle: Settle) -> Value<T> {
    settled_boxed(Box::new(track), std::rc::Rc::new(compute), settle)
}

/// [`settled`] with its closures boxed: one copy of this code for every caller.
fn settled_boxed<T: 'static>(track: Box<dyn Fn()>, compute: std::rc::Rc<dyn Fn() -> T>, settle: Settle) -> Value<T> {
    let value = Value::new(untrack(|| compute()));
    let pending: Stored<Option<TimeoutHandle>> = Stored::new(None);
    let mut first = true;
    effect(Box::new(move || {
        track();
        if std::mem::take(&mut first) {
            return;
        }
        let compute = compute.clone();
        let update = move || drop(value.try_set(compute()));
        let wait = match settle {
            Settle::Paused(pause) => set_timeout_with_handle(update, pause),
            Settle::Idle => when_idle(update),
        };
        pending.set_value(wait.ok());
    }));
    value
}

/// Keeps `value` alive until the current reactive owner is cleaned up.
pub fn keep<T: 'static>(value: T) {
    on_cleanup(move || drop(value));
}

/// An event listener that is taken off its target before its closure is dropped, so an
/// event fired on a removed node (a focused row losing focus) never reaches a dropped closure.
struct Listener {
    target: EventTarget,
    event: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        js_text::remove_listener(&self.target, self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Listens to `event` on `target` for as long as the current owner lives. The event's name is
/// decoded into a JS string once for the module's life (a view adds dozens of listeners).
pub fn listen(target: &EventTarget, event: &'static str, handler: Box<dyn FnMut(Event)>) {
    let closure = Closure::<dyn FnMut(Event)>::wrap(handler);
    js_text::add_listener(target, event, closure.as_ref().unchecked_ref());
    keep(Listener { target: target.clone(), event, closure });
}
