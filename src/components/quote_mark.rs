//! The quote of a rationale point, marked in the draft: a layer behind a plain-text editor
//! with the same text, transparent, and the quote in a `<mark>` (the editor itself stays a
//! plain `<textarea>`). The hovered or focused point's quote is marked, else the clicked
//! (pinned) one's; a click in the editor on the marked words focuses their point. The mark
//! steps aside while the person types and comes back once the typing pauses.

use wasm_bindgen::JsCast;

use super::dom::{after_render, El};
use super::SETTLE;
use crate::runtime::*;
use crate::state::Entry;
use crate::text::quote::find_quote;

/// Keeps the highlight layer scrolled with its editor.
fn follow_scroll(event: web_sys::Event) {
    let Some(editor) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else { return };
    if let Some(layer) = editor.previous_element_sibling() {
        layer.set_scroll_top(editor.scroll_top());
    }
}

/// The layer behind the body: the same text, transparent, with the highlighted point's quote
/// in a `<mark>`. The editor itself stays a plain `<textarea>`. While the person types in
/// `editor`, the layer is empty (a mark left over moved text would be in the wrong place) and
/// it is filled again once the typing pauses for [`SETTLE`]: finding the quote and laying out
/// a copy of the text cost as much as the draft is long, too much for every keystroke of a long
/// draft. A text changed otherwise (another platform's tab) is marked at once.
fn highlight_layer(entry: &Entry, editor: web_sys::Element, text: Box<dyn Fn() -> String>, track: Box<dyn Fn()>) -> El {
    let quotes: Vec<Option<String>> = entry.item.rationale.as_ref().map(|rationale| rationale.points.iter().map(|point| point.quote.clone()).collect()).unwrap_or_default();
    let marked = entry.clone();
    let typing = Value::new(false);
    // Replacing the handle cancels the timer of the keystroke before; so does unmounting.
    let pause: Stored<Option<TimeoutHandle>> = Stored::new(None);
    let mut first = true;
    let field = editor.clone();
    effect(Box::new(move || {
        track();
        if std::mem::take(&mut first) {
            return;
        }
        if field.matches(":focus").unwrap_or(false) {
            if !typing.get_untracked() {
                typing.set(true);
            }
            pause.set_value(set_timeout_with_handle(move || { let _ = typing.try_set(false); }, SETTLE).ok());
        } else {
            pause.set_value(None);
            // Notifies even when it was false already: the layer is redrawn over the new text.
            typing.set(false);
        }
    }));
    // The point whose quote was last brought into view: a quote is scrolled to when its point
    // comes to be marked, not again each time the typing pauses, which would pull the editor
    // away from where the person is writing.
    let shown: Stored<Option<usize>> = Stored::new(None);
    let layer = El::new("div").class("cs-highlight").attr("aria-hidden", "true");
    let layer_node = layer.node().clone();
    layer.children_with(move || {
        if typing.get() {
            return Vec::new();
        }
        let marking = marked.marked_point().and_then(|index| Some((index, quotes.get(index).cloned().flatten()?)));
        let Some((index, quote)) = marking else {
            shown.set_value(None);
            return Vec::new();
        };
        let text = untrack(&text);
        let Some(range) = find_quote(&text, &quote) else { return Vec::new() };
        let mark = El::new("mark").text_of(&text[range.clone()]);
        if shown.get_value() != Some(index) {
            shown.set_value(Some(index));
            let (editor, layer, mark) = (editor.clone(), layer_node.clone(), mark.node().clone());
            after_render(move || bring_into_view(&editor, &layer, &mark));
        }
        vec![El::new("span").text_of(&text[..range.start]), mark, El::new("span").text_of(&text[range.end..])]
    })
}

/// Scrolls `editor` (and its `layer` with it) so that `mark` is in view, in the middle, when it
/// is not in view already: a point's quote far down a long draft is shown, not marked out of
/// sight.
fn bring_into_view(editor: &web_sys::Element, layer: &web_sys::Element, mark: &web_sys::Element) {
    if !mark.is_connected() {
        return;
    }
    let (mark_box, layer_box) = (mark.get_bounding_client_rect(), layer.get_bounding_client_rect());
    let top = mark_box.top() - layer_box.top() + f64::from(layer.scroll_top());
    let (scrolled, height, tall) = (f64::from(editor.scroll_top()), f64::from(editor.client_height()), mark_box.height());
    if top >= scrolled && top + tall <= scrolled + height {
        return;
    }
    // A quote taller than the field shows from its start.
    let to = if tall >= height { top } else { top - (height - tall) / 2.0 };
    editor.set_scroll_top(to.max(0.0) as i32);
    layer.set_scroll_top(editor.scroll_top());
}

/// A click in the body inside the marked quote focuses the point that quotes it.
fn click_marked_quote(entry: &Entry, event: &web_sys::Event) {
    let Some(area) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
    let Some(index) = entry.marked_point() else { return };
    let Some(quote) = entry.item.rationale.as_ref().and_then(|rationale| rationale.points.get(index)).and_then(|point| point.quote.clone()) else { return };
    let text = area.value();
    let caret = area.selection_start().ok().flatten().unwrap_or_default() as usize;
    // The caret is in UTF-16 units; the quote's range in bytes.
    let caret = text.char_indices().scan(0usize, |units, (offset, character)| {
        let at = *units;
        *units += character.len_utf16();
        Some((at, offset))
    }).find(|(units, _)| *units >= caret).map_or(text.len(), |(_, offset)| offset);
    if find_quote(&text, &quote).is_some_and(|range| range.start <= caret && caret <= range.end) {
        let point = area.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().and_then(|root| root.query_selector_all("[part~='point']").ok()).and_then(|points| points.item(index as u32));
        if let Some(point) = point.and_then(|point| point.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = point.focus();
        }
    }
}

/// `editor` (a textarea showing `text()`) over its quote layer, in one `.cs-editor`. `track`
/// reads, without copying it, whatever `text()` is made of: it runs on every keystroke, and a
/// copy of a long draft each time is what the pause is there to avoid.
pub fn marked_editor(entry: &Entry, editor: El, text: impl Fn() -> String + 'static, track: impl Fn() + 'static) -> El {
    let clicked = entry.clone();
    let editor = editor.on("scroll", follow_scroll).on("click", move |event| click_marked_quote(&clicked, &event));
    let area = editor.node().clone();
    El::new("div").class("cs-editor").child(highlight_layer(entry, area, Box::new(text), Box::new(track))).child(editor)
}
