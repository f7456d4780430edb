//! The code of social posts and lead lists, loaded by the pages that have them.
//!
//! `cargo xtask dist` moves the counters, previews and lead rows out of the shipped module
//! into `countersign_kinds.wasm` (`xtask/src/wasm_split/`): a page reviewing emails and
//! messages never downloads them. The first time a widget gets such an item, it asks for
//! that module here and shows its items once it is in. Only the functions marked as entries
//! (`components::social::social_editor`, `components::leads::lead_list` and
//! [`count_post`](crate::text::social::count::count_post), each `#[inline(never)]`) lead
//! into the moved code, and they run only for entries of these kinds, which exist only once
//! the module is in.
//!
//! A module that was not split (the browser tests, a build without the npm tools) has all
//! the code: it is ready from the start.

use std::cell::RefCell;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::delivery::fetch_bytes;
use crate::model::Kind;
use crate::runtime::spawn_local;

/// The file, next to `countersign_core_bg.wasm`.
pub const FILE: &str = "countersign_kinds.wasm";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = WebAssembly, js_name = instantiate)]
    fn instantiate(bytes: &JsValue, imports: &Object) -> Promise;
}

/// What a widget runs once the module is in, or could not be had.
type Waiting = Box<dyn FnOnce(Result<(), String>)>;

/// What waits for the module: nothing yet, widgets while it loads, or nothing ever again.
enum Load {
    NotAsked,
    Loading(Vec<Waiting>),
    Ready,
}

thread_local! {
    static LOAD: RefCell<Load> = const { RefCell::new(Load::NotAsked) };
    /// Whether dist moved the kinds' code out, asked of the module once: a question to JS
    /// (and a name decoded for it) on every batch of items cost 2–3 % of a first paint.
    static SPLIT: bool = Reflect::has(&wasm_bindgen::exports(), &JsValue::from_str("cs_kinds")).unwrap_or(false);
}

/// Whether items of `kind` need the module's code.
pub fn needs(kind: Kind) -> bool {
    matches!(kind, Kind::SocialPost | Kind::LeadList)
}

/// Whether the kinds' code is here: loaded, or never moved out.
pub fn ready() -> bool {
    LOAD.with_borrow(|load| matches!(load, Load::Ready)) || !was_split()
}

/// Whether dist moved the kinds' code out: the module then exports the table that the other
/// module fills.
fn was_split() -> bool {
    SPLIT.with(|split| *split)
}

/// Runs `then` once the kinds' code is here (at once when it is), from `url`; with why not
/// when it could not be had (it is asked for again by the next call).
pub fn when_ready(url: Option<String>, then: impl FnOnce(Result<(), String>) + 'static) {
    if ready() {
        return then(Ok(()));
    }
    let first = LOAD.with_borrow_mut(|load| match load {
        Load::Loading(waiting) => {
            waiting.push(Box::new(then));
            false
        }
        _ => {
            *load = Load::Loading(vec![Box::new(then)]);
            true
        }
    });
    if !first {
        return;
    }
    spawn_local(async move {
        let outcome = match url {
            Some(url) => load(&url).await,
            None => Err(format!("no address for {FILE}")),
        };
        let waiting = LOAD.with_borrow_mut(|load| {
            let next = if outcome.is_ok() { Load::Ready } else { Load::NotAsked };
            match std::mem::replace(load, next) {
                Load::Loading(waiting) => waiting,
                _ => Vec::new(),
            }
        });
        for then in waiting {
            then(outcome.clone());
        }
    });
}

/// Fetches the module at `url` and instantiates it against this one, whose table it fills.
async fn load(url: &str) -> Result<(), String> {
    let bytes = fetch_bytes(url).await.map_err(|error| format!("{url}: {error}"))?;
    let imports = Object::new();
    let said = |error: JsValue| format!("{url}: {}", error.as_string().or_else(|| Reflect::get(&error, &JsValue::from_str("message")).ok().and_then(|message| message.as_string())).unwrap_or_default());
    Reflect::set(&imports, &JsValue::from_str("p"), &wasm_bindgen::exports()).map_err(said)?;
    JsFuture::from(instantiate(&bytes, &imports)).await.map_err(said)?;
    Ok(())
}
