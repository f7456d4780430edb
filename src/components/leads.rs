//! The lead list editor: the leads in the person's order with their score, reasons and CRM
//! fields, and how far each moved against the AI's rank. Reorder by dragging a row, with
//! `Alt+↑`/`Alt+↓` on the focused row, or WAI-ARIA style: Space picks a row up, the arrows move
//! it, Space drops it and Escape puts it back. `x` or the button excludes a lead (with an
//! optional reason); excluded leads can be restored. Every move is announced.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::actions::use_actions;
use crate::model::{Lead, LeadEdits};
use crate::state::{Entry, Outcome};
use crate::text::rank::movements;

/// Focuses the row of `id` once the list has been redrawn (moving a focused node blurs it).
fn focus_row(list: NodeRef<leptos::html::Ol>, id: String) {
    request_animation_frame(move || {
        let row = list.get_untracked().and_then(|list| list.query_selector(&format!("[data-lead-id=\"{}\"]", id.replace('"', ""))).ok().flatten());
        if let Some(row) = row.and_then(|row| row.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = row.focus();
        }
    });
}

/// `↑3`, `↓1`, or nothing for a lead where the AI put it.
fn movement_mark(movement: i64) -> String {
    match movement {
        0 => String::new(),
        up if up > 0 => format!("↑{up}"),
        down => format!("↓{}", -down),
    }
}

/// Edits `entry`'s lead list.
#[component]
pub fn LeadList(
    /// The entry on screen.
    entry: Entry,
) -> impl IntoView {
    let actions = use_actions();
    let item = entry.item.clone();
    let edits = entry.leads.clone();
    let (outcome, allow_edit) = (entry.outcome.clone(), item.policy.allow_edit);
    let locked = Memo::new(move |_| !allow_edit || outcome.get() != Outcome::Open);
    let list = NodeRef::<leptos::html::Ol>::new();
    // The lead picked up with Space, and where it was when picked up.
    let grabbed = RwSignal::new(None::<(String, usize)>);
    let dragging = RwSignal::new(None::<String>);
    let leads = StoredValue::new(item.leads.clone());
    let lead_name = move |id: &str| leads.with_value(|leads| leads.iter().find(|lead| lead.id == id).map(|lead| if lead.name.is_empty() { lead.id.clone() } else { lead.name.clone() })).unwrap_or_default();

    let change = {
        let edits = edits.clone();
        move |id: &str, apply: &dyn Fn(&mut LeadEdits) -> Option<usize>| {
            if locked.get_untracked() {
                return;
            }
            let mut moved_to = None;
            edits.update(|edits| moved_to = apply(edits));
            let count = edits.with_untracked(|edits| edits.order.len());
            if let (Some(position), Some(actions)) = (moved_to, actions) {
                actions.announce(format!("Lead {} moved to position {} of {count}.", lead_name(id), position + 1));
            }
            focus_row(list, id.to_string());
        }
    };

    let on_keydown = {
        let (change, edits) = (change.clone(), edits.clone());
        move |event: ev::KeyboardEvent, id: String| {
            // Keys typed in a row's note field are the note's.
            if event.target() != event.current_target() {
                return;
            }
            let key = event.key();
            let held = grabbed.with_untracked(|grabbed| grabbed.as_ref().is_some_and(|(held, _)| *held == id));
            let step = match key.as_str() {
                "ArrowUp" => -1,
                "ArrowDown" => 1,
                _ => 0,
            };
            if step != 0 && (event.alt_key() || held) {
                event.prevent_default();
                change(&id, &|edits| edits.move_by(&id, step));
            } else if key == " " {
                event.prevent_default();
                if held {
                    grabbed.set(None);
                    if let Some(actions) = actions {
                        actions.announce(format!("Lead {} dropped.", lead_name(&id)));
                    }
                } else if !locked.get_untracked() {
                    let at = edits.with_untracked(|edits| edits.order.iter().position(|other| *other == id)).unwrap_or_default();
                    grabbed.set(Some((id.clone(), at)));
                    if let Some(actions) = actions {
                        actions.announce(format!("Lead {} picked up at position {}. Arrows move it, Space drops it, Escape cancels.", lead_name(&id), at + 1));
                    }
                }
            } else if key == "Escape" && held {
                event.prevent_default();
                if let Some((_, at)) = grabbed.get_untracked() {
                    grabbed.set(None);
                    change(&id, &|edits| edits.move_to(&id, at));
                }
            } else if key == "x" && !event.ctrl_key() && !event.meta_key() && !event.alt_key() {
                event.prevent_default();
                grabbed.set(None);
                change(&id, &|edits| {
                    edits.exclude(&id, None);
                    None
                });
                if let Some(actions) = actions {
                    actions.announce(format!("Lead {} excluded.", lead_name(&id)));
                }
            }
        }
    };

    let ai_order = edits.with_untracked(|edits| edits.ai_order.clone());
    let order_edits = edits.clone();
    let rows = move || {
        let order = order_edits.with(|edits| edits.order.clone());
        let moves = movements(&ai_order, &order);
        order
            .into_iter()
            .zip(moves)
            .enumerate()
            .filter_map(|(position, (id, (_, movement)))| leads.with_value(|leads| leads.iter().find(|lead| lead.id == id).cloned()).map(|lead| (position, lead, movement)))
            .collect::<Vec<_>>()
    };
    let row_view = {
        let (on_keydown, change, edits) = (on_keydown.clone(), change.clone(), edits.clone());
        move |(position, lead, movement): (usize, Lead, i64)| {
            let id = lead.id.clone();
            let (key_id, drag_id, drop_id, exclude_id, note_id, shown_note_id) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
            let (on_keydown, change, exclude) = (on_keydown.clone(), change.clone(), change.clone());
            let (note_edits, shown_edits) = (edits.clone(), edits.clone());
            let who = [lead.title.clone(), lead.company.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            let fields = lead.fields.iter().map(|(name, value)| format!("{name}: {value}")).collect::<Vec<_>>().join(" · ");
            let score = lead.score.map(|score| {
                let percent = (score * 100.0).round() as u32;
                view! { <meter class="cs-score-bar" min="0" max="100" value=percent.to_string() aria-label=format!("Score {percent}%")>{format!("{percent}%")}</meter> }
            });
            let name = if lead.name.is_empty() { lead.id.clone() } else { lead.name.clone() };
            view! {
                <li part="lead" class="cs-lead" role="option" tabindex="0" data-lead-id=id.clone()
                    draggable=move || if locked.get() { "false" } else { "true" }
                    aria-selected=move || grabbed.with(|grabbed| grabbed.as_ref().is_some_and(|(held, _)| *held == key_id)).to_string()
                    on:keydown=move |event| on_keydown(event, id.clone())
                    on:dragstart=move |_| dragging.set(Some(drag_id.clone()))
                    on:dragend=move |_| dragging.set(None)
                    on:dragover=move |event: ev::DragEvent| event.prevent_default()
                    on:drop=move |event: ev::DragEvent| {
                        event.prevent_default();
                        if let Some(from) = dragging.get_untracked() {
                            dragging.set(None);
                            let target = drop_id.clone();
                            change(&from, &|edits| {
                                let to = edits.order.iter().position(|other| *other == target)?;
                                edits.move_to(&from, to)
                            });
                        }
                    }>
                    <span class="cs-rank">{position + 1}</span>
                    <div class="cs-lead-main">
                        <strong>{name}</strong>
                        <span class="cs-move" aria-label=format!("moved {movement} against the AI's rank")>{movement_mark(movement)}</span>
                        <span class="cs-muted">{who}</span>
                        <ul class="cs-reasons">{lead.reasons.iter().map(|reason| view! { <li>{reason.clone()}</li> }).collect_view()}</ul>
                        <span class="cs-muted">{fields}</span>
                        <label class="cs-note">"Note "
                            <input type="text" class="cs-input" disabled=move || locked.get()
                                prop:value=move || shown_edits.with(|edits| edits.note(&shown_note_id).unwrap_or_default().to_string())
                                on:change=move |event| { let note = event_target_value(&event); note_edits.update(|edits| edits.set_note(&note_id, &note)); }/>
                        </label>
                    </div>
                    <div class="cs-lead-side">
                        {score}
                        <button type="button" class="cs-button" disabled=move || locked.get()
                            on:click=move |_| exclude(&exclude_id, &|edits| { edits.exclude(&exclude_id, None); None })>"Exclude"</button>
                    </div>
                </li>
            }
        }
    };

    let excluded_edits = edits.clone();
    let excluded = move || {
        let excluded = excluded_edits.with(|edits| edits.excluded.clone());
        (!excluded.is_empty()).then(|| {
            let rows = excluded
                .into_iter()
                .map(|(id, reason)| {
                    let (restore_edits, reason_edits) = (excluded_edits.clone(), excluded_edits.clone());
                    let (restore_id, reason_id) = (id.clone(), id.clone());
                    view! {
                        <li class="cs-excluded-lead" data-lead-id=id.clone()>
                            <s>{lead_name(&id)}</s>
                            <input type="text" class="cs-input" placeholder="Why? (optional)" aria-label=format!("Why {} is excluded", lead_name(&id)) disabled=move || locked.get()
                                prop:value=reason.unwrap_or_default()
                                on:change=move |event| {
                                    let reason = event_target_value(&event);
                                    reason_edits.update(|edits| {
                                        if let Some(entry) = edits.excluded.iter_mut().find(|(other, _)| *other == reason_id) {
                                            entry.1 = Some(reason).filter(|reason| !reason.trim().is_empty());
                                        }
                                    });
                                }/>
                            <button type="button" class="cs-button" disabled=move || locked.get() on:click=move |_| restore_edits.update(|edits| edits.restore(&restore_id))>"Restore"</button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h4 class="cs-label">"Excluded"</h4>
                <ul class="cs-excluded">{rows}</ul>
            }
        })
    };

    view! {
        <div part="draft" class="cs-draft cs-lead-list">
            <p class="cs-muted" id="cs-leads-help">"Drag a lead, or focus it and press Alt+↑ or Alt+↓ (or Space to pick it up, the arrows to move it, Space to drop it, Escape to cancel). x excludes it."</p>
            <ol class="cs-leads" role="listbox" aria-label="Leads, best first" aria-describedby="cs-leads-help" node_ref=list>
                {move || rows().into_iter().map(row_view.clone()).collect_view()}
            </ol>
            {excluded}
        </div>
    }
}
