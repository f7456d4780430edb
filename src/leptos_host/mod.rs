//! [`ReviewWidget`]: the widget as a Leptos 0.8 component, for hosts written in Rust.
//!
//! The component renders a `<div class="countersign-host">` and attaches the widget to that
//! div's shadow root with [`crate::element::attach`], as `countersign.js` does for the custom
//! element; no `<countersign-review>` is registered. Props become the element's attributes and
//! its `items` property, and the `countersign:*` events become callbacks. The widget keeps its
//! own reactive runtime: Leptos only drives this thin shell around it.

mod events;

use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

pub use events::{Delivered, DeliveryFailed};
use events::{warn, Callbacks, Listeners};

use crate::element::{attach, ElementHandle};
use crate::model::ReviewResult;

/// The attributes the component sets on its div, with their values (`None`: absent).
type Attributes = [(&'static str, Option<String>); 7];

/// A widget attached to the component's div.
struct Mounted {
    /// Shared, so that a call into the widget is made after the stored value's lock is released:
    /// the widget dispatches some events, and so runs the host's callbacks, synchronously.
    handle: Rc<ElementHandle>,
    /// The div, where the attributes are kept up to date.
    host: HtmlElement,
    listeners: Listeners,
}

impl Mounted {
    /// Removes the listeners, then the widget (which still sends the decisions it held).
    fn unmount(self) {
        drop(self.listeners);
        match Rc::try_unwrap(self.handle) {
            Ok(handle) => handle.unmount(),
            Err(_) => warn("countersign: the widget was in use while its component was removed, so its view is left in place"),
        }
    }
}

/// The review widget in a Leptos app (client-side rendering). It renders a
/// `<div class="countersign-host">` holding the widget in its shadow root; style the div like
/// the `<countersign-review>` element (the `--cs-*` custom properties inherit through it).
///
/// ```ignore
/// use countersign::{Delivered, ReviewWidget};
/// use leptos::prelude::*;
///
/// view! {
///     <ReviewWidget items=items_json submit_url="/api/results"
///         on_delivered=move |delivered: Delivered| logging::log!("{} stored", delivered.item_id) />
/// }
/// ```
#[component]
pub fn ReviewWidget(
    /// The JSON text of an array of ReviewItems (or of `{"items": [...]}`), as the element's
    /// `items` property takes. The queue is replaced whenever this changes; while it is absent
    /// or blank the queue is left alone, for instance to what `items_url` gave.
    #[prop(into, optional)]
    items: MaybeProp<String>,
    /// The `items-url` attribute: where the widget `GET`s its items.
    #[prop(into, optional)]
    items_url: MaybeProp<String>,
    /// The `submit-url` attribute: where each result is `POST`ed. Without it, results only reach
    /// `on_decision`.
    #[prop(into, optional)]
    submit_url: MaybeProp<String>,
    /// The `reviewer` attribute: JSON describing the reviewer, echoed verbatim in every result.
    #[prop(into, optional)]
    reviewer: MaybeProp<String>,
    /// The `locale` attribute: the interface language (else the page's `lang`, else English).
    #[prop(into, optional)]
    locale: MaybeProp<String>,
    /// The `theme` attribute: `light`, `dark` or `auto`.
    #[prop(into, optional)]
    theme: MaybeProp<String>,
    /// The `credentials` attribute: `omit`, `same-origin` or `include`, as in `fetch`, for the
    /// items request and every result `POST`.
    #[prop(into, optional)]
    credentials: MaybeProp<String>,
    /// The `undo-seconds` attribute: how long a decision can be taken back before it is sent
    /// (5 when absent; 0 sends at once).
    #[prop(into, optional)]
    undo_seconds: MaybeProp<u32>,
    /// The element's `config` property as JSON text: an object with the attributes'
    /// camelCase names and `headers`, `keymap` and `platformLimits` (`authHeaders`, a
    /// function, needs the element). Applied whenever it changes, before `items` when both
    /// come at once; while it is absent or blank the configuration is left alone.
    #[prop(into, optional)]
    config: MaybeProp<String>,
    /// Called with each decision (`countersign:decision`), before it is held and sent.
    #[prop(into, optional)]
    on_decision: Option<Callback<ReviewResult>>,
    /// Called with each decision instead of the widget holding and sending it: the host
    /// delivers the result itself (the `countersign:decision` event is cancelled, as
    /// `preventDefault()` does for the element). Called after `on_decision`.
    #[prop(into, optional)]
    deliver: Option<Callback<ReviewResult>>,
    /// Called when the backend accepted a result (`countersign:delivered`).
    #[prop(into, optional)]
    on_delivered: Option<Callback<Delivered>>,
    /// Called when an attempt to deliver a result failed (`countersign:delivery-failed`).
    #[prop(into, optional)]
    on_delivery_failed: Option<Callback<DeliveryFailed>>,
    /// Called with the number of valid items the first time there are some (`countersign:ready`).
    #[prop(into, optional)]
    on_ready: Option<Callback<usize>>,
) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    // Local storage: the handle and the listeners' closures are JS values, which are not Send.
    let mounted = StoredValue::new_local(None::<Mounted>);
    // Set once the widget is attached; the effects below wait for it.
    let attached = RwSignal::new(false);
    let attributes = move || -> Attributes {
        [
            ("items-url", items_url.get()),
            ("submit-url", submit_url.get()),
            ("reviewer", reviewer.get()),
            ("locale", locale.get()),
            ("theme", theme.get()),
            ("credentials", credentials.get()),
            ("undo-seconds", undo_seconds.get().map(|seconds| seconds.to_string())),
        ]
    };
    // The attribute values the widget has been given, so that only changes are passed on.
    let told = StoredValue::new(None::<Attributes>);
    let callbacks = Callbacks { decision: on_decision, deliver, delivered: on_delivered, delivery_failed: on_delivery_failed, ready: on_ready };

    host.on_load(move |div| {
        let element = HtmlElement::from(div);
        let now = untrack(attributes);
        for (name, value) in &now {
            set_attribute(&element, name, value.as_deref());
        }
        told.set_value(Some(now));
        // Listening before attaching, so that no event the widget sends while starting is lost.
        let listeners = Listeners::add(&element, callbacks);
        match attach(element.clone()) {
            Ok(handle) => {
                mounted.set_value(Some(Mounted { handle: Rc::new(handle), host: element, listeners }));
                attached.set(true);
            }
            Err(error) => web_sys::console::error_2(&JsValue::from_str("countersign: the widget could not be attached:"), &error),
        }
    });

    // Created before the items' effect, so a configuration and items given together reach
    // the widget in that order, as the element's `connectedCallback` passes them.
    Effect::new(move || {
        let text = config.get();
        if !attached.get() {
            return;
        }
        let Some(text) = text.filter(|text| !text.trim().is_empty()) else { return };
        match (config_value(&text), handle_of(mounted)) {
            (Some(value), Some((handle, _))) => handle.set_config(value),
            (None, _) => warn("countersign: the config prop is not the JSON text of an object; the configuration is left as it was"),
            (Some(_), None) => {}
        }
    });

    Effect::new(move || {
        // Both are read before any early return, so that the effect tracks both.
        let text = items.get();
        if !attached.get() {
            return;
        }
        let Some(text) = text.filter(|text| !text.trim().is_empty()) else { return };
        if let Some((handle, _)) = handle_of(mounted) {
            handle.set_items(items_value(&text));
        }
    });

    Effect::new(move || {
        let now = attributes();
        if !attached.get() {
            return;
        }
        let (Some(before), Some((handle, element))) = (told.get_value(), handle_of(mounted)) else { return };
        for ((name, value), (_, old)) in now.iter().zip(before.iter()) {
            if value != old {
                set_attribute(&element, name, value.as_deref());
                handle.attribute_changed(name, value.clone());
            }
        }
        told.set_value(Some(now));
    });

    // Leptos runs an owner's cleanups before it disposes the owner's stored values, so the
    // widget is still there to be unmounted.
    on_cleanup(move || {
        if let Some(mounted) = mounted.try_update_value(Option::take).flatten() {
            mounted.unmount();
        }
    });

    view! { <div class="countersign-host" node_ref=host></div> }
}

/// The attached widget's handle and host, cloned out of the stored value.
fn handle_of(mounted: StoredValue<Option<Mounted>, LocalStorage>) -> Option<(Rc<ElementHandle>, HtmlElement)> {
    mounted.try_with_value(|mounted| mounted.as_ref().map(|mounted| (Rc::clone(&mounted.handle), mounted.host.clone()))).flatten()
}

/// Sets or removes an attribute on the host, so that the div shows what the widget was told.
fn set_attribute(host: &HtmlElement, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(value) => host.set_attribute(name, value),
        None => host.remove_attribute(name),
    };
}

/// The `config` text as the object the element's `config` property takes, or `None` when it
/// is not the JSON text of an object.
fn config_value(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok().filter(|value| value.is_object() && !js_sys::Array::is_array(value))
}

/// The `items` text as the value the element's `items` property takes. Text that is not JSON
/// is passed on as a string, which the widget shows the person as not being a list of items.
fn items_value(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or_else(|error| {
        web_sys::console::warn_2(&JsValue::from_str("countersign: the items prop is not JSON:"), &error);
        JsValue::from_str(text)
    })
}
