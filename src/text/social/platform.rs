//! The six platforms and their limits (one table; `config.platformLimits` overrides any of
//! them), and which platforms a post goes to. How each counts a post is in [`super::count`],
//! where its feed folds it in [`super::fold`]. Facts: `../shared/platforms.md`.

/// A social network a post can go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Platform {
    /// X (Twitter).
    X,
    /// LinkedIn.
    LinkedIn,
    /// Facebook.
    Facebook,
    /// Instagram.
    Instagram,
    /// Threads.
    Threads,
    /// Bluesky.
    Bluesky,
}

/// One row of the limits table.
pub(super) struct Facts {
    id: &'static str,
    name: &'static str,
    limit: usize,
    /// Characters the feed shows before "… see more".
    fold: Option<usize>,
    /// The most hashtags it takes, where it limits them.
    pub(super) hashtags: Option<usize>,
    /// The most links it takes, where it limits them.
    pub(super) links: Option<usize>,
}

const FACTS: [Facts; 6] = [
    Facts { id: "x", name: "X", limit: 280, fold: None, hashtags: None, links: None },
    Facts { id: "linkedin", name: "LinkedIn", limit: 3_000, fold: Some(210), hashtags: None, links: None },
    Facts { id: "facebook", name: "Facebook", limit: 63_206, fold: Some(480), hashtags: None, links: None },
    Facts { id: "instagram", name: "Instagram", limit: 2_200, fold: Some(125), hashtags: Some(MAX_INSTAGRAM_HASHTAGS), links: None },
    Facts { id: "threads", name: "Threads", limit: 500, fold: None, hashtags: Some(MAX_THREADS_HASHTAGS), links: Some(MAX_THREADS_LINKS) },
    Facts { id: "bluesky", name: "Bluesky", limit: 300, fold: None, hashtags: Some(MAX_BLUESKY_HASHTAGS), links: None },
];

/// Instagram flags more hashtags than this.
pub const MAX_INSTAGRAM_HASHTAGS: usize = 5;
/// Threads flags more hashtags than this: a post has one topic.
pub const MAX_THREADS_HASHTAGS: usize = 1;
/// Threads flags more links than this.
pub const MAX_THREADS_LINKS: usize = 5;
/// Bluesky flags more hashtags than this (its tags).
pub const MAX_BLUESKY_HASHTAGS: usize = 8;
/// Bluesky's second limit, in UTF-8 bytes.
pub const MAX_BLUESKY_BYTES: usize = 3_000;

impl Platform {
    /// Every platform, in the contract's order.
    pub const ALL: [Platform; 6] = [Platform::X, Platform::LinkedIn, Platform::Facebook, Platform::Instagram, Platform::Threads, Platform::Bluesky];

    /// Its row of the limits table.
    pub(super) fn facts(self) -> &'static Facts {
        &FACTS[self as usize]
    }

    /// The wire name, as in `"platforms": ["x"]`.
    pub fn id(self) -> &'static str {
        self.facts().id
    }

    /// The platform named `id`, if any.
    pub fn parse(id: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|platform| platform.id() == id)
    }

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// The name people know the platform `id` by, or `id` itself for one that is not known.
    pub fn name_of(id: &str) -> String {
        Platform::parse(id).map_or_else(|| id.to_string(), |platform| platform.name().to_string())
    }

    /// Its limit unless the host overrides it.
    pub fn default_limit(self) -> usize {
        self.facts().limit
    }

    /// Characters its feed shows before folding the rest behind "see more".
    pub fn fold(self) -> Option<usize> {
        self.facts().fold
    }
}

/// The limit for `platform`: the host's override (`config.platformLimits`) or the default.
pub fn limit_for(platform: Platform, overrides: &[(String, usize)]) -> usize {
    overrides.iter().find(|(id, _)| id == platform.id()).map_or(platform.default_limit(), |(_, limit)| *limit)
}

/// The platforms a post goes to once `platform` is ticked (`on`) or unticked, in the order the
/// item lists them (`listed`): unticking a platform and ticking it again gives the post back as
/// it was, not reordered (which the result would call an edit).
pub fn retick(listed: &[String], ticked: &[String], platform: &str, on: bool) -> Vec<String> {
    listed.iter().filter(|candidate| if *candidate == platform { on } else { ticked.contains(candidate) }).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::social::count::count_post;
    use crate::text::social::graphemes::Native;

    #[test]
    fn hosts_override_limits_per_platform() {
        let overrides = vec![("x".to_string(), 25_000)];
        assert_eq!(limit_for(Platform::X, &overrides), 25_000);
        assert_eq!(limit_for(Platform::Threads, &overrides), 500);
        let long = "a".repeat(1_000);
        assert!(!count_post(Platform::X, &long, 25_000, &Native).is_over());
    }

    #[test]
    fn ticking_a_platform_back_keeps_the_items_order() {
        // Bug: ticking kept the platforms in the widget's own order (x first), so unticking X
        // on a post to ["linkedin", "x"] and ticking it again moved X's preview first and
        // the result said "edited" with nothing changed.
        let ids = |list: &[&str]| list.iter().map(|id| id.to_string()).collect::<Vec<String>>();
        let listed = ids(&["linkedin", "x", "bluesky"]);
        let without_x = retick(&listed, &listed, "x", false);
        assert_eq!(without_x, ids(&["linkedin", "bluesky"]));
        assert_eq!(retick(&listed, &without_x, "x", true), listed);
        assert_eq!(retick(&listed, &ids(&["bluesky"]), "linkedin", true), ids(&["linkedin", "bluesky"]));
    }
}
