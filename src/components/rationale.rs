//! The AI's rationale beside the draft: the summary, the confidence meter, the risk badge and
//! each point, marked supported only when its quote is in the draft as edited, with the
//! person's Agree / Disagree and note. Hovering or focusing a point marks its quote in the
//! draft. Built with [`super::dom`].

use std::rc::Rc;

use crate::runtime::*;

use wasm_bindgen::JsCast;

use super::dom::{event_value, El};
use super::SETTLE;
use super::markdown::append_markdown;
use crate::i18n::{fill, Lang, Messages};
use crate::model::{Point, PointVerdict, Risk};
use crate::state::{use_review, Entry, Outcome};
use crate::text::markdown::is_safe_url;
use crate::text::quote::quote_is_in;

/// The confidence meter. Whole percent and hundredths come from integers: formatting an f64
/// would ship core's float printing (about 10 KiB of brotli) for one attribute.
fn confidence_meter(lang: &Lang, confidence: f64) -> El {
    let hundredths = (confidence * 100.0).round() as u32;
    let percent = lang.percent(confidence);
    El::new("div")
        .class("cs-confidence")
        .child(El::new("label").attr("for", "cs-confidence").text(lang.messages.confidence()))
        .child(
            El::new("meter")
                .attr("id", "cs-confidence")
                // `min` 0 and `max` 1 are the meter's defaults.
                .attr("low", "0.5")
                .attr("high", "0.8")
                .attr("optimum", "1")
                .attr_of("value", &format!("{}.{:02}", hundredths / 100, hundredths % 100))
                .attr_of("aria-valuetext", &percent),
        )
        // The percent as text beside the meter: no fallback inside the meter (every browser
        // draws one) and no element of its own, each a cost to the first paint.
        .text_of(&percent)
}

/// What the points share: the entry's verdicts and whether it is still open.
struct Points {
    entry: Entry,
    open: Memo<bool>,
    /// The draft text quotes are looked for in, shared by every point (see [`settled_text`]).
    draft: Value<String>,
    messages: &'static Messages,
}

impl Points {
    fn verdict(&self, index: usize) -> Option<String> {
        self.entry.verdicts.with(|verdicts| verdicts.iter().find(|verdict| verdict.index == index).map(|verdict| verdict.verdict.clone()))
    }

    /// Gives `which` on point `index`; giving the verdict already given takes it back.
    fn toggle(&self, index: usize, which: &str) {
        self.entry.verdicts.update(|verdicts| {
            let before = verdicts.iter().position(|verdict| verdict.index == index);
            let same = before.is_some_and(|at| verdicts[at].verdict == which);
            let note = before.and_then(|at| verdicts.remove(at).note);
            if !same {
                verdicts.push(PointVerdict { index, verdict: which.to_string(), note });
            }
        });
    }

    fn note(&self, index: usize, note: String) {
        self.entry.verdicts.update(|verdicts| {
            if let Some(verdict) = verdicts.iter_mut().find(|verdict| verdict.index == index) {
                verdict.note = Some(note).filter(|note| !note.trim().is_empty());
            }
        });
    }
}

/// Agree / Disagree toggles for point `index`, and a note once the person has judged it.
fn verdicts_view(points: &Rc<Points>, index: usize) -> El {
    let open = points.open;
    let m = points.messages;
    let toggle = |which: &'static str, label: &'static str| {
        let (pressed, toggling) = (points.clone(), points.clone());
        El::new("button")
            .class("cs-tab")
            .text(label)
            .attr_with("aria-pressed", move || Some((pressed.verdict(index).as_deref() == Some(which)).to_string()))
            .flag_with("disabled", move || !open.get())
            .on("click", move |_| toggling.toggle(index, which))
    };
    let judged = points.clone();
    let (shown, noting) = (points.clone(), points.clone());
    // Built once the point is judged: most points never are, and a hidden input still costs
    // the first paint its making (measured: about 4 % of it for three points).
    let note = move || {
        let (shown, noting) = (shown.clone(), noting.clone());
        El::new("input")
            .attr("type", "text")
            .class("cs-input cs-verdict-note")
            .attr("placeholder", m.why_optional())
            .attr("aria-label", m.verdict_note())
            .flag_with("disabled", move || !open.get())
            .value_with(move || shown.entry.verdicts.with(|verdicts| verdicts.iter().find(|verdict| verdict.index == index).and_then(|verdict| verdict.note.clone()).unwrap_or_default()))
            .on("change", move |event| noting.note(index, event_value(&event)))
    };
    El::new("div")
        .class("cs-verdict")
        .attr("role", "group")
        .attr("aria-label", m.verdict_group())
        .child(toggle("agree", m.agree()))
        .child(toggle("disagree", m.disagree()))
        .last_child_while(Memo::new(move |_| judged.verdict(index).is_some()), Box::new(note))
}

/// One rationale point, marked supported while its quote is in the draft.
fn point_view(points: &Rc<Points>, index: usize, point: &Point) -> El {
    let entry = &points.entry;
    let quote = point.quote.clone();
    let draft = points.draft;
    let m = points.messages;
    let supported = Memo::new(move |_| quote.as_deref().is_some_and(|quote| draft.with(|text| quote_is_in(text, quote))));
    let [hover, focus, leave, blur] = [(); 4].map(|_| entry.highlighted.clone());
    let pin = entry.pinned.clone();
    let source = point.source.as_ref().and_then(|source| {
        let url = source.url.as_deref().filter(|url| is_safe_url(url));
        // A source without a label is named by its link: never an empty link nobody can see.
        let label = if source.label.trim().is_empty() { url? } else { source.label.as_str() };
        Some(match url {
            Some(url) => El::new("a").class("cs-source").attr_of("href", url).attr("target", "_blank").attr("rel", "noopener noreferrer nofollow").text_of(label),
            None => El::new("span").class("cs-source").text_of(label),
        })
    });
    El::new("li")
        .attr("part", "point")
        .class("cs-point")
        .attr("tabindex", "-1")
        .attr_with("data-supported", move || Some(supported.get().to_string()))
        .on("mouseenter", move |_| hover.set(Some(index)))
        .on("focusin", move |_| focus.set(Some(index)))
        .on("mouseleave", move |_| leave.set(None))
        .on("focusout", move |_| blur.set(None))
        // A click on the point itself (not its buttons or note) pins its quote's mark.
        .on("click", move |event| {
            let on_control = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()).is_some_and(|target| matches!(target.tag_name().as_str(), "BUTTON" | "INPUT" | "A"));
            if !on_control {
                pin.update(|pinned| *pinned = if *pinned == Some(index) { None } else { Some(index) });
            }
        })
        .text_of(&point.text)
        // The quotation marks are text, not a `<q>`'s generated content: three points' `<q>`
        // cost the first paint about 6 % of its layout.
        .maybe(point.quote.as_ref().map(|quote| El::new("span").class("cs-quote").text_of(&fill(m.quoted(), &[("quote", quote)]))))
        .child(El::new("span").class("cs-support").text_with(move || if supported.get() { m.found_in_draft() } else { m.not_found_in_draft() }.to_string()))
        .maybe(source)
        .child(verdicts_view(points, index))
}

/// `entry`'s text (subject, body, variants) for the quote checks, following the edits once
/// the typing pauses for [`SETTLE`]: searching a long draft for every quote on every keystroke
/// would make each keystroke cost as much as the draft is long.
fn settled_text(entry: &Entry) -> Value<String> {
    let (watched, source) = (entry.clone(), entry.clone());
    let track = move || {
        watched.subject.with(|_| ());
        watched.body.with(|_| ());
        watched.variants.with(|_| ());
    };
    settled(track, move || source.searchable_text(), Settle::Paused(SETTLE))
}

/// The rationale of `entry`'s item.
pub fn rationale_panel(entry: &Entry) -> El {
    let outcome = entry.outcome.clone();
    let searched = entry.clone();
    let lang = use_review().lang.get_untracked();
    let m = lang.messages;
    let points = Rc::new(Points { entry: entry.clone(), open: Memo::new(move |_| outcome.get() == Outcome::Open), draft: settled_text(&searched), messages: m });
    let rationale = entry.item.rationale.clone().unwrap_or_default();
    let risk_word = |risk: Risk| match risk {
        Risk::Low => m.risk_low(),
        Risk::Medium => m.risk_medium(),
        Risk::High => m.risk_high(),
    };
    let badges = El::new("div")
        .class("cs-badges")
        .maybe(rationale.confidence.map(|confidence| confidence_meter(&lang, confidence)))
        .maybe(rationale.risk.map(|risk| El::new("span").class("cs-risk").attr("data-risk", risk.as_str()).text_of(&fill(m.risk(), &[("risk", risk_word(risk))]))))
        .maybe(rationale.model.as_ref().map(|model| El::new("span").class("cs-muted").text_of(&fill(m.model(), &[("model", model)]))));
    let summary = rationale.summary.as_ref().and_then(|source| {
        let container = El::new("div").class("cs-summary");
        let document = container.node().owner_document()?;
        append_markdown(&document, container.node(), source);
        Some(container)
    });
    let list = El::new("ul").class("cs-points").children(rationale.points.iter().enumerate().map(|(index, point)| point_view(&points, index, point)));
    // An item without a rationale says so, rather than showing an empty panel that looks
    // like one still loading: the person then knows the draft comes with nothing to check.
    let none = rationale.is_empty().then(|| El::new("p").class("cs-muted").attr("data-empty", "rationale").text(m.no_rationale()));
    El::new("aside").attr("part", "rationale").class("cs-rationale").attr("aria-label", m.rationale_label()).child(El::new("h3").text(m.rationale_heading())).child(badges).maybe(summary).maybe(none).child(list)
}
