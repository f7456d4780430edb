//! Active review time: only the milliseconds during which the page was visible and focused
//! count towards a result's `active_ms`. Pure; the element feeds it timestamps.

/// Accumulates attentive time between checkpoints.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ActiveClock {
    /// When the current attentive stretch (or its last checkpoint) began; `None` while away.
    since: Option<f64>,
}

impl ActiveClock {
    /// A clock that starts attentive (or not) at `now` (milliseconds).
    pub fn new(attentive: bool, now: f64) -> ActiveClock {
        ActiveClock { since: attentive.then_some(now) }
    }

    /// Milliseconds of attention since the last checkpoint; starts a new stretch at `now`.
    pub fn take(&mut self, now: f64) -> f64 {
        match self.since {
            Some(start) => {
                self.since = Some(now);
                (now - start).max(0.0)
            }
            None => 0.0,
        }
    }

    /// Records that the person's attention changed at `now`, returning what accrued before it.
    pub fn set_attentive(&mut self, attentive: bool, now: f64) -> f64 {
        let accrued = self.take(now);
        self.since = attentive.then_some(now);
        accrued
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_away_from_the_page_does_not_count() {
        let mut clock = ActiveClock::new(true, 1_000.0);
        assert_eq!(clock.set_attentive(false, 4_000.0), 3_000.0);
        assert_eq!(clock.take(60_000.0), 0.0, "hidden or blurred time must not count");
        assert_eq!(clock.set_attentive(true, 60_000.0), 0.0);
        assert_eq!(clock.take(62_500.0), 2_500.0);
        assert_eq!(clock.take(63_000.0), 500.0, "each checkpoint counts only what came after the last");
    }

    #[test]
    fn a_clock_that_starts_away_counts_nothing_until_attention_returns() {
        let mut clock = ActiveClock::new(false, 0.0);
        assert_eq!(clock.take(10_000.0), 0.0);
        clock.set_attentive(true, 10_000.0);
        assert_eq!(clock.take(10_250.0), 250.0);
    }

    #[test]
    fn a_clock_going_backwards_never_gives_negative_time() {
        let mut clock = ActiveClock::new(true, 5_000.0);
        assert_eq!(clock.take(4_000.0), 0.0);
    }
}
