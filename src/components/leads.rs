//! The lead list editor: the leads in the person's order with their score, reasons and CRM
//! fields, and how far each moved against the AI's rank. Reorder by dragging a row, with
//! `Alt+↑`/`Alt+↓` on the focused row, or WAI-ARIA style: Space picks a row up, the arrows move
//! it, Space (or focus leaving the row) drops it and Escape puts it back. `x` or the button excludes a lead (with an
//! optional reason); excluded leads can be restored. Every move is announced.
//!
//! Built with [`super::dom`]: each row is built once and kept ([`El::children_keyed`]); a move
//! moves its row and updates the places and marks that changed, so a list of hundreds of
//! leads reorders as fast as a short one.

use std::cell::Cell;
use std::rc::Rc;

use crate::runtime::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent};

use super::dom::{after_render, bind, event_value, El};
use crate::actions::{use_actions, Actions};
use crate::i18n::{fill, Lang};
use crate::key_map::KeyMap;
use crate::model::{Lead, LeadEdits};
use crate::state::{use_review, Entry, Outcome};
use crate::text::join::{joined, joined_present};
use crate::text::rank::movement;

/// `↑3`, `↓1`, or nothing for a lead where the AI put it.
fn movement_mark(movement: i64) -> String {
    match movement {
        0 => String::new(),
        up if up > 0 => format!("↑{up}"),
        down => format!("↓{}", -down),
    }
}

/// What every row and button of one list shares.
struct ListContext {
    edits: SharedValue<LeadEdits>,
    leads: Vec<Lead>,
    locked: Memo<bool>,
    actions: Option<Actions>,
    /// The language announcements and labels are in.
    lang: Lang,
    /// The lead picked up with Space, and where it was when picked up.
    grabbed: Value<Option<(String, usize)>>,
    /// The lead being dragged.
    dragging: Value<Option<String>>,
    /// Set while a change lays the rows out again: moving a focused row in the DOM blurs it
    /// until [`ListContext::focus_row`] focuses it again, and that blur is no leaving.
    moving: Cell<bool>,
    /// The list, to put focus back on a moved row.
    list: El,
    /// Each lead's rank in the AI's order.
    ai_ranks: KeyMap<usize>,
}

impl ListContext {
    fn name(&self, id: &str) -> String {
        self.leads.iter().find(|lead| lead.id == id).map(|lead| if lead.name.is_empty() { lead.id.clone() } else { lead.name.clone() }).unwrap_or_default()
    }

    fn announce(&self, text: String) {
        if let Some(actions) = self.actions {
            actions.announce(text);
        }
    }

    /// Applies `change` unless the list is locked; announces where a moved lead ended up and
    /// puts focus back on its row once the list is redrawn.
    fn change(&self, id: &str, change: &dyn Fn(&mut LeadEdits) -> Option<usize>) {
        if self.locked.get_untracked() {
            return;
        }
        let mut moved_to = None;
        self.moving.set(true);
        self.edits.update(|edits| moved_to = change(edits));
        self.moving.set(false);
        let count = self.edits.with_untracked(|edits| edits.order.len());
        if let Some(position) = moved_to {
            let lang = &self.lang;
            self.announce(fill(lang.messages.lead_moved(), &[("name", &self.name(id)), ("position", &lang.number((position + 1) as f64)), ("count", &lang.number(count as f64))]));
        }
        self.focus_row(id);
    }

    /// Puts focus on lead `id`'s row once the list is redrawn, when it is in the list. The row
    /// is found by comparing ids, never by a selector made of one: an id is any string, and a
    /// `"` or `\` in it broke the selector, so the moved row lost focus.
    fn focus_row(&self, id: &str) {
        let (list, id) = (self.list.node().clone(), id.to_string());
        after_render(move || {
            let rows = list.child_nodes();
            let row = (0..rows.length()).filter_map(|at| rows.item(at)?.dyn_into::<web_sys::HtmlElement>().ok()).find(|row| row.get_attribute("data-lead-id").as_deref() == Some(id.as_str()));
            if let Some(row) = row {
                let _ = row.focus();
            }
        });
    }

    fn exclude(&self, id: &str) {
        // A list that cannot be edited keeps its leads, and says nothing it did not do.
        if self.locked.get_untracked() {
            return;
        }
        self.grabbed.set(None);
        // The lead that takes its place (the one above, for the last) gets focus.
        let neighbour = self.edits.with_untracked(|edits| {
            let at = edits.order.iter().position(|other| other == id)?;
            edits.order.get(at + 1).or_else(|| edits.order.get(at.checked_sub(1)?)).cloned()
        });
        self.change(id, &|edits| {
            edits.exclude(id, None);
            None
        });
        if let Some(neighbour) = neighbour {
            self.focus_row(&neighbour);
        }
        self.announce(fill(self.lang.messages.lead_excluded(), &[("name", &self.name(id))]));
    }

    /// Drops lead `id` when it is the grabbed one and focus left its row (Tab, a click
    /// elsewhere): its arrows must not move it, once focused again, without a new Space. The
    /// page losing focus (another window, another tab) is no leaving: the row has focus again
    /// when the page has, and the lead stays grabbed.
    fn left(&self, id: &str) {
        let held = self.grabbed.with_untracked(|grabbed| grabbed.as_ref().is_some_and(|(held, _)| held == id));
        let page_left = web_sys::window().and_then(|window| window.document()).is_some_and(|document| !document.has_focus().unwrap_or(true));
        if held && !self.moving.get() && !page_left {
            self.grabbed.set(None);
            self.announce(fill(self.lang.messages.lead_dropped(), &[("name", &self.name(id))]));
        }
    }

    /// The keys of a focused row.
    fn on_key(&self, event: &KeyboardEvent, id: &str) {
        // Keys typed in a row's note field are the note's.
        if event.target() != event.current_target() {
            return;
        }
        let key = event.key();
        let held = self.grabbed.with_untracked(|grabbed| grabbed.as_ref().is_some_and(|(held, _)| held == id));
        let step = match key.as_str() {
            "ArrowUp" => -1,
            "ArrowDown" => 1,
            _ => 0,
        };
        if step != 0 && (event.alt_key() || held) {
            event.prevent_default();
            self.change(id, &|edits| edits.move_by(id, step));
        } else if key == " " {
            event.prevent_default();
            if held {
                self.grabbed.set(None);
                self.announce(fill(self.lang.messages.lead_dropped(), &[("name", &self.name(id))]));
            } else if !self.locked.get_untracked() {
                let at = self.edits.with_untracked(|edits| edits.order.iter().position(|other| other == id)).unwrap_or_default();
                self.grabbed.set(Some((id.to_string(), at)));
                self.announce(fill(self.lang.messages.lead_picked_up(), &[("name", &self.name(id)), ("position", &self.lang.number((at + 1) as f64))]));
            }
        } else if key == "Escape" && held {
            event.prevent_default();
            if let Some((_, at)) = self.grabbed.get_untracked() {
                self.grabbed.set(None);
                self.change(id, &|edits| edits.move_to(id, at));
            }
        } else if key == "x" && !(event.ctrl_key() || event.meta_key() || event.alt_key()) {
            event.prevent_default();
            self.exclude(id);
        }
    }

    /// Where the dragged lead would land against `target`: `before` or `after` it, or
    /// nowhere when it is the dragged lead itself.
    fn drop_side(&self, target: &str) -> Option<&'static str> {
        let dragged = self.dragging.get_untracked()?;
        self.edits.with_untracked(|edits| {
            let from = edits.order.iter().position(|other| *other == dragged)?;
            let to = edits.order.iter().position(|other| other == target)?;
            (from != to).then_some(if from > to { "before" } else { "after" })
        })
    }

    /// Drops the dragged lead where `target` is.
    fn drop_on(&self, target: &str) {
        if let Some(from) = self.dragging.get_untracked() {
            self.dragging.set(None);
            self.change(&from, &|edits| {
                let to = edits.order.iter().position(|other| other == target)?;
                edits.move_to(&from, to)
            });
        }
    }
}

/// Removes a row's drop marker.
fn clear_drop(event: Event) {
    if let Some(row) = event.current_target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
        let _ = row.remove_attribute("data-drop");
    }
}

/// Keeps a row's rank, movement mark and label at the lead's `place` in the list and its
/// movement against the AI's rank, writing only when they changed (every row hears every
/// exclusion).
fn follow_place(context: &Rc<ListContext>, id: &str, place: Value<usize>, row: Element, rank: Element, mark: Element, moved: Element) {
    let (list, name) = (context.clone(), context.name(id));
    let ai_rank = context.ai_ranks.get(id).copied().unwrap_or_default();
    let mut shown = None;
    bind(Box::new(move || {
        let position = place.get();
        let now = list.edits.with(|edits| movement(ai_rank, position, edits.excluded.iter().filter_map(|(excluded, _)| list.ai_ranks.get(excluded).copied())));
        if shown == Some((position, now)) {
            return;
        }
        shown = Some((position, now));
        let (lang, m) = (&list.lang, list.lang.messages);
        let number = |value: usize| lang.number(value as f64);
        let shown_position = number(position + 1);
        rank.set_text_content(Some(&shown_position));
        mark.set_text_content(Some(&movement_mark(now)));
        let said = if now == 0 { String::new() } else { fill(if now > 0 { m.moved_up() } else { m.moved_down() }, &[("n", &number(now.unsigned_abs() as usize))]) };
        moved.set_text_content(Some(&said));
        let _ = row.set_attribute("aria-label", &fill(m.lead_position(), &[("name", &name), ("position", &shown_position)]));
    }));
}

/// One lead's row at `place` in the list.
fn row(context: &Rc<ListContext>, lead: &Lead, place: Value<usize>) -> El {
    let id = lead.id.clone();
    let lang = &context.lang;
    let m = lang.messages;
    let who = joined_present(&[lead.title.as_deref(), lead.company.as_deref()], ", ");
    let fields = (!lead.fields.is_empty()).then(|| joined(&lead.fields.iter().map(|(name, value)| format!("{name}: {value}")).collect::<Vec<_>>(), " · "));
    let score = lead.score.map(|score| {
        let (whole, percent) = ((score * 100.0).round() as u32, lang.percent(score));
        El::new("meter").class("cs-score-bar").attr("min", "0").attr("max", "100").attr_of("value", &whole.to_string()).attr_of("aria-label", &fill(m.score(), &[("percent", &percent)])).text_of(&percent)
    });
    let reasons = El::new("ul").class("cs-reasons").children(lead.reasons.iter().map(|reason| El::new("li").text_of(reason)));
    let locked = context.locked;
    let exclude = {
        let (context, id) = (context.clone(), id.clone());
        El::new("button").class("cs-button").text(m.exclude()).flag_with("disabled", move || locked.get()).on("click", move |_| context.exclude(&id))
    };
    let grabbed = context.grabbed;
    let (key_context, drop_context, held_id, key_id, drag_id, drop_id) = (context.clone(), context.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let (over_context, over_id, blur_context, blur_id) = (context.clone(), id.clone(), context.clone(), id.clone());
    let dragging = context.dragging;
    let (rank, mark, moved) = (El::new("span").class("cs-rank"), El::new("span").attr("aria-hidden", "true"), El::new("span").class("cs-visually-hidden"));
    let row = El::new("li");
    follow_place(context, &id, place, row.node().clone(), rank.node().clone(), mark.node().clone(), moved.node().clone());
    row.attr("part", "lead")
        .class("cs-lead")
        .attr("tabindex", "0")
        .attr_of("data-lead-id", &id)
        .attr_with("draggable", move || Some(if locked.get() { "false" } else { "true" }.to_string()))
        .attr_with("data-grabbed", move || grabbed.with(|grabbed| grabbed.as_ref().is_some_and(|(held, _)| *held == held_id)).then(String::new))
        .on("keydown", move |event: Event| {
            if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                key_context.on_key(event, &key_id);
            }
        })
        // `blur`, not `focusout`: the row itself lost focus (its note taking it leaves the row
        // too), not a field inside it.
        .on("blur", move |_| blur_context.left(&blur_id))
        .on("dragstart", move |_| dragging.set(Some(drag_id.clone())))
        .on("dragend", move |_| dragging.set(None))
        .on("dragover", move |event| {
            event.prevent_default();
            // Show where the dragged lead will land: before this row when it comes from
            // below, after it when it comes from above.
            let side = over_context.drop_side(&over_id);
            if let Some(row) = event.current_target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
                let _ = match side {
                    Some(side) => row.set_attribute("data-drop", side),
                    None => row.remove_attribute("data-drop"),
                };
            }
        })
        .on("dragleave", clear_drop)
        .on("drop", move |event| {
            event.prevent_default();
            clear_drop(event);
            drop_context.drop_on(&drop_id);
        })
        .child(rank)
        .child(
            El::new("div")
                .class("cs-lead-main")
                .child(El::new("strong").text_of(&context.name(&id)))
                .child(El::new("span").class("cs-move").child(mark).child(moved))
                .maybe(who.map(|who| El::new("span").class("cs-muted").text_of(&who)))
                .child(reasons)
                .maybe(fields.map(|fields| El::new("span").class("cs-muted").text_of(&fields)))
                .child(note_field(context, &id)),
        )
        .child(El::new("div").class("cs-lead-side").maybe(score).child(exclude))
}

/// Lead `id`'s note, labelled, in its row and, once it is excluded, in its excluded row: the
/// result carries the note either way, so the person sees and can change it either way.
fn note_field(context: &Rc<ListContext>, id: &str) -> El {
    let (locked, shown, changed, shown_id, note_id) = (context.locked, context.edits.clone(), context.edits.clone(), id.to_string(), id.to_string());
    let input = El::new("input")
        .attr("type", "text")
        .class("cs-input")
        .flag_with("disabled", move || locked.get())
        .value_with(move || shown.with(|edits| edits.note(&shown_id).unwrap_or_default().to_string()))
        .on("change", move |event| {
            let note = event_value(&event);
            changed.update(|edits| edits.set_note(&note_id, &note));
        });
    El::new("label").class("cs-note").child(El::new("span").text(context.lang.messages.note())).child(input)
}

/// One excluded lead, with its optional reason, its note and Restore. The row is kept while the lead
/// stays excluded, its field the reason's only writer: a reason committed as its field loses
/// focus to a click on Restore must not rebuild the row under that click.
fn excluded_row(context: &Rc<ListContext>, id: &str) -> El {
    let locked = context.locked;
    let m = context.lang.messages;
    let reason = context.edits.with_untracked(|edits| edits.excluded.iter().find(|(other, _)| other == id).and_then(|(_, reason)| reason.clone()));
    let (reason_edits, restore_context, reason_id, restore_id) = (context.edits.clone(), context.clone(), id.to_string(), id.to_string());
    let name = context.name(id);
    El::new("li")
        .class("cs-excluded-lead")
        .attr_of("data-lead-id", id)
        .child(El::new("s").text_of(&name))
        .child(
            El::new("input")
                .attr("type", "text")
                .class("cs-input")
                .attr("placeholder", m.why_optional())
                .attr_of("aria-label", &fill(m.why_excluded(), &[("name", &name)]))
                .flag_with("disabled", move || locked.get())
                .value_with(move || reason.clone().unwrap_or_default())
                .on("change", move |event| {
                    let reason = event_value(&event);
                    reason_edits.update(|edits| {
                        if let Some(entry) = edits.excluded.iter_mut().find(|(other, _)| *other == reason_id) {
                            entry.1 = Some(reason).filter(|reason| !reason.trim().is_empty());
                        }
                    });
                }),
        )
        .child(note_field(context, id))
        .child(
            El::new("button")
                .class("cs-button")
                .text(m.restore())
                .flag_with("disabled", move || locked.get())
                .on("click", move |_| {
                    // Focus follows the lead back into the list.
                    restore_context.change(&restore_id, &|edits| {
                        edits.restore(&restore_id);
                        None
                    })
                }),
        )
}

/// Edits `entry`'s lead list.
/// Never inlined: an entry into the code `cargo xtask dist` moves to `countersign_kinds.wasm`
/// (see `crate::kinds`).
#[inline(never)]
pub fn lead_list(entry: &Entry) -> El {
    let (outcome, allow_edit) = (entry.outcome.clone(), entry.item.policy.allow_edit);
    let lang = use_review().lang.get_untracked();
    let m = lang.messages;
    let ai_ranks = entry.leads.with_untracked(|edits| edits.ai_order.iter().enumerate().map(|(rank, id)| (id.clone(), rank)).collect());
    let context = Rc::new(ListContext {
        edits: entry.leads.clone(),
        leads: entry.item.leads.clone(),
        locked: Memo::new(move |_| !allow_edit || outcome.get() != Outcome::Open),
        actions: use_actions(),
        lang,
        grabbed: Value::new(None),
        dragging: Value::new(None),
        moving: Cell::new(false),
        // A plain ordered list, not a listbox: each row holds a note field and a button, and
        // options must not contain controls. The keys follow the listbox grab pattern anyway.
        list: El::new("ol").class("cs-leads").attr("aria-label", m.leads_label()).attr("aria-describedby", "cs-leads-help"),
        ai_ranks,
    });
    let order = context.edits.clone();
    let shown = move || order.with(|edits| edits.order.clone());
    let rows_context = context.clone();
    let list = El::from_node(context.list.node().clone()).children_keyed(shown, move |id, place| match rows_context.leads.iter().find(|lead| lead.id == id) {
        Some(lead) => row(&rows_context, lead, place),
        None => El::new("li"),
    });
    // The help tells how to reorder and exclude: a list that cannot be edited (by its policy,
    // or once decided) does neither, so it offers nothing, to the eye or to a screen reader
    // (the list is described by the help's text, hidden or not).
    let help_locked = context.locked;
    // Keyed like the list: a reason or a note typed elsewhere rebuilds no row.
    let (excluded_ids, any_edits) = (context.edits.clone(), context.edits.clone());
    let none_excluded = Memo::new(move |_| any_edits.with(|edits| edits.excluded.is_empty()));
    let rows = El::new("ul").class("cs-excluded").children_keyed(move || excluded_ids.with(|edits| edits.excluded.iter().map(|(id, _)| id.clone()).collect()), move |id, _| excluded_row(&context, id));
    let excluded = El::new("div").flag_with("hidden", move || none_excluded.get()).child(El::new("h4").class("cs-label").text(m.excluded())).child(rows);
    let help = El::new("p").class("cs-muted").attr("id", "cs-leads-help").flag_with("hidden", move || help_locked.get()).text_with(move || (if help_locked.get() { "" } else { m.leads_help() }).to_string());
    El::new("div").attr("part", "draft").class("cs-draft cs-lead-list").child(help).child(list).child(excluded)
}
