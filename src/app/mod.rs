//! The hosted pages: one file per page, shared form pieces in `components`. Every page is a
//! plain HTML form that works without JavaScript, rendered on the server. Only the forms are
//! islands: with JavaScript they hydrate, submit over `fetch`, and show errors inline and a
//! pending state; nothing else of the app is sent to the browser.

mod account;
mod admin;
pub mod components;
mod forgot_password;
mod home;
mod login;
mod login_email;
mod login_otp;
mod login_second_factor;
mod not_found;
mod oauth;
pub mod pages;
mod reset_password;
mod signup;
mod upstream;
mod verify_email;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::Router;

use crate::page_data;
use crate::server_fns::login::LogOut;

/// The HTML document around every page (server render only).
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    let (lang, dir) = page_data::language();
    let brand = page_data::brand();
    view! {
        <!DOCTYPE html>
        <html lang=lang dir=dir>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=stylesheet_href() />
                {brand.stylesheet.map(|href| view! { <link rel="stylesheet" href=href /> })}
                <Hydration />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    set_page_policy();
    let name = page_data::brand().name;
    view! {
        <Title formatter=move |page: String| format!("{page} · {name}") />
        <Router>
            <SiteHeader />
            <pages::PageRoutes />
            <SiteFooter />
        </Router>
    }
}

/// The top bar: who is logged in, with a logout button, or a link to log in. Logging out is a
/// plain form post, answered with a redirect to `/login`.
#[component]
fn SiteHeader() -> impl IntoView {
    // The first page of each menu in the table.
    let first = |admin| pages::menu(admin).next().map_or("/", |(path, _)| path);
    let session = match page_data::user() {
        Some(user) => view! {
            <nav class="session">
                {user
                    .roles
                    .iter()
                    .any(|r| r == "admin")
                    .then(|| view! { <a href=first(true)>{page_data::t("header-admin")}</a> })}
                <a href=first(false)>{user.first_name}</a>
                <form method="post" action=LogOut::url() class="inline">
                    <button type="submit" class="link">{page_data::t("header-log-out")}</button>
                </form>
            </nav>
        }
        .into_any(),
        None => view! {
            <nav class="session">
                <a href="/login">{page_data::t("header-log-in")}</a>
            </nav>
        }
        .into_any(),
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">{page_data::brand().name}</a>
            {session}
        </header>
    }
}

/// The brand's links and footer line, and the language picker when the operator turned on
/// more than one: a plain form (`POST /locale`), so it works without JavaScript; it comes back
/// to this page.
#[component]
fn SiteFooter() -> impl IntoView {
    let brand = page_data::brand();
    let picker = page_data::language_choices();
    if !brand.has_footer() && picker.is_none() {
        return None;
    }
    let link = |href: Option<String>, id: &str| {
        href.map(|href| view! { <li><a href=href>{page_data::t(id)}</a></li> })
    };
    let links = view! {
        <ul class="brand-links">
            {link(brand.support_url, "footer-help")}
            {link(brand.support_email.map(|e| format!("mailto:{e}")), "footer-contact")}
            {link(brand.privacy_url, "footer-privacy")}
            {link(brand.terms_url, "footer-terms")}
        </ul>
    };
    Some(view! {
        <footer class="site-footer">
            {links}
            {brand.footer.map(|line| view! { <p class="brand-footer">{line}</p> })}
            {picker.map(language_picker)}
        </footer>
    })
}

fn language_picker((choices, here): (Vec<page_data::LanguageChoice>, String)) -> impl IntoView {
    view! {
        <form method="post" action="/locale" class="inline language">
            <input type="hidden" name="return_to" value=here />
            <label for="language">{page_data::t("language-label")}</label>
            <select id="language" name="locale">
                {choices
                    .into_iter()
                    .map(|(tag, name, chosen)| {
                        view! {
                            <option value=tag lang=tag selected=chosen>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="secondary">
                {page_data::t("language-submit")}
            </button>
        </form>
    }
}

/// Sends this page's Content-Security-Policy, with the nonce leptos_axum generated for this
/// response (it also marks the hydration script and streamed chunks with it).
#[cfg(feature = "ssr")]
fn set_page_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let mut origins = use_context::<crate::state::AppState>()
        .map(|state| state.config.allowed_return_origins.clone())
        .unwrap_or_default();
    origins.extend(crate::page_data::form_origins());
    if let Ok(value) =
        axum::http::HeaderValue::from_str(&crate::http::security::page_policy(&nonce, &origins))
    {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Loads the WASM and hydrates the page's islands; a page without islands loads nothing. The
/// login page's own bundle, when the build made one, serves a page whose islands are all in it
/// (the login form: a third of the bytes of the bundle of every island). Nothing is preloaded:
/// which bundle a page needs is known once its islands are, and Chromium fetches a preloaded
/// WASM even with JavaScript off. `data-hydrated` on `<body>` tells browser tests the forms are
/// now driven by WASM.
#[component]
fn Hydration() -> impl IntoView {
    let (js, wasm) = bundle_names();
    let small = small_bundle();
    let script = format!(
        r#"const islands = [...document.querySelectorAll("leptos-island")];
const done = () => document.body.setAttribute("data-hydrated", "");
const small = {small};
const bundle = small && islands.every(el => small.islands.includes(el.dataset.component))
  ? small : {{js: "{js}", wasm: "{wasm}"}};
if (islands.length === 0) done();
else import(`/pkg/${{bundle.js}}.js`).then(m => m.default({{module_or_path: `/pkg/${{bundle.wasm}}.wasm`}}).then(() => {{
  m.hydrate();
  for (const el of islands) {{
    const island = m[el.dataset.component];
    if (island) island(el); else console.warn("no WASM function for island", el.dataset.component);
  }}
  done();
}}));"#
    );
    view! {
        <script type="module" nonce=leptos::nonce::use_nonce()>
            {script}
        </script>
    }
}

/// The login page's bundle for the loader, as a JavaScript object, or `null`.
fn small_bundle() -> String {
    #[cfg(feature = "ssr")]
    if let Some((js, wasm, islands)) = crate::assets::login_bundle() {
        let islands: Vec<String> = islands.iter().map(|i| format!("{i:?}")).collect();
        return format!(
            r#"{{js: "{js}", wasm: "{wasm}", islands: [{}]}}"#,
            islands.join(", ")
        );
    }
    "null".to_owned()
}

/// The built JS and WASM names, without extension: content-hashed in a release build.
fn bundle_names() -> (String, String) {
    #[cfg(feature = "ssr")]
    if let (Some(js), Some(wasm)) = (crate::assets::hashed("js"), crate::assets::hashed("wasm")) {
        return (format!("latch.{js}"), format!("latch.{wasm}"));
    }
    // As Leptos names them: `latch_bg.wasm` unless cargo-leptos set the output name.
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        "latch"
    } else {
        "latch_bg"
    };
    ("latch".to_owned(), wasm.to_owned())
}

/// The stylesheet's URL. The shell is rendered only on the server, where a release build
/// names its assets by content hash (cargo-leptos writes the hashes next to the binary);
/// without that file the plain name is used.
fn stylesheet_href() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::assets::hashed("css").map_or_else(
            || "/pkg/latch.css".to_owned(),
            |h| format!("/pkg/latch.{h}.css"),
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        "/pkg/latch.css".to_owned()
    }
}
