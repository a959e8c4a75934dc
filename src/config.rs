//! The only reader of environment variables: every setting of API.md, parsed once at start-up.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

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
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let addr = get("LATCH_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr
            .parse()
            .map_err(|_| bad("LATCH_ADDR", format!("`{addr}` is not a host:port address")))?;

        let public_url = get("PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let public_url = Url::parse(&public_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| {
                bad(
                    "PUBLIC_URL",
                    format!("`{public_url}` is not an http(s) URL"),
                )
            })?;
        let https = public_url.scheme() == "https";

        let database_url = get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/latch.db".into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(bad(
                "DATABASE_URL",
                "must start with sqlite:// or postgres://",
            ));
        }

        let secret = match get("LATCH_SECRET") {
            Some(s) if s.len() < MIN_SECRET_BYTES => {
                return Err(bad(
                    "LATCH_SECRET",
                    format!("must be at least {MIN_SECRET_BYTES} bytes"),
                ));
            }
            // In production the key must not sit in the database beside the hashes it keys:
            // a leaked copy of the database would then hold both.
            None if https => {
                return Err(bad(
                    "LATCH_SECRET",
                    "must be set when PUBLIC_URL is https (the generated one is stored in the database)",
                ));
            }
            other => other.map(SecretString::from),
        };

        let smtp_url = match get("SMTP_URL") {
            Some(s) => {
                let parsed = Url::parse(&s)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "smtp" | "smtps") && u.host().is_some());
                if parsed.is_none() {
                    // The value may hold a password: never echo it.
                    return Err(bad(
                        "SMTP_URL",
                        "is not an smtp:// or smtps:// URL with a host",
                    ));
                }
                Some(SecretString::from(s))
            }
            None if https => {
                return Err(bad(
                    "SMTP_URL",
                    "must be set when PUBLIC_URL is https (emails would be printed to the log)",
                ));
            }
            None => None,
        };

        let mail_from = get("MAIL_FROM").unwrap_or_else(|| "Latch <no-reply@localhost>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad(
                "MAIL_FROM",
                format!("`{mail_from}` is not a mailbox like `Latch <no-reply@example.com>`"),
            ));
        }

        let sms = match get("SMS_PROVIDER").as_deref().unwrap_or("log") {
            "log" if https => {
                return Err(bad(
                    "SMS_PROVIDER",
                    "`log` prints codes and is refused when PUBLIC_URL is https",
                ));
            }
            "log" => SmsConfig::Log,
            "webhook" => {
                let raw = get("SMS_WEBHOOK_URL").ok_or_else(|| {
                    bad("SMS_WEBHOOK_URL", "is required with SMS_PROVIDER=webhook")
                })?;
                SmsConfig::Webhook {
                    url: http_url(&raw)
                        .ok_or_else(|| bad("SMS_WEBHOOK_URL", "is not an http(s) URL"))?,
                }
            }
            "twilio" => {
                let account_sid = get("TWILIO_ACCOUNT_SID").ok_or_else(|| {
                    bad("TWILIO_ACCOUNT_SID", "is required with SMS_PROVIDER=twilio")
                })?;
                let auth_token = get("TWILIO_AUTH_TOKEN").ok_or_else(|| {
                    bad("TWILIO_AUTH_TOKEN", "is required with SMS_PROVIDER=twilio")
                })?;
                let from = get("TWILIO_FROM")
                    .ok_or_else(|| bad("TWILIO_FROM", "is required with SMS_PROVIDER=twilio"))?;
                let base = get("TWILIO_API_BASE").unwrap_or_else(|| DEFAULT_TWILIO_API_BASE.into());
                SmsConfig::Twilio {
                    account_sid,
                    auth_token: SecretString::from(auth_token),
                    from,
                    api_base: http_url(&base)
                        .ok_or_else(|| bad("TWILIO_API_BASE", "is not an http(s) URL"))?,
                }
            }
            other => {
                return Err(bad(
                    "SMS_PROVIDER",
                    format!("`{other}` is not one of log, webhook, twilio"),
                ));
            }
        };

        let allowed_return_origins = match get("ALLOWED_RETURN_ORIGINS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    parse_origin(s).ok_or_else(|| {
                        bad(
                            "ALLOWED_RETURN_ORIGINS",
                            format!("`{s}` is not an origin like https://app.example.com"),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        };

        let trusted_proxies = match get("TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    IpNet::parse(s).ok_or_else(|| {
                        bad(
                            "TRUSTED_PROXIES",
                            format!("`{s}` is not an IP address or CIDR"),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        };

        let policy = policy(&get)?;

        let log_filter = get("RUST_LOG").unwrap_or_else(|| "info".into());
        if tracing_subscriber::EnvFilter::try_new(&log_filter).is_err() {
            return Err(bad(
                "RUST_LOG",
                format!("`{log_filter}` is not a log filter"),
            ));
        }

        let site_root =
            PathBuf::from(get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()));

        Ok(Config {
            addr,
            public_url,
            database_url,
            secret,
            smtp_url,
            mail_from,
            sms,
            allowed_return_origins,
            trusted_proxies,
            policy,
            log_filter,
            site_root,
        })
    }

    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

/// The operator's rate-limit maxima (`LATCH_LIMIT_<RULE>`, `SMS_BUDGET_PER_HOUR`), SMS
/// countries (`SMS_ALLOWED_COUNTRIES`) and audit retention (`AUDIT_RETENTION_DAYS`).
fn policy(get: &impl Fn(&str) -> Option<String>) -> Result<crate::auth::Policy, ConfigError> {
    use crate::auth::rate_limit;

    let mut policy = crate::auth::Policy::default();
    for rule in rate_limit::ALL {
        if let Some(raw) = get(rule.variable) {
            let max = raw.parse::<i32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                bad(
                    rule.variable,
                    format!("`{raw}` is not a whole number of at least 1"),
                )
            })?;
            policy.limits.set(rule, max);
        }
    }
    if let Some(list) = get("SMS_ALLOWED_COUNTRIES") {
        for code in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let code = code.to_uppercase();
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(bad(
                    "SMS_ALLOWED_COUNTRIES",
                    format!("`{code}` is not a two-letter ISO 3166 country code like US"),
                ));
            }
            policy.sms_countries.push(code);
        }
    }
    if let Some(raw) = get("AUDIT_RETENTION_DAYS") {
        let days = raw
            .parse::<u64>()
            .ok()
            .filter(|d| (1..=36_500).contains(d))
            .ok_or_else(|| {
                bad(
                    "AUDIT_RETENTION_DAYS",
                    format!("`{raw}` is not a number of days from 1 to 36500"),
                )
            })?;
        policy.audit_retention = std::time::Duration::from_secs(days * 24 * 3600);
    }
    Ok(policy)
}

fn http_url(raw: &str) -> Option<Url> {
    Url::parse(raw)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
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
        ])
        .unwrap();
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
