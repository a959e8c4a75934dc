//! Logging in and out from the `/login` and `/login/otp` pages.

use leptos::prelude::*;

use crate::model::FormError;

#[server(prefix = "/fn", endpoint = "log_in_with_password")]
pub async fn log_in_with_password(
    identifier: String,
    password: String,
    return_to: Option<String>,
) -> Result<(), FormError> {
    use super::support::{form_error, logged_in, request_meta, state};
    use crate::auth::PasswordLogin;

    let state = state()?;
    let meta = request_meta().await;
    let result = match PasswordLogin::parse(&identifier, &password) {
        Ok(login) => state.auth.log_in_with_password(&login, &meta).await,
        Err(e) => Err(e),
    };
    logged_in(&state, result, &meta, return_to.as_deref())
        .await
        .map_err(|e| form_error(e, &[("identifier", &identifier)]))
}

#[server(prefix = "/fn", endpoint = "request_login_code")]
pub async fn request_login_code(phone: String, return_to: Option<String>) -> Result<(), FormError> {
    use super::support::{form_error, query_value, request_meta, state};
    use crate::auth::{Phone, field};

    let state = state()?;
    let meta = request_meta().await;
    let result = match field("phone", Phone::parse(&phone)) {
        Ok(parsed) => state
            .auth
            .request_login_code(&parsed, &meta)
            .await
            .map(|()| parsed),
        Err(e) => Err(e),
    };
    match result {
        Ok(parsed) => {
            let mut to = format!("/login/otp?phone={}", query_value(parsed.as_str()));
            if let Some(r) = return_to.filter(|r| !r.is_empty()) {
                to.push_str(&format!("&return_to={}", query_value(&r)));
            }
            leptos_axum::redirect(&to);
            Ok(())
        }
        Err(e) => Err(form_error(e, &[("phone", &phone)])),
    }
}

#[server(prefix = "/fn", endpoint = "log_in_with_code")]
pub async fn log_in_with_code(
    phone: String,
    code: String,
    return_to: Option<String>,
) -> Result<(), FormError> {
    use super::support::{form_error, logged_in, request_meta, state};
    use crate::auth::CodeLogin;

    let state = state()?;
    let meta = request_meta().await;
    let result = match CodeLogin::parse(&phone, &code) {
        Ok(login) => state.auth.log_in_with_code(&login, &meta).await,
        Err(e) => Err(e),
    };
    logged_in(&state, result, &meta, return_to.as_deref())
        .await
        .map_err(|e| form_error(e, &[("phone", &phone)]))
}

#[server(prefix = "/fn", endpoint = "log_out")]
pub async fn log_out() -> Result<(), FormError> {
    use super::support::session;
    let session = session().await?;
    let logged_out = match super::support::current() {
        Some(current) => {
            let state = super::support::state()?;
            crate::http::sessions::log_out(&state.auth, &session, current.session.public_id)
                .await
                .map_err(|e| tracing::error!(error = %e, "logging out failed"))
        }
        None => session.flush().await.map_err(drop),
    };
    logged_out.map_err(|()| FormError::message("Could not log you out. Please try again."))?;
    leptos_axum::redirect("/login");
    Ok(())
}
