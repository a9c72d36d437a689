//! Where "now" comes from. Sessions and the audit log take the instant as an argument; the server asks
//! a `Clock` for it, so tests can move time with `ManualClock` instead of sleeping.

use crate::domain::session_policy::Timestamp;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        // A clock before 1970 or after 9999 is broken; clamp rather than fail every request.
        Timestamp::from_unix_millis(millis).unwrap_or(if millis < 0 {
            Timestamp::EPOCH
        } else {
            Timestamp::MAX
        })
    }
}

/// A clock that moves only when told to. Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    millis: Arc<AtomicI64>,
}

impl ManualClock {
    pub fn starting_at(t: Timestamp) -> ManualClock {
        ManualClock {
            millis: Arc::new(AtomicI64::new(t.unix_millis())),
        }
    }

    pub fn set(&self, t: Timestamp) {
        self.millis.store(t.unix_millis(), Ordering::SeqCst);
    }

    pub fn advance(&self, d: Duration) {
        self.set(self.now().plus(d));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_unix_millis(self.millis.load(Ordering::SeqCst)).unwrap_or(Timestamp::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told_and_clones_share_time() {
        let start = Timestamp::parse_iso("2026-11-27T08:00:00.000Z").expect("instant");
        let clock = ManualClock::starting_at(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(Duration::from_secs(90));
        assert_eq!(clock.now().to_iso(), "2026-11-27T08:01:30.000Z");
    }

    #[test]
    fn system_clock_is_after_this_code_was_written() {
        let written = Timestamp::parse_iso("2026-11-27T00:00:00.000Z").expect("instant");
        assert!(SystemClock.now() > written);
    }
}
