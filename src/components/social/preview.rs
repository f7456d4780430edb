//! One platform's likeness of the post: the account, the text with its links, hashtags and
//! mentions styled, the feed's fold, the media grid, and the exact counter. The text and the
//! counter follow the typing once the browser is idle, rebuilt by one binding.

use crate::runtime::*;
use web_sys::Element;

use super::super::dom::{append, bind, element, set, El};
use crate::browser_text::BrowserText;
use crate::i18n::{fill, Lang, Messages};
use crate::model::{Account, Media};
use crate::state::{use_review, Entry};
use crate::text::markdown::is_safe_url;
use crate::text::social::count::{count_post, PostCount, Standing, Warning};
use crate::text::social::fold::fold_at;
use crate::text::social::platform::Platform;
use crate::text::social::preview::segments;
use crate::text::social::tokens::TokenKind;

/// Up to two initials of `name`, for the avatar (ASCII ones upper-cased; Unicode's case
/// tables would cost more than the whole preview).
fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|word| word.chars().next()).take(2).map(|initial| initial.to_ascii_uppercase()).collect()
}

/// What the feed shows to unfold the rest.
fn see_more(m: &'static Messages, platform: Platform) -> &'static str {
    match platform {
        Platform::LinkedIn => m.see_more_linkedin(),
        Platform::Instagram => m.more_instagram(),
        Platform::Facebook => m.see_more(),
        _ => m.show_more(),
    }
}

/// What a platform's count counts, for people.
fn unit(m: &'static Messages, platform: Platform) -> &'static str {
    match platform {
        Platform::X => m.unit_weighted(),
        Platform::LinkedIn => m.unit_reserved(),
        Platform::Bluesky => m.unit_graphemes(),
        _ => m.unit_characters(),
    }
}

/// A warning in a sentence.
fn warning_text(lang: &Lang, warning: &Warning) -> String {
    let m = lang.messages;
    let (template, found, max) = match warning {
        Warning::Hashtags { found, max } => (m.too_many_hashtags(), *found, *max),
        Warning::Links { found, max } => (m.too_many_links(), *found, *max),
        Warning::Bytes { found, max } => (m.too_many_bytes(), *found, *max),
        Warning::InvalidCharacter => return m.invalid_character().to_string(),
    };
    fill(template, &[("found", &lang.number(found as f64)), ("max", &lang.number(max as f64))])
}

/// Fills `head` with the account's initials avatar, name and (where the platform shows one)
/// handle, and the platform's name.
fn render_head(m: &'static Messages, head: &Element, platform: Platform, account: &Account) {
    let Some(document) = head.owner_document() else { return };
    head.set_text_content(None);
    let name = account.name.clone().unwrap_or_else(|| m.your_account().into());
    let avatar = element(&document, "span", "cs-avatar", &initials(&name));
    set(&avatar, "aria-hidden", "true");
    append(head, &avatar);
    let who = element(&document, "span", "cs-account", "");
    append(&who, &element(&document, "strong", "", &name));
    if let Some(handle) = account.handle.as_deref().filter(|_| !matches!(platform, Platform::LinkedIn | Platform::Facebook)) {
        append(&who, &element(&document, "span", "cs-muted", &format!("@{}", handle.trim_start_matches('@'))));
    }
    append(head, &who);
    append(head, &element(&document, "span", "cs-platform-name", platform.name()));
}

/// Fills `grid` with up to four images; only http(s) ones load, the others show their alt text.
fn render_media(m: &'static Messages, grid: &Element, media: &[Media]) {
    let Some(document) = grid.owner_document() else { return };
    grid.set_text_content(None);
    set(grid, "data-count", &media.len().to_string());
    for image in media {
        let img = element(&document, "img", "cs-media-item", "");
        set(&img, "alt", if image.alt.is_empty() { m.image_without_alt() } else { &image.alt });
        set(&img, "loading", "lazy");
        if is_safe_url(&image.url) {
            set(&img, "src", &image.url);
        }
        append(grid, &img);
    }
}

/// Fills `paragraph` with the runs of `text` up to `fold`, marking what is over the limit.
fn render_text(paragraph: &Element, text: &str, counted: &PostCount, fold: Option<usize>) {
    let Some(document) = paragraph.owner_document() else { return };
    paragraph.set_text_content(None);
    for run in segments(text, counted.overflow_from, fold) {
        let class = match run.kind {
            Some(TokenKind::Link) => "cs-link",
            Some(TokenKind::Hashtag) => "cs-tag",
            Some(TokenKind::Mention) => "cs-mention",
            None => "",
        };
        let tag = if run.over { "mark" } else { "span" };
        append(paragraph, &element(&document, tag, if run.over && class.is_empty() { "cs-over" } else { class }, &run.text));
    }
}

/// Fills `footer` with the counter, how much is left or over, and the warnings.
fn render_counter(lang: &Lang, footer: &Element, platform: Platform, counted: &PostCount) {
    let m = lang.messages;
    let Some(document) = footer.owner_document() else { return };
    footer.set_text_content(None);
    let over = counted.is_over();
    let (count, limit) = (lang.number(counted.count as f64), lang.number(counted.limit as f64));
    let counter = element(&document, "span", "cs-counter", &format!("{count} / {limit}"));
    for (name, value) in [("part", "counter"), ("data-platform", platform.id()), ("data-over", if over { "true" } else { "false" })] {
        set(&counter, name, value);
    }
    set(&counter, "data-count", &counted.count.to_string());
    set(&counter, "data-limit", &counted.limit.to_string());
    set(&counter, "aria-label", &fill(m.counter_label(), &[("platform", platform.name()), ("count", &count), ("limit", &limit), ("unit", unit(m, platform))]));
    append(footer, &counter);
    let status = match counted.standing() {
        Standing::Over(by) => lang.count(m.over_by(), by),
        Standing::BytesOver(by) => lang.count(m.bytes_over_by(), by),
        Standing::Refused => m.cannot_post().into(),
        Standing::Left(left) => lang.count(m.left(), left),
    };
    append(footer, &element(&document, "span", if over { "cs-count-status cs-problem" } else { "cs-count-status cs-muted" }, &status));
    for warning in &counted.warnings {
        let line = element(&document, "span", "cs-warning", &warning_text(lang, warning));
        set(&line, "data-warning", "limit");
        append(footer, &line);
    }
}

/// The preview of `entry`'s post on `platform`, counted against `limit`: the account line and
/// the media built once, the text and the counter rebuilt by one binding once the browser is
/// idle after the person types.
pub fn preview(entry: &Entry, platform: Platform, limit: usize) -> El {
    let account = entry.item.context.as_ref().and_then(|context| context.account.clone()).unwrap_or_default();
    let media: Vec<Media> = entry.item.draft.as_ref().map(|draft| draft.media.iter().take(4).cloned().collect()).unwrap_or_default();
    let lang = use_review().lang.get_untracked();
    let m = lang.messages;
    let head = El::new("header").class("cs-preview-head");
    render_head(m, head.node(), platform, &account);
    let grid = El::new("div").class("cs-media-grid");
    render_media(m, grid.node(), &media);
    let (paragraph, footer) = (El::new("p").class("cs-preview-text"), El::new("footer").class("cs-preview-foot"));
    // Unfolded stays unfolded when the previews are built again (a platform ticked or unticked).
    let (unfolded, unfolding) = (entry.unfolded.clone(), entry.unfolded.clone());
    let expanded = Memo::new(move |_| unfolded.with(|ids| ids.iter().any(|id| id == platform.id())));
    let folded = Value::new(false);
    let (text_node, footer_node, watched, source) = (paragraph.node().clone(), footer.node().clone(), entry.clone(), entry.clone());
    // Counting and laying out the whole post cost as much as it is long: they follow the
    // typing once the browser is idle, after the keystroke's own frame.
    let track = move || {
        watched.body.with(|_| ());
        watched.variants.with(|_| ());
    };
    let text = settled(track, move || source.text_for(platform.id()), Settle::Idle);
    bind(Box::new(move || {
        text.with(|text| {
            let counted = count_post(platform, text, limit, &BrowserText);
            let fold = if expanded.get() { None } else { fold_at(platform, text, &BrowserText) };
            folded.set(fold.is_some());
            render_text(&text_node, text, &counted, fold);
            render_counter(&lang, &footer_node, platform, &counted);
        })
    }));
    let more = El::new("button").class("cs-see-more").text(see_more(m, platform)).flag_with("hidden", move || !folded.get()).on("click", move |_| {
        unfolding.update(|ids| {
            if !ids.iter().any(|id| id == platform.id()) {
                ids.push(platform.id().to_string());
            }
        })
    });
    El::new("article")
        .attr("part", "preview")
        .class("cs-preview")
        .attr("data-platform", platform.id())
        .attr_of("aria-label", &fill(m.preview_label(), &[("platform", platform.name())]))
        .child(head)
        .child(paragraph)
        .child(more)
        .child(grid)
        .child(footer)
}
