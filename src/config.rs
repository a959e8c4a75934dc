//! The only reader of environment variables: every setting of docs/API.md, parsed once at
//! start-up.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

/// Everything Latch needs to know about its surroundings, already checked.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub public_url: Url,
    pub database_url: String,
    pub secret: Option<SecretString>,
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    pub sms: SmsConfig,
    pub allowed_return_origins: Vec<String>,
    pub trusted_proxies: Vec<IpNet>,
    /// Rate-limit maxima, SMS countries, audit retention.
    pub policy: crate::auth::Policy,
    pub log_filter: String,
    /// Where cargo-leptos put the compiled site (WASM, JS, CSS, public files).
    pub site_root: PathBuf,
    /// After SIGTERM, how long to go on serving while `/readyz` answers 503, so a load
    /// balancer stops sending requests before the listener closes.
    pub shutdown_delay: Duration,
}

// Defined beside the sender it configures, so `notify` needs nothing from here.
pub use crate::notify::sms::SmsConfig;

/// A bad setting: names the variable so the operator knows what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn bad(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

const DEFAULT_TWILIO_API_BASE: &str = "https://api.twilio.com";
/// The server secret keys every code and token hash; shorter keys weaken HMAC-SHA256 below 256 bits.
const MIN_SECRET_BYTES: usize = 32;

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the configuration from any lookup, so tests need not touch the process environment.
    /// Settings are checked in the order of the struct, so the first bad one is the one reported.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let addr = parse_addr(get("LATCH_ADDR"))?;
        let public_url = parse_public_url(get("PUBLIC_URL"))?;
        let https = public_url.scheme() == "https";
        Ok(Config {
            addr,
            public_url,
            database_url: parse_database_url(get("DATABASE_URL"))?,
            secret: parse_secret(get("LATCH_SECRET"), https)?,
            smtp_url: parse_smtp_url(get("SMTP_URL"), https)?,
            mail_from: parse_mail_from(get("MAIL_FROM"))?,
            sms: parse_sms(&get, https)?,
            allowed_return_origins: parse_list(
                "ALLOWED_RETURN_ORIGINS",
                get("ALLOWED_RETURN_ORIGINS"),
                "an origin like https://app.example.com",
                parse_origin,
            )?,
            trusted_proxies: parse_list(
                "TRUSTED_PROXIES",
                get("TRUSTED_PROXIES"),
                "an IP address or CIDR",
                IpNet::parse,
            )?,
            policy: parse_policy(&get)?,
            log_filter: parse_log_filter(get("RUST_LOG"))?,
            site_root: PathBuf::from(
                get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            ),
            shutdown_delay: parse_shutdown_delay(get("LATCH_SHUTDOWN_DELAY"))?,
        })
    }

    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

fn parse_addr(raw: Option<String>) -> Result<SocketAddr, ConfigError> {
    let addr = raw.unwrap_or_else(|| "127.0.0.1:3000".into());
    addr.parse()
        .map_err(|_| bad("LATCH_ADDR", format!("`{addr}` is not a host:port address")))
}

fn parse_public_url(raw: Option<String>) -> Result<Url, ConfigError> {
    let public_url = raw.unwrap_or_else(|| "http://127.0.0.1:3000".into());
    http_url(&public_url).ok_or_else(|| {
        bad(
            "PUBLIC_URL",
            format!("`{public_url}` is not an http(s) URL"),
        )
    })
}

fn parse_database_url(raw: Option<String>) -> Result<String, ConfigError> {
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

fn parse_secret(raw: Option<String>, https: bool) -> Result<Option<SecretString>, ConfigError> {
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

fn parse_smtp_url(raw: Option<String>, https: bool) -> Result<Option<SecretString>, ConfigError> {
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

fn parse_mail_from(raw: Option<String>) -> Result<String, ConfigError> {
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
fn parse_sms(get: &impl Fn(&str) -> Option<String>, https: bool) -> Result<SmsConfig, ConfigError> {
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
fn parse_list<T>(
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
fn parse_number<T: std::str::FromStr + PartialOrd>(
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
fn parse_policy(get: &impl Fn(&str) -> Option<String>) -> Result<crate::auth::Policy, ConfigError> {
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

fn parse_limits(
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
fn parse_sms_countries(raw: Option<String>) -> Result<Vec<String>, ConfigError> {
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

fn parse_audit_retention(raw: Option<String>) -> Result<Option<Duration>, ConfigError> {
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

fn parse_shutdown_delay(raw: Option<String>) -> Result<Duration, ConfigError> {
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

fn parse_log_filter(raw: Option<String>) -> Result<String, ConfigError> {
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
fn url_with_scheme(raw: &str, schemes: &[&str]) -> Option<Url> {
    Url::parse(raw)
        .ok()
        .filter(|u| schemes.contains(&u.scheme()) && u.host().is_some())
}

fn http_url(raw: &str) -> Option<Url> {
    url_with_scheme(raw, &["http", "https"])
}

/// `https://app.example.com[:port]` with nothing after it; returned in the form browsers send.
fn parse_origin(raw: &str) -> Option<String> {
    let url = http_url(raw)?;
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    let no_userinfo = url.username().is_empty() && url.password().is_none();
    (bare && no_userinfo && !raw.trim_end_matches('/').ends_with(':'))
        .then(|| url.origin().ascii_serialization())
}

/// An IP network (`10.0.0.0/8`, `::1/128`, or a bare address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(raw: &str) -> Option<Self> {
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (raw.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return None;
        }
        // Client addresses are canonicalised (`::ffff:a.b.c.d` is IPv4), so a network written
        // in the mapped form must be too, or it would never match.
        match addr.to_canonical() {
            IpAddr::V4(v4) if addr.is_ipv6() && prefix >= 96 => Some(IpNet {
                addr: IpAddr::V4(v4),
                prefix: prefix - 96,
            }),
            _ => Some(IpNet { addr, prefix }),
        }
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    fn failing_variable(vars: &[(&str, &str)]) -> &'static str {
        config(vars)
            .expect_err("configuration should be refused")
            .variable
    }

    #[test]
    fn defaults_match_the_api_contract() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url.as_str(), "http://127.0.0.1:3000/");
        assert_eq!(c.database_url, "sqlite://data/latch.db");
        assert_eq!(c.mail_from, "Latch <no-reply@localhost>");
        assert!(matches!(c.sms, SmsConfig::Log));
        assert!(c.smtp_url.is_none() && c.secret.is_none());
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        assert_eq!(failing_variable(&[("LATCH_ADDR", "nope")]), "LATCH_ADDR");
        assert_eq!(failing_variable(&[("PUBLIC_URL", "ftp://x")]), "PUBLIC_URL");
        assert_eq!(
            failing_variable(&[("DATABASE_URL", "mysql://x")]),
            "DATABASE_URL"
        );
        assert_eq!(
            failing_variable(&[("LATCH_SECRET", "short")]),
            "LATCH_SECRET"
        );
        assert_eq!(failing_variable(&[("SMTP_URL", "http://x")]), "SMTP_URL");
        assert_eq!(
            failing_variable(&[("MAIL_FROM", "not a mailbox")]),
            "MAIL_FROM"
        );
        assert_eq!(
            failing_variable(&[("SMS_PROVIDER", "carrier-pigeon")]),
            "SMS_PROVIDER"
        );
        assert_eq!(
            failing_variable(&[("SMS_PROVIDER", "webhook")]),
            "SMS_WEBHOOK_URL"
        );
        assert_eq!(
            failing_variable(&[("SMS_PROVIDER", "twilio"), ("TWILIO_FROM", "+15550000000")]),
            "TWILIO_ACCOUNT_SID"
        );
        assert_eq!(
            failing_variable(&[("ALLOWED_RETURN_ORIGINS", "https://a.example/path")]),
            "ALLOWED_RETURN_ORIGINS"
        );
        assert_eq!(
            failing_variable(&[("TRUSTED_PROXIES", "10.0.0.0/33")]),
            "TRUSTED_PROXIES"
        );
        assert_eq!(failing_variable(&[("RUST_LOG", "[[[")]), "RUST_LOG");
    }

    const SECRET: &str = "a secret of more than thirty-two bytes";

    #[test]
    fn printing_transports_are_refused_on_https() {
        assert_eq!(
            failing_variable(&[
                ("PUBLIC_URL", "https://auth.example.com"),
                ("LATCH_SECRET", SECRET)
            ]),
            "SMTP_URL"
        );
        assert_eq!(
            failing_variable(&[
                ("PUBLIC_URL", "https://auth.example.com"),
                ("LATCH_SECRET", SECRET),
                ("SMTP_URL", "smtps://u:p@mail.example.com:465"),
            ]),
            "SMS_PROVIDER"
        );
    }

    #[test]
    fn https_needs_a_secret_of_its_own() {
        assert_eq!(
            failing_variable(&[("PUBLIC_URL", "https://auth.example.com")]),
            "LATCH_SECRET"
        );
    }

    #[test]
    fn limits_countries_and_retention_are_read() {
        let c = config(&[
            ("LATCH_LIMIT_REGISTER_IP", "100"),
            ("SMS_BUDGET_PER_HOUR", "7"),
            ("SMS_ALLOWED_COUNTRIES", "us, gb"),
            ("AUDIT_RETENTION_DAYS", "30"),
            ("LATCH_ADMIN_EMAILS", " Ops@Example.com,,sec@example.com "),
        ])
        .unwrap();
        assert_eq!(
            c.policy.admin_emails,
            ["ops@example.com", "sec@example.com"]
        );
        use crate::auth::rate_limit::{REGISTRATIONS_PER_IP, SMS_BUDGET, SMS_PER_IP};
        assert_eq!(c.policy.limits.get(REGISTRATIONS_PER_IP).max, 100);
        assert_eq!(c.policy.limits.get(SMS_BUDGET).max, 7);
        assert_eq!(c.policy.limits.get(SMS_PER_IP).max, SMS_PER_IP.max);
        assert_eq!(c.policy.sms_countries, ["US", "GB"]);
        assert_eq!(
            c.policy.audit_retention,
            std::time::Duration::from_secs(30 * 24 * 3600)
        );
        assert_eq!(
            failing_variable(&[("LATCH_LIMIT_SMS_IP", "many")]),
            "LATCH_LIMIT_SMS_IP"
        );
        assert_eq!(
            failing_variable(&[("SMS_BUDGET_PER_HOUR", "0")]),
            "SMS_BUDGET_PER_HOUR"
        );
        assert_eq!(
            failing_variable(&[("SMS_ALLOWED_COUNTRIES", "USA")]),
            "SMS_ALLOWED_COUNTRIES"
        );
        assert_eq!(
            failing_variable(&[("AUDIT_RETENTION_DAYS", "-1")]),
            "AUDIT_RETENTION_DAYS"
        );
        assert_eq!(
            failing_variable(&[("LATCH_ADMIN_EMAILS", "ops@example.com, not-an-address")]),
            "LATCH_ADMIN_EMAILS"
        );
    }

    #[test]
    fn smtp_url_errors_do_not_echo_credentials() {
        let err = config(&[("SMTP_URL", "smtpx://user:hunter2@host")]).unwrap_err();
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn origins_are_normalised() {
        let c = config(&[(
            "ALLOWED_RETURN_ORIGINS",
            "https://App.Example.com/, http://localhost:5173",
        )])
        .unwrap();
        assert_eq!(
            c.allowed_return_origins,
            ["https://app.example.com", "http://localhost:5173"]
        );
    }

    #[test]
    fn ip_networks_match_their_members_only() {
        let net = IpNet::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(!net.contains("::1".parse().unwrap()));
        let one = IpNet::parse("::1").unwrap();
        assert!(one.contains("::1".parse().unwrap()));
        assert!(
            IpNet::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
    }

    #[test]
    fn a_proxy_written_ipv4_mapped_matches_its_canonical_address() {
        let one = IpNet::parse("::ffff:10.0.0.7").unwrap();
        assert!(one.contains("10.0.0.7".parse().unwrap()));
        assert!(!one.contains("10.0.0.8".parse().unwrap()));
        let net = IpNet::parse("::ffff:10.1.0.0/112").unwrap();
        assert!(net.contains("10.1.9.9".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
    }
}
