//! Rate limits on every flow that sends a message or checks a secret. Counters live in the
//! database, so a limit holds across all instances sharing it.

use std::time::Duration;

use super::{Auth, Error, Result, later};

/// At most `max` hits per `window` for one subject (an IP, a number, an identifier).
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub name: &'static str,
    pub max: i32,
    pub window: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// SMS pumping: one IP asking for codes to many numbers (DESIGN.md: 20 per IP per hour).
pub const OTP_REQUESTS_PER_IP: Rule = Rule {
    name: "otp_request_ip",
    max: 20,
    window: HOUR,
};
/// One number gets at most 5 SMS an hour (DESIGN.md).
pub const SMS_PER_NUMBER: Rule = Rule {
    name: "sms_number",
    max: 5,
    window: HOUR,
};
/// And at most one code a minute.
pub const SMS_COOLDOWN: Rule = Rule {
    name: "sms_cooldown",
    max: 1,
    window: MINUTE,
};
/// Guessing one account's password: 10 failures per 15 minutes, then wait out the window —
/// a back-off, never a permanent lock-out an attacker could inflict on the owner.
pub const PASSWORD_FAILURES: Rule = Rule {
    name: "password_failures",
    max: 10,
    window: Duration::from_secs(15 * 60),
};
/// One IP trying many accounts or codes.
pub const PASSWORD_LOGINS_PER_IP: Rule = Rule {
    name: "password_login_ip",
    max: 60,
    window: Duration::from_secs(15 * 60),
};
/// Reset links: one a minute per address, 20 requests an hour per IP.
pub const RESET_COOLDOWN: Rule = Rule {
    name: "reset_cooldown",
    max: 1,
    window: MINUTE,
};
pub const PASSWORD_RESETS_PER_IP: Rule = Rule {
    name: "reset_ip",
    max: 20,
    window: HOUR,
};
pub const CODE_CHECKS_PER_IP: Rule = Rule {
    name: "code_check_ip",
    max: 60,
    window: Duration::from_secs(15 * 60),
};

impl Auth {
    /// Counts a hit and refuses it when it is over the rule's maximum.
    pub(super) async fn hit(&self, rule: Rule, subject: &str) -> Result<()> {
        let now = self.clock.now();
        let key = format!("{}:{subject}", rule.name);
        let counter = self
            .store
            .hit_rate_limit(&key, now, later(now, rule.window))
            .await?;
        if counter.count > rule.max {
            return Err(self.limited(counter.window_end));
        }
        Ok(())
    }

    /// Refuses when the rule's maximum is already reached, without counting.
    pub(super) async fn check(&self, rule: Rule, subject: &str) -> Result<()> {
        let now = self.clock.now();
        let key = format!("{}:{subject}", rule.name);
        match self.store.peek_rate_limit(&key, now).await? {
            Some(counter) if counter.count >= rule.max => Err(self.limited(counter.window_end)),
            _ => Ok(()),
        }
    }

    fn limited(&self, window_end: chrono::DateTime<chrono::Utc>) -> Error {
        let wait = (window_end - self.clock.now()).num_milliseconds().max(0) as u64;
        Error::RateLimited {
            // Rounded up: a client that waits exactly this long gets through.
            retry_after: Duration::from_secs(wait.div_ceil(1000).max(1)),
        }
    }
}
