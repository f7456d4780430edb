//! The queue bar: previous, "3 of 12", next, the item's title and kind, and the list of all
//! items, where several can be selected (checkboxes, Shift+click for a range, `x` on a row)
//! and approved or skipped together.

use std::rc::Rc;

use crate::runtime::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, MouseEvent};

use super::dom::{event_checked, El};
use crate::actions::{decision_word, Actions};
use crate::i18n::{fill, Messages};
use crate::model::{Decision, Kind};
use crate::queue_moves::selection_in_queue;
use crate::state::{Outcome, ReviewContext};

/// The list's selection.
struct Selection {
    state: ReviewContext,
    actions: Option<Actions>,
    /// Selected item ids.
    ids: Value<Vec<String>>,
    /// The row last clicked, where a Shift+click range starts.
    anchor: Stored<Option<usize>>,
    problem: Value<Option<String>>,
}

impl Selection {
    fn set(&self, id: &str, on: bool) {
        self.ids.update(|ids| {
            ids.retain(|known| known != id);
            if on {
                ids.push(id.to_string());
            }
        });
    }

    /// Row `index` was (un)ticked; with Shift, every row from the last one clicked goes along.
    fn clicked(&self, index: usize, on: bool, range: bool) {
        let ids: Vec<String> = self.state.entries.with_untracked(|entries| entries.iter().map(|entry| entry.item.id.clone()).collect());
        let from = self.anchor.get_value().filter(|_| range).unwrap_or(index);
        for id in &ids[from.min(index)..=from.max(index).min(ids.len().saturating_sub(1))] {
            self.set(id, on);
        }
        self.anchor.set_value(Some(index));
    }

    fn decide(&self, decision: Decision) {
        let Some(actions) = self.actions else { return };
        // In queue order, whatever the order of ticking.
        let ids: Vec<String> = self.ids.with_untracked(|selected| {
            self.state.entries.with_untracked(|entries| entries.iter().map(|entry| entry.item.id.clone()).filter(|id| selected.contains(id)).collect())
        });
        match actions.decide_batch(decision, &ids) {
            Ok(count) => {
                self.problem.set(None);
                self.ids.set(Vec::new());
                let lang = self.state.lang.get_untracked();
                actions.announce(fill(&lang.count(lang.messages.batch_done(), count), &[("decision", decision_word(lang.messages, decision))]));
            }
            Err(problem) => self.problem.set(Some(problem)),
        }
    }
}

/// One row of the list: a checkbox with the item's title, kind and state.
fn row(selection: &Rc<Selection>, index: usize, id: String, title: String, kind: &'static str, outcome: SharedValue<Outcome>) -> El {
    let m = selection.state.messages();
    let (ids, clicking, keying) = (selection.ids, selection.clone(), selection.clone());
    let (checked_id, key_id) = (id.clone(), id.clone());
    let checkbox = El::new("input")
        .attr("type", "checkbox")
        .attr_of("data-item-id", &id)
        .checked_with(move || ids.with(|ids| ids.contains(&checked_id)))
        .on("click", move |event| {
            let range = event.dyn_ref::<MouseEvent>().is_some_and(MouseEvent::shift_key);
            clicking.clicked(index, event_checked(&event), range);
        });
    let state = El::new("span").class("cs-muted").text_with(move || match outcome.get() {
        Outcome::Open => m.row_waiting().to_string(),
        decided => decided.decision().map(|decision| decision_word(m, decision).to_string()).unwrap_or_default(),
    });
    El::new("li")
        .class("cs-queue-item")
        .on("keydown", move |event| {
            // x toggles the row, as in a mail client.
            if event.dyn_ref::<KeyboardEvent>().is_some_and(|key| key.key() == "x") {
                event.prevent_default();
                let on = !keying.ids.with_untracked(|ids| ids.contains(&key_id));
                keying.set(&key_id, on);
            }
        })
        .child(El::new("label").class("cs-check").child(checkbox).child(El::new("span").text_of(&title)).child(El::new("span").class("cs-kind").text(kind)).child(state))
}

/// The list of every item, for selecting several.
fn queue_list(selection: Rc<Selection>) -> El {
    let state = selection.state;
    let m = state.messages();
    let rows_selection = selection.clone();
    let rows = El::new("ul").class("cs-queue-list").attr("aria-label", m.queue_items_label()).children_with(move || {
        state.entries.with(|entries| {
            entries
                .iter()
                .enumerate()
                .map(|(index, entry)| {
                    let title = entry.item.title.clone().unwrap_or_else(|| entry.item.id.clone());
                    row(&rows_selection, index, entry.item.id.clone(), title, kind_name(m, entry.item.kind), entry.outcome.clone())
                })
                .collect()
        })
    });
    let ids = selection.ids;
    let lang = state.lang.get_untracked();
    let button = |decision: Decision, label: &'static str| {
        let deciding = selection.clone();
        let lang = lang.clone();
        El::new("button")
            .class(if decision == Decision::Approved { "cs-button cs-primary" } else { "cs-button" })
            .attr("data-batch", decision.as_str())
            .text_with(move || lang.count(label, ids.with(Vec::len)))
            .flag_with("disabled", move || ids.with(Vec::is_empty))
            .on("click", move |_| deciding.decide(decision))
    };
    let problem = selection.problem;
    El::new("div")
        .class("cs-batch")
        .child(rows)
        .child(El::new("div").class("cs-actions").child(button(Decision::Approved, m.batch_approve())).child(button(Decision::Skipped, m.batch_skip())))
        .child(El::new("div").children_with(move || problem.get().map(|text| El::new("p").class("cs-problem").attr("role", "alert").text_of(&text)).into_iter().collect()))
}

/// Navigation through the queue, and the list for deciding several items at once. A queue of
/// one item (a record page's usual case: `several` false) shows its position, title and kind
/// only; ‹ ›, the waiting count and "Select several" come with a second item.
pub fn queue_nav(state: ReviewContext, actions: Option<Actions>, several: bool) -> El {
    let step = move |forward: bool| {
        let current = state.current.get_untracked();
        let target = if forward { current + 1 } else { current.saturating_sub(1) };
        if let Some(actions) = actions {
            actions.go_to(target);
        }
    };
    let count = move || state.entries.with(Vec::len);
    let lang = state.lang.get_untracked();
    let m = lang.messages;
    let (position_lang, waiting_lang) = (lang.clone(), lang);
    let listing = Value::new(false);
    let selection = Rc::new(Selection { state, actions, ids: Value::new(Vec::new()), anchor: Stored::new(None), problem: Value::new(None) });
    // A queue the host replaces (or items-url reloads) keeps the list open: ticked items it no
    // longer holds leave the selection, so the batch buttons count what they would decide,
    // a Shift+click range starts afresh, and a batch's problem line goes: it was about items
    // that may be gone.
    let pruning = selection.clone();
    effect(Box::new(move || {
        let kept = state.entries.with(|entries| {
            let queued: Vec<&str> = entries.iter().map(|entry| entry.item.id.as_str()).collect();
            pruning.ids.with_untracked(|selected| selection_in_queue(selected, &queued))
        });
        if let Some(kept) = kept {
            pruning.ids.set(kept);
        }
        pruning.anchor.set_value(None);
        if pruning.problem.with_untracked(Option::is_some) {
            pruning.problem.set(None);
        }
    }));
    let bar = El::new("div")
        .class("cs-queue-bar")
        .maybe(several.then(|| El::new("button").class("cs-nav").attr("aria-label", m.previous_item()).text("‹").flag_with("disabled", move || state.current.get() == 0).on("click", move |_| step(false))))
        .child(El::new("span").attr("part", "queue-position").class("cs-position").attr("aria-live", "polite").text_with(move || fill(m.queue_position(), &[("current", &position_lang.number((state.current.get() + 1) as f64)), ("total", &position_lang.number(count() as f64))])))
        .maybe(several.then(|| El::new("button").class("cs-nav").attr("aria-label", m.next_item()).text("›").flag_with("disabled", move || state.current.get() + 1 >= count()).on("click", move |_| step(true))))
        .child(El::new("h2").class("cs-title").text_with(move || state.current_entry().map(|entry| entry.item.title.clone().unwrap_or_else(|| entry.item.id.clone())).unwrap_or_default()))
        .child(El::new("span").class("cs-kind").text_with(move || state.current_entry().map(|entry| kind_name(m, entry.item.kind).to_string()).unwrap_or_default()))
        .maybe(several.then(|| El::new("span").class("cs-waiting").text_with(move || waiting_lang.count(m.waiting_count(), state.open_count()))))
        .maybe(several.then(|| {
            El::new("button")
                .class("cs-button cs-select-several")
                .text(m.select_several())
                .attr_with("aria-expanded", move || Some(listing.get().to_string()))
                .on("click", move |_| listing.update(|open| *open = !*open))
        }));
    El::new("nav")
        .attr("part", "queue")
        .class("cs-queue")
        .attr("aria-label", m.queue_label())
        .child(bar)
        .maybe(several.then(|| El::new("div").children_with(move || if listing.get() { vec![queue_list(selection.clone())] } else { Vec::new() })))
}

/// What kind of item it is, in words.
fn kind_name(m: &'static Messages, kind: Kind) -> &'static str {
    match kind {
        Kind::Email => m.kind_email(),
        Kind::SocialPost => m.kind_social_post(),
        Kind::Message => m.kind_message(),
        Kind::LeadList => m.kind_lead_list(),
    }
}
