//! Which widget a stored decision belongs to. Several widgets (on one page, in several tabs)
//! share one stored outbox; each keeps a Web Lock named after every decision in its own outbox
//! for as long as it has it (`countersign-owned <idempotency key>`). Another widget that finds
//! a decision stored while its lock is taken leaves it to its owner, which may still undo it,
//! send it or be sending it; it looks again once the lock is let go: the decision is then gone
//! (delivered, taken back) or its owner went without sending it (its page closed), and it goes
//! from here. Where the browser has no Web Locks, nothing is owned and every widget takes over
//! what it finds, as before.

use wasm_bindgen::{JsCast, JsValue};

use super::Actions;
use crate::delivery::lock::{keep, taken, when_free};
use crate::runtime::{listen, on_cleanup, spawn_local};
use crate::state::{Outcome, Outgoing};

/// The `BroadcastChannel` on which the widgets of an origin say that a decision was undone.
const UNDOS: &str = "countersign-undone";

/// The `BroadcastChannel` on which they say that a decision was delivered.
const DELIVERIES: &str = "countersign-delivered";

/// The name of the lock a widget keeps while decision `key` is in its outbox.
fn owner_lock(key: &str) -> String {
    format!("countersign-owned {key}")
}

/// Lets go of the locks `owned`.
pub(super) fn release(owned: Vec<(String, js_sys::Function)>) {
    for (_, release) in owned {
        // The function resolves a promise the lock waits on; it cannot fail.
        let _ = release.call0(&wasm_bindgen::JsValue::UNDEFINED);
    }
}

impl Actions {
    /// Keeps a lock for each decision in the outbox and lets go of those no longer in it;
    /// called whenever the outbox changed, before it is written to storage, so another tab
    /// never reads a decision whose lock was not asked for yet.
    pub(super) fn own_outbox(&self) {
        let keys = self.outbox_keys();
        let Some(gone) = self.locks.try_update_value(|owned| {
            let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(owned).into_iter().partition(|(key, _)| !keys.contains(key));
            *owned = kept;
            gone
        }) else {
            return;
        };
        release(gone);
        let new: Vec<String> = self.locks.try_with_value(|owned| keys.iter().filter(|key| owned.iter().all(|(known, _)| known != *key)).cloned().collect()).unwrap_or_default();
        for key in new {
            if let Some(release) = keep(&owner_lock(&key)) {
                self.locks.update_value(|owned| owned.push((key, release)));
            }
        }
    }

    /// Takes every lock out of this widget's keeping without letting go: the caller lets go of
    /// each once it is done with its decision ([`release_owned`]).
    pub(super) fn take_owned(&self) -> Vec<(String, js_sys::Function)> {
        self.locks.try_update_value(std::mem::take).unwrap_or_default()
    }

    /// Hears, for as long as the widget lives, which decisions other widgets undo or deliver:
    /// an item that reads as decided elsewhere is open again at once, or reads as delivered
    /// there, rather than once the items are loaded again (its owner letting go says only that
    /// the decision left storage, sent or undone).
    pub fn hear_other_widgets(&self) {
        let actions = *self;
        let undos = hear(UNDOS, move |key, item_id| actions.undone_elsewhere(key, item_id));
        let deliveries = hear(DELIVERIES, move |key, item_id| actions.delivered_there(key, item_id));
        self.undos.set_value(undos);
        self.deliveries.set_value(deliveries);
    }

    /// Tells the other widgets that `undone` was taken back here.
    pub(super) fn tell_undone(&self, undone: &Outgoing) {
        self.undos.try_with_value(|channel| tell(channel.as_ref(), undone));
    }

    /// Tells the other widgets that `delivered` was delivered from here.
    pub(super) fn tell_delivered(&self, delivered: &Outgoing) {
        self.deliveries.try_with_value(|channel| tell(channel.as_ref(), delivered));
    }

    /// Another widget delivered decision `key` on `item_id`: the item that read as decided
    /// there reads as delivered there.
    fn delivered_there(&self, key: &str, item_id: &str) {
        self.elsewhere.try_update_value(|elsewhere| elsewhere.retain(|entry| entry.key != key));
        if let Some((_, entry)) = self.state.entry_for(item_id)
            && let Outcome::Elsewhere(decision) = entry.outcome.get_untracked()
        {
            entry.outcome.set(Outcome::DeliveredElsewhere(decision));
        }
    }

    /// Another widget undid decision `key` on `item_id`: no longer decided elsewhere, the item
    /// is open here too (unless this widget has a decision of its own on it).
    fn undone_elsewhere(&self, key: &str, item_id: &str) {
        self.elsewhere.try_update_value(|elsewhere| elsewhere.retain(|entry| entry.key != key));
        if let Some((_, entry)) = self.state.entry_for(item_id)
            && matches!(entry.outcome.get_untracked(), Outcome::Elsewhere(_))
        {
            entry.outcome.set(Outcome::Open);
            entry.decided_ms.set(None);
        }
    }

    /// Lets go of every lock; called when the widget is unmounted.
    pub fn let_go_of_all(&self) {
        release(self.take_owned());
    }

    /// `stored` without what another widget owns (each looked at again once it lets go).
    /// Whether this found a decision owned elsewhere that it did not know of: its item now
    /// reads as decided elsewhere ([`Actions::mark_decided_from_outbox`]).
    pub(super) async fn not_owned_elsewhere(&self, stored: Vec<Outgoing>) -> (Vec<Outgoing>, bool) {
        let mut free = Vec::with_capacity(stored.len());
        let mut found = false;
        for entry in stored {
            let mine = self.locks.try_with_value(|owned| owned.iter().any(|(key, _)| *key == entry.key)).unwrap_or(true);
            if !mine && taken(&owner_lock(&entry.key)).await {
                found |= self.look_again_when_let_go(entry);
            } else {
                free.push(entry);
            }
        }
        (free, found)
    }

    /// Reads the stored outbox again once the owner of `entry` lets go of it; one watch per
    /// decision. Until then its item reads as decided elsewhere, so nobody decides it twice.
    /// Whether the decision was new to this widget.
    fn look_again_when_let_go(&self, entry: Outgoing) -> bool {
        let key = entry.key.clone();
        let watching = self.watching.try_update_value(|watching| !watching.insert(key.clone())).unwrap_or(true);
        if watching {
            return false;
        }
        self.elsewhere.update_value(|elsewhere| elsewhere.push(entry));
        let actions = *self;
        spawn_local(async move {
            when_free(&owner_lock(&key)).await;
            if actions.watching.try_update_value(|watching| watching.remove(&key)).is_some() {
                // Gone from storage, it was delivered or undone there (either is heard at
                // once, `hear_other_widgets`). Still stored, its owner went without sending
                // it, and it goes from here.
                actions.elsewhere.update_value(|elsewhere| elsewhere.retain(|entry| entry.key != key));
                actions.restore_now().await;
            }
        });
        true
    }
}

/// Listens on the channel `name`, for as long as the widget lives, to messages naming a
/// decision's key and its item (`[key, item_id]`, as [`tell`] sends them).
fn hear(name: &str, heard: impl Fn(&str, &str) + 'static) -> Option<web_sys::BroadcastChannel> {
    let channel = web_sys::BroadcastChannel::new(name).ok()?;
    listen(
        &channel,
        "message",
        Box::new(move |event| {
            let said = event.dyn_ref::<web_sys::MessageEvent>().map(|event| js_sys::Array::from(&event.data()));
            if let Some((Some(key), Some(item_id))) = said.map(|said| (said.get(0).as_string(), said.get(1).as_string())) {
                heard(&key, &item_id);
            }
        }),
    );
    let closed = channel.clone();
    on_cleanup(move || closed.close());
    Some(channel)
}

/// Says `decision`'s key and item on `channel`.
fn tell(channel: Option<&web_sys::BroadcastChannel>, decision: &Outgoing) {
    let message = js_sys::Array::of2(&JsValue::from_str(&decision.key), &JsValue::from_str(&decision.item_id));
    if let Some(channel) = channel {
        let _ = channel.post_message(&message);
    }
}

/// Lets go of the lock of `key` among `owned` (taken out with [`Actions::take_owned`]).
pub(super) fn release_owned(owned: &mut Vec<(String, js_sys::Function)>, key: &str) {
    let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(owned).into_iter().partition(|(held, _)| held == key);
    *owned = kept;
    release(gone);
}
