//! Form pieces shared by the pages: a labelled field with its error, the form-level message,
//! and the card every page sits in.

pub mod form;

use leptos::prelude::*;

pub use form::{ActionForm, FormAction};

use crate::model::FormError;

#[component]
pub fn Card(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <main class="card">
            <h1>{title}</h1>
            {children()}
        </main>
    }
}

/// A labelled input whose error is shown right under it and announced with it. The label text
/// starts with the field's name, which screen readers, password managers and tests rely on.
///
/// Words come from the page's language (`page_data::t`) on the server. In the browser an
/// island's words are empty strings: hydration keeps the text the server rendered, so the
/// bundle carries no catalogue, and what changes there (a busy button) was rendered too.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] value: Signal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    /// Words, or an `Option` of them for a field that has a hint only sometimes.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Distinguishes ids when several forms on one page have a field of the same name.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let hint = hint.get_untracked();
    let has_hint = hint.is_some();
    let id = match form {
        Some(form) => format!("field-{form}-{name}"),
        None => format!("field-{name}"),
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=move || value.get()
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described_by
            />
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {e}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The form's own message: for errors that belong to no single field.
#[component]
pub fn FormMessage(#[prop(into)] error: Signal<Option<FormError>>) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.message)
            .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
    }
}

/// The form's submit button: while the form is on its way it is disabled and says so (`busy`).
/// Both words are rendered on the server and one is hidden: the browser has no words of its own.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: String,
    #[prop(into)] busy: String,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" disabled=pending>
            <span hidden=pending>{label}</span>
            <span hidden=move || !pending.get()>{busy}</span>
        </button>
    }
}

/// A notice for something that went well.
#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! { <p class="notice" role="status">{children()}</p> }
}

/// The error a server action last returned, if any.
pub fn action_error<O, S>(value: S) -> Signal<Option<FormError>>
where
    O: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<O, FormError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// One field's message out of a form error.
pub fn field_error(error: Signal<Option<FormError>>, name: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.field(name)))
}

/// One field's kept value out of a form error, else `fallback`.
pub fn kept_value(
    error: Signal<Option<FormError>>,
    name: &'static str,
    fallback: impl Fn() -> String + Send + Sync + 'static,
) -> Signal<String> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.value(name))
            .unwrap_or_else(&fallback)
    })
}

/// A query parameter of the page being rendered, or `""`. Pages render once, on the server:
/// nothing here needs to follow the query as it changes.
pub fn query_param(name: &str) -> String {
    leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get(name))
        .unwrap_or_default()
}

/// `?return_to=` of the current page, to carry through a flow.
pub fn use_return_to() -> String {
    query_param("return_to")
}

/// `path`, with `return_to` attached when there is one.
pub fn with_return_to(path: &str, return_to: &str) -> String {
    if return_to.is_empty() {
        path.to_owned()
    } else {
        let encoded: String = url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect();
        format!("{path}?return_to={encoded}")
    }
}

/// The hidden field that carries `return_to` through a form post.
#[component]
pub fn ReturnTo(value: String) -> impl IntoView {
    view! { <input type="hidden" name="return_to" value=value /> }
}

/// `2026-11-25T11:51:07Z` as people read it: `2026-11-25 11:51 UTC`.
/// A device in words: "Chrome on Linux", "Unknown device".
pub fn device_words(device: &crate::model::Device) -> String {
    use crate::model::Device;
    use crate::page_data::{Arg, t, t_with};
    match device {
        Device::Unknown => t("device-unknown"),
        Device::Other { system: None } => t("device-other"),
        Device::Other {
            system: Some(system),
        } => t_with("device-other-on", &[("system", Arg::Text(system.clone()))]),
        Device::Named {
            browser,
            system: None,
        } => browser.clone(),
        Device::Named {
            browser,
            system: Some(system),
        } => t_with(
            "device-on",
            &[
                ("browser", Arg::Text(browser.clone())),
                ("system", Arg::Text(system.clone())),
            ],
        ),
    }
}

pub fn human_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc3339.to_owned(),
    }
}
