//! The second factor: the login's second step (`/login/second-factor`) and the "Two-step
//! login" forms of `/account`.

use leptos::prelude::*;

use crate::model::FormError;

/// A wrong TOTP or recovery code, beside the field (the shared message speaks of emailed codes).
#[cfg(feature = "ssr")]
pub(super) fn factor_error(error: crate::auth::Error, values: &[(&str, &str)]) -> FormError {
    match error {
        crate::auth::Error::InvalidCode => {
            let mut form = super::support::form_error(
                crate::auth::Error::Validation(Default::default()),
                values,
            );
            form.fields.insert(
                "code".into(),
                vec!["That code is wrong or was used already. Try the next one.".into()],
            );
            form
        }
        other => super::support::current_password_error(other, values),
    }
}

/// The second step of a page login: the code, and the challenge this browser kept.
#[server(prefix = "/fn", endpoint = "log_in_with_second_factor")]
pub async fn log_in_with_second_factor(
    method: String,
    code: String,
    return_to: Option<String>,
) -> Result<(), FormError> {
    use super::support::{destination, request_meta, session, state};
    use crate::auth::SecondFactorLogin;
    use crate::http::sessions;

    let state = state()?;
    let meta = request_meta().await;
    let session = session().await?;
    let challenge = sessions::kept_challenge(&session).await.unwrap_or_default();
    let result = async {
        let login = SecondFactorLogin::parse(&challenge, &method, &code).map_err(|e| match e {
            // No challenge kept: the login is gone, whatever was typed.
            crate::auth::Error::Validation(fields)
                if fields.iter().any(|(name, _)| name == "challenge") =>
            {
                crate::auth::Error::InvalidChallenge
            }
            other => other,
        })?;
        let (user, proof) = state
            .auth
            .complete_login(&login, &meta)
            .await?
            .signed_in()?;
        sessions::start(&session, &state.auth, &user, proof, &meta).await
    }
    .await;
    result.map_err(|e| factor_error(e, &[("method", &method)]))?;
    leptos_axum::redirect(&destination(&state, return_to.as_deref()));
    Ok(())
}

#[cfg(feature = "ssr")]
use super::account::signed_in;

/// Starts adding an authenticator app; the account page then shows its QR code.
#[server(prefix = "/fn", endpoint = "begin_totp")]
pub async fn begin_totp(current_password: Option<String>) -> Result<(), FormError> {
    use crate::auth::{PasswordAttempt, field};
    let (state, signed_in, _) = signed_in().await?;
    let result = async {
        let password = match current_password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Some(field("current_password", PasswordAttempt::parse(p))?),
            None => None,
        };
        state
            .auth
            .begin_totp(
                signed_in.user.id,
                signed_in.session.authenticated_at,
                password.as_ref(),
            )
            .await
    }
    .await;
    super::support::finish(result, crate::model::Done::TotpSetup, |e| {
        factor_error(e, &[])
    })
}

/// Confirms the app with its first code; the recovery codes are shown on the next page.
#[server(prefix = "/fn", endpoint = "confirm_totp")]
pub async fn confirm_totp(code: String) -> Result<(), FormError> {
    use crate::auth::{Code, RecoveryCode, field};
    use crate::model::Done;
    let (state, signed_in, meta) = signed_in().await?;
    let result = async {
        let code = field("code", Code::parse(&code))?;
        let codes = state
            .auth
            .confirm_totp(signed_in.user.id, &code, &meta)
            .await?;
        signed_in.mark_second_factor(&state.auth).await?;
        flash(
            &signed_in,
            codes.iter().map(RecoveryCode::display).collect(),
        )
        .await
    }
    .await;
    result.map_err(|e| factor_error(e, &[]))?;
    leptos_axum::redirect(&Done::TotpEnabled.account_url());
    Ok(())
}

#[server(prefix = "/fn", endpoint = "disable_totp")]
pub async fn disable_totp() -> Result<(), FormError> {
    use crate::model::Done;
    let (state, signed_in, meta) = signed_in().await?;
    let result = async {
        let freshness = signed_in.freshness().await;
        state
            .auth
            .disable_totp(signed_in.user.id, freshness, &meta)
            .await
    }
    .await;
    super::support::finish(result, Done::TotpDisabled, |e| factor_error(e, &[]))
}

#[server(prefix = "/fn", endpoint = "regenerate_recovery_codes")]
pub async fn regenerate_recovery_codes() -> Result<(), FormError> {
    use crate::auth::RecoveryCode;
    use crate::model::Done;
    let (state, signed_in, _) = signed_in().await?;
    let result = async {
        let freshness = signed_in.freshness().await;
        let codes = state
            .auth
            .regenerate_recovery_codes(signed_in.user.id, freshness)
            .await?;
        flash(
            &signed_in,
            codes.iter().map(RecoveryCode::display).collect(),
        )
        .await
    }
    .await;
    super::support::finish(result, Done::RecoveryCodes, |e| factor_error(e, &[]))
}

/// Leaves the new recovery codes for the account page that follows (a browser session only:
/// the pages are used with the cookie).
#[cfg(feature = "ssr")]
async fn flash(
    signed_in: &crate::http::sessions::SignedIn,
    codes: Vec<String>,
) -> Result<(), crate::auth::Error> {
    match &signed_in.credential {
        crate::http::sessions::Credential::Cookie(session) => {
            crate::http::sessions::flash_recovery_codes(session, &codes).await
        }
        crate::http::sessions::Credential::Bearer(_) => Ok(()),
    }
}

/// After a passkey login made by the page's script through the JSON API: on to `return_to`
/// (checked like every login's), so the script never decides where a login leads.
#[server(prefix = "/fn", endpoint = "continue_login")]
pub async fn continue_login(return_to: Option<String>) -> Result<(), FormError> {
    use super::support::{current, destination, state};
    let state = state()?;
    if current().is_none() {
        leptos_axum::redirect("/login");
        return Ok(());
    }
    leptos_axum::redirect(&destination(&state, return_to.as_deref()));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "rename_passkey")]
pub async fn rename_passkey(id: String, name: String) -> Result<(), FormError> {
    use crate::auth::factors::passkeys::PasskeyName;
    use crate::auth::{Error, field};
    use crate::model::Done;
    let (state, signed_in, _) = signed_in().await?;
    let result = async {
        let id = uuid::Uuid::parse_str(&id).map_err(|_| Error::NotFound)?;
        let name = field("name", PasskeyName::parse(&name))?;
        state
            .auth
            .rename_passkey(signed_in.user.id, id, &name)
            .await
            .map(drop)
    }
    .await;
    result.map_err(|e| factor_error(e, &[("name", &name)]))?;
    leptos_axum::redirect(&Done::PasskeyRenamed.account_url());
    Ok(())
}

#[server(prefix = "/fn", endpoint = "remove_passkey")]
pub async fn remove_passkey(id: String) -> Result<(), FormError> {
    use crate::auth::Error;
    use crate::model::Done;
    let (state, signed_in, meta) = signed_in().await?;
    let result = async {
        let id = uuid::Uuid::parse_str(&id).map_err(|_| Error::NotFound)?;
        let freshness = signed_in.freshness().await;
        state
            .auth
            .remove_passkey(signed_in.user.id, id, freshness, &meta)
            .await
    }
    .await;
    super::support::finish(result, Done::PasskeyRemoved, |e| factor_error(e, &[]))
}
