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
