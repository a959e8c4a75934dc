//! `LATCH_PROVIDERS` and each provider's `LATCH_PROVIDER_<ID>_*`: the other identity
//! providers people may log in with. Checked at start; nothing is fetched here (discovery
//! happens at the first login through the provider), so a provider that is down never stops
//! Latch from starting.

use secrecy::SecretString;
use url::Url;

use super::{ConfigError, bad};
use crate::auth::upstream::{ProviderKind, ProviderPolicy};

/// One provider, checked.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// Its name in URLs (`/auth/{id}`) and in the identities table.
    pub id: String,
    /// Its name on buttons and pages.
    pub name: String,
    pub policy: ProviderPolicy,
    pub client_id: String,
    /// Every kind but Apple, whose secret Latch signs itself.
    pub client_secret: Option<SecretString>,
    pub apple: Option<Apple>,
    /// OpenID Connect kinds: where discovery is fetched from.
    pub issuer: Option<Url>,
    /// Microsoft: the tenants whose people may log in; empty for any.
    pub tenants: Vec<String>,
    pub scopes: Vec<String>,
    pub endpoints: Endpoints,
}

/// What Apple's client secret is signed with (ES256, renewed well within its 6 months).
#[derive(Clone, Debug)]
pub struct Apple {
    pub team_id: String,
    pub key_id: String,
    /// The `.p8` key's PEM text, read from `LATCH_PROVIDER_<ID>_PRIVATE_KEY_FILE`.
    pub private_key: SecretString,
}

/// Addresses that replace discovery's or the provider's defaults (for tests, or a GitHub
/// Enterprise server).
#[derive(Clone, Debug, Default)]
pub struct Endpoints {
    pub authorize: Option<Url>,
    pub token: Option<Url>,
    /// GitHub's API base (`/user`, `/user/emails`).
    pub api: Option<Url>,
}

const GOOGLE_ISSUER: &str = "https://accounts.google.com";
const APPLE_ISSUER: &str = "https://appleid.apple.com";
const MICROSOFT_COMMON: &str = "https://login.microsoftonline.com/common/v2.0";

pub(super) fn parse_providers(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Vec<ProviderConfig>, ConfigError> {
    let Some(list) = get("LATCH_PROVIDERS") else {
        return Ok(Vec::new());
    };
    let mut providers: Vec<ProviderConfig> = Vec::new();
    for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let valid = id.len() <= 32
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(bad(
                "LATCH_PROVIDERS",
                format!("`{id}` is not an id of lowercase letters, digits and `-` (at most 32)"),
            ));
        }
        if providers.iter().any(|p| p.id == id) {
            return Err(bad("LATCH_PROVIDERS", format!("`{id}` is named twice")));
        }
        providers.push(parse_provider(get, id)?);
    }
    Ok(providers)
}

fn parse_provider(
    get: &impl Fn(&str) -> Option<String>,
    id: &str,
) -> Result<ProviderConfig, ConfigError> {
    let prefix = format!(
        "LATCH_PROVIDER_{}_",
        id.to_ascii_uppercase().replace('-', "_")
    );
    let var = |name: &str| format!("{prefix}{name}");
    let value = |name: &str| get(&var(name));
    let required = |name: &str| value(name).ok_or_else(|| bad(var(name), "is required"));
    let flag = |name: &str, default: bool| -> Result<bool, ConfigError> {
        match value(name)
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => Ok(default),
            Some("true" | "1" | "on" | "yes") => Ok(true),
            Some("false" | "0" | "off" | "no") => Ok(false),
            Some(other) => Err(bad(var(name), format!("`{other}` is not true or false"))),
        }
    };
    let url = |name: &str| -> Result<Option<Url>, ConfigError> {
        value(name)
            .map(|raw| {
                Url::parse(&raw)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
                    .ok_or_else(|| bad(var(name), "is not an http(s) URL"))
            })
            .transpose()
    };

    let kind = match value("KIND") {
        Some(kind) => ProviderKind::parse(&kind).ok_or_else(|| {
            bad(
                var("KIND"),
                format!("`{kind}` is not one of google, github, apple, microsoft, oidc"),
            )
        })?,
        None => ProviderKind::parse(id).ok_or_else(|| {
            bad(
                var("KIND"),
                "is required for a provider not named after its kind",
            )
        })?,
    };
    let policy = ProviderPolicy {
        kind,
        trust_email: flag("TRUST_EMAIL", false)?,
        auto_link: flag("AUTO_LINK", false)?,
        trust_upstream_mfa: flag("TRUST_UPSTREAM_MFA", false)?,
        allow_signup: flag("ALLOW_SIGNUP", true)?,
    };
    if policy.trust_email && kind != ProviderKind::Oidc {
        return Err(bad(
            var("TRUST_EMAIL"),
            "applies to kind oidc only: the others' emails follow their own rules",
        ));
    }
    if policy.auto_link && !policy.authoritative() {
        return Err(bad(
            var("AUTO_LINK"),
            "is allowed only for google, apple, or oidc with TRUST_EMAIL: the others vouch for addresses they do not own",
        ));
    }

    let client_id = required("CLIENT_ID")?;
    let (client_secret, apple) = if kind == ProviderKind::Apple {
        let path = required("PRIVATE_KEY_FILE")?;
        let pem = std::fs::read_to_string(&path)
            .map_err(|e| bad(var("PRIVATE_KEY_FILE"), format!("cannot read {path}: {e}")))?;
        if !pem.contains("-----BEGIN PRIVATE KEY-----") {
            return Err(bad(
                var("PRIVATE_KEY_FILE"),
                "is not a .p8 (PKCS #8 PEM) key",
            ));
        }
        let apple = Apple {
            team_id: required("TEAM_ID")?,
            key_id: required("KEY_ID")?,
            private_key: SecretString::from(pem),
        };
        (None, Some(apple))
    } else {
        (Some(SecretString::from(required("CLIENT_SECRET")?)), None)
    };

    let issuer = match kind {
        ProviderKind::Github => None,
        ProviderKind::Oidc => {
            Some(url("ISSUER")?.ok_or_else(|| bad(var("ISSUER"), "is required with kind oidc"))?)
        }
        ProviderKind::Google => Some(or_fixed(url("ISSUER")?, GOOGLE_ISSUER, &var("ISSUER"))?),
        ProviderKind::Apple => Some(or_fixed(url("ISSUER")?, APPLE_ISSUER, &var("ISSUER"))?),
        ProviderKind::Microsoft => {
            Some(or_fixed(url("ISSUER")?, MICROSOFT_COMMON, &var("ISSUER"))?)
        }
    };
    let tenants = list(value("TENANTS"));
    if !tenants.is_empty() && kind != ProviderKind::Microsoft {
        return Err(bad(var("TENANTS"), "applies to kind microsoft only"));
    }
    let scopes = match value("SCOPES") {
        Some(raw) => raw
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        None => default_scopes(kind),
    };
    let name = value("NAME").unwrap_or_else(|| default_name(kind, id));
    Ok(ProviderConfig {
        id: id.to_owned(),
        name,
        policy,
        client_id,
        client_secret,
        apple,
        issuer,
        tenants,
        scopes,
        endpoints: Endpoints {
            authorize: url("AUTHORIZE_URL")?,
            token: url("TOKEN_URL")?,
            api: url("API_URL")?,
        },
    })
}

/// The configured URL, else the built-in one.
fn or_fixed(configured: Option<Url>, built_in: &str, variable: &str) -> Result<Url, ConfigError> {
    match configured {
        Some(url) => Ok(url),
        None => Url::parse(built_in).map_err(|e| bad(variable, e.to_string())),
    }
}

fn list(raw: Option<String>) -> Vec<String> {
    raw.map(|raw| {
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

fn default_scopes(kind: ProviderKind) -> Vec<String> {
    let scopes: &[&str] = match kind {
        ProviderKind::Github => &["read:user", "user:email"],
        ProviderKind::Apple => &["openid", "email", "name"],
        _ => &["openid", "email", "profile"],
    };
    scopes.iter().map(|s| s.to_string()).collect()
}

fn default_name(kind: ProviderKind, id: &str) -> String {
    match kind {
        ProviderKind::Google => "Google".into(),
        ProviderKind::Github => "GitHub".into(),
        ProviderKind::Apple => "Apple".into(),
        ProviderKind::Microsoft => "Microsoft".into(),
        ProviderKind::Oidc => id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(vars: &[(&str, &str)]) -> Result<Vec<ProviderConfig>, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse_providers(&|name: &str| vars.get(name).cloned())
    }

    fn failing(vars: &[(&str, &str)]) -> String {
        parse(vars).expect_err("should be refused").variable
    }

    #[test]
    fn providers_are_read_with_safe_defaults() {
        let providers = parse(&[
            ("LATCH_PROVIDERS", "google, corp"),
            ("LATCH_PROVIDER_GOOGLE_CLIENT_ID", "g-id"),
            ("LATCH_PROVIDER_GOOGLE_CLIENT_SECRET", "g-secret"),
            ("LATCH_PROVIDER_CORP_KIND", "oidc"),
            ("LATCH_PROVIDER_CORP_NAME", "Corp SSO"),
            ("LATCH_PROVIDER_CORP_ISSUER", "https://sso.corp.example"),
            ("LATCH_PROVIDER_CORP_CLIENT_ID", "c-id"),
            ("LATCH_PROVIDER_CORP_CLIENT_SECRET", "c-secret"),
            ("LATCH_PROVIDER_CORP_TRUST_EMAIL", "true"),
        ])
        .unwrap();
        let google = &providers[0];
        assert_eq!(
            (google.id.as_str(), google.name.as_str()),
            ("google", "Google")
        );
        assert_eq!(google.policy, ProviderPolicy::new(ProviderKind::Google));
        assert_eq!(
            google.issuer.as_ref().unwrap().as_str(),
            "https://accounts.google.com/"
        );
        assert_eq!(google.scopes, ["openid", "email", "profile"]);
        let corp = &providers[1];
        assert_eq!(corp.name, "Corp SSO");
        assert!(corp.policy.trust_email && !corp.policy.auto_link && corp.policy.allow_signup);
    }

    #[test]
    fn each_bad_provider_setting_names_its_variable() {
        assert_eq!(failing(&[("LATCH_PROVIDERS", "Google")]), "LATCH_PROVIDERS");
        assert_eq!(
            failing(&[("LATCH_PROVIDERS", "corp")]),
            "LATCH_PROVIDER_CORP_KIND"
        );
        assert_eq!(
            failing(&[("LATCH_PROVIDERS", "google")]),
            "LATCH_PROVIDER_GOOGLE_CLIENT_ID"
        );
        let github = [
            ("LATCH_PROVIDERS", "github"),
            ("LATCH_PROVIDER_GITHUB_CLIENT_ID", "id"),
            ("LATCH_PROVIDER_GITHUB_CLIENT_SECRET", "secret"),
        ];
        assert!(parse(&github).is_ok());
        // GitHub vouches for addresses it does not own: no silent linking on its word.
        let mut auto = github.to_vec();
        auto.push(("LATCH_PROVIDER_GITHUB_AUTO_LINK", "true"));
        assert_eq!(failing(&auto), "LATCH_PROVIDER_GITHUB_AUTO_LINK");
        let mut trust = github.to_vec();
        trust.push(("LATCH_PROVIDER_GITHUB_TRUST_EMAIL", "yes"));
        assert_eq!(failing(&trust), "LATCH_PROVIDER_GITHUB_TRUST_EMAIL");
        let mut flag = github.to_vec();
        flag.push(("LATCH_PROVIDER_GITHUB_ALLOW_SIGNUP", "maybe"));
        assert_eq!(failing(&flag), "LATCH_PROVIDER_GITHUB_ALLOW_SIGNUP");
        assert_eq!(
            failing(&[
                ("LATCH_PROVIDERS", "corp"),
                ("LATCH_PROVIDER_CORP_KIND", "oidc"),
                ("LATCH_PROVIDER_CORP_CLIENT_ID", "id"),
                ("LATCH_PROVIDER_CORP_CLIENT_SECRET", "secret"),
            ]),
            "LATCH_PROVIDER_CORP_ISSUER"
        );
        assert_eq!(
            failing(&[
                ("LATCH_PROVIDERS", "apple"),
                ("LATCH_PROVIDER_APPLE_CLIENT_ID", "id")
            ]),
            "LATCH_PROVIDER_APPLE_PRIVATE_KEY_FILE"
        );
    }

    #[test]
    fn auto_link_from_a_trusted_issuer_is_allowed() {
        let providers = parse(&[
            ("LATCH_PROVIDERS", "corp"),
            ("LATCH_PROVIDER_CORP_KIND", "oidc"),
            ("LATCH_PROVIDER_CORP_ISSUER", "https://sso.corp.example"),
            ("LATCH_PROVIDER_CORP_CLIENT_ID", "id"),
            ("LATCH_PROVIDER_CORP_CLIENT_SECRET", "secret"),
            ("LATCH_PROVIDER_CORP_TRUST_EMAIL", "on"),
            ("LATCH_PROVIDER_CORP_AUTO_LINK", "on"),
        ])
        .unwrap();
        assert!(providers[0].policy.auto_link);
    }
}
