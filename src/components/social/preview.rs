//! One platform's likeness of the post: the account, the text with its links, hashtags and
//! mentions styled, the feed's fold, the media grid, and the exact counter. The text and the
//! counter change on every keystroke and are rebuilt by one effect through [`super::super::dom`].

use leptos::html;
use leptos::prelude::*;
use web_sys::Element;

use super::super::dom::{append, element, set};
use crate::browser_text::BrowserText;
use crate::state::Entry;
use crate::text::markdown::is_safe_url;
use crate::text::social::platform::{count_post, fold_at, Platform, PostCount};
use crate::text::social::preview::segments;
use crate::text::social::tokens::{tokens, TokenKind};

/// Up to two initials of `name`, for the avatar (ASCII ones upper-cased; Unicode's case
/// tables would cost more than the whole preview).
fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|word| word.chars().next()).take(2).map(|initial| initial.to_ascii_uppercase()).collect()
}

/// What the feed shows to unfold the rest.
fn see_more(platform: Platform) -> &'static str {
    match platform {
        Platform::LinkedIn => "…see more",
        Platform::Instagram => "… more",
        Platform::Facebook => "See more",
        _ => "Show more",
    }
}

/// Fills `paragraph` with the runs of `text` up to `fold`, marking what is over the limit.
fn render_text(paragraph: &Element, text: &str, counted: &PostCount, fold: Option<usize>) {
    let Some(document) = paragraph.owner_document() else { return };
    paragraph.set_text_content(None);
    for run in segments(text, &tokens(text), counted.overflow_from, fold) {
        let class = match run.kind {
            Some(TokenKind::Link) => "cs-link",
            Some(TokenKind::Hashtag) => "cs-tag",
            Some(TokenKind::Mention) => "cs-mention",
            None => "",
        };
        let tag = if run.over { "mark" } else { "span" };
        append(paragraph, element(&document, tag, if run.over && class.is_empty() { "cs-over" } else { class }, &run.text));
    }
}

/// Fills `footer` with the counter, how much is left or over, and the warnings.
fn render_counter(footer: &Element, platform: Platform, counted: &PostCount) {
    let Some(document) = footer.owner_document() else { return };
    footer.set_text_content(None);
    let over = counted.is_over();
    if let Some(counter) = element(&document, "span", "cs-counter", &format!("{} / {}", counted.count, counted.limit)) {
        for (name, value) in [("part", "counter"), ("data-platform", platform.id()), ("data-over", if over { "true" } else { "false" })] {
            set(&counter, name, value);
        }
        set(&counter, "data-count", &counted.count.to_string());
        set(&counter, "data-limit", &counted.limit.to_string());
        set(&counter, "aria-label", &format!("{}: {} of {} {}", platform.name(), counted.count, counted.limit, platform.unit()));
        append(footer, Some(counter));
    }
    let status = if counted.over_by() > 0 {
        format!("{} over the limit", counted.over_by())
    } else if over {
        "Cannot be posted as it is".into()
    } else {
        format!("{} left", counted.limit - counted.count)
    };
    append(footer, element(&document, "span", if over { "cs-count-status cs-problem" } else { "cs-count-status cs-muted" }, &status));
    for warning in &counted.warnings {
        let line = element(&document, "span", "cs-warning", &warning.describe());
        if let Some(line) = &line {
            set(line, "data-warning", "limit");
        }
        append(footer, line);
    }
}

/// The preview of `entry`'s post on `platform`, counted against `limit`.
#[component]
pub fn PostPreview(
    /// The entry on screen.
    entry: Entry,
    /// The platform.
    platform: Platform,
    /// The limit in force for it.
    limit: usize,
) -> impl IntoView {
    let account = entry.item.context.as_ref().and_then(|context| context.account.clone()).unwrap_or_default();
    let name = account.name.unwrap_or_else(|| "Your account".into());
    let handle = account.handle.filter(|_| !matches!(platform, Platform::LinkedIn | Platform::Facebook)).map(|handle| format!("@{}", handle.trim_start_matches('@')));
    let media: Vec<_> = entry.item.draft.as_ref().map(|draft| draft.media.iter().take(4).cloned().collect()).unwrap_or_default();
    let media_count = media.len();
    let grid = (media_count > 0).then(|| {
        let images = media
            .into_iter()
            .map(|media| {
                let alt = if media.alt.is_empty() { "Image without alt text".to_string() } else { media.alt };
                // Only http(s) images load; anything else shows its alt text in a frame.
                let src = is_safe_url(&media.url).then_some(media.url);
                view! { <img class="cs-media-item" src=src alt=alt loading="lazy"/> }
            })
            .collect_view();
        view! { <div class="cs-media-grid" data-count=media_count>{images}</div> }
    });

    let (paragraph, footer) = (NodeRef::<html::P>::new(), NodeRef::<html::Footer>::new());
    let expanded = RwSignal::new(false);
    let folded = RwSignal::new(false);
    Effect::new(move |_| {
        let text = entry.text_for(platform.id());
        let counted = count_post(platform, &text, limit, &BrowserText);
        let fold = if expanded.get() { None } else { fold_at(platform, &text) };
        folded.set(fold.is_some());
        if let Some(paragraph) = paragraph.get() {
            render_text(&paragraph, &text, &counted, fold);
        }
        if let Some(footer) = footer.get() {
            render_counter(&footer, platform, &counted);
        }
    });

    view! {
        <article part="preview" class="cs-preview" data-platform=platform.id() aria-label=format!("{} preview", platform.name())>
            <header class="cs-preview-head">
                <span class="cs-avatar" aria-hidden="true">{initials(&name)}</span>
                <span class="cs-account"><strong>{name.clone()}</strong>" "<span class="cs-muted">{handle}</span></span>
                <span class="cs-platform-name">{platform.name()}</span>
            </header>
            <p class="cs-preview-text" node_ref=paragraph></p>
            <button type="button" class="cs-see-more" hidden=move || !folded.get() on:click=move |_| expanded.set(true)>{see_more(platform)}</button>
            {grid}
            <footer class="cs-preview-foot" node_ref=footer></footer>
        </article>
    }
}
