//! From what a provider sent to who signed in (rules 1 and 2 of docs/SECURITY.md's
//! "Signing in with another provider"). An identity is the provider's stable id for the
//! person, never an address or a user name, which the person or a tenant admin can change
//! (nOAuth). An email counts as verified only where the provider is authoritative for it,
//! read from the one claim set the address came from.

use super::{ProviderKind, ProviderPolicy};
use crate::auth::Email;

/// Who a provider says signed in, reduced to what Latch may rely on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpstreamIdentity {
    /// With `subject`, the identity: `(issuer, sub)` for OpenID Connect, the tenant's issuer
    /// and `oid` for Microsoft, `https://github.com` and the numeric id for GitHub.
    pub issuer: String,
    pub subject: String,
    /// The address the provider gave, if any and well-formed.
    pub email: Option<Email>,
    /// Whether `email` is proven by a provider authoritative for it.
    pub email_verified: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// The provider says it checked two factors, and the operator believes it.
    pub mfa: bool,
}

/// The claims of a verified id_token (or of a userinfo answer, never mixed with one).
#[derive(Clone, Debug, Default)]
pub struct IdClaims {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// Google Workspace's hosted domain: the domain's admins own its addresses.
    pub hd: Option<String>,
    /// Microsoft: tenant id, object id, and whether the email's domain is one the tenant
    /// proved it owns (`xms_edov`).
    pub tid: Option<String>,
    pub oid: Option<String>,
    pub xms_edov: Option<bool>,
    pub amr: Vec<String>,
}

/// GitHub's `/user`: its `email` is `null` or whatever public address the person chose.
#[derive(Clone, Debug)]
pub struct GithubUser {
    pub id: u64,
    pub name: Option<String>,
}

/// One entry of GitHub's `/user/emails`.
#[derive(Clone, Debug)]
pub struct GithubEmail {
    pub email: String,
    pub primary: bool,
    pub verified: bool,
}

/// Where GitHub identities live; its numeric user id is the subject.
pub const GITHUB_ISSUER: &str = "https://github.com";

/// Microsoft's issuer for one tenant. The `common` endpoint's discovery names
/// `{tenantid}`, so the issuer is built from the token's own `tid`.
pub fn microsoft_issuer(tenant: &str) -> String {
    format!("https://login.microsoftonline.com/{tenant}/v2.0")
}

/// An OpenID Connect provider's identity. `None` when a claim the identity needs is
/// missing (Microsoft without `tid` or `oid`).
pub fn from_id_claims(policy: &ProviderPolicy, claims: &IdClaims) -> Option<UpstreamIdentity> {
    let email = claims.email.as_deref().and_then(|e| Email::parse(e).ok());
    let said_verified = claims.email_verified == Some(true);
    let (issuer, subject, email_verified) = match policy.kind {
        ProviderKind::Google => {
            let gmail = email
                .as_ref()
                .is_some_and(|e| e.as_str().ends_with("@gmail.com"));
            let hosted = claims.hd.as_deref().is_some_and(|hd| !hd.is_empty());
            (
                claims.issuer.clone(),
                claims.subject.clone(),
                said_verified && (gmail || hosted),
            )
        }
        ProviderKind::Microsoft => {
            let tenant = claims.tid.as_deref().filter(|t| !t.is_empty())?;
            let object = claims.oid.as_deref().filter(|o| !o.is_empty())?;
            // Any tenant admin can set `email`; only a domain the tenant proved is believed.
            (
                microsoft_issuer(tenant),
                object.to_owned(),
                claims.xms_edov == Some(true),
            )
        }
        ProviderKind::Apple => (claims.issuer.clone(), claims.subject.clone(), said_verified),
        ProviderKind::Oidc => (
            claims.issuer.clone(),
            claims.subject.clone(),
            policy.trust_email && said_verified,
        ),
        ProviderKind::Github => return None,
    };
    if subject.is_empty() {
        return None;
    }
    Some(UpstreamIdentity {
        issuer,
        subject,
        email_verified: email_verified && email.is_some(),
        email,
        first_name: name(claims.given_name.as_deref()),
        last_name: name(claims.family_name.as_deref()),
        mfa: policy.trust_upstream_mfa && claims.amr.iter().any(|m| m == "mfa"),
    })
}

/// A GitHub identity: the numeric id, and only the primary, verified address of
/// `/user/emails` (a public address on `/user` proves nothing).
pub fn from_github(user: &GithubUser, emails: &[GithubEmail]) -> UpstreamIdentity {
    let email = emails
        .iter()
        .find(|e| e.primary && e.verified)
        .and_then(|e| Email::parse(&e.email).ok());
    let (first_name, last_name) = match user.name.as_deref().map(str::trim) {
        Some(full) if !full.is_empty() => match full.rsplit_once(' ') {
            Some((first, last)) => (name(Some(first)), name(Some(last))),
            None => (name(Some(full)), None),
        },
        _ => (None, None),
    };
    UpstreamIdentity {
        issuer: GITHUB_ISSUER.to_owned(),
        subject: user.id.to_string(),
        email_verified: email.is_some(),
        email,
        first_name,
        last_name,
        mfa: false,
    }
}

fn name(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(email: &str, verified: Option<bool>) -> IdClaims {
        IdClaims {
            issuer: "https://issuer.example".into(),
            subject: "248289761001".into(),
            email: Some(email.into()),
            email_verified: verified,
            ..IdClaims::default()
        }
    }

    fn identity(kind: ProviderKind, claims: &IdClaims) -> UpstreamIdentity {
        from_id_claims(&ProviderPolicy::new(kind), claims).expect("an identity")
    }

    #[test]
    fn rule_1_the_identity_is_issuer_and_subject_never_the_email() {
        let a = identity(ProviderKind::Oidc, &claims("ada@example.com", Some(true)));
        let mut renamed = claims("someone.else@example.com", Some(true));
        renamed.subject = a.subject.clone();
        let b = identity(ProviderKind::Oidc, &renamed);
        assert_eq!(
            (a.issuer.as_str(), a.subject.as_str()),
            (b.issuer.as_str(), b.subject.as_str())
        );

        // Microsoft: the tenant and the object id, whatever `sub` and `email` say.
        let mut ms = claims("ada@contoso.com", Some(true));
        ms.tid = Some("tenant-1".into());
        ms.oid = Some("object-1".into());
        let id = identity(ProviderKind::Microsoft, &ms);
        assert_eq!(id.issuer, "https://login.microsoftonline.com/tenant-1/v2.0");
        assert_eq!(id.subject, "object-1");
        ms.oid = None;
        assert!(from_id_claims(&ProviderPolicy::new(ProviderKind::Microsoft), &ms).is_none());

        // GitHub: the numeric id, not the login or the address.
        let gh = from_github(
            &GithubUser {
                id: 583231,
                name: Some("The Octocat".into()),
            },
            &[],
        );
        assert_eq!(
            (gh.issuer.as_str(), gh.subject.as_str()),
            (GITHUB_ISSUER, "583231")
        );

        let mut empty = claims("ada@example.com", Some(true));
        empty.subject = String::new();
        assert!(from_id_claims(&ProviderPolicy::new(ProviderKind::Oidc), &empty).is_none());
    }

    #[test]
    fn rule_2_google_vouches_only_for_gmail_and_hosted_domains() {
        assert!(
            identity(ProviderKind::Google, &claims("ada@gmail.com", Some(true))).email_verified
        );
        assert!(
            !identity(ProviderKind::Google, &claims("ada@gmail.com", Some(false))).email_verified
        );
        assert!(!identity(ProviderKind::Google, &claims("ada@gmail.com", None)).email_verified);
        // A Google account made for an outside address: Google never owned that mailbox.
        assert!(
            !identity(ProviderKind::Google, &claims("ada@example.com", Some(true))).email_verified
        );
        let mut hosted = claims("ada@example.com", Some(true));
        hosted.hd = Some("example.com".into());
        assert!(identity(ProviderKind::Google, &hosted).email_verified);
    }

    #[test]
    fn rule_2_microsoft_needs_a_domain_the_tenant_proved() {
        let mut ms = claims("ceo@bank.example", Some(true));
        ms.tid = Some("t".into());
        ms.oid = Some("o".into());
        assert!(!identity(ProviderKind::Microsoft, &ms).email_verified);
        ms.xms_edov = Some(false);
        assert!(!identity(ProviderKind::Microsoft, &ms).email_verified);
        ms.xms_edov = Some(true);
        assert!(identity(ProviderKind::Microsoft, &ms).email_verified);
    }

    #[test]
    fn rule_2_apple_believes_its_flag_and_a_generic_issuer_only_when_trusted() {
        assert!(
            identity(
                ProviderKind::Apple,
                &claims("x@privaterelay.appleid.com", Some(true))
            )
            .email_verified
        );
        assert!(
            !identity(
                ProviderKind::Apple,
                &claims("x@privaterelay.appleid.com", None)
            )
            .email_verified
        );

        let c = claims("ada@example.com", Some(true));
        assert!(!identity(ProviderKind::Oidc, &c).email_verified);
        let trusted = ProviderPolicy {
            trust_email: true,
            ..ProviderPolicy::new(ProviderKind::Oidc)
        };
        assert!(from_id_claims(&trusted, &c).unwrap().email_verified);
        let unverified = claims("ada@example.com", Some(false));
        assert!(
            !from_id_claims(&trusted, &unverified)
                .unwrap()
                .email_verified
        );
        let malformed = claims("not an address", Some(true));
        let id = from_id_claims(&trusted, &malformed).unwrap();
        assert!(id.email.is_none() && !id.email_verified);
    }

    #[test]
    fn rule_2_github_gives_only_the_primary_verified_address() {
        let user = GithubUser {
            id: 1,
            name: Some("Ada King Lovelace".into()),
        };
        let emails = |list: &[(&str, bool, bool)]| -> Vec<GithubEmail> {
            list.iter()
                .map(|(e, p, v)| GithubEmail {
                    email: e.to_string(),
                    primary: *p,
                    verified: *v,
                })
                .collect()
        };
        let none = from_github(
            &user,
            &emails(&[("a@x.example", true, false), ("b@x.example", false, true)]),
        );
        assert!(none.email.is_none() && !none.email_verified);
        let one = from_github(
            &user,
            &emails(&[("b@x.example", false, true), ("a@x.example", true, true)]),
        );
        assert_eq!(one.email.as_ref().map(|e| e.as_str()), Some("a@x.example"));
        assert!(one.email_verified);
        assert_eq!(one.first_name.as_deref(), Some("Ada King"));
        assert_eq!(one.last_name.as_deref(), Some("Lovelace"));
    }

    #[test]
    fn upstream_mfa_counts_only_when_trusted_and_said() {
        let mut c = claims("ada@example.com", Some(true));
        c.amr = vec!["pwd".into(), "mfa".into()];
        assert!(!identity(ProviderKind::Oidc, &c).mfa);
        let trusting = ProviderPolicy {
            trust_upstream_mfa: true,
            ..ProviderPolicy::new(ProviderKind::Oidc)
        };
        assert!(from_id_claims(&trusting, &c).unwrap().mfa);
        c.amr = vec!["pwd".into()];
        assert!(!from_id_claims(&trusting, &c).unwrap().mfa);
    }
}
