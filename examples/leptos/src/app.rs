//! The example's one page: a review of one email with `countersign::ReviewWidget`, and what
//! came back from it.

use countersign::model::{Decision, ReviewResult};
use countersign::{Delivered, ReviewWidget};
use leptos::prelude::*;

/// The queue, inline: one email as an AI backend would hand it over (see README.md, "ReviewItem").
const ITEMS: &str = r#"[{
  "id": "example-leptos",
  "kind": "email",
  "title": "Follow-up after the demo",
  "draft": {
    "subject": "Your Q3 forecast",
    "body": "Hi Maria,\n\nAs promised, the forecast template is attached. Shall we go through it on Thursday?\n\nBest,\nSam"
  },
  "rationale": {
    "summary": "Maria asked for the template on **Tuesday's call**.",
    "confidence": 0.82,
    "risk": "low",
    "points": [{ "text": "She asked for the forecast template", "quote": "the forecast template is attached" }]
  }
}]"#;

/// The page: the widget, which posts results to the reference server's `/api/results`, the
/// delivery it reports and the text the person approved.
#[component]
pub fn App() -> impl IntoView {
    let (delivered, set_delivered) = signal(String::new());
    let (final_text, set_final_text) = signal(String::new());
    let on_decision = move |result: ReviewResult| {
        if result.decision == Decision::Approved {
            set_final_text.set(result.final_content.body.unwrap_or_default());
        }
    };
    let on_delivered = move |delivered: Delivered| set_delivered.set(format!("Delivered {}: {}", delivered.item_id, delivered.status));

    view! {
        <main>
            <h1>"Leptos host"</h1>
            <ReviewWidget
                items=ITEMS
                submit_url="/api/results"
                reviewer=r#"{"id":"u-17","name":"Dana Kim"}"#
                on_decision=on_decision
                on_delivered=on_delivered
            />
            <h2>"Delivery"</h2>
            <output id="delivered">{delivered}</output>
            <h2>"Approved text"</h2>
            <pre id="final-text">{final_text}</pre>
        </main>
    }
}
