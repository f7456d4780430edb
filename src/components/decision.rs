//! The decision bar: Approve, Reject (with the policy's reasons and a comment), Regenerate
//! (with feedback for the AI) and Skip. A decision the policy disallows is not offered; one for
//! which the policy requires a reason opens a form to give it, and approving a social post
//! over a platform's limit opens one to override it with a reason.

use std::rc::Rc;

use crate::runtime::*;
use wasm_bindgen::JsCast;

use super::dom::{after_render, El};
use crate::actions::{use_actions, Actions};
use crate::browser_text::BrowserText;
use crate::i18n::{fill, Messages};
use crate::model::{Decision, Kind, ReasonCode};
use crate::state::{use_review, Entry, Outcome, ReviewContext};

/// The wording of the form that completes a decision.
fn form_text(m: &'static Messages, decision: Decision) -> (&'static str, &'static str) {
    match decision {
        Decision::Rejected => (m.form_reject(), m.confirm_reject()),
        Decision::Regenerate => (m.form_regenerate(), m.confirm_regenerate()),
        Decision::Approved => (m.form_approve(), m.confirm_approve()),
        Decision::Skipped => (m.form_skip(), m.confirm_skip()),
    }
}

/// The bar's state and what its buttons do.
struct Bar {
    actions: Option<Actions>,
    state: ReviewContext,
    entry: Entry,
    decided: Memo<bool>,
    /// The decision whose form is open; each opening starts from an empty form.
    form: Value<Option<Decision>>,
    problem: Value<Option<String>>,
    reasons: Value<Vec<String>>,
    comment: Value<String>,
    feedback: Value<String>,
    /// The platforms a social post is over the limit on, when approving opened the override.
    overriding: Value<Vec<String>>,
}

impl Bar {
    fn needs_reason(&self, decision: Decision) -> bool {
        self.entry.item.policy.requires_reason(decision.as_str())
    }

    fn open_form(&self, decision: Option<Decision>) {
        self.reasons.set(Vec::new());
        self.comment.set(String::new());
        self.feedback.set(String::new());
        self.problem.set(None);
        self.overriding.set(Vec::new());
        self.form.set(decision);
    }

    /// The platforms a social post is over the limit on when `decision` approves it as it
    /// stands: approving then asks for an override. None for a post empty on a ticked
    /// platform, which is refused as empty, never offered "Approve anyway" for its limits first.
    fn over_limit(&self, decision: Decision) -> Vec<String> {
        if decision == Decision::Approved && self.entry.item.kind == Kind::SocialPost && self.entry.platforms_empty().is_empty() {
            self.entry.platforms_over_limit(&self.state.config.with_untracked(|config| config.platform_limits.clone()), &BrowserText)
        } else {
            Vec::new()
        }
    }

    fn submit(&self, decision: Decision) {
        let Some(actions) = self.actions else { return };
        let text = |signal: Value<String>| Some(signal.get_untracked()).filter(|text| !text.trim().is_empty());
        let in_form = self.form.get_untracked() == Some(decision);
        // An approval's reason form opened while the post was within its limits (or empty on
        // a platform) and the post is over one now: the form itself turns into "Approve
        // anyway", keeping the reasons and comment given, rather than refusing the approval
        // with no way to override it but Cancel and Approve again.
        if in_form && self.overriding.with_untracked(Vec::is_empty) {
            let over = self.over_limit(decision);
            if !over.is_empty() {
                let m = self.state.lang.with_untracked(|lang| lang.messages);
                self.problem.set(Some(fill(m.over_limit(), &[("platforms", &crate::text::join::joined(&over, ", "))])));
                self.overriding.set(over);
                return;
            }
        }
        let picked = if in_form { self.reasons.get_untracked() } else { Vec::new() };
        let feedback = if decision == Decision::Regenerate { text(self.feedback) } else { None };
        let comment = if in_form { text(self.comment) } else { None };
        let override_limits = in_form && decision == Decision::Approved && self.overriding.with_untracked(|over| !over.is_empty());
        // A decision moves on to the next item, which unmounts this bar: its problem line may
        // be gone by now.
        let problem = actions.decide(decision, picked, comment, feedback, override_limits).err();
        let _ = self.problem.try_set(problem);
    }

    fn press(&self, decision: Decision) {
        // Pressed again (or Ctrl+Enter) while its form is open: the form is submitted as
        // filled in, never opened afresh over what the person typed.
        if self.form.get_untracked() == Some(decision) {
            return self.submit(decision);
        }
        let over = self.over_limit(decision);
        if !over.is_empty() {
            // Never a silent approve over a limit: the person overrides it, with a reason.
            self.open_form(Some(decision));
            self.overriding.set(over);
        } else if matches!(decision, Decision::Rejected | Decision::Regenerate) || self.needs_reason(decision) {
            self.open_form(Some(decision));
        } else {
            self.submit(decision);
        }
    }
}

/// A checkbox for one reason code.
fn reason_box(bar: &Rc<Bar>, code: &ReasonCode) -> El {
    let reasons = bar.reasons;
    let picked_code = code.code.clone();
    let input = El::new("input").attr("type", "checkbox").attr_of("value", &code.code).on("change", move |event| {
        let on = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|input| input.checked());
        reasons.update(|picked| {
            picked.retain(|known| *known != picked_code);
            if on {
                picked.push(picked_code.clone());
            }
        });
    });
    El::new("label").class("cs-check").child(input).text_of(if code.label.is_empty() { &code.code } else { &code.label })
}

/// A labelled textarea bound to `signal`.
fn text_field(id: &'static str, label: &'static str, rows: &'static str, signal: Value<String>) -> [El; 2] {
    [
        El::new("label").class("cs-label").attr("for", id).text(label),
        El::new("textarea").attr("id", id).class("cs-input").attr("rows", rows).edit_with(move || signal.get(), move |text| signal.set(text)),
    ]
}

/// The form that completes `decision`.
fn form_view(bar: &Rc<Bar>, decision: Decision) -> El {
    let m = bar.state.messages();
    // The wording follows the override as it comes and goes, without building the form again:
    // the reasons ticked and the comment typed stay as they are.
    let overriding = bar.overriding;
    let wording = move || if overriding.with(Vec::is_empty) { form_text(m, decision) } else { (m.form_over_limit(), m.confirm_over_limit()) };
    let note = El::new("div").class("cs-override").children_with(move || {
        let over = overriding.get();
        let note = (!over.is_empty()).then(|| El::new("p").class("cs-problem").attr("data-override", "limits").text_of(&fill(m.over_limit_note(), &[("platforms", &crate::text::join::joined(&over, ", "))])));
        note.into_iter().collect()
    });
    let feedback = (decision == Decision::Regenerate).then(|| text_field("cs-feedback", m.feedback_label(), "3", bar.feedback));
    let reasons = El::new("div").class("cs-reasons-picker").children(bar.entry.item.policy.reason_codes.iter().map(|code| reason_box(bar, code)));
    let (confirming, cancelling) = (bar.clone(), bar.clone());
    let confirm = El::new("button")
        .class(if decision == Decision::Rejected { "cs-button cs-danger" } else { "cs-button cs-primary" })
        .attr("data-confirm", decision.as_str())
        .text_with(move || wording().1.to_string())
        .on("click", move |_| confirming.submit(decision));
    let cancel = El::new("button").class("cs-button").text(m.cancel()).on("click", move |_| cancelling.open_form(None));
    let form = El::new("fieldset")
        .class("cs-form")
        .attr_with("aria-label", move || Some(wording().0.to_string()))
        .child(El::new("legend").text_with(move || wording().0.to_string()))
        .child(note)
        .children(feedback.into_iter().flatten())
        .child(reasons)
        .children(text_field("cs-comment", m.comment_label(), "2", bar.comment))
        .child(El::new("div").class("cs-actions").child(confirm).child(cancel));
    // The form takes focus as it opens, at its first field, so the person (a keyboard's `r`
    // included) fills it in at once rather than tabbing through the whole widget to it.
    let opened = form.node().clone();
    after_render(move || {
        if let Some(field) = opened.query_selector("input, textarea").ok().flatten().and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = field.focus();
        }
    });
    form
}

/// The decision controls for `entry`.
pub fn decision_bar(entry: &Entry) -> El {
    let outcome = entry.outcome.clone();
    let bar = Rc::new(Bar {
        actions: use_actions(),
        state: use_review(),
        entry: entry.clone(),
        decided: Memo::new(move |_| outcome.get() != Outcome::Open),
        form: Value::new(None),
        problem: Value::new(None),
        reasons: Value::new(Vec::new()),
        comment: Value::new(String::new()),
        feedback: Value::new(String::new()),
        overriding: Value::new(Vec::new()),
    });
    let policy = bar.entry.item.policy.clone();
    let m = bar.state.messages();
    let (decided, form) = (bar.decided, bar.form);
    let button = |decision: Decision, part: &'static str, class: &'static str, label: &'static str, expands: bool| {
        let pressing = bar.clone();
        let button = El::new("button")
            .attr("part", part)
            .class(class)
            .text(label)
            .flag_with("disabled", move || decided.get())
            .on("click", move |_| pressing.press(decision));
        if expands { button.attr_with("aria-expanded", move || Some((form.get() == Some(decision)).to_string())) } else { button }
    };
    let buttons = El::new("div")
        .class("cs-actions")
        .maybe((policy.allow_approve || policy.allow_edit).then(|| button(Decision::Approved, "approve", "cs-button cs-primary", m.approve(), false)))
        .maybe(policy.allow_reject.then(|| button(Decision::Rejected, "reject", "cs-button cs-danger", m.reject(), true)))
        .maybe(policy.allow_regenerate.then(|| button(Decision::Regenerate, "regenerate", "cs-button", m.regenerate(), true)))
        .maybe(policy.allow_skip.then(|| button(Decision::Skipped, "skip", "cs-button", m.skip(), false)));
    let problem = bar.problem;
    let forms = El::new("div").children_with(move || form.get().filter(|_| !decided.get()).map(|decision| form_view(&bar, decision)).into_iter().collect());
    let problems = El::new("div").children_with(move || problem.get().map(|text| El::new("p").class("cs-problem").attr("role", "alert").text_of(&text)).into_iter().collect());
    El::new("div").class("cs-decisions").attr("role", "group").attr("aria-label", m.decision_group()).child(buttons).child(forms).child(problems)
}
