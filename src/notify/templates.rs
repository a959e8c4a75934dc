//! Every message body Latch sends, in one place.

use std::time::Duration;

pub struct EmailContent {
    pub subject: String,
    pub body: String,
}

pub fn verification_code(first_name: &str, code: &str, lifetime: Duration) -> EmailContent {
    let minutes = lifetime.as_secs() / 60;
    EmailContent {
        subject: format!("Your Latch verification code: {code}"),
        body: format!(
            "Hello {first_name},\n\n\
             Your verification code is {code}\n\n\
             Enter it on the verification page to confirm this email address. \
             It expires in {minutes} minutes and works once.\n\n\
             If you did not sign up, ignore this email: nothing happens without the code.\n"
        ),
    }
}

/// The SMS with a login code. Short (one SMS segment), code first for notification previews.
pub fn login_code_sms(code: &str, lifetime: Duration) -> String {
    let minutes = lifetime.as_secs() / 60;
    format!("Your Latch login code is {code}. It expires in {minutes} minutes. Never share it.")
}

pub fn email_change_code(first_name: &str, code: &str, lifetime: Duration) -> EmailContent {
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
    EmailContent {
        subject: "Your Latch email address was changed".into(),
        body: format!(
            "Hello {first_name},\n\n\
             The email address of your Latch account was changed to {new_email}.\n\n\
             If you did not do this, reset your password right away and contact your administrator.\n"
        ),
    }
}

pub fn phone_change_sms(code: &str, lifetime: Duration) -> String {
    let minutes = lifetime.as_secs() / 60;
    format!(
        "Your Latch confirmation code is {code}. It adds this number to your account and expires in {minutes} minutes."
    )
}

pub fn password_reset(first_name: &str, link: &str, lifetime: Duration) -> EmailContent {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_and_its_lifetime_are_in_the_email() {
        let e = verification_code("Ada", "042133", Duration::from_secs(900));
        assert!(e.subject.contains("042133"));
        assert!(e.body.contains("Hello Ada"));
        assert!(e.body.contains("042133"));
        assert!(e.body.contains("15 minutes"));
    }

    #[test]
    fn the_login_sms_fits_one_segment() {
        let sms = login_code_sms("042133", Duration::from_secs(300));
        assert!(sms.contains("042133") && sms.contains("5 minutes"));
        assert!(sms.len() <= 160);
    }
}
