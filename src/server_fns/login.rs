//! Logging in and out from the `/login`, `/login/otp` and `/login/email` pages.

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

/// "Email me a code": the attempt stays in this browser's session, where the code page finds
/// it; the code works nowhere else.
#[server(prefix = "/fn", endpoint = "request_email_code")]
pub async fn request_email_code(email: String, return_to: Option<String>) -> Result<(), FormError> {
    use super::support::{form_error, query_value, request_meta, session, state};
    use crate::auth::{Email, field};
    use crate::http::sessions::{EmailLogin, keep_email_login};

    let state = state()?;
    let meta = request_meta().await;
    let session = session().await?;
    let result = async {
        let parsed = field("email", Email::parse(&email))?;
        let attempt = state.auth.request_email_login(&parsed, &meta).await?;
        let login = EmailLogin {
            attempt,
            email: parsed.to_string(),
        };
        keep_email_login(&session, &state.auth, &login).await
    }
    .await;
    result.map_err(|e| form_error(e, &[("email", &email)]))?;
    let mut to = "/login/email/code".to_owned();
    if let Some(r) = return_to.filter(|r| !r.is_empty()) {
        to.push_str(&format!("?return_to={}", query_value(&r)));
    }
    leptos_axum::redirect(&to);
    Ok(())
}

#[server(prefix = "/fn", endpoint = "log_in_with_email_code")]
pub async fn log_in_with_email_code(
    code: String,
    return_to: Option<String>,
) -> Result<(), FormError> {
    use super::support::{form_error, logged_in, request_meta, session, state};
    use crate::auth::EmailCodeLogin;
    use crate::http::sessions::kept_email_login;

    let state = state()?;
    let meta = request_meta().await;
    let Some(asked) = kept_email_login(&session().await?).await else {
        return Err(FormError::message(
            "This code works only in the browser where you asked for it. Type it there, or ask for a new code here.",
        ));
    };
    let result = match EmailCodeLogin::parse(&asked.attempt, &code) {
        Ok(login) => state.auth.log_in_with_email_code(&login, &meta).await,
        Err(e) => Err(e),
    };
    logged_in(&state, result, &meta, return_to.as_deref())
        .await
        .map_err(|e| form_error(e, &[("email", &asked.email)]))
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
    logged_out.map_err(|()| FormError::message(crate::page_data::t("error-log-out-failed")))?;
    leptos_axum::redirect("/login");
    Ok(())
}
