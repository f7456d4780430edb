//! The review's state as signals: the queue of entries, the current one, invalid items, the
//! configuration and the outbox. Components read it through [`use_review`]; no DOM here.

use std::sync::Arc;

use crate::runtime::*;

use crate::active_time::ActiveClock;
use crate::config::WidgetConfig;
use crate::i18n::{Lang, Messages};
use crate::notices::{About, Notices};
use crate::queue_moves;
use crate::text::join::joined;
pub use crate::delivery::outbox::{OutboxStore, Outgoing, SendState};
use crate::model::{blank_platforms, Decision, ItemError, LeadEdits, PointVerdict, ReviewItem};
use crate::text::social::count::count_post;
use crate::text::social::graphemes::TextTools;
use crate::text::social::platform::{limit_for, Platform};

/// What has become of an entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Waiting for a decision.
    Open,
    /// Decided; the result is in the outbox (held for undo, sending, or failed).
    Decided(Decision),
    /// Decided and accepted by the backend.
    Delivered(Decision),
    /// Decided and handed to the host, which cancelled the `decision` event.
    HandedToHost(Decision),
    /// Decided in another widget (another tab, or another element on the page) whose outbox
    /// still has the decision: it may yet be undone or sent there, so it is not decided here.
    Elsewhere(Decision),
    /// Decided in another widget, which delivered it.
    DeliveredElsewhere(Decision),
}

impl Outcome {
    /// The decision, once there is one.
    pub fn decision(&self) -> Option<Decision> {
        match self {
            Outcome::Open => None,
            Outcome::Decided(decision) | Outcome::Delivered(decision) | Outcome::HandedToHost(decision) | Outcome::Elsewhere(decision) | Outcome::DeliveredElsewhere(decision) => Some(*decision),
        }
    }
}

/// One item in the queue with the person's work on it.
#[derive(Clone)]
pub struct Entry {
    /// The item as received.
    pub item: Arc<ReviewItem>,
    /// The subject as edited.
    pub subject: SharedValue<String>,
    /// The body as edited.
    pub body: SharedValue<String>,
    /// What has become of it.
    pub outcome: SharedValue<Outcome>,
    /// When it was first shown (milliseconds since the epoch), set once.
    pub opened_ms: SharedValue<Option<f64>>,
    /// When it was decided (milliseconds since the epoch), for the banner.
    pub decided_ms: SharedValue<Option<f64>>,
    /// Attentive milliseconds spent on it so far.
    pub active_ms: SharedValue<f64>,
    /// Set when the server refused a decision because the item changed (409/412).
    pub changed: SharedValue<bool>,
    /// A social post's platforms as ticked.
    pub platforms: SharedValue<Vec<String>>,
    /// A social post's per-platform texts as edited: (platform id, text), at most one each.
    pub variants: SharedValue<Vec<(String, String)>>,
    /// The platforms whose preview the person unfolded ("see more"), by id: kept here, not in
    /// the preview, which is built again whenever a platform is ticked or unticked.
    pub unfolded: SharedValue<Vec<String>>,
    /// A lead list as the person reorders and prunes it.
    pub leads: SharedValue<LeadEdits>,
    /// The person's verdicts on rationale points, one per judged point.
    pub verdicts: SharedValue<Vec<PointVerdict>>,
    /// The rationale point whose quote is highlighted in the draft (hovered or focused).
    pub highlighted: SharedValue<Option<usize>>,
    /// The rationale point the person clicked: its quote stays marked until another is clicked.
    pub pinned: SharedValue<Option<usize>>,
}

impl Entry {
    /// A fresh entry whose edits start as the AI's draft.
    pub fn new(item: ReviewItem) -> Entry {
        let draft = item.draft.clone().unwrap_or_default();
        Entry {
            subject: SharedValue::new(draft.subject.unwrap_or_default()),
            body: SharedValue::new(draft.body),
            outcome: SharedValue::new(Outcome::Open),
            opened_ms: SharedValue::new(None),
            decided_ms: SharedValue::new(None),
            active_ms: SharedValue::new(0.0),
            changed: SharedValue::new(false),
            platforms: SharedValue::new(draft.platforms.clone()),
            variants: SharedValue::new(draft.variants.iter().map(|(platform, variant)| (platform.clone(), variant.body.clone())).collect()),
            unfolded: SharedValue::new(Vec::new()),
            leads: SharedValue::new(LeadEdits::from_item(&item)),
            verdicts: SharedValue::new(Vec::new()),
            highlighted: SharedValue::new(None),
            pinned: SharedValue::new(None),
            item: Arc::new(item),
        }
    }

    /// The text a rationale quote is looked for in: the subject, the body and every
    /// per-platform text as edited.
    pub fn searchable_text(&self) -> String {
        let variants = self.variants.with(|variants| joined(&variants.iter().map(|(_, text)| text.as_str()).collect::<Vec<_>>(), "\n"));
        format!("{}\n{}\n{variants}", self.subject.get(), self.body.get())
    }

    /// The names of the ticked platforms whose limits the post as edited breaks, counted with
    /// `tools` against `limits` (the host's overrides).
    pub fn platforms_over_limit(&self, limits: &[(String, usize)], tools: &dyn TextTools) -> Vec<String> {
        self.platforms
            .get_untracked()
            .iter()
            .filter_map(|id| Platform::parse(id))
            .filter(|platform| count_post(*platform, &self.text_for(platform.id()), limit_for(*platform, limits), tools).is_over())
            .map(|platform| platform.name().to_string())
            .collect()
    }

    /// The names of the ticked platforms whose text as edited (their own, else the shared one)
    /// is empty or blank: approving would be refused before the limits are looked at.
    pub fn platforms_empty(&self) -> Vec<String> {
        self.platforms.with_untracked(|ticked| blank_platforms(ticked, |id| self.text_for(id)))
    }

    /// The point whose quote is marked in the draft: the hovered or focused one, else the
    /// pinned one.
    pub fn marked_point(&self) -> Option<usize> {
        self.highlighted.get().or_else(|| self.pinned.get())
    }

    /// The text `platform` would publish: its own variant, else the shared body.
    pub fn text_for(&self, platform: &str) -> String {
        self.variants.with(|variants| variants.iter().find(|(id, _)| id == platform).map(|(_, text)| text.clone())).unwrap_or_else(|| self.body.get())
    }
}

/// The whole review's state, shared through context.
#[derive(Clone, Copy)]
pub struct ReviewContext {
    /// The queue, in input order.
    pub entries: Value<Vec<Entry>>,
    /// The index of the entry on screen.
    pub current: Value<usize>,
    /// Items that were rejected by validation.
    pub errors: Value<Vec<ItemError>>,
    /// Problems with the configuration, the language or the input as a whole.
    pub notice: Value<Notices>,
    /// Whether items are being fetched.
    pub loading: Value<bool>,
    /// The configuration.
    pub config: Value<WidgetConfig>,
    /// Results not yet accepted by the backend.
    pub outbox: Value<Vec<Outgoing>>,
    /// The polite live region's text.
    pub announcement: Value<String>,
    /// Whether a result was delivered since the widget started: until then an empty outbox
    /// is nothing to report, and the status line says nothing.
    pub delivered: Value<bool>,
    /// Attention accounting for `active_ms`.
    pub clock: Stored<ActiveClock>,
    /// Where the outbox is kept (said in the status line when it is not IndexedDB).
    pub store: Value<OutboxStore>,
    /// Set while a decision is recorded and the queue moves on: the item shown meanwhile
    /// takes focus in its draft. Cleared once the decision is done, whether or not the view
    /// changed, so a later j or k leaves focus on the widget.
    pub focus_next_draft: Stored<bool>,
    /// The language shown: from the `locale` attribute, else the page's `lang`.
    pub lang: Value<Lang>,
}

impl ReviewContext {
    /// Fresh, empty state.
    pub fn new(config: WidgetConfig) -> ReviewContext {
        ReviewContext {
            entries: Value::new(Vec::new()),
            current: Value::new(0),
            errors: Value::new(Vec::new()),
            notice: Value::new(Notices::default()),
            loading: Value::new(false),
            config: Value::new(config),
            outbox: Value::new(Vec::new()),
            announcement: Value::new(String::new()),
            delivered: Value::new(false),
            clock: Stored::new(ActiveClock::default()),
            store: Value::new(OutboxStore::Opening),
            focus_next_draft: Stored::new(false),
            lang: Value::new(Lang::default()),
        }
    }

    /// Says `text` about `about` in the notice line (`None` clears that line).
    pub fn tell(&self, about: About, text: Option<String>) {
        // Saying again what is said (nothing, mostly) is no news: nothing to notify.
        if self.notice.try_with_untracked(|notices| notices.get(about) == text.as_deref()) != Some(false) {
            return;
        }
        let _ = self.notice.try_update(|notices| notices.set(about, text));
    }

    /// Says in the notice line why the setting `name` (an attribute or `config` key) could not
    /// take its value; `None` (it took one) clears what was said about it.
    pub fn tell_setting(&self, name: &str, problem: Option<String>) {
        // Most values are good and most settings never had a problem: no news, no notifying.
        if self.notice.try_with_untracked(|notices| notices.setting(name) == problem.as_deref()) != Some(false) {
            return;
        }
        let _ = self.notice.try_update(|notices| notices.set_setting(name, problem));
    }

    /// The messages of the language shown (tracked: a view reading them follows a change).
    pub fn messages(&self) -> &'static Messages {
        self.lang.with(|lang| lang.messages)
    }

    /// The entry on screen.
    pub fn current_entry(&self) -> Option<Entry> {
        let index = self.current.get();
        self.entries.with(|entries| entries.get(index).cloned())
    }

    /// Replaces the queue; edits to items that are still present are lost by design, since the
    /// host sent new content.
    pub fn replace_items(&self, items: Vec<ReviewItem>, errors: Vec<ItemError>) {
        self.entries.set(items.into_iter().map(Entry::new).collect());
        self.errors.set(errors);
        self.current.set(0);
    }

    /// Adds the attentive time since the last checkpoint to the entry on screen.
    pub fn checkpoint(&self, now: f64) {
        let accrued = self.clock.try_update_value(|clock| clock.take(now)).unwrap_or(0.0);
        self.credit(accrued);
    }

    /// Records that the person's attention changed at `now`, crediting the time before it to
    /// the entry on screen.
    pub fn attention_changed(&self, attentive: bool, now: f64) {
        let accrued = self.clock.try_update_value(|clock| clock.set_attentive(attentive, now)).unwrap_or(0.0);
        self.credit(accrued);
    }

    fn credit(&self, accrued: f64) {
        if let Some(entry) = self.current_entry() {
            entry.active_ms.update(|total| *total += accrued);
        }
    }

    /// Moves to entry `index` (clamped), accounting time to the one being left.
    pub fn go_to(&self, index: usize, now: f64) {
        let count = self.entries.with(Vec::len);
        if count == 0 {
            return;
        }
        self.checkpoint(now);
        self.current.set(index.min(count - 1));
    }

    /// Which entries still wait for a decision.
    fn open_flags(&self) -> Vec<bool> {
        self.entries.with_untracked(|entries| entries.iter().map(|entry| entry.outcome.get_untracked() == Outcome::Open).collect())
    }

    /// Where the queue goes after a decision ([`queue_moves::after_decision`]).
    pub fn after_decision(&self) -> Option<usize> {
        queue_moves::after_decision(self.current.get_untracked(), &self.open_flags())
    }

    /// Moves from a decided entry to the next one still open, when there is one: a queue
    /// (re)loaded over decisions opens where there is work.
    pub fn move_past_decided(&self) {
        if let Some(next) = self.after_decision().filter(|next| *next != self.current.get_untracked()) {
            self.current.set(next);
        }
    }

    /// How many entries still wait for a decision.
    pub fn open_count(&self) -> usize {
        self.entries.with(|entries| entries.iter().filter(|entry| entry.outcome.get() == Outcome::Open).count())
    }

    /// The entry for an item id.
    pub fn entry_for(&self, item_id: &str) -> Option<(usize, Entry)> {
        self.entries.with_untracked(|entries| entries.iter().enumerate().find(|(_, entry)| entry.item.id == item_id).map(|(index, entry)| (index, entry.clone())))
    }
}

/// The review state of the enclosing widget.
pub fn use_review() -> ReviewContext {
    use_context::<ReviewContext>().unwrap_or_else(|| ReviewContext::new(WidgetConfig::default()))
}
