//! Server functions the pages call: each parses its form, makes one `auth` call, and maps the
//! outcome for the page (a redirect, or a `FormError` shown beside the fields).

pub mod account;
pub mod admin;
pub mod factors;
pub mod login;
pub mod password;
pub mod registration;

#[cfg(feature = "ssr")]
mod support {
    use std::collections::BTreeMap;

    use leptos::prelude::use_context;

    use crate::auth::{self, RequestMeta};
    use crate::http::extract::ClientMeta;
    use crate::model::FormError;
    use crate::state::AppState;

    pub fn state() -> Result<AppState, FormError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("server function called without AppState in context");
            FormError::message("Something went wrong. Please try again.")
        })
    }

    pub async fn request_meta() -> RequestMeta {
        leptos_axum::extract::<ClientMeta>()
            .await
            .map(|ClientMeta(meta)| meta)
            .unwrap_or_default()
    }

    /// The one place where a domain error becomes what a page shows: field errors beside their
    /// fields, everything else as the form's message. `values` are the non-secret inputs, sent
    /// back so a form posted without JavaScript is shown again as the user filled it.
    pub fn form_error(error: auth::Error, values: &[(&str, &str)]) -> FormError {
        let values: BTreeMap<String, String> = values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut form = FormError {
            values,
            ..Default::default()
        };
        let mut field = |name: &str, message: &str| {
            form.fields
                .insert(name.to_owned(), vec![message.to_owned()]);
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
            auth::Error::EmailTaken => field("email", "This email address is already registered."),
            auth::Error::PhoneTaken => field("phone", "This phone number is already registered."),
            auth::Error::InvalidCode => field(
                "code",
                "That code is wrong or has expired. Check the latest email, or send a new code.",
            ),
            auth::Error::InvalidCredentials => {
                form.message = Some("The email, phone or password is wrong.".into());
            }
            auth::Error::EmailNotVerified { .. } => {
                form.message = Some(
                    "Please verify your email address first: we have sent you a new code.".into(),
                );
            }
            auth::Error::Unauthenticated => {
                form.message = Some("Please log in first.".into());
            }
            auth::Error::SecondFactorRequired => {
                form.message = Some(
                    "First confirm it is you with a code from your authenticator app, under \
                     Two-step login."
                        .into(),
                );
            }
            auth::Error::TotpAlreadyEnabled => {
                form.message = Some("An authenticator app is set up already.".into());
            }
            auth::Error::TotpNotEnabled => {
                form.message = Some("No authenticator app is set up.".into());
            }
            auth::Error::TotpNotStarted => {
                form.message = Some("Start adding the authenticator app again.".into());
            }
            auth::Error::PasskeysUnavailable => {
                form.message = Some("Passkeys cannot be used at this address.".into());
            }
            auth::Error::PasskeyRefused => {
                form.message = Some("The passkey was not accepted. Please try again.".into());
            }
            auth::Error::TooManyPasskeys => {
                form.message =
                    Some("You have as many passkeys as you may have. Remove one first.".into());
            }
            auth::Error::InvalidChallenge => {
                form.message =
                    Some("This login has expired or was already used. Please log in again.".into());
            }
            auth::Error::ReauthenticationRequired => field(
                "current_password",
                "Enter your current password to make this change.",
            ),
            auth::Error::InvalidToken => {
                form.message = Some(
                    "This reset link is wrong, has expired or was already used. Ask for a new one."
                        .into(),
                );
            }
            auth::Error::NotFound => {
                form.message = Some("That no longer exists.".into());
            }
            auth::Error::Forbidden => {
                form.message = Some("You do not have access to this.".into());
            }
            auth::Error::LastAdmin => {
                form.message =
                    Some("This would leave no admin: make someone else an admin first.".into());
            }
            auth::Error::AlreadyVerified => {
                form.message = Some("This email address is verified already.".into());
            }
            auth::Error::RateLimited { retry_after } => {
                form.message = Some(format!(
                    "Too many attempts. Please wait {} seconds and try again.",
                    retry_after.as_secs().max(1)
                ));
            }
            auth::Error::Busy => {
                form.message =
                    Some("We are very busy right now. Please try again in a moment.".into());
            }
            auth::Error::SmsUnavailable => {
                form.message = Some(
                    "We cannot send text messages right now. Please try again later, or use your password.".into(),
                );
            }
            auth::Error::Unavailable => {
                form.message = Some(
                    "We cannot reach our database right now. Please try again in a moment.".into(),
                );
            }
            auth::Error::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "page request failed");
                form.message = Some("Something went wrong on our side. Please try again.".into());
            }
        }
        form
    }

    /// For forms with a current-password field: a wrong password belongs beside it.
    pub fn current_password_error(error: auth::Error, values: &[(&str, &str)]) -> FormError {
        match error {
            auth::Error::InvalidCredentials => {
                let mut form = form_error(auth::Error::Validation(Default::default()), values);
                form.fields.insert(
                    "current_password".into(),
                    vec!["That is not your current password.".into()],
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
                FormError::message("Something went wrong. Please try again.")
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
        result: Result<auth::LoginStep, auth::Error>,
        method: auth::LoginMethod,
        meta: &RequestMeta,
        return_to: Option<&str>,
    ) -> Result<(), auth::Error> {
        let session = session()
            .await
            .map_err(|_| auth::Error::internal("no session layer"))?;
        match result {
            Ok(auth::LoginStep::Done(user)) => {
                crate::http::sessions::start(&session, &state.auth, &user, method.into(), meta)
                    .await?;
                leptos_axum::redirect(&destination(state, return_to));
                Ok(())
            }
            Ok(auth::LoginStep::SecondFactor(challenge)) => {
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
