//! The social post editor: which platforms it goes to, the shared text and each platform's
//! own text, the media, and a preview with an exact counter per platform.

mod preview;

use leptos::prelude::*;

use self::preview::PostPreview;
use crate::browser_text::BrowserText;
use crate::state::{use_review, Entry, Outcome};
use crate::text::social::platform::{count_post, limit_for, Platform};

/// The names of the ticked platforms whose limits the post as edited breaks.
pub fn over_limit(entry: &Entry, limits: &[(String, usize)]) -> Vec<String> {
    entry
        .platforms
        .get_untracked()
        .iter()
        .filter_map(|id| Platform::parse(id))
        .filter(|platform| count_post(*platform, &entry.text_for(platform.id()), limit_for(*platform, limits), &BrowserText).is_over())
        .map(|platform| platform.name().to_string())
        .collect()
}

/// Edits and previews a social post.
#[component]
pub fn SocialEditor(
    /// The entry on screen.
    entry: Entry,
) -> impl IntoView {
    let state = use_review();
    let item = entry.item.clone();
    let draft = item.draft.clone().unwrap_or_default();
    let (outcome, allow_edit) = (entry.outcome.clone(), item.policy.allow_edit);
    let locked = move || !allow_edit || outcome.get() != Outcome::Open;
    // The platform whose own text is being edited; `None` edits the shared text.
    let editing = RwSignal::new(None::<String>);

    let ticked = entry.platforms.clone();
    let checkboxes = draft
        .platforms
        .iter()
        .filter_map(|id| Platform::parse(id))
        .map(|platform| {
            let (shown, toggled) = (ticked.clone(), ticked.clone());
            let locked = locked.clone();
            view! {
                <label class="cs-check" data-platform=platform.id()>
                    <input type="checkbox" prop:checked=move || shown.with(|ids| ids.iter().any(|id| id == platform.id())) disabled=locked
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            // Kept in the platforms' own order, whatever the clicking order.
                            toggled.update(|ids| {
                                *ids = Platform::ALL
                                    .into_iter()
                                    .filter(|candidate| if *candidate == platform { on } else { ids.iter().any(|id| id == candidate.id()) })
                                    .map(|candidate| candidate.id().to_string())
                                    .collect();
                            });
                        }/>
                    {platform.name()}
                </label>
            }
        })
        .collect_view();

    // One tab per platform of the item; a platform's tab edits its own text, which starts as
    // the shared one the first time the person types there.
    let tabs = draft
        .platforms
        .iter()
        .filter_map(|id| Platform::parse(id))
        .map(|platform| {
            view! {
                <button type="button" class="cs-tab" data-platform=platform.id()
                    aria-pressed=move || editing.with(|open| open.as_deref() == Some(platform.id())).to_string()
                    on:click=move |_| editing.set(Some(platform.id().to_string()))>{platform.name()}</button>
            }
        })
        .collect_view();

    let (body, variants) = (entry.body.clone(), entry.variants.clone());
    let (shown_body, shown_variants) = (body.clone(), variants.clone());
    let shown = move || match editing.get() {
        Some(id) => shown_variants.with(|variants| variants.iter().find(|(platform, _)| *platform == id).map(|(_, text)| text.clone())).unwrap_or_else(|| shown_body.get()),
        None => shown_body.get(),
    };
    let typed_variants = variants.clone();
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        match editing.get_untracked() {
            Some(id) => typed_variants.update(|variants| match variants.iter_mut().find(|(platform, _)| *platform == id) {
                Some((_, own)) => *own = text,
                None => variants.push((id, text)),
            }),
            None => body.set(text),
        }
    };
    let own_variants = variants.clone();
    let has_own = move || editing.with(|open| open.as_ref().is_some_and(|id| own_variants.with(|variants| variants.iter().any(|(platform, _)| platform == id))));
    let reset = move |_| {
        if let Some(id) = editing.get_untracked() {
            variants.update(|variants| variants.retain(|(platform, _)| *platform != id));
        }
    };
    let label = move || match editing.get().and_then(|id| Platform::parse(&id)) {
        Some(platform) => format!("Text for {}", platform.name()),
        None => "Shared text (every platform without its own)".to_string(),
    };

    let missing_alt = draft.media.iter().filter(|media| media.alt.trim().is_empty()).count();
    let alt_warning = (missing_alt > 0).then(|| {
        let text = if missing_alt == 1 { "1 image has no alt text.".to_string() } else { format!("{missing_alt} images have no alt text.") };
        view! { <p class="cs-warning" data-warning="alt">{text}</p> }
    });
    let previews_for = entry.platforms.clone();
    let previews = move || {
        let limits = state.config.with(|config| config.platform_limits.clone());
        previews_for
            .get()
            .into_iter()
            .filter_map(|id| Platform::parse(&id))
            .map(|platform| view! { <PostPreview entry=entry.clone() platform limit=limit_for(platform, &limits)/> })
            .collect_view()
    };
    view! {
        <div part="draft" class="cs-draft cs-social">
            <fieldset class="cs-platforms">
                <legend>"Post to"</legend>
                {checkboxes}
            </fieldset>
            <div class="cs-tabs" role="group" aria-label="Edit the text for">
                <button type="button" class="cs-tab" aria-pressed=move || editing.with(Option::is_none).to_string() on:click=move |_| editing.set(None)>"All platforms"</button>
                {tabs}
            </div>
            <label class="cs-label" for="cs-body">{label}</label>
            <textarea id="cs-body" part="body" class="cs-input cs-body" rows="10" prop:value=shown readonly=locked.clone() on:input=on_input></textarea>
            <button type="button" class="cs-button cs-reset" hidden=move || !has_own() disabled=locked on:click=reset>"Use the shared text here"</button>
            {alt_warning}
            <div class="cs-previews">{previews}</div>
        </div>
    }
}
