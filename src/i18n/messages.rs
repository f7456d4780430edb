//! Every sentence and label the widget shows, as one struct with a field per message. A
//! locale is a file that fills in every field of [`LocaleTexts`] (`en.rs`, `de.rs`…): a missing message is a
//! compile error, not an English word left in a German widget.
//!
//! Conventions inside a message: `{name}` is filled in by [`super::fill`]; `|` separates the
//! plural forms `one|other` (the form for "other" is also used for categories a locale has and
//! English lacks); a message without `|` is the same for every count.
//!
//! Those structs are read at compile time only: each locale ships [`join`]ed into one string,
//! which the widget splits once into [`Messages`].

macro_rules! messages {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        /// One locale's messages as its file writes them, read at compile time only.
        pub struct LocaleTexts {
            $($(#[$doc])* pub $key: &'static str,)*
        }

        /// How many messages a locale has.
        pub const MESSAGE_COUNT: usize = [$(stringify!($key)),*].len();

        /// Each message's place in a locale's texts.
        #[allow(non_camel_case_types)]
        enum Key {
            $($key,)*
        }

        impl LocaleTexts {
            /// Every message with its key, in declaration order (for tests and tooling).
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key),)*]
            }

            /// Every message in declaration order, at compile time (see [`join`]).
            pub const fn texts(&self) -> [&'static str; MESSAGE_COUNT] {
                [$(self.$key),*]
            }
        }

        /// One locale's messages as the widget reads them: split from the locale's [`join`]ed
        /// text, one method per message.
        pub struct Messages {
            texts: [&'static str; MESSAGE_COUNT],
        }

        impl Messages {
            $($(#[$doc])* pub fn $key(&self) -> &'static str {
                self.texts[Key::$key as usize]
            })*

            /// The messages of a locale's [`join`]ed text (a missing one is empty).
            pub fn from_joined(joined: &'static str) -> Messages {
                let mut texts = [""; MESSAGE_COUNT];
                for (slot, text) in texts.iter_mut().zip(joined.split(char::from(SEPARATOR))) {
                    *slot = text;
                }
                Messages { texts }
            }

            /// Every message with its key, in declaration order (for tests and tooling).
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key()),)*]
            }
        }
    };
}

/// What ends each message in a joined text: the ASCII unit separator, which no message holds.
pub const SEPARATOR: u8 = 0x1f;

/// The length of `texts` [`join`]ed.
pub const fn joined_len(texts: &[&str]) -> usize {
    let (mut len, mut at) = (0, 0);
    while at < texts.len() {
        len += texts[at].len() + 1;
        at += 1;
    }
    len
}

/// `texts` as one run of bytes, each followed by [`SEPARATOR`]; `N` is their [`joined_len`].
/// Run at compile time: a locale ships as one string the widget splits once, rather than as
/// a table of a pointer and a length per message (about 1.3 KB per locale that compresses
/// poorly). A message holding the separator fails the build.
pub const fn join<const N: usize>(texts: &[&str]) -> [u8; N] {
    let mut out = [0; N];
    let (mut at, mut text) = (0, 0);
    while text < texts.len() {
        let bytes = texts[text].as_bytes();
        let mut byte = 0;
        while byte < bytes.len() {
            assert!(bytes[byte] != SEPARATOR, "a message contains the separator U+001F");
            out[at] = bytes[byte];
            at += 1;
            byte += 1;
        }
        out[at] = SEPARATOR;
        at += 1;
        text += 1;
    }
    out
}

/// A locale's `MESSAGES` [`join`]ed into one `&'static str`, at compile time.
macro_rules! joined {
    ($messages:path) => {{
        const TEXTS: [&str; $crate::i18n::messages::MESSAGE_COUNT] = $messages.texts();
        const BYTES: [u8; $crate::i18n::messages::joined_len(&TEXTS)] = $crate::i18n::messages::join(&TEXTS);
        match std::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("a joined locale is not UTF-8"),
        }
    }};
}
pub(crate) use joined;

messages! {
    // The shell
    /// The root section's accessible name.
    review_label,
    loading,
    nothing_to_review,
    // The queue
    queue_label,
    previous_item,
    next_item,
    /// "{current} of {total}"
    queue_position,
    /// Open items, plural: "{n} waiting"
    waiting_count,
    select_several,
    queue_items_label,
    row_waiting,
    /// "Approve selected ({n})"
    batch_approve,
    /// "Skip selected ({n})"
    batch_skip,
    /// "{decision}: {n} items.", plural
    batch_done,
    kind_email,
    kind_social_post,
    kind_message,
    kind_lead_list,
    // Decisions
    approve,
    reject,
    regenerate,
    skip,
    undo,
    decision_group,
    decided_approved,
    decided_rejected,
    decided_regenerate,
    decided_skipped,
    form_approve,
    confirm_approve,
    form_reject,
    confirm_reject,
    form_regenerate,
    confirm_regenerate,
    form_skip,
    confirm_skip,
    form_over_limit,
    confirm_over_limit,
    /// "{platforms}"
    over_limit_note,
    feedback_label,
    comment_label,
    cancel,
    // Why a decision cannot be made
    nothing_to_decide,
    already_decided,
    reason_required_approve,
    reason_required_reject,
    reason_required_regenerate,
    reason_required_skip,
    not_allowed,
    needs_edit,
    not_json_object,
    /// "{platforms}"
    over_limit,
    override_needs_reason,
    /// "{n}"
    bad_verdict,
    no_platform,
    /// "{platforms}"
    empty_post,
    empty_email,
    /// "{what}" (one of the `too_long_…` names), "{n}", "{max}"
    too_long,
    too_long_subject,
    too_long_body,
    /// "{platform}"
    too_long_variant,
    /// "{name}"
    too_long_lead_note,
    /// "{name}"
    too_long_exclusion_reason,
    too_long_comment,
    too_long_feedback,
    /// "{n}"
    too_long_point_note,
    /// "{n}", "{max}" (KiB)
    too_large,
    /// "{problem}" (the server's words, in English: `reasons: 1001 entries; …`)
    unsendable,
    /// "{title}"
    batch_already_decided,
    /// "{title}"
    batch_no_skip,
    /// "{title}"
    batch_needs_edit,
    /// "{title}"
    batch_needs_reason_approve,
    /// "{title}"
    batch_needs_reason_skip,
    /// "{title}"
    batch_over_limit,
    /// "{title}", "{platforms}"
    batch_empty_post,
    /// "{title}"
    batch_empty_email,
    /// "{title}", "{problem}" (a `too_long`, `too_large` or `unsendable` sentence)
    batch_too_long,
    // Announcements
    /// "{decision}: {title}."
    announce_decided,
    /// "{decision}: {title}." and that the host delivers it
    announce_handed,
    /// "{decision}: {title}." and "{n}" seconds to undo, plural
    announce_held,
    announce_undone,
    announce_delivered,
    /// "{message}"
    announce_retry,
    /// "{message}"
    announce_failed,
    announce_copied,
    announce_copy_refused,
    // The draft
    /// "{decision}", "{time}"
    banner_waiting,
    /// "{decision}", "{time}"
    banner_delivered,
    /// "{decision}", "{time}"
    banner_handed,
    /// "{decision}", "{time}"
    banner_elsewhere,
    /// "{decision}", "{time}"
    banner_delivered_elsewhere,
    banner_changed,
    to,
    crm_fields,
    subject,
    email_body,
    message_body,
    // Invalid items
    /// plural "{n}"
    invalid_heading,
    invalid_label,
    // The rationale
    rationale_label,
    rationale_heading,
    /// in place of the rationale, when the item has none
    no_rationale,
    confidence,
    /// "{n}" followed by the percent sign as the locale writes it
    percent,
    /// "{risk}"
    risk,
    risk_low,
    risk_medium,
    risk_high,
    /// "{model}"
    model,
    /// "{quote}" between the locale's quotation marks
    quoted,
    found_in_draft,
    not_found_in_draft,
    verdict_group,
    agree,
    disagree,
    why_optional,
    verdict_note,
    // Lead lists
    leads_label,
    leads_help,
    /// "{name}", "{position}"
    lead_position,
    /// "{n}"
    moved_up,
    /// "{n}"
    moved_down,
    /// "{percent}"
    score,
    exclude,
    restore,
    note,
    excluded,
    /// "{name}"
    why_excluded,
    /// "{name}", "{position}", "{count}"
    lead_moved,
    /// "{name}"
    lead_excluded,
    /// "{name}"
    lead_dropped,
    /// "{name}", "{position}"
    lead_picked_up,
    // Social posts
    post_to,
    edit_text_for,
    all_platforms,
    /// "{platform}"
    text_for,
    shared_text,
    use_shared_text,
    /// plural "{n}"
    missing_alt,
    your_account,
    image_without_alt,
    /// Facebook's fold
    see_more,
    /// Threads', X's and Bluesky's fold
    show_more,
    /// LinkedIn's fold
    see_more_linkedin,
    /// Instagram's fold
    more_instagram,
    /// "{platform}"
    preview_label,
    /// "{platform}", "{count}", "{limit}", "{unit}"
    counter_label,
    unit_characters,
    unit_weighted,
    unit_reserved,
    unit_graphemes,
    /// "{n}"
    over_by,
    cannot_post,
    /// "{n}"
    left,
    /// "{found}", "{max}"
    too_many_hashtags,
    /// "{found}", "{max}"
    too_many_links,
    /// "{found}", "{max}"
    too_many_bytes,
    invalid_character,
    // Delivery
    /// plural "{n}"
    status_held,
    /// "{n}"
    status_sending,
    /// "{n}", "{message}"
    status_retrying,
    /// "{n}", "{message}"
    status_conflict,
    /// "{n}", "{message}"
    status_failed,
    status_all_delivered,
    /// "{text}"
    status_offline,
    /// "{text}"
    status_local_storage,
    /// "{text}"
    status_memory,
    copy_json,
    retry,
    // Keyboard help
    help_title,
    close,
    key_command_enter,
    key_escape,
    key_move_lead,
    key_grab_lead,
    help_command_enter,
    help_escape,
    help_move_lead,
    help_grab_lead,
    help_exclude_lead,
    action_approve,
    action_reject,
    action_regenerate,
    action_skip,
    action_undo,
    action_next,
    action_previous,
    action_edit,
    action_help,
    // Social posts, continued
    /// plural "{n}": the bytes a post within its limit is over the platform's bytes by (Bluesky)
    bytes_over_by,
}
