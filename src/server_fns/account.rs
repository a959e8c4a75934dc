//! The account page: overview, profile, email, phone, password, sessions.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::model::Done;
use crate::model::FormError;

#[cfg(feature = "ssr")]
pub(super) use support::signed_in;

#[cfg(feature = "ssr")]
mod support {
    use crate::auth::RequestMeta;
    use crate::http::sessions::{Credential, Current, SignedIn};
    use crate::model::FormError;
    use crate::state::AppState;

    /// The logged-in caller, or a form error that sends them to log in.
    pub async fn signed_in() -> Result<(AppState, SignedIn, RequestMeta), FormError> {
        let state = super::super::support::state()?;
        let meta = super::super::support::request_meta().await;
        let session = super::super::support::session().await?;
        match super::super::support::current() {
            Some(Current {
                session: active,
                user,
            }) => Ok((
                state,
                SignedIn {
                    session: active,
                    user,
                    credential: Credential::Cookie(session),
                },
                meta,
            )),
            _ => {
                leptos_axum::redirect("/login");
                Err(FormError::message(crate::page_data::t(
                    "error-log-in-again",
                )))
            }
        }
    }

    pub use super::super::support::current_password_error as account_error;
}

#[server(prefix = "/fn", endpoint = "update_names")]
pub async fn update_names(first_name: String, last_name: String) -> Result<(), FormError> {
    use crate::auth::ProfileUpdate;
    let (state, signed_in, meta) = support::signed_in().await?;
    let values = [
        ("first_name", first_name.as_str()),
        ("last_name", last_name.as_str()),
    ];
    let result = match ProfileUpdate::parse(Some(&first_name), Some(&last_name), None, None, None) {
        Ok(update) => signed_in
            .update_profile(&state.auth, update, &meta)
            .await
            .map(drop),
        Err(e) => Err(e),
    };
    result.map_err(|e| support::account_error(e, &values))?;
    leptos_axum::redirect(&Done::Profile.account_url());
    Ok(())
}

#[server(prefix = "/fn", endpoint = "change_email")]
pub async fn change_email(
    email: String,
    current_password: Option<String>,
) -> Result<(), FormError> {
    change_contact(crate::auth::Contact::Email, email, current_password).await
}

#[server(prefix = "/fn", endpoint = "change_phone")]
pub async fn change_phone(
    phone: String,
    current_password: Option<String>,
) -> Result<(), FormError> {
    change_contact(crate::auth::Contact::Phone, phone, current_password).await
}

/// Asks for a new email or phone: a code goes to it, the change waits for the code.
#[cfg(feature = "ssr")]
async fn change_contact(
    contact: crate::auth::Contact,
    value: String,
    current_password: Option<String>,
) -> Result<(), FormError> {
    use crate::auth::{Contact, ProfileUpdate};
    let (state, signed_in, meta) = support::signed_in().await?;
    // A form always sends the password field; left empty, it is no password.
    let current_password = current_password.filter(|p| !p.is_empty());
    let (email, phone, field) = match contact {
        Contact::Email => (Some(value.as_str()), None, "email"),
        Contact::Phone => (None, Some(value.as_str()), "phone"),
    };
    let result = match ProfileUpdate::parse(None, None, email, phone, current_password.as_deref()) {
        Ok(update) => signed_in.update_profile(&state.auth, update, &meta).await,
        Err(e) => Err(e),
    };
    let done = match contact {
        Contact::Email => Done::EmailCodeSent,
        Contact::Phone => Done::PhoneCodeSent,
    };
    super::support::finish(result, done, |e| {
        support::account_error(e, &[(field, value.as_str())])
    })
}

/// Sends a code to the account's own number when it is not verified; the page then shows the
/// phone-code form, which confirms it like a change of number.
#[server(prefix = "/fn", endpoint = "verify_phone")]
pub async fn verify_phone() -> Result<(), FormError> {
    let (state, signed_in, meta) = support::signed_in().await?;
    state
        .auth
        .request_phone_verification(signed_in.user.id, &meta)
        .await
        .map_err(|e| {
            // This form has no fields: a refused number (a country SMS is not sent to) is the
            // form's own message, or it would be shown nowhere.
            let mut form = support::account_error(e, &[]);
            if form.message.is_none() && form.fields.contains_key("phone") {
                form.message =
                    Some("We do not send text messages to this number's country.".into());
            }
            form
        })?;
    leptos_axum::redirect(&Done::PhoneCodeSent.account_url());
    Ok(())
}

#[cfg(feature = "ssr")]
async fn confirm(contact: crate::auth::Contact, code: String) -> Result<(), FormError> {
    use crate::auth::{Code, Contact, field};
    let (state, signed_in, meta) = support::signed_in().await?;
    let result = match field("code", Code::parse(&code)) {
        Ok(code) => {
            state
                .auth
                .confirm_contact(signed_in.user.id, contact, &code, &meta)
                .await
        }
        Err(e) => Err(e),
    };
    let user = result.map_err(|e| support::account_error(e, &[]))?;
    let done = match contact {
        Contact::Email => Done::Email,
        // The account's own number, confirmed after "Verify this number": nothing changed.
        Contact::Phone if user.phone == signed_in.user.phone => Done::PhoneVerified,
        Contact::Phone => Done::Phone,
    };
    leptos_axum::redirect(&done.account_url());
    Ok(())
}

#[server(prefix = "/fn", endpoint = "confirm_email_change")]
pub async fn confirm_email_change(code: String) -> Result<(), FormError> {
    confirm(crate::auth::Contact::Email, code).await
}

#[server(prefix = "/fn", endpoint = "confirm_phone_change")]
pub async fn confirm_phone_change(code: String) -> Result<(), FormError> {
    confirm(crate::auth::Contact::Phone, code).await
}

#[server(prefix = "/fn", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), FormError> {
    use crate::auth::PasswordChange;
    let (state, signed_in, meta) = support::signed_in().await?;
    let result = async {
        let change = PasswordChange::parse(&current_password, &new_password)?;
        let keep = signed_in.token_hash();
        state
            .auth
            .change_password(
                signed_in.user.id,
                &change,
                keep.as_deref(),
                signed_in.freshness().await,
                &meta,
            )
            .await?;
        signed_in.rotate().await
    }
    .await;
    super::support::finish(result, Done::Password, |e| support::account_error(e, &[]))
}

/// "Confirm it's you": a password, or for an account with an authenticator a code from it
/// (`method` `totp` or `recovery_code`); then back to the account page it was asked for.
#[server(prefix = "/fn", endpoint = "confirm_identity")]
pub async fn confirm_identity(
    current_password: Option<String>,
    method: Option<String>,
    code: Option<String>,
    return_to: Option<String>,
) -> Result<(), FormError> {
    use crate::auth::confirm::Confirmation;
    use crate::model::AccountPart;
    let (state, signed_in, meta) = support::signed_in().await?;
    let result = async {
        let confirmation = Confirmation::parse(
            current_password.as_deref(),
            method.as_deref(),
            code.as_deref(),
        )?;
        let confirmed = state
            .auth
            .confirm_identity(signed_in.user.id, &confirmation, &meta)
            .await?;
        signed_in.mark_confirmed(&state.auth, confirmed).await
    }
    .await;
    result.map_err(|e| super::factors::factor_error(e, &[]))?;
    // Back only to a page of the account: `return_to` is not a way off the site.
    let part = return_to
        .as_deref()
        .and_then(AccountPart::at)
        .unwrap_or(AccountPart::Security);
    leptos_axum::redirect(&format!(
        "{}?done={}",
        part.path(),
        Done::Confirmed.as_str()
    ));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "revoke_session")]
pub async fn revoke_session(id: String) -> Result<(), FormError> {
    use crate::auth::Error;
    let (state, signed_in, meta) = support::signed_in().await?;
    let result = match uuid::Uuid::parse_str(&id) {
        Ok(public_id) => {
            state
                .auth
                .revoke_session(signed_in.user.id, public_id, &meta)
                .await
        }
        Err(_) => Err(Error::NotFound),
    };
    result.map_err(|e| support::account_error(e, &[]))?;
    leptos_axum::redirect(&Done::Session.account_url());
    Ok(())
}

/// Takes an app's access away ("Apps with access").
#[server(prefix = "/fn", endpoint = "disconnect_app")]
pub async fn disconnect_app(client_id: String) -> Result<(), FormError> {
    let (state, signed_in, _) = support::signed_in().await?;
    state
        .auth
        .disconnect_app(signed_in.user.id, &client_id)
        .await
        .map_err(|e| support::account_error(e, &[]))?;
    leptos_axum::redirect(&Done::App.account_url());
    Ok(())
}

#[server(prefix = "/fn", endpoint = "revoke_other_sessions")]
pub async fn revoke_other_sessions() -> Result<(), FormError> {
    let (state, signed_in, meta) = support::signed_in().await?;
    let keep = signed_in
        .token_hash()
        .ok_or_else(|| FormError::message(crate::page_data::t("error-log-in-again")))?;
    state
        .auth
        .revoke_other_sessions(signed_in.user.id, &keep, &meta)
        .await
        .map_err(|e| support::account_error(e, &[]))?;
    leptos_axum::redirect(&Done::Sessions.account_url());
    Ok(())
}
