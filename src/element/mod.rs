//! The Rust side of the `<countersign-review>` custom element. `countersign.js` (a small JS
//! class) forwards the element's lifecycle here: [`attach`] renders into the open shadow root
//! and returns an [`ElementHandle`] that takes attribute changes, properties and the final
//! unmount.

pub mod events;
mod style;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::actions::{now_ms, Actions};
use crate::components::review;
use crate::config::{attribute_for_key, unknown_keys, ConfigError, WidgetConfig, ATTRIBUTES};
use crate::delivery::fetch_text;
use crate::delivery::retry::{classify, Verdict};
use crate::i18n::{self, intl_accepts, resolve_with, Lang};
use crate::js_values::{headers_json, json_text};
use crate::notices::About;
use crate::runtime::spawn_local;
use crate::runtime::{on_cleanup, provide_context, Owner};
use crate::state::ReviewContext;

/// A mounted widget. `unmount` sends held decisions, disposes the view's state, listeners and
/// timers, and removes the view; merely dropping the handle disposes the state but leaves the
/// (then inert) view in place.
#[wasm_bindgen]
pub struct ElementHandle {
    actions: Actions,
    /// The custom element.
    host: HtmlElement,
    container: HtmlElement,
    /// The reactive owner of the view; cleaning it up disposes the state, the bindings, the
    /// listeners and the timers.
    owner: Owner,
}

/// Renders the widget into `host`'s open shadow root (creating it if needed), reading the
/// attributes and any inline `<script type="application/json">` items.
#[wasm_bindgen]
pub fn attach(host: HtmlElement) -> Result<ElementHandle, JsValue> {
    let root: ShadowRoot = match host.shadow_root() {
        Some(root) => root,
        None => {
            let init = ShadowRootInit::new(ShadowRootMode::Open);
            host.attach_shadow(&init)?
        }
    };
    style::adopt(&root)?;
    let document = host.owner_document().ok_or_else(|| JsValue::from_str("countersign: the element has no document"))?;
    let container: HtmlElement = document.create_element("div")?.dyn_into()?;
    root.append_child(&container)?;

    let mut config = WidgetConfig::default();
    let mut problems = Vec::new();
    for name in ATTRIBUTES {
        if let Err(problem) = config.apply_attribute(name, host.get_attribute(name).as_deref()) {
            problems.push((name, problem.to_string()));
        }
    }
    let inline_items = host.query_selector(":scope > script[type='application/json']").ok().flatten().and_then(|script| script.text_content());

    let owner = Owner::new();
    let actions = owner.with(|| {
        let state = ReviewContext::new(config);
        let actions = Actions::new(state, host.clone());
        provide_context(state);
        provide_context(actions);
        for (name, problem) in problems {
            state.tell_setting(name, Some(problem));
        }
        let wanted = settle_language(state, &host, None);
        on_cleanup(move || {
            actions.stop_timers();
            actions.let_go_of_all();
        });
        actions.hear_other_widgets();
        let _ = container.append_child(review().node());
        (actions, wanted)
    });
    let (actions, wanted) = actions;
    if let Some(code) = wanted {
        fetch_locale(actions, host.clone(), code);
    }
    match inline_items {
        Some(text) if !text.trim().is_empty() => actions.load_text(&text),
        _ => actions.load_from_url(),
    }
    actions.start_outbox();
    actions.state.clock.set_value(crate::active_time::ActiveClock::new(is_attentive(), now_ms()));
    Ok(ElementHandle { actions, host, container, owner })
}

thread_local! {
    /// Where `dist/` is, as `countersign.js` says.
    static DIST_BASE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Tells the widget where the files it loads on demand are (the kinds module, the locale
/// files in `locales/`): `countersign.js` calls it once, with the folder it is in.
#[wasm_bindgen(js_name = setDistBase)]
pub fn set_dist_base(url: String) {
    DIST_BASE.set(Some(url));
}

/// The address of `path` in `dist/`, once `countersign.js` has said where that is.
pub fn dist_file(path: &str) -> Option<String> {
    DIST_BASE.with_borrow(|base| base.as_ref().map(|base| format!("{base}{path}")))
}

/// Sets the widget's language from its `locale` and the page's `lang`; answers the locale
/// whose messages must be fetched first, if any (the widget stays hidden until then).
/// `failed` is a locale whose file just could not be had: the widget shows English instead of
/// waiting for it again.
fn settle_language(state: ReviewContext, host: &HtmlElement, failed: Option<&'static str>) -> Option<&'static str> {
    let mut lang = language_of(host, state.config.with_untracked(|config| config.locale.clone()).as_deref());
    if lang.wanted.is_some() && lang.wanted == failed {
        lang.wanted = None;
    }
    if failed.is_none() {
        // Settled anew: the language's file is in, or asked for again (and says so if not).
        state.tell(About::Language, None);
    }
    let wanted = lang.wanted;
    let _ = state.lang.try_set(lang);
    wanted
}

/// Widgets waiting for a locale's file, by locale: one request per locale however many
/// widgets speak it.
type Waiting = Vec<(&'static str, Vec<(Actions, HtmlElement)>)>;

thread_local! {
    static FETCHING: std::cell::RefCell<Waiting> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What asking for a locale's file came to.
enum LocaleFile {
    Loaded,
    /// Not there (404, not a locale file, no base URL): not asked for again on this page.
    Missing,
    /// No answer, or one worth trying again (5xx, 429): asked for again when the next widget
    /// wants it.
    Unreachable,
}

/// Asks for locale `code`'s file at `url` and takes its messages.
async fn load_locale_file(code: &'static str, url: Option<&str>) -> LocaleFile {
    let Some(url) = url else { return LocaleFile::Missing };
    match fetch_text(url).await {
        Ok(text) => if i18n::load(code, text) { LocaleFile::Loaded } else { LocaleFile::Missing },
        Err(error) if classify(error.status()) == Verdict::Retry => LocaleFile::Unreachable,
        Err(_) => LocaleFile::Missing,
    }
}

/// Fetches locale `code`'s messages (`locales/<code>.txt`) unless that is under way, then
/// settles the language of every widget waiting for them: in that locale, or in English when
/// its file could not be had, which their notice says. A file that is missing is not asked for
/// again; one that could not be reached (offline for a moment) is, by the next widget that
/// wants it.
fn fetch_locale(actions: Actions, host: HtmlElement, code: &'static str) {
    let first = FETCHING.with_borrow_mut(|fetching| match fetching.iter_mut().find(|(fetched, _)| *fetched == code) {
        Some((_, waiting)) => {
            waiting.push((actions, host.clone()));
            false
        }
        None => {
            fetching.push((code, vec![(actions, host.clone())]));
            true
        }
    });
    if !first {
        return;
    }
    let url = dist_file(&format!("locales/{code}.txt"));
    spawn_local(async move {
        let outcome = load_locale_file(code, url.as_deref()).await;
        if matches!(outcome, LocaleFile::Missing) {
            i18n::unavailable(code);
        }
        let loaded = matches!(outcome, LocaleFile::Loaded);
        let waiting = FETCHING.with_borrow_mut(|fetching| {
            let at = fetching.iter().position(|(fetched, _)| *fetched == code);
            at.map(|at| fetching.swap_remove(at).1).unwrap_or_default()
        });
        for (actions, host) in waiting {
            let state = actions.state;
            if state.lang.try_get_untracked().is_none() {
                continue; // Unmounted while the file loaded.
            }
            if !loaded {
                let at = url.clone().unwrap_or_else(|| "locales/".into());
                state.tell(About::Language, Some(format!("The messages for \"{code}\" could not be loaded from {at}; showing English.")));
            }
            if let Some(next) = settle_language(state, &host, (!loaded).then_some(code)) {
                fetch_locale(actions, host, next);
            }
            actions.announce_ready();
        }
    });
}

/// The language for `host`: its `locale` attribute, else the nearest `lang` around it (the
/// page's), else English.
fn language_of(host: &HtmlElement, locale: Option<&str>) -> Lang {
    let page_lang = host.closest("[lang]").ok().flatten().and_then(|element| element.get_attribute("lang"));
    // Only tags the browser's Intl takes: formatting with any other would throw.
    resolve_with(locale, page_lang.as_deref(), &intl_accepts)
}

/// Whether the page is visible (another tab or a minimised window is not).
pub fn is_visible() -> bool {
    web_sys::window().and_then(|window| window.document()).is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Whether the page is visible and focused, so review time counts.
pub fn is_attentive() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Visible && document.has_focus().unwrap_or(false))
}

#[wasm_bindgen]
impl ElementHandle {
    /// An observed attribute changed (`value` is `null` when it was removed).
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str, value: Option<String>) {
        self.apply(name, value.as_deref());
    }

    fn apply(&self, name: &str, value: Option<&str>) {
        let before = self.actions.state.config.get_untracked();
        let Some(config) = self.change_config(name, |config| config.apply_attribute(name, value)) else { return };
        if name == "items-url" && config.items_url != before.items_url {
            self.actions.load_from_url();
        }
        // The outbox's key changed: what is stored under the new one is taken over. Set again
        // unchanged (a framework re-applying its props), nothing is.
        if config.submit_url != before.submit_url || config.reviewer != before.reviewer {
            self.actions.restore();
        }
        if name == "locale" && config.locale != before.locale
            && let Some(code) = settle_language(self.actions.state, &self.host, None)
        {
            fetch_locale(self.actions, self.host.clone(), code);
        }
    }

    /// The `items` property: replaces the queue with a new array of items.
    #[wasm_bindgen(js_name = setItems)]
    pub fn set_items(&self, items: JsValue) {
        match js_sys::JSON::stringify(&items) {
            // `undefined` (or a function) has no JSON: read as `null`, which is said to be no list.
            Ok(text) => self.actions.load_text(&text.as_string().unwrap_or_else(|| "null".into())),
            Err(_) => self.actions.state.tell(About::Items, Some("The items could not be read as JSON.".into())),
        }
    }

    /// Applies `change` to a copy of the configuration and says how it went on `name`'s
    /// notice line; keeps the copy (and answers it) only when it worked.
    fn change_config<E: ToString>(&self, name: &str, change: impl FnOnce(&mut WidgetConfig) -> Result<(), E>) -> Option<WidgetConfig> {
        let state = self.actions.state;
        let mut config = state.config.get_untracked();
        let outcome = change(&mut config);
        let changed = outcome.is_ok();
        state.tell_setting(name, outcome.err().map(|error| error.to_string()));
        changed.then(|| {
            state.config.set(config.clone());
            config
        })
    }

    /// The `config` property: the attributes' keys in camelCase, plus `headers`,
    /// `authHeaders`, `platformLimits` and `keymap`.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, config: JsValue) {
        let Ok(keys) = js_sys::Reflect::own_keys(&config) else { return };
        let keys: Vec<String> = keys.iter().filter_map(|key| key.as_string()).collect();
        // Said for each object set, so a later object without the stray keys clears it.
        let unknown = unknown_keys(&keys).map(|error| error.to_string());
        self.actions.state.tell_setting("config", unknown);
        for key in keys {
            let value = js_sys::Reflect::get(&config, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
            let absent = value.is_null() || value.is_undefined();
            if key == "authHeaders" {
                let function = value.dyn_ref::<js_sys::Function>().cloned();
                let usable = function.is_some() || absent;
                self.actions.state.tell_setting("authHeaders", (!usable).then(|| ConfigError::AuthHeaders.to_string()));
                if usable {
                    self.actions.set_auth_headers(function);
                }
            } else if key == "headers" {
                let json = (!absent).then(|| headers_json(&value));
                self.change_config("headers", |config| config.apply_headers(json.as_deref()));
            } else if key == "keymap" {
                // `null` or `undefined` gives back the default keys (and limits, below).
                let text = if absent { "{}".into() } else { json_text(&value) };
                self.change_config("keymap", |config| crate::keymap::Keymap::from_config(&text).map(|keymap| config.keymap = keymap));
            } else if key == "platformLimits" {
                let text = if absent { "{}".into() } else { json_text(&value) };
                self.change_config("platformLimits", |config| config.apply_platform_limits(&text));
            } else if let Some(attribute) = attribute_for_key(&key) {
                let text = if absent { None } else { Some(value.as_string().unwrap_or_else(|| json_text(&value))) };
                self.apply(attribute, text.as_deref());
            }
        }
    }

    /// The `pending` property: results not yet delivered.
    pub fn pending(&self) -> JsValue {
        js_sys::JSON::parse(&self.actions.pending_json()).unwrap_or_else(|_| js_sys::Array::new().into())
    }

    /// `flush()`: sends the outbox now; the promise settles when every attempt has answered.
    pub fn flush(&self) -> js_sys::Promise {
        let actions = self.actions;
        wasm_bindgen_futures::future_to_promise(async move {
            actions.flush().await;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Removes the view, its listeners and timers. The handle is unusable afterwards.
    pub fn unmount(self) {
        self.actions.send_held_before_unmount();
        self.owner.cleanup();
        self.container.remove();
    }
}
