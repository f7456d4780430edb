//! The social post editor: which platforms it goes to, the shared text and each platform's
//! own text, the media, and a preview with an exact counter per platform. Built with
//! [`super::dom`].

mod preview;

use std::rc::Rc;

use crate::runtime::*;

use self::preview::preview;
use super::dom::{event_checked, El};
use super::quote_mark::marked_editor;
use crate::i18n::{fill, Messages};
use crate::state::{use_review, Entry, Outcome};
use crate::text::social::platform::{limit_for, retick, Platform};

/// The editor's state.
struct Editor {
    entry: Entry,
    locked: Memo<bool>,
    /// The platform whose own text is being edited; `None` edits the shared text.
    editing: Value<Option<String>>,
}

impl Editor {
    /// The text the editor shows: the platform's own, else the shared one.
    fn shown(&self) -> String {
        match self.editing.get() {
            Some(id) => self.entry.text_for(&id),
            None => self.entry.body.get(),
        }
    }

    /// Typing on a platform's tab gives it its own text; on "All platforms" it edits the shared one.
    fn typed(&self, text: String) {
        match self.editing.get_untracked() {
            Some(id) => self.entry.variants.update(|variants| match variants.iter_mut().find(|(platform, _)| *platform == id) {
                Some((_, own)) => *own = text,
                None => variants.push((id, text)),
            }),
            None => self.entry.body.set(text),
        }
    }

    fn has_own(&self) -> bool {
        self.editing.with(|open| open.as_ref().is_some_and(|id| self.entry.variants.with(|variants| variants.iter().any(|(platform, _)| platform == id))))
    }

    fn reset(&self) {
        if let Some(id) = self.editing.get_untracked() {
            self.entry.variants.update(|variants| variants.retain(|(platform, _)| *platform != id));
        }
    }

    /// Ticks or unticks `platform`, keeping the order the item lists its platforms in. An
    /// unticked platform's tab goes, so the editor leaves its text for the shared one: what
    /// is typed there would not be delivered. Its own text is kept for when it is ticked again.
    fn tick(&self, platform: Platform, on: bool) {
        let listed = self.entry.item.draft.as_ref().map(|draft| draft.platforms.as_slice()).unwrap_or_default();
        self.entry.platforms.update(|ids| *ids = retick(listed, ids, platform.id(), on));
        if !on && self.editing.with_untracked(|open| open.as_deref() == Some(platform.id())) {
            self.editing.set(None);
        }
    }
}

fn checkbox(editor: &Rc<Editor>, platform: Platform) -> El {
    let (shown, ticking, locked) = (editor.entry.platforms.clone(), editor.clone(), editor.locked);
    let input = El::new("input")
        .attr("type", "checkbox")
        .checked_with(move || shown.with(|ids| ids.iter().any(|id| id == platform.id())))
        .flag_with("disabled", move || locked.get())
        .on("change", move |event| ticking.tick(platform, event_checked(&event)));
    El::new("label").class("cs-check").attr("data-platform", platform.id()).child(input).text(platform.name())
}

/// The tab that edits `platform`'s own text (the shared text for `None`); hidden while the
/// platform is unticked, as the result leaves out an unticked platform's text.
fn tab(m: &'static Messages, editor: &Rc<Editor>, platform: Option<Platform>) -> El {
    let (editing, ticked) = (editor.editing, editor.entry.platforms.clone());
    let id = platform.map(|platform| platform.id().to_string());
    let (pressed_id, click_id) = (id.clone(), id);
    El::new("button")
        .class("cs-tab")
        .maybe_attr("data-platform", platform.map(Platform::id))
        .text(platform.map_or(m.all_platforms(), Platform::name))
        .flag_with("hidden", move || platform.is_some_and(|platform| ticked.with(|ids| !ids.iter().any(|id| id == platform.id()))))
        .attr_with("aria-pressed", move || Some(editing.with(|open| *open == pressed_id).to_string()))
        .on("click", move |_| editing.set(click_id.clone()))
}

/// Edits and previews a social post.
/// Never inlined: an entry into the code `cargo xtask dist` moves to `countersign_kinds.wasm`
/// (see `crate::kinds`).
#[inline(never)]
pub fn social_editor(entry: &Entry) -> El {
    let state = use_review();
    let lang = state.lang.get_untracked();
    let m = lang.messages;
    let (outcome, allow_edit) = (entry.outcome.clone(), entry.item.policy.allow_edit);
    let editor = Rc::new(Editor { entry: entry.clone(), locked: Memo::new(move |_| !allow_edit || outcome.get() != Outcome::Open), editing: Value::new(None) });
    let draft = editor.entry.item.draft.clone().unwrap_or_default();
    let platforms: Vec<Platform> = draft.platforms.iter().filter_map(|id| Platform::parse(id)).collect();
    let (editing, locked) = (editor.editing, editor.locked);
    let ticks = El::new("fieldset").class("cs-platforms").child(El::new("legend").text(m.post_to())).children(platforms.iter().map(|platform| checkbox(&editor, *platform)));
    let tabs = El::new("div")
        .class("cs-tabs")
        .attr("role", "group")
        .attr("aria-label", m.edit_text_for())
        .child(tab(m, &editor, None))
        .children(platforms.iter().map(|platform| tab(m, &editor, Some(*platform))));
    let label = El::new("label").class("cs-label").attr("for", "cs-body").text_with(move || match editing.get().and_then(|id| Platform::parse(&id)) {
        Some(platform) => fill(m.text_for(), &[("platform", platform.name())]),
        None => m.shared_text().to_string(),
    });
    let (shown, typed, own, resetting, editor_for_mark) = (editor.clone(), editor.clone(), editor.clone(), editor.clone(), editor.clone());
    let entry_for_mark = editor.entry.clone();
    let body = El::new("textarea")
        .attr("id", "cs-body")
        .attr("part", "body")
        .class("cs-input cs-body")
        .attr("rows", "10")
        .edit_with(move || shown.shown(), move |text| typed.typed(text))
        .flag_with("readonly", move || locked.get());
    let reset = El::new("button")
        .class("cs-button cs-reset")
        .text(m.use_shared_text())
        .flag_with("hidden", move || !own.has_own())
        .flag_with("disabled", move || locked.get())
        .on("click", move |_| resetting.reset());
    let missing_alt = draft.media.iter().filter(|media| media.alt.trim().is_empty()).count();
    let alt_warning = (missing_alt > 0).then(|| {
        let text = lang.count(m.missing_alt(), missing_alt);
        El::new("p").class("cs-warning").attr("data-warning", "alt").text_of(&text)
    });
    let previews = El::new("div").class("cs-previews").children_with(move || {
        let limits = state.config.with(|config| config.platform_limits.clone());
        let ticked = editor.entry.platforms.get();
        ticked.iter().filter_map(|id| Platform::parse(id)).map(|platform| preview(&editor.entry, platform, limit_for(platform, &limits))).collect()
    });
    let marked_text = {
        let editor = editor_for_mark.clone();
        move || editor.shown()
    };
    // What the shown text is made of: the tab, the shared text and the platforms' own.
    let marked_track = move || {
        editor_for_mark.editing.with(|_| ());
        editor_for_mark.entry.body.with(|_| ());
        editor_for_mark.entry.variants.with(|_| ());
    };
    let body = marked_editor(&entry_for_mark, body, marked_text, marked_track);
    El::new("div").attr("part", "draft").class("cs-draft cs-social").child(ticks).child(tabs).child(label).child(body).child(reset).maybe(alt_warning).child(previews)
}
