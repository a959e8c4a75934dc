//! Every message Latch sends, in one place, in the recipient's language (the catalogues of
//! `i18n`) and under the operator's brand ([`Voice`]). A value someone typed goes in only
//! through [`plain`], and a name only when it holds no address: mail programs turn addresses
//! into links, and a line break would start a line of the sender's choosing.

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

pub struct EmailContent {
    pub subject: String,
    pub body: String,
}

/// Who a message speaks for and to: the recipient's language and the product's name (the
/// operator's brand, `$product` in the catalogues).
#[derive(Clone, Copy, Debug)]
pub struct Voice<'a> {
    pub locale: Locale,
    pub product: &'a str,
}

impl Voice<'_> {
    /// The message `id` with `args` and the product's name.
    fn say(&self, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(("product", FluentValue::from(plain(self.product))));
        all.extend(args.iter().cloned());
        self.locale.text_with(id, &all)
    }

    /// "Hello {name}," or, when the recipient is not known or their name holds an address
    /// (stored before names were checked), the language's greeting without one.
    fn hello(&self, first_name: Option<&str>) -> String {
        match first_name {
            Some(n) if !holds_address(n) && !n.trim().is_empty() => {
                self.say("email-hello", &[("name", plain(n).into())])
            }
            _ => self.say("email-hello-anonymous", &[]),
        }
    }

    /// An email from the catalogue's `{kind}-subject` and `{kind}-body`, greeted; a notice of
    /// a change to the account ends with what to do if it was not the recipient.
    fn email(
        &self,
        kind: &str,
        first_name: Option<&str>,
        args: &[(&'static str, FluentValue<'_>)],
        notice: bool,
    ) -> EmailContent {
        let mut body = format!(
            "{}\n\n{}\n",
            self.hello(first_name),
            self.say(&format!("{kind}-body"), args)
        );
        if notice {
            body.push('\n');
            body.push_str(&self.say("email-not-you", &[]));
            body.push('\n');
        }
        EmailContent {
            subject: self.say(&format!("{kind}-subject"), args),
            body,
        }
    }
}

fn minutes(lifetime: Duration) -> FluentValue<'static> {
    (lifetime.as_secs() / 60).into()
}

/// The code that verifies an address, in the recipient's language.
pub fn verification_code(
    voice: Voice,
    first_name: &str,
    code: &str,
    lifetime: Duration,
) -> EmailContent {
    voice.email(
        "verification",
        Some(first_name),
        &[("code", code.into()), ("minutes", minutes(lifetime))],
        false,
    )
}

/// The SMS with a login code, in the recipient's language. Short (one SMS segment in every
/// shipped language: see `segments`), code first for notification previews.
pub fn login_code_sms(voice: Voice, code: &str, lifetime: Duration) -> String {
    voice.say(
        "login-sms",
        &[("code", code.into()), ("minutes", minutes(lifetime))],
    )
}

/// A login code by email, and a link to the page that takes it. The code works only in the
/// browser or app that asked for it, which the email says, so nobody reads it out to a
/// stranger's device; opening the link changes nothing until the person presses Continue.
pub fn login_code_email(
    voice: Voice,
    first_name: &str,
    code: &str,
    link: &str,
    lifetime: Duration,
) -> EmailContent {
    voice.email(
        "login-code",
        Some(first_name),
        &[
            ("code", code.into()),
            ("link", link.into()),
            ("minutes", minutes(lifetime)),
        ],
        false,
    )
}

/// The code that proves an address at the end of a sign-up through another provider that
/// did not vouch for it. Sent to whatever address was typed, so it names no account.
pub fn sign_up_code_email(
    voice: Voice,
    code: &str,
    provider: &str,
    lifetime: Duration,
) -> EmailContent {
    voice.email(
        "sign-up-code",
        None,
        &[
            ("code", code.into()),
            ("provider", plain(provider).into()),
            ("minutes", minutes(lifetime)),
        ],
        false,
    )
}

/// After a login code by email was the first proof of the address.
pub fn email_proven_notice(voice: Voice, first_name: &str) -> EmailContent {
    voice.email("email-proven", Some(first_name), &[], false)
}

pub fn email_change_code(
    voice: Voice,
    first_name: &str,
    code: &str,
    lifetime: Duration,
) -> EmailContent {
    voice.email(
        "email-change",
        Some(first_name),
        &[("code", code.into()), ("minutes", minutes(lifetime))],
        false,
    )
}

pub fn email_changed_notice(voice: Voice, first_name: &str, new_email: &str) -> EmailContent {
    voice.email(
        "email-changed",
        Some(first_name),
        &[("email", plain(new_email).into())],
        true,
    )
}

/// To the owner of an address someone asked to move their own account to. No code: the address
/// stays where it is, and the one asking is answered as if it were free.
pub fn email_in_use_notice(voice: Voice) -> EmailContent {
    voice.email("email-in-use", None, &[], false)
}

/// The SMS counterpart of [`email_in_use_notice`].
pub fn phone_in_use_sms(voice: Voice) -> String {
    voice.say("phone-in-use-sms", &[])
}

pub fn phone_change_sms(voice: Voice, code: &str, lifetime: Duration) -> String {
    voice.say(
        "phone-change-sms",
        &[("code", code.into()), ("minutes", minutes(lifetime))],
    )
}

pub fn password_reset(
    voice: Voice,
    first_name: &str,
    link: &str,
    lifetime: Duration,
) -> EmailContent {
    voice.email(
        "password-reset",
        Some(first_name),
        &[("link", link.into()), ("minutes", minutes(lifetime))],
        false,
    )
}

pub fn password_changed_notice(voice: Voice, first_name: &str) -> EmailContent {
    voice.email("password-changed", Some(first_name), &[], true)
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

pub fn factor_notice(voice: Voice, first_name: &str, change: FactorChange) -> EmailContent {
    let kind = match change {
        FactorChange::TotpEnabled => "totp-enabled",
        FactorChange::TotpDisabled => "totp-disabled",
        FactorChange::PasskeyAdded => "passkey-added",
        FactorChange::PasskeyRemoved => "passkey-removed",
        FactorChange::RecoveryCodeUsed => "recovery-code-used",
    };
    voice.email(kind, Some(first_name), &[], true)
}

/// A sign-in through another provider was connected to the account, or disconnected.
pub fn identity_notice(
    voice: Voice,
    first_name: &str,
    provider: &str,
    linked: bool,
) -> EmailContent {
    let kind = if linked {
        "identity-linked"
    } else {
        "identity-unlinked"
    };
    voice.email(
        kind,
        Some(first_name),
        &[("provider", plain(provider).into())],
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(locale: Locale) -> Voice<'static> {
        Voice {
            locale,
            product: "Latch",
        }
    }

    const EN: Voice<'static> = Voice {
        locale: Locale::En,
        product: "Latch",
    };

    #[test]
    fn the_english_emails_read_as_they_always_did() {
        let v = verification_code(EN, "Ada", "042133", Duration::from_secs(900));
        assert_eq!(v.subject, "Your Latch verification code: 042133");
        assert_eq!(
            v.body,
            "Hello Ada,\n\nYour verification code is 042133\n\nEnter it on the verification page \
             to confirm this email address. It expires in 15 minutes and works once.\n\nIf you \
             did not sign up, ignore this email: nothing happens without the code.\n"
        );
        let l = login_code_email(
            EN,
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
        let one = verification_code(EN, "Ada", "042133", Duration::from_secs(60));
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
                        verification_code(voice(locale), "Ada", "042133", lifetime),
                    ),
                    (
                        "login",
                        login_code_email(voice(locale), "Ada", "042133", link, lifetime),
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
            let anonymous = verification_code(
                voice(locale),
                "evil.example",
                "042133",
                Duration::from_secs(900),
            );
            assert!(!anonymous.body.contains("evil"), "{}", anonymous.body);
        }
        let pl = verification_code(voice(Locale::Pl), "Ada", "042133", Duration::from_secs(120));
        assert!(pl.body.contains("za 2 minuty"), "{}", pl.body);
        let ar = login_code_email(
            voice(Locale::Ar),
            "Ada",
            "042133",
            link,
            Duration::from_secs(120),
        );
        assert!(ar.body.contains("دقيقتين"), "{}", ar.body);
    }

    #[test]
    fn the_code_and_its_lifetime_are_in_the_email() {
        let e = verification_code(EN, "Ada", "042133", Duration::from_secs(900));
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
                verification_code(EN, first_name, "042133", Duration::from_secs(900)),
                email_change_code(EN, first_name, "042133", Duration::from_secs(900)),
                email_changed_notice(EN, first_name, "new@example.com\r\nBcc: x"),
                password_reset(
                    EN,
                    first_name,
                    "https://latch.test/r",
                    Duration::from_secs(1800),
                ),
                password_changed_notice(EN, first_name),
                factor_notice(EN, first_name, FactorChange::PasskeyAdded),
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
        let sms = login_code_sms(EN, "042133", Duration::from_secs(300));
        assert_eq!(
            sms,
            "Your Latch login code is 042133. It expires in 5 minutes. Never share it."
        );
        for locale in Locale::SHIPPED {
            for minutes in [1, 2, 5, 10, 15, 22, 59] {
                let sms =
                    login_code_sms(voice(locale), "042133", Duration::from_secs(minutes * 60));
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

    /// Every email and SMS Latch sends, in `voice`, with a first name and lifetime.
    fn every_message(v: Voice, minutes: u64) -> Vec<(&'static str, String, String)> {
        let life = Duration::from_secs(minutes * 60);
        let link = "https://latch.test/x?token=abc";
        let mut all: Vec<(&'static str, EmailContent)> = vec![
            ("verification", verification_code(v, "Ada", "042133", life)),
            (
                "login-code",
                login_code_email(v, "Ada", "042133", link, life),
            ),
            (
                "sign-up-code",
                sign_up_code_email(v, "042133", "GitHub", life),
            ),
            ("email-proven", email_proven_notice(v, "Ada")),
            ("email-change", email_change_code(v, "Ada", "042133", life)),
            (
                "email-changed",
                email_changed_notice(v, "Ada", "new@example.com"),
            ),
            ("email-in-use", email_in_use_notice(v)),
            ("password-reset", password_reset(v, "Ada", link, life)),
            ("password-changed", password_changed_notice(v, "Ada")),
            ("identity-linked", identity_notice(v, "Ada", "GitHub", true)),
            (
                "identity-unlinked",
                identity_notice(v, "Ada", "GitHub", false),
            ),
        ];
        for change in [
            FactorChange::TotpEnabled,
            FactorChange::TotpDisabled,
            FactorChange::RecoveryCodeUsed,
            FactorChange::PasskeyAdded,
            FactorChange::PasskeyRemoved,
        ] {
            all.push(("factor", factor_notice(v, "Ada", change)));
        }
        let mut messages: Vec<_> = all
            .into_iter()
            .map(|(kind, e)| (kind, e.subject, e.body))
            .collect();
        messages.push((
            "login-sms",
            String::new(),
            login_code_sms(v, "042133", life),
        ));
        messages.push((
            "phone-change-sms",
            String::new(),
            phone_change_sms(v, "042133", life),
        ));
        messages.push(("phone-in-use-sms", String::new(), phone_in_use_sms(v)));
        messages
    }

    #[test]
    fn every_message_speaks_every_language_under_the_operator_s_name() {
        for locale in Locale::SHIPPED {
            let acme = Voice {
                locale,
                product: "Acme Cloud",
            };
            let english = every_message(voice(Locale::En), 15);
            for (i, (kind, subject, body)) in every_message(acme, 15).into_iter().enumerate() {
                let what = format!("{} {kind}", locale.tag());
                let text = format!("{subject}\n{body}");
                assert!(!text.contains("Latch"), "{what}: {text}");
                // Each names the product, but the few that need not (a code for a new address).
                if kind != "email-change" {
                    assert!(text.contains("Acme Cloud"), "{what}: {text}");
                }
                assert!(
                    !text.contains(['{', '}', '$', '\u{2068}', '\u{2069}']),
                    "{what}: {text}"
                );
                assert!(!subject.contains(['\n', '\r']), "{what}");
                if locale != Locale::En {
                    assert_ne!(body, english[i].2, "{what} is not translated");
                }
            }
        }
    }

    #[test]
    fn minutes_take_each_language_s_plural_forms() {
        let cases: [(Locale, u64, &str); 21] = [
            (Locale::En, 0, "0 minutes"),
            (Locale::En, 1, "1 minute "),
            (Locale::En, 2, "2 minutes"),
            (Locale::En, 5, "5 minutes"),
            (Locale::En, 21, "21 minutes"),
            (Locale::En, 22, "22 minutes"),
            (Locale::En, 25, "25 minutes"),
            (Locale::Pl, 0, "0 minut "),
            (Locale::Pl, 1, "1 minutę"),
            (Locale::Pl, 2, "2 minuty"),
            (Locale::Pl, 5, "5 minut "),
            (Locale::Pl, 21, "21 minut "),
            (Locale::Pl, 22, "22 minuty"),
            (Locale::Pl, 25, "25 minut "),
            (Locale::Ar, 0, "0 دقيقة"),
            (Locale::Ar, 1, "دقيقة واحدة"),
            (Locale::Ar, 2, "دقيقتين"),
            (Locale::Ar, 5, "5 دقائق"),
            (Locale::Ar, 21, "21 دقيقة"),
            (Locale::Ar, 22, "22 دقيقة"),
            (Locale::Ar, 25, "25 دقيقة"),
        ];
        for (locale, minutes, expected) in cases {
            let email = verification_code(
                voice(locale),
                "Ada",
                "042133",
                Duration::from_secs(minutes * 60),
            );
            assert!(
                email.body.contains(expected),
                "{} {minutes}: {:?} not in {}",
                locale.tag(),
                expected,
                email.body
            );
        }
    }

    #[test]
    fn every_sms_keeps_to_its_segment_budget() {
        // The login code: one segment everywhere, with the longest name an operator may set
        // in a GSM-7 language, and at most two in a UCS-2 one. The rest: at most two.
        // The longest product name `auth::branding` takes (`MAX_NAME_CHARS`).
        let long_name = "x".repeat(40);
        for locale in Locale::SHIPPED {
            for product in ["Latch", long_name.as_str()] {
                let v = Voice { locale, product };
                for (kind, _, sms) in every_message(v, 15)
                    .into_iter()
                    .filter(|m| m.0.ends_with("-sms"))
                {
                    let segments = crate::notify::segments::segments(&sms);
                    let budget = match (kind, product.len(), locale) {
                        ("login-sms", 5, _) | ("login-sms", _, Locale::En) => 1,
                        _ => 2,
                    };
                    assert!(
                        segments <= budget,
                        "{} {kind} with {product:?}: {segments} segments: {sms}",
                        locale.tag()
                    );
                }
            }
        }
    }
}
