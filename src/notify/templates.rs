//! Every message body Latch sends, in one place. A value someone typed goes in only through
//! [`name`] or [`plain`]: mail programs turn addresses into links, and a line break would
//! start a line of the sender's choosing.

use std::time::Duration;

use fluent_templates::fluent_bundle::FluentValue;

pub use crate::i18n::Locale;

/// `@`, `://`, or what mail programs turn into a link: two letters, digits or hyphens, a dot,
/// two letters (`evil.example`, `www.x`). Initials (`J.R.R.`) are no address. Names with one
/// are refused (`auth::Name`; `api::fields::name_pattern` says the same to API clients).
pub fn holds_address(text: &str) -> bool {
    let label = |c: u8| c.is_ascii_alphanumeric() || c == b'-';
    text.contains('@')
        || text.contains("://")
        || text.as_bytes().windows(5).any(|w| {
            label(w[0])
                && label(w[1])
                && w[2] == b'.'
                && w[3].is_ascii_alphabetic()
                && w[4].is_ascii_alphabetic()
        })
}

/// A value for a message, on one line: control characters (line breaks among them) become
/// spaces.
pub fn plain(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A person's name for "Hello {name},". One that holds an address (stored before names were
/// checked) is not written at all: the greeting becomes "Hello there,".
pub fn name(value: &str) -> String {
    if holds_address(value) || value.trim().is_empty() {
        return "there".into();
    }
    plain(value)
}

pub struct EmailContent {
    pub subject: String,
    pub body: String,
}

/// The greeting of an email in `locale`: "Hello {name}," or, when the name cannot be written
/// (see [`name`]), the language's greeting without one.
fn hello(locale: Locale, first_name: &str) -> String {
    if holds_address(first_name) || first_name.trim().is_empty() {
        return locale.text("email-hello-anonymous");
    }
    locale.text_with("email-hello", &[("name", plain(first_name).into())])
}

/// An email in `locale` from its catalogue's `{kind}-subject` and `{kind}-body`, greeted.
fn translated(
    locale: Locale,
    kind: &str,
    first_name: &str,
    args: &[(&'static str, FluentValue<'_>)],
) -> EmailContent {
    EmailContent {
        subject: locale.text_with(&format!("{kind}-subject"), args),
        body: format!(
            "{}\n\n{}\n",
            hello(locale, first_name),
            locale.text_with(&format!("{kind}-body"), args)
        ),
    }
}

/// The code that verifies an address, in the recipient's language.
pub fn verification_code(
    locale: Locale,
    first_name: &str,
    code: &str,
    lifetime: Duration,
) -> EmailContent {
    let minutes = lifetime.as_secs() / 60;
    translated(
        locale,
        "verification",
        first_name,
        &[("code", code.into()), ("minutes", minutes.into())],
    )
}

/// The SMS with a login code, in the recipient's language. Short (one SMS segment in every
/// shipped language: see `segments`), code first for notification previews.
pub fn login_code_sms(locale: Locale, code: &str, lifetime: Duration) -> String {
    let minutes = lifetime.as_secs() / 60;
    locale.text_with(
        "login-sms",
        &[("code", code.into()), ("minutes", minutes.into())],
    )
}

/// A login code by email. It works only in the browser or app that asked for it, which the
/// email says, so nobody reads it out to a stranger's device.
/// A login code by email, and a link to the page that takes it. The code works only in the
/// browser or app that asked for it, which the email says, so nobody reads it out to a
/// stranger's device; opening the link changes nothing until the person presses Continue.
pub fn login_code_email(
    locale: Locale,
    first_name: &str,
    code: &str,
    link: &str,
    lifetime: Duration,
) -> EmailContent {
    let minutes = lifetime.as_secs() / 60;
    translated(
        locale,
        "login-code",
        first_name,
        &[
            ("code", code.into()),
            ("link", link.into()),
            ("minutes", minutes.into()),
        ],
    )
}

/// The code that proves an address at the end of a sign-up through another provider that
/// did not vouch for it. Sent to whatever address was typed, so it names no account.
pub fn sign_up_code_email(code: &str, provider: &str, lifetime: Duration) -> EmailContent {
    let minutes = lifetime.as_secs() / 60;
    EmailContent {
        subject: format!("Your Latch sign-up code: {code}"),
        body: format!(
            "Hello,\n\n\
             Your code is {code}\n\n\
             Enter it on the page where you are creating an account with {provider}: it works \
             only there. It expires in {minutes} minutes. Nobody from Latch will ever ask you \
             for it.\n\n\
             If you did not ask for it, ignore this email: without the code, this address is \
             not used.\n"
        ),
    }
}

/// After a login code by email was the first proof of the address.
pub fn email_proven_notice(first_name: &str) -> EmailContent {
    let first_name = name(first_name);
    EmailContent {
        subject: "Your Latch email address is confirmed".into(),
        body: format!(
            "Hello {first_name},\n\n\
             You logged in with a code sent to this address, the first proof that it is yours. \
             The account had been set up without that proof, so its password and phone number \
             were removed and every other session ended: whoever set them up may not have \
             been you.\n\n\
             To log in with a password again, use \"Forgot your password?\" on the login page; \
             add your phone number on your account page.\n"
        ),
    }
}

pub fn email_change_code(first_name: &str, code: &str, lifetime: Duration) -> EmailContent {
    let first_name = name(first_name);
    let minutes = lifetime.as_secs() / 60;
    EmailContent {
        subject: format!("Confirm your new email address: {code}"),
        body: format!(
            "Hello {first_name},\n\n\
             To make this your Latch email address, your confirmation code is {code}\n\n\
             Enter it on your account page. It expires in {minutes} minutes and works once. \
             Until then your old address stays in use.\n\n\
             If you did not ask for this, ignore this email.\n"
        ),
    }
}

pub fn email_changed_notice(first_name: &str, new_email: &str) -> EmailContent {
    let first_name = name(first_name);
    let new_email = plain(new_email);
    EmailContent {
        subject: "Your Latch email address was changed".into(),
        body: format!(
            "Hello {first_name},\n\n\
             The email address of your Latch account was changed to {new_email}.\n\n\
             If you did not do this, reset your password right away and contact your administrator.\n"
        ),
    }
}

/// To the owner of an address someone asked to move their own account to. No code: the address
/// stays where it is, and the one asking is answered as if it were free.
pub fn email_in_use_notice() -> EmailContent {
    EmailContent {
        subject: "Someone tried to use your email address on Latch".into(),
        body: "Hello,\n\n\
             Someone logged in to another Latch account asked to change its email address to \
             this one. This address belongs to your account, so nothing changed and no code \
             was sent.\n\n\
             If it was you, log in to the account that has this address instead. If not, you \
             need not do anything.\n"
            .into(),
    }
}

/// The SMS counterpart of [`email_in_use_notice`].
pub fn phone_in_use_sms() -> String {
    "Someone asked to add this number to another Latch account. It stays with yours; nothing changed."
        .into()
}

pub fn phone_change_sms(code: &str, lifetime: Duration) -> String {
    let minutes = lifetime.as_secs() / 60;
    format!(
        "Your Latch confirmation code is {code}. It adds this number to your account and expires in {minutes} minutes."
    )
}

pub fn password_reset(first_name: &str, link: &str, lifetime: Duration) -> EmailContent {
    let first_name = name(first_name);
    let minutes = lifetime.as_secs() / 60;
    EmailContent {
        subject: "Reset your Latch password".into(),
        body: format!(
            "Hello {first_name},\n\n\
             Someone (we hope you) asked to reset your password. Open this link to choose a new one:\n\n\
             {link}\n\n\
             It works once, for {minutes} minutes. Asking again makes this link stop working.\n\n\
             If you did not ask, ignore this email: your password stays as it is.\n"
        ),
    }
}

pub fn password_changed_notice(first_name: &str) -> EmailContent {
    let first_name = name(first_name);
    EmailContent {
        subject: "Your Latch password was changed".into(),
        body: format!(
            "Hello {first_name},\n\n\
             The password of your Latch account was just changed, and your other sessions were logged out.\n\n\
             If you did not do this, reset your password right away and contact your administrator.\n"
        ),
    }
}

/// A change to how the account is protected, for its owner's notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorChange {
    TotpEnabled,
    TotpDisabled,
    RecoveryCodeUsed,
    PasskeyAdded,
    PasskeyRemoved,
}

pub fn factor_notice(first_name: &str, change: FactorChange) -> EmailContent {
    let first_name = name(first_name);
    let (subject, what) = match change {
        FactorChange::TotpEnabled => (
            "An authenticator app was added to your Latch account",
            "An authenticator app was added to your Latch account: logging in now needs a code from it.",
        ),
        FactorChange::TotpDisabled => (
            "The authenticator app was removed from your Latch account",
            "The authenticator app of your Latch account was removed: logging in no longer asks for its code.",
        ),
        FactorChange::PasskeyAdded => (
            "A passkey was added to your Latch account",
            "A passkey was added to your Latch account: it logs you in on its own.",
        ),
        FactorChange::PasskeyRemoved => (
            "A passkey was removed from your Latch account",
            "A passkey was removed from your Latch account: it no longer logs you in.",
        ),
        FactorChange::RecoveryCodeUsed => (
            "A recovery code was used on your Latch account",
            "One of your recovery codes was just used to log in to your Latch account. It does not work again.",
        ),
    };
    EmailContent {
        subject: subject.into(),
        body: format!(
            "Hello {first_name},\n\n\
             {what}\n\n\
             If you did not do this, reset your password right away and contact your administrator.\n"
        ),
    }
}

/// A sign-in through another provider was connected to the account, or disconnected.
pub fn identity_notice(first_name: &str, provider: &str, linked: bool) -> EmailContent {
    let first_name = name(first_name);
    let provider = plain(provider);
    let (subject, what) = if linked {
        (
            format!("Sign-in with {provider} was connected to your Latch account"),
            format!("Signing in with {provider} now logs you in to your Latch account."),
        )
    } else {
        (
            format!("Sign-in with {provider} was disconnected from your Latch account"),
            format!("Signing in with {provider} no longer logs you in to your Latch account."),
        )
    };
    EmailContent {
        subject,
        body: format!(
            "Hello {first_name},\n\n\
             {what}\n\n\
             If you did not do this, reset your password right away and contact your administrator.\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_emails_read_as_they_always_did() {
        let v = verification_code(Locale::En, "Ada", "042133", Duration::from_secs(900));
        assert_eq!(v.subject, "Your Latch verification code: 042133");
        assert_eq!(
            v.body,
            "Hello Ada,\n\nYour verification code is 042133\n\nEnter it on the verification page \
             to confirm this email address. It expires in 15 minutes and works once.\n\nIf you \
             did not sign up, ignore this email: nothing happens without the code.\n"
        );
        let l = login_code_email(
            Locale::En,
            "Ada",
            "042133",
            "https://latch.test/login/email/code?code=042133",
            Duration::from_secs(600),
        );
        assert_eq!(l.subject, "Your Latch login code: 042133");
        assert_eq!(
            l.body,
            "Hello Ada,\n\nYour login code is 042133\n\nEnter it where you asked for it: it \
             works only there. In the same browser, this link fills it in:\n\n\
             https://latch.test/login/email/code?code=042133\n\nIt expires in 10 minutes and \
             works once. Nobody from Latch will ever ask you for it.\n\nIf you did not try to \
             log in, ignore this email: nobody gets in without the code.\n"
        );
        let one = verification_code(Locale::En, "Ada", "042133", Duration::from_secs(60));
        assert!(one.body.contains("in 1 minute and"), "{}", one.body);
    }

    #[test]
    fn every_language_says_the_code_and_the_link_and_nothing_else_leaks() {
        let link = "https://latch.test/login/email/code?code=042133";
        for locale in Locale::SHIPPED {
            for minutes in [1, 2, 5, 10, 15, 22] {
                let lifetime = Duration::from_secs(minutes * 60);
                for (kind, email) in [
                    (
                        "verification",
                        verification_code(locale, "Ada", "042133", lifetime),
                    ),
                    (
                        "login",
                        login_code_email(locale, "Ada", "042133", link, lifetime),
                    ),
                ] {
                    let what = format!("{} {kind} {minutes}", locale.tag());
                    assert!(
                        email.subject.ends_with("042133"),
                        "{what}: {}",
                        email.subject
                    );
                    assert!(email.body.contains("042133"), "{what}");
                    assert!(email.body.contains("Ada"), "{what}");
                    if kind == "login" {
                        assert!(email.body.contains(&format!("\n\n{link}\n\n")), "{what}");
                    }
                    assert!(
                        !email.body.contains(['{', '}', '$', '\u{2068}', '\u{2069}']),
                        "{what}: {}",
                        email.body
                    );
                    assert!(!email.subject.contains(['\n', '\r']), "{what}");
                }
            }
            let anonymous =
                verification_code(locale, "evil.example", "042133", Duration::from_secs(900));
            assert!(!anonymous.body.contains("evil"), "{}", anonymous.body);
        }
        let pl = verification_code(Locale::Pl, "Ada", "042133", Duration::from_secs(120));
        assert!(pl.body.contains("za 2 minuty"), "{}", pl.body);
        let ar = login_code_email(Locale::Ar, "Ada", "042133", link, Duration::from_secs(120));
        assert!(ar.body.contains("دقيقتين"), "{}", ar.body);
    }

    #[test]
    fn the_code_and_its_lifetime_are_in_the_email() {
        let e = verification_code(Locale::En, "Ada", "042133", Duration::from_secs(900));
        assert!(e.subject.contains("042133"));
        assert!(e.body.contains("Hello Ada"));
        assert!(e.body.contains("042133"));
        assert!(e.body.contains("15 minutes"));
    }

    #[test]
    fn typed_values_cannot_add_links_or_lines() {
        for (first_name, greeting) in [
            ("Ada", "Hello Ada,"),
            ("Visit https://evil.example now", "Hello there,"),
            ("evil.example", "Hello there,"),
            ("mail ada@evil.example", "Hello there,"),
            ("Ada\nClick here", "Hello Ada Click here,"),
            ("J.R.R.", "Hello J.R.R.,"),
        ] {
            for email in [
                verification_code(Locale::En, first_name, "042133", Duration::from_secs(900)),
                email_change_code(first_name, "042133", Duration::from_secs(900)),
                email_changed_notice(first_name, "new@example.com\r\nBcc: x"),
                password_reset(
                    first_name,
                    "https://latch.test/r",
                    Duration::from_secs(1800),
                ),
                password_changed_notice(first_name),
                factor_notice(first_name, FactorChange::PasskeyAdded),
            ] {
                assert!(
                    email.body.starts_with(greeting),
                    "{first_name:?}: {}",
                    email.body
                );
                assert!(!email.body.contains("\r"), "{}", email.body);
            }
        }
        assert!(holds_address("a@b") && holds_address("x://y") && holds_address("ab.cd"));
        assert!(!holds_address("J.R.R. Tolkien") && !holds_address("St. John"));
    }

    #[test]
    fn the_login_sms_fits_one_segment_in_every_language() {
        let sms = login_code_sms(Locale::En, "042133", Duration::from_secs(300));
        assert_eq!(
            sms,
            "Your Latch login code is 042133. It expires in 5 minutes. Never share it."
        );
        for locale in Locale::SHIPPED {
            for minutes in [1, 2, 5, 10, 15, 22, 59] {
                let sms = login_code_sms(locale, "042133", Duration::from_secs(minutes * 60));
                assert!(sms.contains("042133"), "{sms}");
                assert!(!sms.contains(['\u{2068}', '\u{2069}', '{', '$']), "{sms:?}");
                assert_eq!(
                    crate::notify::segments::segments(&sms),
                    1,
                    "{} at {minutes} minutes: {sms} ({} UTF-16 units)",
                    locale.tag(),
                    sms.encode_utf16().count()
                );
            }
        }
    }
}
