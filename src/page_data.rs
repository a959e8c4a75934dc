//! What a page shows about the visitor (who is logged in; the account overview), loaded by a
//! middleware (`http::page_data::load`) before the page renders.
//!
//! Pages read it synchronously instead of through a `Resource` inside `<Suspense>`: with
//! several tokio runtimes rendering in one process (every integration test has its own), Leptos
//! 0.8's streaming renderer now and then never resolved such a `<Suspense>` and left the response
//! open after its first bytes. A page with no `<Suspense>` cannot stall that way.

use crate::model::{AccountView, AdminView, OAuthView, UserView};

/// Loaded once per page request, kept in the request's extensions.
#[derive(Clone, Debug, Default)]
pub struct PageData {
    pub user: Option<UserView>,
    pub account: Option<AccountView>,
    pub admin: Option<AdminView>,
    pub oauth: Option<OAuthView>,
    /// The address of the email login this browser asked for, on the page that takes its code.
    pub email_login: Option<String>,
    /// Origins this page's forms may end up at through redirects (the app a login or consent
    /// returns to), for its Content-Security-Policy `form-action`.
    pub form_origins: Vec<String>,
    /// The other providers one may log in with: `(id, name)`, for the buttons.
    pub providers: Vec<(String, String)>,
    /// An identity back from another provider, waiting in this browser.
    pub waiting: Option<WaitingIdentity>,
}

/// An identity back from another provider that waits in this browser: for its account's
/// owner to log in (`/login/connect`) or to finish signing up (`/signup/complete`).
#[derive(Clone, Debug, Default)]
pub struct WaitingIdentity {
    /// The provider's name, as on its button.
    pub provider: String,
    pub email: Option<String>,
    /// Whether `email` is proven, by the provider or by a code (sign-up then asks no more).
    pub email_verified: bool,
    /// A code went to `email` to prove it, and waits to be typed.
    pub code_sent: bool,
    pub first_name: String,
    pub last_name: String,
}

/// The logged-in user, as the server saw them when it rendered the page.
pub fn user() -> Option<UserView> {
    loaded().and_then(|data| data.user)
}

/// What the admin page being rendered shows.
pub fn admin() -> Option<AdminView> {
    loaded().and_then(|data| data.admin)
}

/// What the OpenID Connect page being rendered shows.
pub fn oauth() -> Option<OAuthView> {
    loaded().and_then(|data| data.oauth)
}

/// The address this browser asked an email login code for, if it did.
pub fn email_login() -> Option<String> {
    loaded().and_then(|data| data.email_login)
}

/// The other providers one may log in with: `(id, name)`.
pub fn providers() -> Vec<(String, String)> {
    loaded().map(|data| data.providers).unwrap_or_default()
}

/// The identity waiting in this browser, on the pages that finish it.
pub fn waiting() -> Option<WaitingIdentity> {
    loaded().and_then(|data| data.waiting)
}

/// Extra origins for this page's `form-action`.
pub fn form_origins() -> Vec<String> {
    loaded().map(|data| data.form_origins).unwrap_or_default()
}

/// The account overview `/account` is rendered with.
pub fn account() -> Option<AccountView> {
    loaded().and_then(|data| data.account)
}

#[cfg(feature = "ssr")]
fn loaded() -> Option<PageData> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageData>().cloned())
}

/// Pages render only on the server; the browser runs nothing but the islands, which are
/// given what they show as props.
#[cfg(not(feature = "ssr"))]
fn loaded() -> Option<PageData> {
    None
}

/// The operator's brand, as the page shows it.
pub fn brand() -> crate::model::BrandView {
    #[cfg(feature = "ssr")]
    {
        let brand =
            leptos::prelude::use_context::<axum::http::request::Parts>().and_then(|parts| {
                parts
                    .extensions
                    .get::<std::sync::Arc<crate::auth::branding::Brand>>()
                    .cloned()
            });
        brand.map(|b| b.view()).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    crate::model::BrandView::default()
}

/// The page's language as `<html>` names it: `(lang, dir)`.
pub fn language() -> (&'static str, &'static str) {
    #[cfg(feature = "ssr")]
    {
        let locale = request_language().locale;
        (locale.tag(), locale.dir())
    }
    #[cfg(not(feature = "ssr"))]
    ("en", "ltr")
}

/// The message `id` in the page's language, with the product's name as `$product`.
///
/// In the browser it is an empty string: pages render on the server, and an island's
/// hydration keeps the text the server rendered, so no catalogue goes into the bundle.
pub fn t(id: &str) -> String {
    t_with(id, &[])
}

/// The message `id` when the catalogues have one, else `id` itself: for a name stored by a
/// newer Latch (an audit event's kind) that this one has no words for.
pub fn t_or_id(id: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        request_language()
            .locale
            .try_text(id)
            .unwrap_or_else(|| id.to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        id.to_owned()
    }
}

/// A value in a message: words, or a number (which picks the plural form).
pub enum Arg {
    Text(String),
    Number(u64),
}

/// The message `id` with its values.
pub fn t_with(id: &str, args: &[(&'static str, Arg)]) -> String {
    #[cfg(feature = "ssr")]
    {
        use fluent_templates::fluent_bundle::FluentValue;
        // Borrowed, not cloned: `use_context` would copy the request's parts (headers and
        // every extension, the page's data among them) for each of a page's dozens of words.
        let (locale, product) =
            leptos::prelude::with_context::<axum::http::request::Parts, _>(|parts| {
                let locale = parts
                    .extensions
                    .get::<crate::i18n::RequestLanguage>()
                    .map(|l| l.locale);
                let product = parts
                    .extensions
                    .get::<std::sync::Arc<crate::auth::branding::Brand>>()
                    .map(|b| b.name.clone());
                (locale, product)
            })
            .unwrap_or((None, None));
        let locale = locale.unwrap_or(crate::i18n::Locale::En);
        let product = product.unwrap_or_else(|| crate::model::BrandView::default().name);
        let mut values: Vec<(&'static str, FluentValue<'_>)> = vec![("product", product.into())];
        values.extend(args.iter().map(|(name, arg)| {
            let value = match arg {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            (*name, value)
        }));
        locale.text_with(id, &values)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (id, args);
        String::new()
    }
}

/// A language the picker offers: its tag, its name in itself, and whether it is the page's.
pub type LanguageChoice = (&'static str, &'static str, bool);

/// The picker's choices when more than one language is on, and the page to come back to.
pub fn language_choices() -> Option<(Vec<LanguageChoice>, String)> {
    #[cfg(feature = "ssr")]
    {
        let language = request_language();
        let here = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.uri.path_and_query().map(|p| p.as_str().to_owned()))
            .unwrap_or_else(|| "/".to_owned());
        (language.choices.len() > 1).then(|| {
            let choices = language
                .choices
                .iter()
                .map(|l| (l.tag(), l.native_name(), *l == language.locale))
                .collect();
            (choices, here)
        })
    }
    #[cfg(not(feature = "ssr"))]
    None
}

#[cfg(feature = "ssr")]
fn request_language() -> crate::i18n::RequestLanguage {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::i18n::RequestLanguage>()
                .cloned()
        })
        .unwrap_or(crate::i18n::RequestLanguage {
            locale: crate::i18n::Locale::En,
            choices: vec![crate::i18n::Locale::En],
        })
}
