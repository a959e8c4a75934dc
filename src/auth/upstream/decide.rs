//! What an identity coming back from a provider may do here (rules 3 to 5 and 7 of
//! docs/SECURITY.md's "Signing in with another provider"). Nothing links on an email nobody
//! proved, and nothing links silently unless the operator chose it for a provider that owns
//! the addresses it vouches for.

use uuid::Uuid;

use super::{ProviderPolicy, UpstreamIdentity};

/// An account as far as linking cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub email_verified: bool,
    pub disabled: bool,
}

/// Why the flow began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowPurpose {
    /// The buttons on `/login` and `/signup`.
    LogIn,
    /// "Connect" on the account page, by this signed-in user (bound at the start).
    Link(Uuid),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The identity is linked to this account: it logs in (one factor, unless `mfa`).
    LogIn(Uuid),
    /// Nobody here has this identity or its proven address: `/signup/complete` asks for
    /// what is missing, and verifies an address the provider did not prove.
    SignUp,
    /// The proven address belongs to an account: no session; the identity waits on
    /// `/login/connect` until its owner logs in there (rule 3).
    Connect(Uuid),
    /// Link into this account now: its owner asked (rule 7), or `auto_link` (rule 4).
    Link(Uuid),
    /// The proven address belongs to an account whose own address nobody proved: the
    /// provider's proof is the first, and takes it over (rule 5).
    TakeOver(Uuid),
    /// The owner connected an identity already theirs.
    AlreadyLinked,
    Refused(Refusal),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `allow_signup` is off and nobody here has this identity.
    SignUpClosed,
    /// The identity belongs to another account: never moved (rule 7).
    LinkedElsewhere,
    AccountDisabled,
}

/// `linked` is the account the identity is linked to, if any; `by_email` the account whose
/// address is the identity's email, looked up only when that email is verified.
pub fn decide(
    policy: &ProviderPolicy,
    purpose: FlowPurpose,
    identity: &UpstreamIdentity,
    linked: Option<Account>,
    by_email: Option<Account>,
) -> Decision {
    if let FlowPurpose::Link(owner) = purpose {
        return match linked {
            Some(account) if account.id == owner => Decision::AlreadyLinked,
            Some(_) => Decision::Refused(Refusal::LinkedElsewhere),
            None => Decision::Link(owner),
        };
    }
    if let Some(account) = linked {
        return Decision::LogIn(account.id);
    }
    let by_email = by_email.filter(|_| identity.email_verified);
    match by_email {
        Some(account) if account.disabled => Decision::Refused(Refusal::AccountDisabled),
        Some(account) if !account.email_verified => Decision::TakeOver(account.id),
        Some(account) if policy.auto_link && policy.authoritative() => Decision::Link(account.id),
        Some(account) => Decision::Connect(account.id),
        None if policy.allow_signup => Decision::SignUp,
        None => Decision::Refused(Refusal::SignUpClosed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Email;
    use crate::auth::upstream::ProviderKind;

    fn identity(verified: bool) -> UpstreamIdentity {
        UpstreamIdentity {
            issuer: "https://accounts.google.com".into(),
            subject: "1".into(),
            email: Some(Email::parse("ada@gmail.com").unwrap()),
            email_verified: verified,
            first_name: None,
            last_name: None,
            mfa: false,
        }
    }

    fn account(email_verified: bool) -> Account {
        Account {
            id: Uuid::from_u128(7),
            email_verified,
            disabled: false,
        }
    }

    fn google() -> ProviderPolicy {
        ProviderPolicy::new(ProviderKind::Google)
    }

    #[test]
    fn a_linked_identity_logs_in_whatever_its_email_says_now() {
        let other = Account {
            id: Uuid::from_u128(9),
            ..account(true)
        };
        let d = decide(
            &google(),
            FlowPurpose::LogIn,
            &identity(false),
            Some(account(true)),
            Some(other),
        );
        assert_eq!(d, Decision::LogIn(Uuid::from_u128(7)));
    }

    #[test]
    fn rule_3_a_proven_email_of_an_account_waits_for_its_owner() {
        let d = decide(
            &google(),
            FlowPurpose::LogIn,
            &identity(true),
            None,
            Some(account(true)),
        );
        assert_eq!(d, Decision::Connect(Uuid::from_u128(7)));
    }

    #[test]
    fn an_unproven_email_never_finds_an_account() {
        let d = decide(
            &google(),
            FlowPurpose::LogIn,
            &identity(false),
            None,
            Some(account(true)),
        );
        assert_eq!(d, Decision::SignUp);
        let d = decide(
            &google(),
            FlowPurpose::LogIn,
            &identity(false),
            None,
            Some(account(false)),
        );
        assert_eq!(d, Decision::SignUp);
    }

    #[test]
    fn rule_4_auto_link_only_from_an_authoritative_provider_into_a_verified_account() {
        let auto = |kind| ProviderPolicy {
            auto_link: true,
            ..ProviderPolicy::new(kind)
        };
        let d = decide(
            &auto(ProviderKind::Google),
            FlowPurpose::LogIn,
            &identity(true),
            None,
            Some(account(true)),
        );
        assert_eq!(d, Decision::Link(Uuid::from_u128(7)));
        for kind in [
            ProviderKind::Github,
            ProviderKind::Microsoft,
            ProviderKind::Oidc,
        ] {
            let d = decide(
                &auto(kind),
                FlowPurpose::LogIn,
                &identity(true),
                None,
                Some(account(true)),
            );
            assert_eq!(d, Decision::Connect(Uuid::from_u128(7)), "{kind:?}");
        }
        let trusted = ProviderPolicy {
            trust_email: true,
            ..auto(ProviderKind::Oidc)
        };
        let d = decide(
            &trusted,
            FlowPurpose::LogIn,
            &identity(true),
            None,
            Some(account(true)),
        );
        assert_eq!(d, Decision::Link(Uuid::from_u128(7)));
    }

    #[test]
    fn rule_5_an_unverified_account_is_taken_over_never_linked() {
        let auto = ProviderPolicy {
            auto_link: true,
            ..google()
        };
        for policy in [google(), auto] {
            let d = decide(
                &policy,
                FlowPurpose::LogIn,
                &identity(true),
                None,
                Some(account(false)),
            );
            assert_eq!(d, Decision::TakeOver(Uuid::from_u128(7)));
        }
    }

    #[test]
    fn sign_up_follows_allow_signup_and_a_disabled_account_is_refused() {
        let d = decide(&google(), FlowPurpose::LogIn, &identity(true), None, None);
        assert_eq!(d, Decision::SignUp);
        let closed = ProviderPolicy {
            allow_signup: false,
            ..google()
        };
        let d = decide(&closed, FlowPurpose::LogIn, &identity(true), None, None);
        assert_eq!(d, Decision::Refused(Refusal::SignUpClosed));
        let disabled = Account {
            disabled: true,
            ..account(true)
        };
        let d = decide(
            &google(),
            FlowPurpose::LogIn,
            &identity(true),
            None,
            Some(disabled),
        );
        assert_eq!(d, Decision::Refused(Refusal::AccountDisabled));
    }

    #[test]
    fn rule_7_connecting_never_moves_an_identity() {
        let owner = Uuid::from_u128(1);
        let theirs = Account {
            id: owner,
            ..account(true)
        };
        let d = decide(
            &google(),
            FlowPurpose::Link(owner),
            &identity(false),
            None,
            None,
        );
        assert_eq!(d, Decision::Link(owner));
        let d = decide(
            &google(),
            FlowPurpose::Link(owner),
            &identity(true),
            Some(theirs),
            None,
        );
        assert_eq!(d, Decision::AlreadyLinked);
        let d = decide(
            &google(),
            FlowPurpose::Link(owner),
            &identity(true),
            Some(account(true)),
            None,
        );
        assert_eq!(d, Decision::Refused(Refusal::LinkedElsewhere));
    }
}
