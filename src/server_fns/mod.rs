//! Server functions the pages call: each parses its form, makes one `auth` call, and maps the
//! outcome for the page (a redirect, or a `FormError` shown beside the fields).

pub mod registration;

#[cfg(feature = "ssr")]
mod support {
    use std::collections::BTreeMap;

    use leptos::prelude::use_context;

    use crate::api::extract::ClientMeta;
    use crate::auth::{self, RequestMeta};
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
            auth::Error::RateLimited { retry_after } => {
                form.message = Some(format!(
                    "Too many attempts. Please wait {} seconds and try again.",
                    retry_after.as_secs().max(1)
                ));
            }
            auth::Error::Internal(detail) => {
                tracing::error!(%detail, "page request failed");
                form.message = Some("Something went wrong on our side. Please try again.".into());
            }
        }
        form
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
}
