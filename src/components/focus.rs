//! Focus never falls out of the widget by itself. The control that has it can be disabled
//! under it (a decided item's buttons, ‹ on the first item, › on the last) or removed (Undo
//! once used, Retry, a lead's row when it is excluded or restored); the browser then sends
//! focus to the page's body, where the widget's single-key shortcuts are not heard. Focus
//! goes to the widget's root instead, so they go on working; the view that follows a decision
//! moves it on to the next item's draft (`review.rs`).

use wasm_bindgen::JsCast;
use web_sys::{Element, FocusEvent, HtmlElement, ShadowRoot};

use super::dom::after_render;
use crate::runtime::listen;

/// Whether an element is gone from the page or can no longer have focus.
fn unusable(element: &Element) -> bool {
    !element.is_connected() || element.has_attribute("disabled")
}

/// Keeps focus in the widget whose root is `root`: when a control inside it loses focus to
/// nothing because it was disabled or removed, `root` takes it.
pub fn keep_focus(root: &HtmlElement) {
    let kept = root.clone();
    listen(
        root,
        "focusout",
        Box::new(move |event| {
            let Some(event) = event.dyn_ref::<FocusEvent>() else { return };
            // Focus moving to another element (Tab, a click on a control, the page) is the
            // person's doing.
            if event.related_target().is_some() {
                return;
            }
            let Some(lost) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else { return };
            let root = kept.clone();
            // A removed element still is in the page while its focusout is dispatched, and the
            // view that removed it may give focus to something else: look once it has landed.
            after_render(move || {
                let shadow = root.get_root_node().dyn_into::<ShadowRoot>().ok();
                if shadow.and_then(|shadow| shadow.active_element()).is_none() && unusable(&lost) {
                    let _ = root.focus();
                }
            });
        }),
    );
}
