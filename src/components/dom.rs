//! A small, type-erased DOM builder with reactive bindings, for the widget's larger views.
//!
//! Leptos's `view!` compiles every element shape and every reactive closure into its own code;
//! across the widget that cost far more wasm than the views' logic (a lead list alone was about
//! 10 KiB of brotli). Here every binding is boxed once and runs through one non-generic
//! effect, and every listener through one non-generic `Closure`, so a view costs little
//! more than its own calls. Bindings and listeners live as long as the reactive owner that built
//! them: a view rebuilt by [`El::children_with`] drops the old ones with the old nodes.
//!
//! Text only ever becomes text nodes and attributes are set one by one: nothing is parsed as
//! HTML. Buttons carry no `type="button"`: the views render into a shadow root that holds no
//! `<form>` (and a form outside it never owns them), so no button can submit anything, and
//! the attribute would cost a call per button in every first paint.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event};

use crate::js_text::{self, js};
use crate::reactive::Trigger;
use crate::runtime::{effect, listen, spawn_local, untrack, when_idle, Memo, Owner, Stored, TimeoutHandle, Value};
use wasm_bindgen::JsValue;

/// Runs `then` once the DOM changes under way have landed: after the current task, before
/// the next frame (bindings that rebuild children append them synchronously, so a node built
/// now is attached by then).
pub fn after_render(then: impl FnOnce() + 'static) {
    spawn_local(async move { then() });
}

/// Runs `update` now and again whenever a signal it reads changes, for as long as the current
/// owner lives.
pub fn bind(update: Box<dyn FnMut()>) {
    effect(update);
}

/// How many children [`El::children_keyed`] builds in one go (about 10 ms of lead rows).
pub const BUILT_AT_ONCE: usize = 100;

/// Builds the child of a keyed list for its key and its place in the list.
type MakeChild = dyn Fn(&str, Value<usize>) -> El;

/// An element being built.
pub struct El(Element);

impl El {
    /// A new `tag` element (a plain object stands in when there is no document, which a
    /// widget in a page always has).
    pub fn new(tag: &'static str) -> El {
        let element = js_text::document().map(|document| js_text::create_element(&document, tag));
        El(element.unwrap_or_else(|| js_sys::Object::new().unchecked_into()))
    }

    /// Builds on an existing element.
    pub fn from_node(element: Element) -> El {
        El(element)
    }

    /// The DOM element.
    pub fn node(&self) -> &Element {
        &self.0
    }

    /// Sets attribute `name` to the fixed `value`.
    pub fn attr(self, name: &'static str, value: &'static str) -> El {
        js_text::set_attribute(&self.0, name, &js(value));
        self
    }

    /// Sets attribute `name` to `value`, made for this element.
    pub fn attr_of(self, name: &'static str, value: &str) -> El {
        js_text::set_attribute(&self.0, name, &JsValue::from_str(value));
        self
    }

    /// Sets attribute `name` when there is a value.
    pub fn maybe_attr(self, name: &'static str, value: Option<&str>) -> El {
        match value {
            Some(value) => self.attr_of(name, value),
            None => self,
        }
    }

    /// Sets the `class` attribute.
    pub fn class(self, class: &'static str) -> El {
        self.attr("class", class)
    }

    /// Appends the fixed `text` (a message) as a text node.
    pub fn text(self, text: &'static str) -> El {
        self.text_node(&js(text))
    }

    /// Appends `text`, made for this element, as a text node.
    pub fn text_of(self, text: &str) -> El {
        self.text_node(&JsValue::from_str(text))
    }

    fn text_node(self, text: &JsValue) -> El {
        if let Some(document) = js_text::document() {
            js_text::append(&self.0, &js_text::create_text(&document, text));
        }
        self
    }

    /// Appends `child`.
    pub fn child(self, child: El) -> El {
        js_text::append(&self.0, &child.0);
        self
    }

    /// Appends `child` when there is one.
    pub fn maybe(self, child: Option<El>) -> El {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// Appends every child.
    pub fn children(self, children: impl IntoIterator<Item = El>) -> El {
        children.into_iter().fold(self, El::child)
    }

    /// Listens to `event` for as long as the current owner lives.
    pub fn on(self, event: &'static str, handler: impl FnMut(Event) + 'static) -> El {
        self.on_boxed(event, Box::new(handler))
    }

    fn on_boxed(self, event: &'static str, handler: Box<dyn FnMut(Event)>) -> El {
        listen(&self.0, event, handler);
        self
    }

    /// Keeps attribute `name` at `value()`; `None` removes it. The element is new, so a
    /// `None` before any value has nothing to remove and costs no call.
    pub fn attr_with(self, name: &'static str, value: impl Fn() -> Option<String> + 'static) -> El {
        self.attr_bound(name, Box::new(value))
    }

    /// [`El::attr_with`], one copy of the binding for every caller.
    fn attr_bound(self, name: &'static str, value: Box<dyn Fn() -> Option<String>>) -> El {
        let element = self.0.clone();
        let mut present = false;
        bind(Box::new(move || match value() {
            Some(value) => {
                js_text::set_attribute(&element, name, &js_text::js_value_of(&value));
                present = true;
            }
            None if present => {
                js_text::remove_attribute(&element, name);
                present = false;
            }
            None => {}
        }));
        self
    }

    /// Keeps boolean attribute `name` (`disabled`, `hidden`…) present exactly while `on()`.
    pub fn flag_with(self, name: &'static str, on: impl Fn() -> bool + 'static) -> El {
        self.attr_with(name, move || on().then(String::new))
    }

    /// Keeps the text content at `text()`.
    pub fn text_with(self, text: impl Fn() -> String + 'static) -> El {
        self.text_bound(Box::new(text))
    }

    fn text_bound(self, text: Box<dyn Fn() -> String>) -> El {
        let element = self.0.clone();
        bind(Box::new(move || element.set_text_content(Some(&text()))));
        self
    }

    /// Keeps the `value` property (of an input or textarea) at `value()`.
    pub fn value_with(self, value: impl Fn() -> String + 'static) -> El {
        self.value_bound(Box::new(value), None)
    }

    /// A text field showing `shown()` whose every edit goes to `typed` (which `shown` then
    /// reads back). The change an edit makes is not written back to the field, nor the field
    /// read again to compare: on every keystroke that would cost as much as the text is long.
    pub fn edit_with(self, shown: impl Fn() -> String + 'static, typed: impl Fn(String) + 'static) -> El {
        let typing = Rc::new(Cell::new(false));
        let echo = typing.clone();
        self.value_bound(Box::new(shown), Some(echo)).on("input", move |event| {
            // Effects run synchronously: the binding sees the flag while `typed` notifies.
            typing.set(true);
            typed(event_value(&event));
            typing.set(false);
        })
    }

    fn value_bound(self, value: Box<dyn Fn() -> String>, typing: Option<Rc<Cell<bool>>>) -> El {
        let element = self.0.clone();
        // The field is new: its value is empty, so the first run need not read it back, and
        // its first text is its default value, so its caret starts before the first word.
        let mut fresh = true;
        bind(Box::new(move || {
            let value = value();
            if typing.as_ref().is_some_and(|typing| typing.get()) {
                return;
            }
            if std::mem::take(&mut fresh) {
                if !value.is_empty() {
                    js_text::set_default_value(&element, &value);
                }
                return;
            }
            if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                if input.value() != value {
                    input.set_value(&value);
                }
            } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>()
                && area.value() != value
            {
                area.set_value(&value);
            }
        }));
        self
    }

    /// Keeps the `checked` property (of a checkbox) at `checked()`.
    pub fn checked_with(self, checked: impl Fn() -> bool + 'static) -> El {
        self.checked_bound(Box::new(checked))
    }

    fn checked_bound(self, checked: Box<dyn Fn() -> bool>) -> El {
        let element = self.0.clone();
        bind(Box::new(move || {
            if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                input.set_checked(checked());
            }
        }));
        self
    }

    /// Appends the child `make()` builds whenever `shown` turns true and removes it (with its
    /// bindings) when it turns false, so a part that is seldom needed costs nothing until it
    /// is. It comes after the children appended before this call.
    pub fn last_child_while(self, shown: Memo<bool>, make: Box<dyn Fn() -> El>) -> El {
        let element = self.0.clone();
        let mut child: Option<Element> = None;
        // Runs again only when `shown` flips; each run drops the previous run's bindings.
        bind(Box::new(move || {
            if let Some(old) = child.take() {
                old.remove();
            }
            if shown.get() {
                let made = untrack(&make).0;
                js_text::append(&element, &made);
                child = Some(made);
            }
        }));
        self
    }

    /// Keeps one child per key of `keys()`, in its order: `make` builds a key's child the first
    /// time the key appears, and the child (its bindings and listeners too) is kept while the
    /// key stays, moved when the order changes and dropped when the key goes. `make` is given
    /// the child's place in the list as a value kept up to date, for what the child shows of
    /// it. A change to a long list costs what changed rather than the whole list. The element
    /// holds nothing else.
    ///
    /// At most [`BUILT_AT_ONCE`] new children are built in one go; the rest follow when the
    /// browser is idle, as many again each time, so a list of a thousand shows its first rows
    /// at once instead of after one long task. Until then they are missing from the element
    /// (the children built keep their order and their places in the whole list).
    pub fn children_keyed(self, keys: impl Fn() -> Vec<String> + 'static, make: impl Fn(&str, Value<usize>) -> El + 'static) -> El {
        self.children_keyed_bound(Box::new(keys), Box::new(make))
    }

    fn children_keyed_bound(self, keys: Box<dyn Fn() -> Vec<String>>, make: Box<MakeChild>) -> El {
        let element = self.0.clone();
        // Each child lives under an owner of its own, a child of the view's: this binding's
        // own owner is cleaned up on every run.
        let view = Owner::current();
        let mut built: Vec<(String, Element, Owner, Value<usize>)> = Vec::new();
        // Fired at idle time to build the children left for later.
        let later = Trigger::new();
        let waiting: Stored<Option<TimeoutHandle>> = Stored::new(None);
        bind(Box::new(move || {
            later.track();
            let keys = keys();
            let mut budget = BUILT_AT_ONCE;
            let mut left = false;
            // Reversed, the next key's child is usually the last one: found at once, taken
            // without shifting the rest.
            let mut old = std::mem::take(&mut built);
            old.reverse();
            for (index, key) in keys.into_iter().enumerate() {
                let child = match old.iter().rposition(|(built_key, ..)| *built_key == key) {
                    Some(at) => old.remove(at),
                    None if budget == 0 => {
                        left = true;
                        continue;
                    }
                    None => {
                        budget -= 1;
                        let owner = view.as_ref().map_or_else(Owner::new, |view| view.with(Owner::new));
                        let place = owner.with(|| Value::new(index));
                        let node = untrack(|| owner.with(|| make(&key, place))).0;
                        (key, node, owner, place)
                    }
                };
                if child.3.get_untracked() != index {
                    child.3.set(index);
                }
                built.push(child);
            }
            for (_, node, owner, _) in old {
                owner.cleanup();
                node.remove();
            }
            // Every node where it belongs, moving only those out of place.
            let mut at = element.first_element_child();
            for (_, node, ..) in &built {
                if at.as_ref() == Some(node) {
                    at = node.next_element_sibling();
                } else {
                    let _ = element.insert_before(node, at.as_ref().map(|at| at.unchecked_ref::<web_sys::Node>()));
                }
            }
            let again = later.clone();
            waiting.set_value(if left { when_idle(move || again.notify()).ok() } else { None });
        }));
        self
    }

    /// Keeps the children at `children()`, rebuilt whole whenever a signal it reads changes;
    /// the bindings and listeners of the previous children are dropped with them.
    pub fn children_with(self, children: impl Fn() -> Vec<El> + 'static) -> El {
        self.children_bound(Box::new(children))
    }

    fn children_bound(self, children: Box<dyn Fn() -> Vec<El>>) -> El {
        let element = self.0.clone();
        // Emptying an element costs as much as filling it, even an empty one in the page
        // (about 14 µs in Chromium): only when it has children.
        bind(Box::new(move || {
            if element.has_child_nodes() {
                element.set_text_content(None);
            }
            for child in children() {
                js_text::append(&element, &child.0);
            }
        }));
        self
    }
}

/// Whether the checkbox an event happened on is checked.
pub fn event_checked(event: &Event) -> bool {
    event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|input| input.checked())
}

/// The value of the input or textarea an event happened on.
pub fn event_value(event: &Event) -> String {
    let target = event.target();
    if let Some(input) = target.as_ref().and_then(|target| target.dyn_ref::<web_sys::HtmlInputElement>()) {
        return input.value();
    }
    target.as_ref().and_then(|target| target.dyn_ref::<web_sys::HtmlTextAreaElement>()).map(|area| area.value()).unwrap_or_default()
}

/// A new `tag` element with `class` (when not empty) and, when not empty, `text` as its only
/// content; for code that builds detached DOM by hand (the social preview).
pub fn element(document: &Document, tag: &'static str, class: &'static str, text: &str) -> Element {
    let element = js_text::create_element(document, tag);
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    element
}

/// Sets attribute `name` to `value`.
pub fn set(element: &Element, name: &'static str, value: &str) {
    js_text::set_attribute(element, name, &JsValue::from_str(value));
}

/// Appends `child` to `parent`.
pub fn append(parent: &Element, child: &Element) {
    js_text::append(parent, child);
}
