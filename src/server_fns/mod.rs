//! Server functions the pages call: each parses its form, makes one `auth` call, and maps the
//! outcome for the page (a redirect, or a `FormError` shown beside the fields).

pub mod account;
pub mod admin;
pub mod factors;
pub mod login;
pub mod password;
pub mod registration;
pub mod upstream;

#[cfg(feature = "ssr")]
mod support {
    use std::collections::BTreeMap;

    use leptos::prelude::use_context;

    use crate::auth::{self, RequestMeta};
    use crate::http::extract::ClientMeta;
    use crate::model::FormError;
    use crate::page_data::{Arg, t, t_with};
    use crate::state::AppState;

    pub fn state() -> Result<AppState, FormError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("server function called without AppState in context");
            FormError::message(t("error-internal-error"))
        })
    }

    pub async fn request_meta() -> RequestMeta {
        leptos_axum::extract::<ClientMeta>()
            .await
            .map(|ClientMeta(meta)| meta)
            .unwrap_or_default()
    }

    /// Where a domain error becomes what a page shows (its words are in `http::answers`):
    /// field errors beside their fields, everything else as the form's message. `values` are
    /// the non-secret inputs, sent back so a form posted without JavaScript is shown again as
    /// the user filled it.
    pub fn form_error(error: auth::Error, values: &[(&str, &str)]) -> FormError {
        let values: BTreeMap<String, String> = values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut form = FormError {
            values,
            ..Default::default()
        };
        match error {
            auth::Error::Validation(errors) => {
                for (name, messages) in errors.iter() {
                    form.fields.insert(
                        name.to_owned(),
                        messages.iter().map(|m| capitalise(m)).collect(),
                    );
                }
            }
            other => {
                if let auth::Error::Internal(cause) = &other {
                    tracing::error!(error = format!("{cause:#}"), "page request failed");
                }
                let answer = crate::http::answers::answer(&other);
                let seconds = Arg::Number(answer.retry_after.unwrap_or(1));
                let words = t_with(&answer.message_id(), &[("seconds", seconds)]);
                match answer.field {
                    Some(name) => {
                        form.fields.insert(name.to_owned(), vec![words]);
                    }
                    None => form.message = Some(words),
                }
            }
        }
        form
    }

    /// Where an account change ends: on success, the page that shows it (`done`); a change
    /// that needs a fresher login or second factor sends the person to confirm it is them and
    /// back to that page ("sudo mode"); any other error is the form's, by `to_form`.
    pub fn finish<T>(
        result: Result<T, auth::Error>,
        done: crate::model::Done,
        to_form: impl FnOnce(auth::Error) -> FormError,
    ) -> Result<(), FormError> {
        match result {
            Ok(_) => {
                leptos_axum::redirect(&done.account_url());
                Ok(())
            }
            Err(auth::Error::ReauthenticationRequired | auth::Error::SecondFactorRequired) => {
                leptos_axum::redirect(&confirm_url(done.part()));
                Ok(())
            }
            Err(e) => Err(to_form(e)),
        }
    }

    /// "Confirm it's you", then back to `part`.
    pub fn confirm_url(part: crate::model::AccountPart) -> String {
        format!("/account/confirm?return_to={}", query_value(part.path()))
    }

    /// For forms with a current-password field: a wrong password belongs beside it.
    pub fn current_password_error(error: auth::Error, values: &[(&str, &str)]) -> FormError {
        match error {
            auth::Error::InvalidCredentials => {
                let mut form = form_error(auth::Error::Validation(Default::default()), values);
                form.fields.insert(
                    "current_password".into(),
                    vec![t("error-wrong-current-password")],
                );
                form
            }
            other => form_error(other, values),
        }
    }

    /// Domain messages read as "must be …"; beside a field they read better as a sentence.
    fn capitalise(message: &str) -> String {
        let mut chars = message.chars();
        match chars.next() {
            Some(first) => format!(
                "{}{}.",
                first.to_uppercase(),
                chars.as_str().trim_end_matches('.')
            ),
            None => String::new(),
        }
    }

    pub fn query_value(value: &str) -> String {
        url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
    }

    /// Who is logged in, as `http::sessions::load_current` found them for this request.
    pub fn current() -> Option<crate::http::sessions::Current> {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|parts| crate::http::sessions::current(&parts.extensions))
    }

    pub async fn session() -> Result<tower_sessions::Session, FormError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "no session layer");
                FormError::message(t("error-internal-error"))
            })
    }

    /// Where to send the browser after a login: `return_to` when its origin is allowed,
    /// else the account page.
    pub fn destination(state: &AppState, return_to: Option<&str>) -> String {
        return_to
            .and_then(|r| auth::return_to::safe_return_to(r, &state.config.allowed_return_origins))
            .unwrap_or_else(|| "/account".to_owned())
    }

    /// Finishes a page login: on success a fresh session and a redirect to the destination;
    /// for an account with a second factor, the browser keeps the challenge and goes to ask
    /// for it; for an unverified email, the browser remembers the user and goes to verify it.
    pub async fn logged_in(
        state: &AppState,
        result: Result<auth::Outcome, auth::Error>,
        meta: &RequestMeta,
        return_to: Option<&str>,
    ) -> Result<(), auth::Error> {
        let session = session()
            .await
            .map_err(|_| auth::Error::internal("no session layer"))?;
        match result {
            Ok(auth::Outcome::SignedIn { user, proof }) => {
                crate::http::sessions::start(&session, &state.auth, &user, proof, meta).await?;
                leptos_axum::redirect(&destination(state, return_to));
                Ok(())
            }
            Ok(auth::Outcome::SecondFactorNeeded(challenge)) => {
                crate::http::sessions::keep_challenge(&session, &state.auth, &challenge.token)
                    .await?;
                let mut to = "/login/second-factor".to_owned();
                if let Some(r) = return_to.filter(|r| !r.is_empty()) {
                    to.push_str(&format!("?return_to={}", query_value(r)));
                }
                leptos_axum::redirect(&to);
                Ok(())
            }
            Err(auth::Error::EmailNotVerified { user_id, email }) => {
                crate::http::sessions::mark_pending(&session, &state.auth, user_id).await?;
                leptos_axum::redirect(&verify_email_page(&email, return_to));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    pub fn verify_email_page(email: &str, return_to: Option<&str>) -> String {
        let mut to = format!("/verify-email?email={}", query_value(email));
        if let Some(r) = return_to.filter(|r| !r.is_empty()) {
            to.push_str(&format!("&return_to={}", query_value(r)));
        }
        to
    }
}
