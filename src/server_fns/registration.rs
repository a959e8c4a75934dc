//! Sign-up and email verification, for the `/signup` and `/verify-email` pages.

use leptos::prelude::*;

use crate::model::FormError;

#[server(prefix = "/fn", endpoint = "register")]
pub async fn register(
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    password: String,
) -> Result<(), FormError> {
    use super::support::{form_error, query_value, request_meta, state};
    use crate::auth::Registration;

    let state = state()?;
    let meta = request_meta().await;
    let result = match Registration::parse(&first_name, &last_name, &email, &phone, &password) {
        Ok(registration) => state.auth.register(registration, &meta).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(user) => {
            leptos_axum::redirect(&format!("/verify-email?email={}", query_value(&user.email)));
            Ok(())
        }
        Err(e) => Err(form_error(
            e,
            &[
                ("first_name", &first_name),
                ("last_name", &last_name),
                ("email", &email),
                ("phone", &phone),
            ],
        )),
    }
}

#[server(prefix = "/fn", endpoint = "verify_email")]
pub async fn verify_email(email: String, code: String) -> Result<(), FormError> {
    use super::support::{form_error, query_value, request_meta, state};
    use crate::auth::{Code, Email, Error, FieldErrors};

    let state = state()?;
    let meta = request_meta().await;
    let mut errors = FieldErrors::default();
    let parsed_email = errors.take("email", Email::parse(&email));
    let parsed_code = errors.take("code", Code::parse(&code));
    let result = match (parsed_email, parsed_code) {
        (Some(e), Some(c)) => state.auth.verify_email(&e, &c, &meta).await,
        _ => Err(Error::Validation(errors)),
    };
    match result {
        Ok(user) => {
            leptos_axum::redirect(&format!(
                "/verify-email?verified=1&email={}",
                query_value(&user.email)
            ));
            Ok(())
        }
        Err(e) => Err(form_error(e, &[("email", &email)])),
    }
}

#[server(prefix = "/fn", endpoint = "resend_verification")]
pub async fn resend_verification(email: String) -> Result<(), FormError> {
    use super::support::{form_error, query_value, state};
    use crate::auth::{Email, Error, FieldErrors};

    let state = state()?;
    let result = match Email::parse(&email) {
        Ok(parsed) => state.auth.resend_email_verification(&parsed).await,
        Err(m) => Err(Error::Validation(FieldErrors::single("email", m))),
    };
    match result {
        Ok(()) => {
            leptos_axum::redirect(&format!(
                "/verify-email?resent=1&email={}",
                query_value(email.trim())
            ));
            Ok(())
        }
        Err(e) => Err(form_error(e, &[("email", &email)])),
    }
}
