//! One delivery attempt at a time across tabs: the Web Locks API (`navigator.locks`), reached
//! through `js_sys` because web-sys lists it as unstable. Where the API is missing, the work
//! simply runs; the server's idempotency is the final guard either way.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Runs `work` while holding the lock `name`, unless another tab holds it right now: then it
/// returns `false` without running it.
pub async fn exclusively<Work, Done>(name: &str, work: Work) -> bool
where
    Work: FnOnce() -> Done + 'static,
    Done: Future<Output = ()> + 'static,
{
    let locks = web_sys::window().and_then(|window| Reflect::get(&window.navigator(), &JsValue::from_str("locks")).ok()).filter(|locks| locks.is_object());
    let request = locks.as_ref().and_then(|locks| Reflect::get(locks, &JsValue::from_str("request")).ok()).and_then(|request| request.dyn_into::<Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else {
        work().await;
        return true;
    };
    let slot = Rc::new(RefCell::new(Some(work)));
    let callback = Closure::once(move |lock: JsValue| -> Promise {
        let work = slot.borrow_mut().take();
        match work {
            Some(work) if !lock.is_null() => future_to_promise(async move {
                work().await;
                Ok(JsValue::TRUE)
            }),
            _ => Promise::resolve(&JsValue::FALSE),
        }
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    let Ok(granted) = request.call3(&locks, &JsValue::from_str(name), &options, callback.as_ref().unchecked_ref()) else {
        return false;
    };
    let Ok(granted) = granted.dyn_into::<Promise>() else { return false };
    JsFuture::from(granted).await.ok().and_then(|ran| ran.as_bool()).unwrap_or(false)
}
