//! One delivery attempt at a time across tabs: the Web Locks API (`navigator.locks`), reached
//! through `js_sys` because web-sys lists it as unstable. Where the API is missing, the work
//! simply runs; the server's idempotency is the final guard either way.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// How to take a lock another tab (or element) holds right now.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WhenTaken {
    /// Do not run the work.
    Skip,
    /// Wait until it is free, then run the work.
    Wait,
}

/// `navigator.locks` and its `request` method, where the browser has them.
fn api() -> Option<(JsValue, Function)> {
    let locks = web_sys::window().and_then(|window| Reflect::get(&window.navigator(), &JsValue::from_str("locks")).ok()).filter(|locks| locks.is_object())?;
    let request = Reflect::get(&locks, &JsValue::from_str("request")).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

/// Takes the lock `name` (once it is free) and keeps it until the returned function is called
/// or the page goes away, whichever comes first; `None` where the API is missing. Other tabs
/// can tell from it that this page still holds what the lock is named after.
pub fn keep(name: &str) -> Option<Function> {
    let (locks, request) = api()?;
    let mut release = None;
    let kept = Promise::new(&mut |resolve, _| release = Some(resolve));
    let callback = Closure::once_into_js(move |_lock: JsValue| kept);
    request.call2(&locks, &JsValue::from_str(name), &callback).ok()?;
    release
}

/// Whether another tab (or element) holds the lock `name` right now. Where the API is missing
/// or refuses the request, nobody is known to hold it: `false`.
pub async fn taken(name: &str) -> bool {
    let Some((locks, request)) = api() else { return false };
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    // Granted at once (the lock free) or called with `null` (taken): say which.
    let callback = Closure::once_into_js(|lock: JsValue| JsValue::from_bool(lock.is_null()));
    let Ok(answer) = request.call3(&locks, &JsValue::from_str(name), &options, &callback) else { return false };
    let Ok(answer) = answer.dyn_into::<Promise>() else { return false };
    JsFuture::from(answer).await.ok().and_then(|taken| taken.as_bool()).unwrap_or(false)
}

/// Resolves once nobody holds the lock `name` (at once where the API is missing or refuses).
pub async fn when_free(name: &str) {
    let Some((locks, request)) = api() else { return };
    let callback = Closure::once_into_js(|_lock: JsValue| JsValue::UNDEFINED);
    let Ok(answer) = request.call2(&locks, &JsValue::from_str(name), &callback) else { return };
    if let Ok(answer) = answer.dyn_into::<Promise>() {
        let _ = JsFuture::from(answer).await;
    }
}

/// Runs `work` while holding the lock `name`. When another tab holds it right now, `Skip`
/// returns `false` without running the work, and `Wait` runs it once the lock is free.
pub async fn exclusively(name: &str, when_taken: WhenTaken, work: impl Future<Output = ()> + 'static) -> bool {
    locked(name, when_taken, Box::pin(work)).await
}

/// [`exclusively`] for one type of work, so its code exists once.
async fn locked(name: &str, when_taken: WhenTaken, work: Pin<Box<dyn Future<Output = ()>>>) -> bool {
    let Some((locks, request)) = api() else {
        work.await;
        return true;
    };
    let slot = Rc::new(RefCell::new(Some(work)));
    let callback = Closure::once(move |lock: JsValue| -> Promise {
        let work = slot.borrow_mut().take();
        match work {
            Some(work) if !lock.is_null() => future_to_promise(async move {
                work.await;
                Ok(JsValue::TRUE)
            }),
            _ => Promise::resolve(&JsValue::FALSE),
        }
    });
    let options = Object::new();
    if when_taken == WhenTaken::Skip {
        let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    }
    let Ok(granted) = request.call3(&locks, &JsValue::from_str(name), &options, callback.as_ref().unchecked_ref()) else {
        return false;
    };
    let Ok(granted) = granted.dyn_into::<Promise>() else { return false };
    JsFuture::from(granted).await.ok().and_then(|ran| ran.as_bool()).unwrap_or(false)
}
