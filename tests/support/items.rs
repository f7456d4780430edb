//! The items that the tests of several files mount: an email batch with a rationale and a
//! policy, a post to all six platforms, and a ranked lead list.

/// Two items: an email with points (one quote in the draft, one not), a policy and
/// metadata, then a message whose draft holds HTML.
pub const ITEMS: &str = r#"{"items":[
  {"id":"itm_1","version":"2","kind":"email","title":"Follow-up after the demo",
   "draft":{"subject":"Next steps","body":"Hi Sam, thanks for the demo. We are expanding into two regions."},
   "rationale":{"summary":"**Warm** lead <b>bold?</b>","confidence":0.7,"risk":"medium",
     "points":[{"text":"Mentions regions","quote":"expanding into two regions"},{"text":"Wrong claim","quote":"three new regions"}]},
   "policy":{"reason_required_for":["rejected"],"reason_codes":[{"code":"tone","label":"Wrong tone"}]},
   "metadata":{"run":7}},
  {"id":"itm_2","kind":"message","draft":{"body":"<img src=x onerror=alert(1)> Hello"}}
]}"#;

/// A post to every platform, with an X variant, an image without alt text and an account.
pub const SIX_PLATFORM_POST: &str = r#"[{"id":"post","kind":"social_post",
    "draft":{"body":"Launch day at #Acme: see acme.com/launch @friends",
      "platforms":["x","linkedin","facebook","instagram","threads","bluesky"],
      "variants":{"x":{"body":"Short for X"}},
      "media":[{"url":"https://example.com/a.png","alt":"Banner"},{"url":"https://example.com/b.png","alt":""}]},
    "context":{"account":{"name":"Acme Corp","handle":"acme"}}}]"#;

/// Four ranked leads with rationale points.
pub const LEADS: &str = r#"[{"id":"leads","kind":"lead_list","title":"Q4 leads",
    "leads":[{"id":"l1","name":"Dana Kim","score":0.91,"reasons":["Visited pricing 4x"]},
             {"id":"l2","name":"Omar Haddad","score":0.8},
             {"id":"l3","name":"Ines Duarte","score":0.7},
             {"id":"l4","name":"Kai Berg","score":0.5}],
    "rationale":{"points":[{"text":"Ranked by intent"},{"text":"Excludes customers"}]}}]"#;
