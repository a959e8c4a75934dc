//! One parser per setting: each names its variable in its error.

use std::net::SocketAddr;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::{ConfigError, SmsConfig, bad};

pub(super) const DEFAULT_TWILIO_API_BASE: &str = "https://api.twilio.com";

/// The server secret keys every code and token hash; shorter keys weaken HMAC-SHA256 below 256 bits.
pub(super) const MIN_SECRET_BYTES: usize = 32;

pub(super) fn parse_addr(raw: Option<String>) -> Result<SocketAddr, ConfigError> {
    let addr = raw.unwrap_or_else(|| "127.0.0.1:3000".into());
    addr.parse()
        .map_err(|_| bad("LATCH_ADDR", format!("`{addr}` is not a host:port address")))
}

pub(super) fn parse_public_url(raw: Option<String>) -> Result<Url, ConfigError> {
    let public_url = raw.unwrap_or_else(|| "http://127.0.0.1:3000".into());
    http_url(&public_url).ok_or_else(|| {
        bad(
            "PUBLIC_URL",
            format!("`{public_url}` is not an http(s) URL"),
        )
    })
}

pub(super) fn parse_database_url(raw: Option<String>) -> Result<String, ConfigError> {
    let database_url = raw.unwrap_or_else(|| "sqlite://data/latch.db".into());
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|prefix| database_url.starts_with(prefix)) {
        Ok(database_url)
    } else {
        Err(bad(
            "DATABASE_URL",
            "must start with sqlite:// or postgres://",
        ))
    }
}

pub(super) fn parse_secret(
    raw: Option<String>,
    https: bool,
) -> Result<Option<SecretString>, ConfigError> {
    match raw {
        Some(s) if s.len() < MIN_SECRET_BYTES => Err(bad(
            "LATCH_SECRET",
            format!("must be at least {MIN_SECRET_BYTES} bytes"),
        )),
        // In production the key must not sit in the database beside the hashes it keys:
        // a leaked copy of the database would then hold both.
        None if https => Err(bad(
            "LATCH_SECRET",
            "must be set when PUBLIC_URL is https (the generated one is stored in the database)",
        )),
        other => Ok(other.map(SecretString::from)),
    }
}

pub(super) fn parse_smtp_url(
    raw: Option<String>,
    https: bool,
) -> Result<Option<SecretString>, ConfigError> {
    match raw {
        // The value may hold a password: never echo it.
        Some(s) if url_with_scheme(&s, &["smtp", "smtps"]).is_none() => Err(bad(
            "SMTP_URL",
            "is not an smtp:// or smtps:// URL with a host",
        )),
        Some(s) => Ok(Some(SecretString::from(s))),
        None if https => Err(bad(
            "SMTP_URL",
            "must be set when PUBLIC_URL is https (emails would be printed to the log)",
        )),
        None => Ok(None),
    }
}

pub(super) fn parse_mail_from(raw: Option<String>) -> Result<String, ConfigError> {
    let mail_from = raw.unwrap_or_else(|| "Latch <no-reply@localhost>".into());
    match mail_from.parse::<lettre::message::Mailbox>() {
        Ok(_) => Ok(mail_from),
        Err(_) => Err(bad(
            "MAIL_FROM",
            format!("`{mail_from}` is not a mailbox like `Latch <no-reply@example.com>`"),
        )),
    }
}

/// `SMS_PROVIDER` and the settings of the provider it names.
pub(super) fn parse_sms(
    get: &impl Fn(&str) -> Option<String>,
    https: bool,
) -> Result<SmsConfig, ConfigError> {
    let provider = get("SMS_PROVIDER");
    let provider = provider.as_deref().unwrap_or("log");
    let required = |variable: &'static str| {
        get(variable).ok_or_else(|| {
            bad(
                variable,
                format!("is required with SMS_PROVIDER={provider}"),
            )
        })
    };
    let url = |variable: &'static str, raw: &str| {
        http_url(raw).ok_or_else(|| bad(variable, "is not an http(s) URL"))
    };
    match provider {
        "log" if https => Err(bad(
            "SMS_PROVIDER",
            "`log` prints codes and is refused when PUBLIC_URL is https",
        )),
        "log" => Ok(SmsConfig::Log),
        "webhook" => Ok(SmsConfig::Webhook {
            url: url("SMS_WEBHOOK_URL", &required("SMS_WEBHOOK_URL")?)?,
        }),
        "twilio" => {
            let account_sid = required("TWILIO_ACCOUNT_SID")?;
            let auth_token = SecretString::from(required("TWILIO_AUTH_TOKEN")?);
            let from = required("TWILIO_FROM")?;
            let base = get("TWILIO_API_BASE").unwrap_or_else(|| DEFAULT_TWILIO_API_BASE.into());
            Ok(SmsConfig::Twilio {
                account_sid,
                auth_token,
                from,
                api_base: url("TWILIO_API_BASE", &base)?,
            })
        }
        other => Err(bad(
            "SMS_PROVIDER",
            format!("`{other}` is not one of log, webhook, twilio"),
        )),
    }
}

/// A comma-separated list, empty items skipped; the first item `parse` refuses is reported as
/// "`item` is not `what`".
pub(super) fn parse_list<T>(
    variable: &'static str,
    raw: Option<String>,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, ConfigError> {
    let Some(list) = raw else {
        return Ok(Vec::new());
    };
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| parse(s).ok_or_else(|| bad(variable, format!("`{s}` is not {what}"))))
        .collect()
}

/// A number in `range`, else "`raw` is not `what`".
pub(super) fn parse_number<T: std::str::FromStr + PartialOrd>(
    variable: &'static str,
    raw: &str,
    range: impl std::ops::RangeBounds<T>,
    what: &str,
) -> Result<T, ConfigError> {
    raw.parse::<T>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| bad(variable, format!("`{raw}` is not {what}")))
}

/// The operator's rate-limit maxima (`LATCH_LIMIT_<RULE>`, `SMS_BUDGET_PER_HOUR`), SMS
/// countries (`SMS_ALLOWED_COUNTRIES`), audit retention (`AUDIT_RETENTION_DAYS`) and the
/// addresses made admins once verified (`LATCH_ADMIN_EMAILS`).
pub(super) fn parse_policy(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<crate::auth::Policy, ConfigError> {
    let mut policy = crate::auth::Policy::default();
    parse_limits(get, &mut policy.limits)?;
    policy
        .sms_countries
        .extend(parse_sms_countries(get("SMS_ALLOWED_COUNTRIES"))?);
    if let Some(retention) = parse_audit_retention(get("AUDIT_RETENTION_DAYS"))? {
        policy.audit_retention = retention;
    }
    policy.admin_emails = parse_list(
        "LATCH_ADMIN_EMAILS",
        get("LATCH_ADMIN_EMAILS"),
        "an email address",
        |raw| {
            crate::auth::Email::parse(raw)
                .ok()
                .map(|e| e.as_str().to_owned())
        },
    )?;
    Ok(policy)
}

pub(super) fn parse_limits(
    get: &impl Fn(&str) -> Option<String>,
    limits: &mut crate::auth::rate_limit::Limits,
) -> Result<(), ConfigError> {
    for rule in crate::auth::rate_limit::ALL {
        if let Some(raw) = get(rule.variable) {
            let max = parse_number(rule.variable, &raw, 1.., "a whole number of at least 1")?;
            limits.set(rule, max);
        }
    }
    Ok(())
}

/// Two-letter codes, upper-cased first (so a refused code is quoted upper-cased too).
pub(super) fn parse_sms_countries(raw: Option<String>) -> Result<Vec<String>, ConfigError> {
    parse_list(
        "SMS_ALLOWED_COUNTRIES",
        raw.map(|list| list.to_uppercase()),
        "a two-letter ISO 3166 country code like US",
        |code| {
            (code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()))
                .then(|| code.to_owned())
        },
    )
}

pub(super) fn parse_audit_retention(raw: Option<String>) -> Result<Option<Duration>, ConfigError> {
    raw.map(|raw| {
        let days: u64 = parse_number(
            "AUDIT_RETENTION_DAYS",
            &raw,
            1..=36_500,
            "a number of days from 1 to 36500",
        )?;
        Ok(Duration::from_secs(days * 24 * 3600))
    })
    .transpose()
}

pub(super) fn parse_shutdown_delay(raw: Option<String>) -> Result<Duration, ConfigError> {
    let Some(raw) = raw else {
        return Ok(Duration::ZERO);
    };
    let seconds: u64 = parse_number(
        "LATCH_SHUTDOWN_DELAY",
        &raw,
        0..=60,
        "a number of seconds from 0 to 60",
    )?;
    Ok(Duration::from_secs(seconds))
}

pub(super) fn parse_log_filter(raw: Option<String>) -> Result<String, ConfigError> {
    let log_filter = raw.unwrap_or_else(|| "info".into());
    match tracing_subscriber::EnvFilter::try_new(&log_filter) {
        Ok(_) => Ok(log_filter),
        Err(_) => Err(bad(
            "RUST_LOG",
            format!("`{log_filter}` is not a log filter"),
        )),
    }
}

/// A URL with one of `schemes` and a host.
pub(super) fn url_with_scheme(raw: &str, schemes: &[&str]) -> Option<Url> {
    Url::parse(raw)
        .ok()
        .filter(|u| schemes.contains(&u.scheme()) && u.host().is_some())
}

pub(super) fn http_url(raw: &str) -> Option<Url> {
    url_with_scheme(raw, &["http", "https"])
}

/// `https://app.example.com[:port]` with nothing after it; returned in the form browsers send.
pub(super) fn parse_origin(raw: &str) -> Option<String> {
    let url = http_url(raw)?;
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    let no_userinfo = url.username().is_empty() && url.password().is_none();
    (bare && no_userinfo && !raw.trim_end_matches('/').ends_with(':'))
        .then(|| url.origin().ascii_serialization())
}
