//! Rate limits on every flow that sends a message or checks a secret. Counters live in the
//! database, so a limit holds across all instances sharing it. Each rule's maximum can be
//! changed by the operator (`LATCH_LIMIT_<NAME>`, e.g. behind a corporate NAT where many people
//! share one address); the windows are fixed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use super::{Auth, Error, RequestMeta, Result, later};

/// At most `max` hits per `window` for one subject (an IP, a number, a user).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub name: &'static str,
    /// The environment variable that overrides `max`.
    pub variable: &'static str,
    pub max: i32,
    pub window: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const QUARTER: Duration = Duration::from_secs(15 * 60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

const fn rule(name: &'static str, variable: &'static str, max: i32, window: Duration) -> Rule {
    Rule {
        name,
        variable,
        max,
        window,
    }
}

// SMS: every path that sends one (login code, phone change, phone verification) counts here.
/// SMS pumping from one address (docs/DESIGN.md: 20 per IP per hour).
pub const SMS_PER_IP: Rule = rule("sms_ip", "LATCH_LIMIT_SMS_IP", 20, HOUR);
/// One number gets at most 5 SMS an hour (docs/DESIGN.md), and one a minute.
pub const SMS_PER_NUMBER: Rule = rule("sms_number", "LATCH_LIMIT_SMS_NUMBER", 5, HOUR);
pub const SMS_COOLDOWN: Rule = rule("sms_cooldown", "LATCH_LIMIT_SMS_COOLDOWN", 1, MINUTE);
/// One account cannot become an SMS pump by changing its number again and again.
pub const SMS_PER_USER: Rule = rule("sms_user", "LATCH_LIMIT_SMS_USER", 5, HOUR);
/// Every SMS this deployment sends in an hour (`SMS_BUDGET_PER_HOUR`): a ceiling on the bill
/// when a botnet spreads its requests over thousands of addresses and numbers.
pub const SMS_BUDGET: Rule = rule("sms_budget", "SMS_BUDGET_PER_HOUR", 500, HOUR);

// One-time codes.
/// Fresh codes are cheap to ask for: at most 3 codes an hour per destination and purpose,
/// however the destinations alternate, so the 5 tries of each code do not add up.
pub const CODES_PER_DESTINATION: Rule = rule(
    "codes_destination",
    "LATCH_LIMIT_CODES_DESTINATION",
    3,
    HOUR,
);
/// Failed code checks across all codes: 10 an hour per (user, purpose) and per (purpose,
/// destination), then every code is refused until the window ends. 10 guesses of 10^6 an
/// hour is a 1 in 100,000 chance per hour at most.
pub const CODE_FAILURES_PER_USER: Rule = rule(
    "code_failures_user",
    "LATCH_LIMIT_CODE_FAILURES_USER",
    10,
    HOUR,
);
pub const CODE_FAILURES_PER_DESTINATION: Rule = rule(
    "code_failures_destination",
    "LATCH_LIMIT_CODE_FAILURES_DESTINATION",
    10,
    HOUR,
);
/// SMS login codes also have a daily cap per number: 20 failures a day.
pub const SMS_LOGIN_FAILURES_PER_DAY: Rule = rule(
    "sms_login_failures_day",
    "LATCH_LIMIT_SMS_LOGIN_FAILURES_DAY",
    20,
    DAY,
);
/// One address checking codes for many accounts.
pub const CODE_CHECKS_PER_IP: Rule =
    rule("code_check_ip", "LATCH_LIMIT_CODE_CHECK_IP", 60, QUARTER);

// Passwords.
/// Guessing one account's password: 10 failures per 15 minutes, then wait out the window —
/// a back-off, never a permanent lock-out an attacker could inflict on the owner.
pub const PASSWORD_FAILURES: Rule = rule(
    "password_failures",
    "LATCH_LIMIT_PASSWORD_FAILURES",
    10,
    QUARTER,
);
/// One address trying many accounts.
pub const PASSWORD_LOGINS_PER_IP: Rule = rule(
    "password_login_ip",
    "LATCH_LIMIT_PASSWORD_LOGIN_IP",
    60,
    QUARTER,
);

/// Passkey logins begun from one address (each stores a ceremony for 5 minutes).
pub const PASSKEY_LOGINS_PER_IP: Rule = rule(
    "passkey_login_ip",
    "LATCH_LIMIT_PASSKEY_LOGIN_IP",
    60,
    QUARTER,
);

/// Passkey registrations begun: each stores a ceremony and may hash the current password. Per
/// account and per address, 20 an hour: a person adds a few passkeys in a lifetime.
pub const PASSKEY_REGISTRATIONS_PER_USER: Rule = rule(
    "passkey_register_user",
    "LATCH_LIMIT_PASSKEY_REGISTER_USER",
    20,
    HOUR,
);
pub const PASSKEY_REGISTRATIONS_PER_IP: Rule = rule(
    "passkey_register_ip",
    "LATCH_LIMIT_PASSKEY_REGISTER_IP",
    20,
    HOUR,
);

// Everything else that writes or sends.
/// Registration hashes a password and sends an email: 10 per address an hour.
pub const REGISTRATIONS_PER_IP: Rule = rule("register_ip", "LATCH_LIMIT_REGISTER_IP", 10, HOUR);
/// Emails carrying a code (resend, email change): 20 per address an hour.
pub const EMAILS_PER_IP: Rule = rule("email_ip", "LATCH_LIMIT_EMAIL_IP", 20, HOUR);
/// New email addresses and phone numbers one account asks to switch to: 10 an hour, counted
/// whether the address is free or taken, so the limit tells nothing of which.
pub const CONTACT_CHANGES_PER_USER: Rule = rule(
    "contact_change_user",
    "LATCH_LIMIT_CONTACT_CHANGE_USER",
    10,
    HOUR,
);
/// Reset links: one a minute per address, 20 requests an hour per IP.
pub const RESET_COOLDOWN: Rule = rule("reset_cooldown", "LATCH_LIMIT_RESET_COOLDOWN", 1, MINUTE);
pub const PASSWORD_RESETS_PER_IP: Rule = rule("reset_ip", "LATCH_LIMIT_RESET_IP", 20, HOUR);
/// Reset tokens tried (each try may hash a new password): 20 per address an hour.
pub const RESET_TOKENS_PER_IP: Rule =
    rule("reset_token_ip", "LATCH_LIMIT_RESET_TOKEN_IP", 20, HOUR);

// Login codes by email: known and unknown addresses count alike.
/// Login codes asked for from one client address: 20 an hour.
pub const EMAIL_LOGINS_PER_IP: Rule =
    rule("email_login_ip", "LATCH_LIMIT_EMAIL_LOGIN_IP", 20, HOUR);
/// One login code a minute to one address.
pub const EMAIL_LOGIN_COOLDOWN: Rule = rule(
    "email_login_cooldown",
    "LATCH_LIMIT_EMAIL_LOGIN_COOLDOWN",
    1,
    MINUTE,
);
/// Five login codes an hour to one address (its tries do not add up past 25 an hour, and
/// the failures count with the SMS login's).
pub const EMAIL_LOGIN_CODES: Rule = rule(
    "email_login_codes",
    "LATCH_LIMIT_EMAIL_LOGIN_CODES",
    5,
    HOUR,
);

/// Tries of one code sent to prove an address at the end of a sign-up through another
/// provider (the code lives in its sealed token, not in a row that could count them).
pub const SIGN_UP_CODE_TRIES: Rule = rule(
    "signup_code_tries",
    "LATCH_LIMIT_SIGNUP_CODE_TRIES",
    5,
    QUARTER,
);

/// Trips to other providers begun per client address: each holds a row for 10 minutes.
pub const UPSTREAM_STARTS_PER_IP: Rule = rule("upstream_ip", "LATCH_LIMIT_UPSTREAM_IP", 60, HOUR);

/// Every rule, for the operator's overrides and the README.
pub const ALL: [Rule; 26] = [
    SMS_PER_IP,
    SMS_PER_NUMBER,
    SMS_COOLDOWN,
    SMS_PER_USER,
    SMS_BUDGET,
    CODES_PER_DESTINATION,
    CODE_FAILURES_PER_USER,
    CODE_FAILURES_PER_DESTINATION,
    SMS_LOGIN_FAILURES_PER_DAY,
    CODE_CHECKS_PER_IP,
    PASSWORD_FAILURES,
    PASSWORD_LOGINS_PER_IP,
    PASSKEY_LOGINS_PER_IP,
    PASSKEY_REGISTRATIONS_PER_USER,
    PASSKEY_REGISTRATIONS_PER_IP,
    REGISTRATIONS_PER_IP,
    EMAILS_PER_IP,
    CONTACT_CHANGES_PER_USER,
    RESET_COOLDOWN,
    PASSWORD_RESETS_PER_IP,
    RESET_TOKENS_PER_IP,
    EMAIL_LOGINS_PER_IP,
    EMAIL_LOGIN_COOLDOWN,
    EMAIL_LOGIN_CODES,
    UPSTREAM_STARTS_PER_IP,
    SIGN_UP_CODE_TRIES,
];

/// The operator's maxima, by rule name; a rule not named keeps its default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits(HashMap<&'static str, i32>);

impl Limits {
    pub fn set(&mut self, rule: Rule, max: i32) {
        self.0.insert(rule.name, max);
    }

    pub fn get(&self, rule: Rule) -> Rule {
        Rule {
            max: self.0.get(rule.name).copied().unwrap_or(rule.max),
            ..rule
        }
    }
}

/// The rate-limit subject for a client address. IPv6 clients are keyed by their /64: one
/// household or server gets a whole /64, and counting single addresses would give it 2^64
/// fresh budgets.
pub fn ip_subject(meta: &RequestMeta) -> String {
    match meta.ip.map(|ip| ip.to_canonical()) {
        None => "unknown".to_owned(),
        Some(IpAddr::V4(ip)) => ip.to_string(),
        Some(IpAddr::V6(ip)) => {
            let prefix = u128::from(ip) & (u128::MAX << 64);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
    }
}

impl Auth {
    fn key(rule: Rule, subject: &str) -> String {
        format!("{}:{subject}", rule.name)
    }

    /// Counts a hit and refuses it when it is over the rule's maximum. One statement, so hits
    /// sent in parallel are all counted and at most `max` of them get through: a hit is a
    /// reservation, taken before the work it guards.
    pub(super) async fn hit(&self, rule: Rule, subject: &str) -> Result<()> {
        let rule = self.limits.get(rule);
        let now = self.clock.now();
        let counter = self
            .store
            .hit_rate_limit(&Self::key(rule, subject), now, later(now, rule.window))
            .await?;
        if counter.count > rule.max {
            return Err(self.limited(counter.window_end));
        }
        Ok(())
    }

    /// Gives back one hit: the reserved attempt succeeded, and only failures count.
    pub(super) async fn refund(&self, rule: Rule, subject: &str) -> Result<()> {
        Ok(self
            .store
            .refund_rate_limit(&Self::key(rule, subject), self.clock.now())
            .await?)
    }

    /// Ends the window: a success clears the failures before it.
    pub(super) async fn reset(&self, rule: Rule, subject: &str) -> Result<()> {
        Ok(self
            .store
            .clear_rate_limit(&Self::key(rule, subject))
            .await?)
    }

    fn limited(&self, window_end: chrono::DateTime<chrono::Utc>) -> Error {
        let wait = (window_end - self.clock.now()).num_milliseconds().max(0) as u64;
        Error::RateLimited {
            // Rounded up: a client that waits exactly this long gets through.
            retry_after: Duration::from_secs(wait.div_ceil(1000).max(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(ip: &str) -> RequestMeta {
        RequestMeta {
            ip: Some(ip.parse().unwrap()),
            ..RequestMeta::default()
        }
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        assert_eq!(
            ip_subject(&meta("2001:db8:1:2:aaaa::1")),
            ip_subject(&meta("2001:db8:1:2:bbbb::2"))
        );
        assert_ne!(
            ip_subject(&meta("2001:db8:1:2::1")),
            ip_subject(&meta("2001:db8:1:3::1"))
        );
        assert_eq!(ip_subject(&meta("2001:db8:1:2::1")), "2001:db8:1:2::/64");
    }

    #[test]
    fn ipv4_mapped_addresses_count_as_ipv4() {
        assert_eq!(ip_subject(&meta("::ffff:198.51.100.7")), "198.51.100.7");
        assert_eq!(ip_subject(&RequestMeta::default()), "unknown");
    }

    #[test]
    fn every_rule_has_its_own_name_and_variable() {
        let names: std::collections::HashSet<_> = ALL.iter().map(|r| r.name).collect();
        assert_eq!(names.len(), ALL.len());
        let variables: std::collections::HashSet<_> = ALL.iter().map(|r| r.variable).collect();
        assert_eq!(variables.len(), ALL.len());
        assert_eq!(SMS_BUDGET.variable, "SMS_BUDGET_PER_HOUR");
        assert_eq!(REGISTRATIONS_PER_IP.variable, "LATCH_LIMIT_REGISTER_IP");
    }

    #[test]
    fn overrides_change_only_the_maximum() {
        let mut limits = Limits::default();
        limits.set(REGISTRATIONS_PER_IP, 1000);
        assert_eq!(limits.get(REGISTRATIONS_PER_IP).max, 1000);
        assert_eq!(
            limits.get(REGISTRATIONS_PER_IP).window,
            REGISTRATIONS_PER_IP.window
        );
        assert_eq!(limits.get(SMS_PER_IP), SMS_PER_IP);
    }
}
