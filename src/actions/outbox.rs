//! The outbox in browser storage: written on every change (IndexedDB, else localStorage,
//! else memory), restored after a reload, shared with other elements and tabs, and read to
//! mark the items whose decision is already on its way. Sending it is `sending`.

use crate::key_map::KeySet;

use crate::runtime::*;

use super::Actions;
use crate::delivery::idb::{self, OutboxDb};
use crate::delivery::outbox::{decision_of, decode, encode, merge, not_yet_held, reviewer_id, storage_key, OutboxStore};
use crate::model::Decision;
use crate::state::{Outcome, Outgoing, SendState};

impl Actions {
    /// Changes the outbox, then writes it to browser storage. Returns `false` when the widget
    /// is gone.
    pub(super) fn update_outbox(&self, change: impl FnOnce(&mut Vec<Outgoing>)) -> bool {
        if self.state.outbox.try_update(change).is_none() {
            return false;
        }
        self.save();
        true
    }

    /// The key this element's outbox lives under: its submit URL and reviewer.
    pub(super) fn outbox_key(&self) -> Option<String> {
        let config = self.state.config.try_get_untracked()?;
        let reviewer = config.reviewer.as_ref().and_then(reviewer_id);
        Some(storage_key(&config.submit_url?, reviewer.as_deref()))
    }

    /// localStorage and the outbox key, when both exist.
    fn local(&self) -> Option<(web_sys::Storage, String)> {
        let storage = web_sys::window()?.local_storage().ok()??;
        Some((storage, self.outbox_key()?))
    }

    /// The idempotency keys of the decisions in this element's outbox (none once it is gone).
    pub(super) fn outbox_keys(&self) -> KeySet {
        self.state.outbox.try_with_untracked(|outbox| outbox.iter().map(|entry| entry.key.clone()).collect()).unwrap_or_default()
    }

    pub(super) fn idb(&self) -> Option<OutboxDb> {
        self.idb.try_with_value(|idb| idb.clone()).flatten()
    }

    /// Opens the outbox database, moves over what localStorage holds, and takes over what is
    /// stored (see [`Actions::restore`]). Where IndexedDB is unavailable, localStorage serves.
    pub fn start_outbox(&self) {
        let actions = *self;
        spawn_local(async move {
            match idb::open().await {
                Ok(db) => {
                    if actions.idb.try_set_value(Some(db)).is_some() {
                        return; // unmounted meanwhile
                    }
                    actions.state.store.try_set(OutboxStore::IndexedDb);
                    // What was decided while the database opened, or by a page without it.
                    if let Some((storage, key)) = actions.local() {
                        let left = read_local(&storage, &key);
                        actions.adopt(left).await;
                        actions.save();
                        // What another widget owns stays where it put it: that widget reads
                        // localStorage until its own database is open.
                        let mine = actions.outbox_keys();
                        let theirs: Vec<Outgoing> = read_local(&storage, &key).into_iter().filter(|entry| !mine.contains(&entry.key)).collect();
                        let _ = if theirs.is_empty() { storage.remove_item(&key) } else { storage.set_item(&key, &encode(&theirs)) };
                    }
                }
                Err(_) => {
                    actions.state.store.try_set(OutboxStore::LocalStorage);
                }
            }
            actions.restore_now().await;
        });
    }

    /// Writes the outbox: to IndexedDB (every entry this element holds, and the removal of
    /// those it delivered), or else to localStorage merged with what other elements stored.
    /// When the browser refuses, the status line says decisions are kept in memory only.
    fn save(&self) {
        self.own_outbox();
        let Some(mine) = self.state.outbox.try_get_untracked() else { return };
        self.owned.try_update_value(|owned| {
            for entry in &mine {
                owned.insert(entry.key.clone());
            }
        });
        let owned = self.owned.try_get_value().unwrap_or_default();
        // Without a `submit-url` there is no outbox to store under: what is held waits here
        // until one is set, which is no refusal by the browser.
        let Some(key) = self.outbox_key() else { return };
        if let Some(db) = self.idb() {
            let gone: Vec<String> = owned.iter().filter(|key| mine.iter().all(|entry| entry.key != **key)).cloned().collect();
            let state = self.state;
            match db.write(&key, &mine, &gone) {
                Ok(done) => spawn_local(async move {
                    if done.await.is_err() {
                        state.store.try_set(OutboxStore::Memory);
                    }
                }),
                Err(_) => {
                    self.state.store.try_set(OutboxStore::Memory);
                }
            }
            return;
        }
        let saved = self.local().is_some_and(|(storage, _)| {
            let merged = merge(read_local(&storage, &key), &mine, &owned);
            storage.set_item(&key, &encode(&merged)).is_ok()
        });
        if !saved {
            self.state.store.try_set(OutboxStore::Memory);
        }
    }

    /// Takes over what earlier pages (or other elements) left in storage for this submit URL and
    /// reviewer, and sends it: a decision made before a reload is delivered after it, with its
    /// idempotency key, `decided_at` and body unchanged.
    /// Also sends the decisions held here whose undo window ended while there was no
    /// `submit-url` to send them to.
    pub fn restore(&self) {
        let actions = *self;
        spawn_local(async move {
            actions.restore_now().await;
            let scheduled: Vec<String> = actions.timers.try_with_value(|timers| timers.iter().map(|(key, _)| key.clone()).collect()).unwrap_or_default();
            for key in actions.keys_where(|state| *state == SendState::Held).into_iter().filter(|key| !scheduled.contains(key)) {
                actions.send(key).await;
            }
        });
    }

    pub(super) async fn restore_now(&self) {
        // What this element holds goes under the current key first (the submit URL or the
        // reviewer may just have changed), so it is never taken for delivered elsewhere.
        self.save();
        let Some(key) = self.outbox_key() else { return };
        let stored = match self.idb() {
            Some(db) => db.all(&key).await.unwrap_or_default(),
            None => self.local().map(|(storage, key)| read_local(&storage, &key)).unwrap_or_default(),
        };
        self.adopt(stored).await;
    }

    /// Adds stored entries this element does not hold yet, and sends the ones that were waiting.
    /// What another widget (on this page or in another tab) owns stays its own: it is looked
    /// at again when that widget lets go of it (`ownership`).
    async fn adopt(&self, stored: Vec<Outgoing>) {
        let stored = self.not_yet_held(stored);
        let (free, found_elsewhere) = self.not_owned_elsewhere(stored).await;
        self.adopt_free(free, found_elsewhere);
    }

    /// [`Actions::adopt`] once what other widgets own is left out; `found_elsewhere` says
    /// whether some of that was new, so items may now read as decided elsewhere.
    fn adopt_free(&self, stored: Vec<Outgoing>, found_elsewhere: bool) {
        // Again: the outbox may have changed while other widgets' locks were asked about.
        let adopted: Vec<Outgoing> = self
            .not_yet_held(stored)
            .into_iter()
            .map(|mut entry| {
                if matches!(entry.state, SendState::Sending | SendState::Held) {
                    // Its undo window ended with the page that held it.
                    entry.state = SendState::Retrying { status: 0, message: "not sent before the page closed".into(), delay_ms: 0 };
                }
                entry
            })
            .collect();
        if adopted.is_empty() && !found_elsewhere {
            return;
        }
        let keys: Vec<String> = adopted.iter().filter(|entry| matches!(entry.state, SendState::Retrying { .. })).map(|entry| entry.key.clone()).collect();
        let shown_was_open = self.state.current_entry().is_some_and(|entry| entry.outcome.get_untracked() == Outcome::Open);
        if !adopted.is_empty() {
            self.update_outbox(|outbox| outbox.extend(adopted));
        }
        batch(|| {
            self.mark_decided_from_outbox();
            // The item on screen turns out decided (a reload while its decision was held):
            // the queue moves on to work, as one loaded over decisions opens there. An item
            // the person went back to after deciding it stays.
            if shown_was_open {
                self.state.move_past_decided();
            }
        });
        self.show_current();
        for key in keys {
            self.spawn_send(key);
        }
    }

    /// `stored` without what this element holds or once held and let go ([`not_yet_held`]).
    fn not_yet_held(&self, stored: Vec<Outgoing>) -> Vec<Outgoing> {
        let owned = self.owned.try_get_value().unwrap_or_default();
        not_yet_held(stored, &self.outbox_keys(), &owned)
    }

    /// Whether another tab or element already delivered `outgoing`: every element keeps its
    /// outbox in storage, so an entry gone from there was taken out by whoever delivered it.
    /// It is then dropped here without a request.
    pub(super) async fn delivered_elsewhere(&self, outgoing: &Outgoing) -> bool {
        // Only the store in use is asked: after a failed write it may not hold the entry.
        let Some(store) = self.state.store.try_get_untracked() else { return true };
        let stored = match (self.idb(), store) {
            (Some(db), OutboxStore::IndexedDb) => match db.contains(&outgoing.key).await {
                Ok(found) => found,
                Err(_) => return false,
            },
            (None, OutboxStore::LocalStorage | OutboxStore::Opening) => match self.local() {
                Some((storage, key)) => read_local(&storage, &key).iter().any(|entry| entry.key == outgoing.key),
                None => return false,
            },
            _ => return false,
        };
        if stored {
            return false;
        }
        if self.state.outbox.try_update(|outbox| outbox.retain(|entry| entry.key != outgoing.key)).is_some() {
            self.note_delivered(&outgoing.item_id);
        }
        true
    }

    /// What a delivery of `item_id`'s result changes besides the outbox: the entry reads
    /// delivered, and the status line has something to say from now on.
    pub(super) fn note_delivered(&self, item_id: &str) {
        if self.state.delivered.try_get_untracked() == Some(false) {
            self.state.delivered.set(true);
        }
        if let Some((_, entry)) = self.state.entry_for(item_id)
            && let Outcome::Decided(decision) = entry.outcome.get_untracked()
        {
            entry.outcome.set(Outcome::Delivered(decision));
        }
    }

    /// Marks queue entries whose decision is already on its way in the outbox, so nobody
    /// decides twice. A conflict (or its superseded history) leaves the item to decide again.
    /// An item whose decision another widget owns reads as decided there; once this widget
    /// has its decision after all (its owner went without sending it), as decided here.
    pub(super) fn mark_decided_from_outbox(&self) {
        let decided = self.state.outbox.with_untracked(|outbox| decisions_in(outbox));
        let elsewhere = self.elsewhere.try_with_value(|elsewhere| decisions_in(elsewhere)).unwrap_or_default();
        let here = decided.into_iter().map(|(item_id, decision, at)| (item_id, Outcome::Decided(decision), at));
        let there = elsewhere.into_iter().map(|(item_id, decision, at)| (item_id, Outcome::Elsewhere(decision), at));
        for (item_id, outcome, decided_at) in here.chain(there) {
            if let Some((_, entry)) = self.state.entry_for(&item_id)
                && matches!((entry.outcome.get_untracked(), &outcome), (Outcome::Open, _) | (Outcome::Elsewhere(_), Outcome::Decided(_)))
            {
                let ms = js_sys::Date::parse(&decided_at);
                entry.decided_ms.set((!ms.is_nan()).then_some(ms));
                entry.outcome.set(outcome);
            }
        }
    }
}

/// Takes the delivered entry `key` out of the outbox stored under `outbox_key`: from IndexedDB
/// when the element had it open, else from localStorage. A failed write leaves it stored, to
/// be sent again (the server's idempotency then answers as before).
pub(super) async fn forget_stored(db: Option<&OutboxDb>, outbox_key: &str, key: &str) {
    if let Some(db) = db {
        if let Ok(done) = db.write(outbox_key, &[], &[key.to_owned()]) {
            let _ = done.await;
        }
        return;
    }
    let Some(storage) = web_sys::window().and_then(|window| window.local_storage().ok().flatten()) else { return };
    let left: Vec<Outgoing> = read_local(&storage, outbox_key).into_iter().filter(|entry| entry.key != key).collect();
    let _ = storage.set_item(outbox_key, &encode(&left));
}

/// The outbox stored in localStorage under `key` (empty when unreadable).
fn read_local(storage: &web_sys::Storage, key: &str) -> Vec<Outgoing> {
    decode(storage.get_item(key).ok().flatten().as_deref())
}

/// The item, decision and time of every entry of `outbox` still to be delivered: not a
/// conflict or its superseded history, which leave the item to decide again.
fn decisions_in(outbox: &[Outgoing]) -> Vec<(String, Decision, String)> {
    outbox
        .iter()
        .filter(|entry| !matches!(entry.state, SendState::Conflict { .. } | SendState::Superseded { .. }))
        .filter_map(|entry| {
            let (decision, decided_at) = decision_of(&entry.json)?;
            Some((entry.item_id.clone(), decision, decided_at))
        })
        .collect()
}
