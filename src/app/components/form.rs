//! The islands' forms: a plain `<form>` posting to its server function, which works without
//! JavaScript; with it, the post goes through `fetch` and the answer (a redirect, or a
//! `FormError` to show beside the fields) is handled in place. Leptos's own `ActionForm` does
//! the same through the server-function client, whose codecs were 52 KB of the login page's
//! 126 KB of Brotli-compressed WASM (docs/BENCHMARKS.md): here the browser encodes the form
//! and parses the JSON answer, so a bundle needs no serde codec of its own for it.

use std::marker::PhantomData;

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server::ServerActionError;
use leptos::server_fn::ServerFn;
#[cfg(feature = "ssr")]
use leptos::server_fn::error::ServerFnUrlError;

use crate::model::FormError;

/// A form's server function `S`, with what the page shows of its answer.
pub struct FormAction<S> {
    value: RwSignal<Option<Result<(), FormError>>>,
    pending: RwSignal<bool>,
    server_fn: PhantomData<fn() -> S>,
}

impl<S> Clone for FormAction<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for FormAction<S> {}

impl<S> FormAction<S>
where
    S: ServerFn<Error = FormError>,
{
    /// Starts with the error a post without JavaScript ended with, when the page is shown
    /// again after it: the router puts it in context from the URL, on the server. (In the
    /// browser an island has no router; it starts as the server rendered it.)
    pub fn new() -> Self {
        #[cfg(feature = "ssr")]
        let error = use_context::<ServerActionError>()
            .filter(|e| e.path() == S::PATH)
            .map(|e| Err(ServerFnUrlError::<FormError>::decode_err(e.err())));
        #[cfg(not(feature = "ssr"))]
        let error = None;
        FormAction {
            value: RwSignal::new(error),
            pending: RwSignal::new(false),
            server_fn: PhantomData,
        }
    }

    /// The last answer: `Some(Err(_))` to show beside the fields.
    pub fn value(&self) -> RwSignal<Option<Result<(), FormError>>> {
        self.value
    }

    /// Whether a post is on its way.
    pub fn pending(&self) -> Signal<bool> {
        self.pending.into()
    }
}

impl<S> Default for FormAction<S>
where
    S: ServerFn<Error = FormError>,
{
    fn default() -> Self {
        Self::new()
    }
}

/// A form posting to `action`'s server function; `attr:` attributes go to the `<form>`.
#[component]
pub fn ActionForm<S>(action: FormAction<S>, children: Children) -> impl IntoView
where
    S: ServerFn<Error = FormError> + 'static,
{
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submit(ev, S::url(), action.value, action.pending);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, action);
    };
    view! {
        <form method="post" action=S::url() on:submit=on_submit>
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::collections::BTreeMap;

    use js_sys::{Array, JSON, Object, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{FormData, Headers, HtmlFormElement, RequestInit, Response, UrlSearchParams};

    use crate::model::FormError;

    /// The header leptos_axum answers a redirect with to a request that is not a page's
    /// (`server_fn::redirect::REDIRECT_HEADER`); the target is in `Location`.
    const REDIRECT_HEADER: &str = "serverfnredirect";

    /// Posts the form as the browser would, but by `fetch`: a redirect is followed, an error
    /// is shown in place. Whatever cannot be read is left to the browser's own post.
    pub fn submit(
        ev: leptos::ev::SubmitEvent,
        url: &'static str,
        value: RwSignal<Option<Result<(), FormError>>>,
        pending: RwSignal<bool>,
    ) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(body) = encode(&form, ev.submitter()) else {
            return;
        };
        let kept = typed_values(&form, &body);
        let body: String = body.to_string().into();
        ev.prevent_default();
        pending.set(true);
        leptos::task::spawn_local(async move {
            match post(url, &body, kept).await {
                Ok(Some(to)) => {
                    // The page changes: the button stays busy until it does.
                    if window().location().assign(&to).is_err() {
                        pending.set(false);
                    }
                    return;
                }
                Ok(None) => value.set(Some(Ok(()))),
                Err(error) => value.set(Some(Err(error))),
            }
            pending.set(false);
        });
    }

    /// The form's fields, and the submit button's own name and value when it has them.
    fn encode(
        form: &HtmlFormElement,
        submitter: Option<web_sys::HtmlElement>,
    ) -> Option<UrlSearchParams> {
        let data = FormData::new_with_form(form).ok()?;
        let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        if let Some(button) = submitter
            && let Some(name) = button.get_attribute("name")
        {
            params.append(&name, &button.get_attribute("value").unwrap_or_default());
        }
        Some(params)
    }

    /// What was typed but passwords: kept in the fields when the post fails on the way, as
    /// the server keeps them in its own errors.
    fn typed_values(form: &HtmlFormElement, params: &UrlSearchParams) -> BTreeMap<String, String> {
        let secret = |name: &str| {
            form.query_selector(&format!("input[type=password][name=\"{name}\"]"))
                .ok()
                .flatten()
                .is_some()
        };
        let mut values = BTreeMap::new();
        for entry in js_sys::try_iter(params)
            .ok()
            .flatten()
            .into_iter()
            .flatten()
        {
            let pair = entry.map(|e| Array::from(&e)).unwrap_or_default();
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string())
                && !secret(&name)
            {
                values.insert(name, value);
            }
        }
        values
    }

    /// `Ok(Some(to))` for a redirect, `Ok(None)` for a success in place, `Err` for what to show.
    async fn post(
        url: &str,
        body: &str,
        kept: BTreeMap<String, String>,
    ) -> Result<Option<String>, FormError> {
        let failed = |_| FormError {
            values: kept.clone(),
            ..FormError::message("Something went wrong. Please try again.")
        };
        let headers = Headers::new().map_err(failed)?;
        headers
            .set("content-type", "application/x-www-form-urlencoded")
            .map_err(failed)?;
        headers.set("accept", "application/json").map_err(failed)?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
        let response: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
            .await
            .and_then(|r| r.dyn_into())
            .map_err(failed)?;
        if response.headers().has(REDIRECT_HEADER).unwrap_or(false) {
            return Ok(response.headers().get("location").ok().flatten());
        }
        if response.ok() {
            return Ok(None);
        }
        let text = JsFuture::from(response.text().map_err(failed)?)
            .await
            .map_err(failed)?
            .as_string()
            .unwrap_or_default();
        Err(JSON::parse(&text)
            .ok()
            .and_then(|answer| form_error(&answer))
            .unwrap_or_else(|| failed(JsValue::NULL)))
    }

    /// A `FormError` from its JSON (`{"message", "fields": {name: [..]}, "values": {name: ..}}`),
    /// read with the browser's own parser.
    fn form_error(answer: &JsValue) -> Option<FormError> {
        let get = |from: &JsValue, key: &str| Reflect::get(from, &JsValue::from_str(key)).ok();
        let entries = |from: Option<JsValue>| -> Vec<(String, JsValue)> {
            let Some(object) = from.and_then(|o| o.dyn_into::<Object>().ok()) else {
                return Vec::new();
            };
            Object::entries(&object)
                .iter()
                .filter_map(|pair| {
                    let pair = Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1)))
                })
                .collect()
        };
        answer.dyn_ref::<Object>()?;
        Some(FormError {
            message: get(answer, "message").and_then(|m| m.as_string()),
            fields: entries(get(answer, "fields"))
                .into_iter()
                .map(|(name, messages)| {
                    let messages = Array::from(&messages);
                    (
                        name,
                        messages.iter().filter_map(|m| m.as_string()).collect(),
                    )
                })
                .collect(),
            values: entries(get(answer, "values"))
                .into_iter()
                .filter_map(|(name, value)| Some((name, value.as_string()?)))
                .collect(),
        })
    }
}
