//! The only reader of environment variables: every setting of docs/API.md, parsed once at
//! start-up.

mod ipnet;
mod parse;
mod providers;

pub use ipnet::IpNet;
use parse::{
    parse_addr, parse_database_url, parse_list, parse_log_filter, parse_mail_from, parse_origin,
    parse_policy, parse_public_url, parse_secret, parse_shutdown_delay, parse_sms, parse_smtp_url,
};
pub use providers::{Apple, Endpoints, ProviderConfig};

use std::net::SocketAddr;
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
    /// The other identity providers people may log in with (`LATCH_PROVIDERS`), in order.
    pub providers: Vec<ProviderConfig>,
    /// The languages the pages speak (`LATCH_LOCALES`) and the one for a request that names
    /// none of them (`LATCH_DEFAULT_LOCALE`).
    pub locales: crate::i18n::Enabled,
    /// The brand of the first start (`LATCH_BRAND_*`); later starts keep the stored one,
    /// which admins change at `/admin/branding`.
    pub brand: crate::auth::branding::Brand,
}

// Defined beside the sender it configures, so `notify` needs nothing from here.
pub use crate::notify::sms::SmsConfig;

/// A bad setting: names the variable so the operator knows what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: String,
    pub message: String,
}

fn bad(variable: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable: variable.into(),
        message: message.into(),
    }
}

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
            providers: providers::parse_providers(&get)?,
            locales: parse_locales(get("LATCH_LOCALES"), get("LATCH_DEFAULT_LOCALE"))?,
            brand: parse_brand(&get)?,
        })
    }

    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

/// `LATCH_BRAND_NAME` (default `Latch`), `LATCH_BRAND_SUPPORT_URL`, `_SUPPORT_EMAIL`,
/// `_PRIVACY_URL`, `_TERMS_URL`, `_FOOTER`, `_ACCENT`, `_ACCENT_DARK`: checked as an admin's
/// change is, the first problem named by its variable.
fn parse_brand(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<crate::auth::branding::Brand, ConfigError> {
    use crate::auth::branding::{BrandChange, DEFAULT_NAME};
    let change = BrandChange {
        product_name: Some(get("LATCH_BRAND_NAME").unwrap_or_else(|| DEFAULT_NAME.into())),
        support_url: get("LATCH_BRAND_SUPPORT_URL"),
        support_email: get("LATCH_BRAND_SUPPORT_EMAIL"),
        privacy_url: get("LATCH_BRAND_PRIVACY_URL"),
        terms_url: get("LATCH_BRAND_TERMS_URL"),
        footer: get("LATCH_BRAND_FOOTER"),
        accent: get("LATCH_BRAND_ACCENT"),
        accent_dark: get("LATCH_BRAND_ACCENT_DARK"),
    };
    change.parse().map_err(|errors| {
        let (field, messages) = errors.iter().next().unwrap_or(("product_name", &[]));
        let variable = match field {
            "product_name" => "LATCH_BRAND_NAME".to_owned(),
            other => format!("LATCH_BRAND_{}", other.to_ascii_uppercase()),
        };
        bad(variable, messages.join("; "))
    })
}

/// `LATCH_LOCALES` (default `en`): shipped languages, comma-separated; `LATCH_DEFAULT_LOCALE`
/// (default the first of them) must be one of them.
fn parse_locales(
    list: Option<String>,
    default: Option<String>,
) -> Result<crate::i18n::Enabled, ConfigError> {
    use crate::i18n::{Enabled, Locale};
    let shipped = || {
        Locale::SHIPPED
            .iter()
            .map(|l| l.tag())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut locales = Vec::new();
    for tag in list.as_deref().unwrap_or("en").split(',').map(str::trim) {
        if tag.is_empty() {
            continue;
        }
        // A test build also takes the pseudo-languages (`Locale::parse` knows them there).
        let pseudo = Locale::parse(tag).filter(|l| Locale::PSEUDO.contains(l));
        let locale = Locale::SHIPPED
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
            .or(pseudo)
            .ok_or_else(|| {
                bad(
                    "LATCH_LOCALES",
                    format!("{tag} is not one of {}", shipped()),
                )
            })?;
        if !locales.contains(&locale) {
            locales.push(locale);
        }
    }
    let Some(&first) = locales.first() else {
        return Err(bad("LATCH_LOCALES", "names no language"));
    };
    let default = match default {
        None => first,
        Some(tag) => *locales
            .iter()
            .find(|l| l.tag().eq_ignore_ascii_case(&tag))
            .ok_or_else(|| {
                bad(
                    "LATCH_DEFAULT_LOCALE",
                    format!("{tag} is not in LATCH_LOCALES"),
                )
            })?,
    };
    Ok(Enabled { locales, default })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_first_start_s_brand_is_checked_like_an_admin_s() {
        let c = config(&[]).unwrap();
        assert_eq!(c.brand.name, "Latch");
        let c = config(&[
            ("LATCH_BRAND_NAME", "Acme"),
            ("LATCH_BRAND_ACCENT", "#0b6e4f"),
        ])
        .unwrap();
        assert_eq!(
            (c.brand.name.as_str(), c.brand.accent.map(|a| a.hex())),
            ("Acme", Some("#0b6e4f".into()))
        );
        let e = config(&[("LATCH_BRAND_ACCENT", "#ffd500")]).unwrap_err();
        assert_eq!(e.variable, "LATCH_BRAND_ACCENT");
        assert!(e.message.contains(":1"), "{e}");
        let e = config(&[("LATCH_BRAND_SUPPORT_URL", "javascript:alert(1)")]).unwrap_err();
        assert_eq!(e.variable, "LATCH_BRAND_SUPPORT_URL");
        let e = config(&[("LATCH_BRAND_NAME", &"x".repeat(41))]).unwrap_err();
        assert_eq!(e.variable, "LATCH_BRAND_NAME");
    }

    #[test]
    fn locales_are_shipped_ones_and_the_default_is_among_them() {
        use crate::i18n::Locale;
        let c = config(&[]).unwrap();
        assert_eq!(
            (c.locales.locales, c.locales.default),
            (vec![Locale::En], Locale::En)
        );
        let c = config(&[("LATCH_LOCALES", "pl, AR,en,pl")]).unwrap();
        assert_eq!(c.locales.locales, vec![Locale::Pl, Locale::Ar, Locale::En]);
        assert_eq!(c.locales.default, Locale::Pl);
        let c = config(&[("LATCH_LOCALES", "en,ar"), ("LATCH_DEFAULT_LOCALE", "ar")]).unwrap();
        assert_eq!(c.locales.default, Locale::Ar);
        assert_eq!(
            failing_variable(&[("LATCH_LOCALES", "en,de")]),
            "LATCH_LOCALES"
        );
        assert_eq!(failing_variable(&[("LATCH_LOCALES", ",")]), "LATCH_LOCALES");
        assert_eq!(
            failing_variable(&[("LATCH_LOCALES", "en,pl"), ("LATCH_DEFAULT_LOCALE", "ar")]),
            "LATCH_DEFAULT_LOCALE"
        );
    }

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    fn failing_variable(vars: &[(&str, &str)]) -> String {
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
}
