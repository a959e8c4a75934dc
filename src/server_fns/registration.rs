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
    return_to: Option<String>,
) -> Result<(), FormError> {
    use super::support::{form_error, request_meta, session, state, verify_email_page};
    use crate::auth::Registration;

    let state = state()?;
    let meta = request_meta().await;
    let result = match Registration::parse(&first_name, &last_name, &email, &phone, &password) {
        Ok(registration) => state.auth.register(registration, &meta).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(user) => {
            // Verifying the address in this browser completes the sign-up with a login.
            let session = session().await?;
            if let Err(e) =
                crate::http::sessions::mark_pending(&session, &state.auth, user.id).await
            {
                tracing::warn!(error = %e, "could not remember the new user in the session");
            }
            leptos_axum::redirect(&verify_email_page(
                user.email.as_str(),
                return_to.as_deref(),
            ));
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
pub async fn verify_email(
    email: String,
    code: String,
    return_to: Option<String>,
) -> Result<(), FormError> {
    use super::support::{form_error, logged_in, query_value, request_meta, session, state};
    use crate::auth::EmailVerification;

    let state = state()?;
    let meta = request_meta().await;
    let result = match EmailVerification::parse(&email, &code) {
        Ok(verification) => state.auth.verify_email(&verification, &meta).await,
        Err(e) => Err(e),
    };
    let user = match result {
        Ok(user) => user,
        Err(e) => return Err(form_error(e, &[("email", &email)])),
    };
    let session = session().await?;
    if crate::http::sessions::pending_user(&session).await == Some(user.id) {
        // The person who signed up or logged in from this browser just proved the address:
        // their login concludes now, by the rules of every login (an account with an
        // authenticator is asked for it).
        let outcome = state
            .auth
            .conclude(user.id, crate::auth::LoginMethod::OneTimeCode.into(), &meta)
            .await;
        logged_in(&state, outcome, &meta, return_to.as_deref())
            .await
            .map_err(|e| form_error(e, &[("email", &email)]))?;
    } else {
        leptos_axum::redirect(&format!(
            "/verify-email?verified=1&email={}",
            query_value(user.email.as_str())
        ));
    }
    Ok(())
}

#[server(prefix = "/fn", endpoint = "resend_verification")]
pub async fn resend_verification(
    email: String,
    return_to: Option<String>,
) -> Result<(), FormError> {
    use super::support::{form_error, query_value, request_meta, state};
    use crate::auth::{Email, field};

    let state = state()?;
    let meta = request_meta().await;
    let result = match field("email", Email::parse(&email)) {
        Ok(parsed) => state.auth.resend_email_verification(&parsed, &meta).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let mut to = format!("/verify-email?resent=1&email={}", query_value(email.trim()));
            if let Some(r) = return_to.filter(|r| !r.is_empty()) {
                to.push_str(&format!("&return_to={}", query_value(&r)));
            }
            leptos_axum::redirect(&to);
            Ok(())
        }
        Err(e) => Err(form_error(e, &[("email", &email)])),
    }
}
