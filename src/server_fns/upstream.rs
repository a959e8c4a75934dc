//! Finishing a sign-up through another provider, for the `/signup/complete` page.

use leptos::prelude::*;

use crate::model::FormError;

/// Creates the account for the identity waiting in this browser (its address proven by the
/// provider) with what the provider did not give, and logs it in.
#[server(prefix = "/fn", endpoint = "complete_signup")]
pub async fn complete_signup(
    first_name: String,
    last_name: String,
    phone: String,
) -> Result<(), FormError> {
    use super::support::{form_error, logged_in, request_meta, session, state};
    use crate::auth::upstream::FederatedSignUp;
    use crate::http::sessions::pending_identity;

    let state = state()?;
    let meta = request_meta().await;
    let values = [
        ("first_name", first_name.as_str()),
        ("last_name", last_name.as_str()),
        ("phone", phone.as_str()),
    ];
    let Some(waiting) = pending_identity(&session().await?).await else {
        return Err(expired());
    };
    let result = match FederatedSignUp::parse(&first_name, &last_name, &phone) {
        Ok(sign_up) => {
            state
                .auth
                .sign_up_with_identity(&waiting, &sign_up, &meta)
                .await
        }
        Err(e) => Err(e),
    };
    logged_in(&state, result, &meta, waiting.return_to.as_deref())
        .await
        .map_err(|e| form_error(e, &values))
}

/// "Email me a code" on `/signup/complete`, when the provider did not prove an address: the
/// code's token stays with the identity in this browser's session.
#[server(prefix = "/fn", endpoint = "send_signup_code")]
pub async fn send_signup_code(email: String) -> Result<(), FormError> {
    use super::support::{form_error, request_meta, session, state};
    use crate::auth::{Email, field};
    use crate::http::sessions::{keep_pending_identity, pending_identity};

    let state = state()?;
    let meta = request_meta().await;
    let session = session().await?;
    let Some(waiting) = pending_identity(&session).await else {
        return Err(expired());
    };
    let result = async {
        let parsed = field("email", Email::parse(&email))?;
        let kept = state
            .auth
            .send_sign_up_code(&waiting, &parsed, &meta)
            .await?;
        keep_pending_identity(&session, &state.auth, &kept).await
    }
    .await;
    result.map_err(|e| form_error(e, &[("email", &email)]))?;
    leptos_axum::redirect("/signup/complete");
    Ok(())
}

/// The code that proves the address: then the identity goes on as one with a proven address
/// would (finish signing up, connect to the account that has it, or log in).
#[server(prefix = "/fn", endpoint = "prove_signup_email")]
pub async fn prove_signup_email(code: String) -> Result<(), FormError> {
    use super::support::{form_error, logged_in, request_meta, session, state};
    use crate::auth::upstream::Arrival;
    use crate::auth::{Code, field};
    use crate::http::sessions::{keep_pending_identity, pending_identity};

    let state = state()?;
    let meta = request_meta().await;
    let session = session().await?;
    let Some(waiting) = pending_identity(&session).await else {
        return Err(expired());
    };
    let arrival = async {
        let code = field("code", Code::parse(&code))?;
        state.auth.prove_sign_up_email(&waiting, &code, &meta).await
    }
    .await;
    let done = match arrival {
        Ok(Arrival::LoggedIn { outcome, return_to }) => {
            logged_in(&state, Ok(outcome), &meta, return_to.as_deref()).await
        }
        Ok(Arrival::Pending(pending)) => {
            let page = if pending.account.is_some() {
                "/login/connect"
            } else {
                "/signup/complete"
            };
            keep_pending_identity(&session, &state.auth, &pending)
                .await
                .map(|()| leptos_axum::redirect(page))
        }
        Ok(Arrival::Linked { .. }) => {
            leptos_axum::redirect("/account/security");
            Ok(())
        }
        Err(e) => Err(e),
    };
    done.map_err(|e| form_error(e, &[]))
}

#[cfg(feature = "ssr")]
fn expired() -> FormError {
    FormError::message(crate::page_data::t("error-sign-up-expired"))
}

/// "Disconnect" on the account's sign-in methods.
#[server(prefix = "/fn", endpoint = "disconnect_identity")]
pub async fn disconnect_identity(id: String) -> Result<(), FormError> {
    use super::account::signed_in;
    use super::support::{finish, form_error};
    use crate::auth::Error;
    use crate::model::Done;

    let (state, signed_in, meta) = signed_in().await?;
    let result = async {
        let id = uuid::Uuid::parse_str(&id).map_err(|_| Error::NotFound)?;
        let freshness = signed_in.freshness().await;
        state
            .auth
            .unlink_identity(signed_in.user.id, id, freshness, &meta)
            .await
    }
    .await;
    finish(result, Done::Disconnected, |e| form_error(e, &[]))
}

/// "Email me a link to set a password", for an account made through another provider (it has
/// no password anyone knows) or one whose owner forgot theirs: the reset link, to the
/// account's own verified address.
#[server(prefix = "/fn", endpoint = "set_password_link")]
pub async fn set_password_link() -> Result<(), FormError> {
    use super::account::signed_in;
    use super::support::{finish, form_error};
    use crate::model::Done;

    let (state, signed_in, meta) = signed_in().await?;
    let result = state
        .auth
        .request_password_reset(&signed_in.user.email, &meta)
        .await;
    finish(result, Done::PasswordLinkSent, |e| form_error(e, &[]))
}
