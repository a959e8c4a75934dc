//! Forgotten passwords, for the `/forgot-password` and `/reset-password` pages.

use leptos::prelude::*;

use crate::model::FormError;

#[server(prefix = "/fn", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), FormError> {
    use super::support::{form_error, request_meta, state};
    use crate::auth::{Email, field};

    let state = state()?;
    let meta = request_meta().await;
    let result = match field("email", Email::parse(&email)) {
        Ok(parsed) => state.auth.request_password_reset(&parsed, &meta).await,
        Err(e) => Err(e),
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
    use crate::auth::PasswordReset;

    let state = state()?;
    let meta = request_meta().await;
    let result = match PasswordReset::parse(&token, &password) {
        Ok(reset) => state.auth.reset_password(&reset, &meta).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            leptos_axum::redirect("/login?reset=1");
            Ok(())
        }
        // Never echo the token: it would end up in a URL without JavaScript.
        Err(e) => Err(form_error(e, &[])),
    }
}
