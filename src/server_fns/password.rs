//! Forgotten passwords, for the `/forgot-password` and `/reset-password` pages.

use leptos::prelude::*;

use crate::model::FormError;

#[server(prefix = "/fn", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), FormError> {
    use super::support::{form_error, request_meta, state};
    use crate::auth::{Email, Error, FieldErrors};

    let state = state()?;
    let meta = request_meta().await;
    let result = match Email::parse(&email) {
        Ok(parsed) => state.auth.request_password_reset(&parsed, &meta).await,
        Err(m) => Err(Error::Validation(FieldErrors::single("email", m))),
    };
    match result {
        Ok(()) => {
            leptos_axum::redirect("/forgot-password?sent=1");
            Ok(())
        }
        Err(e) => Err(form_error(e, &[("email", &email)])),
    }
}

#[server(prefix = "/fn", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), FormError> {
    use super::support::{form_error, request_meta, state};

    let state = state()?;
    let meta = request_meta().await;
    match state.auth.reset_password(&token, &password, &meta).await {
        Ok(()) => {
            leptos_axum::redirect("/login?reset=1");
            Ok(())
        }
        // Never echo the token: it would end up in a URL without JavaScript.
        Err(e) => Err(form_error(e, &[])),
    }
}
