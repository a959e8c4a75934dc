//! Time comes in through a `Clock`, so tests move time forward instead of sleeping.

use std::sync::Mutex;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};

pub trait Clock: Send + Sync + 'static {
    /// Now, to the microsecond: the precision both databases keep, so a time read back compares
    /// equal to the one written.
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(6)
    }
}

/// The system clock plus an offset that only ever grows. For tests: `advance` jumps past a
/// code's lifetime while the server keeps running.
#[derive(Debug, Default)]
pub struct OffsetClock {
    offset: Mutex<TimeDelta>,
}

impl OffsetClock {
    pub fn advance(&self, by: std::time::Duration) {
        let by = TimeDelta::from_std(by).unwrap_or(TimeDelta::zero());
        if let Ok(mut offset) = self.offset.lock() {
            *offset += by;
        }
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = self.offset.lock().map(|o| *o).unwrap_or_default();
        SystemClock.now() + offset
    }
}

/// `at + duration`, saturating instead of panicking on absurd inputs.
pub fn later(at: DateTime<Utc>, duration: std::time::Duration) -> DateTime<Utc> {
    TimeDelta::from_std(duration)
        .ok()
        .and_then(|d| at.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `at - duration`, saturating.
pub fn earlier(at: DateTime<Utc>, duration: std::time::Duration) -> DateTime<Utc> {
    TimeDelta::from_std(duration)
        .ok()
        .and_then(|d| at.checked_sub_signed(d))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}
