//! `/login`: email or phone and password. `?return_to=` is carried through the form.

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use super::components::{
    ActionForm, Card, Field, FormAction, FormMessage, Notice, ReturnTo, SubmitButton, action_error,
    field_error, kept_value, query_param, use_return_to, with_return_to,
};
use crate::server_fns::login::LogInWithPassword;

#[component]
pub fn LoginPage() -> impl IntoView {
    let return_to = use_return_to();
    let was_reset = query_param("reset") == "1";
    view! {
        <Title text=t("login-title") />
        <Card title=t("login-title")>
            {was_reset
                .then(|| view! { <Notice>{t("login-reset-done")}</Notice> })}
            {super::upstream::failure_notice().map(|words| view! { <p class="form-error" role="alert">{words}</p> })}
            <LoginForm />
            <super::upstream::ProviderButtons return_to=return_to.clone() />
            // Shown by `/passkeys.js` where the browser can use passkeys; without JavaScript
            // the other ways stay. After the login the form below carries `return_to`.
            <div class="passkey-login" data-passkey-login hidden>
                <button type="button" class="secondary">{t("login-passkey")}</button>
                <p class="field-error" data-passkey-error></p>
            </div>
            <form method="post" action="/fn/continue_login" data-passkey-continue hidden>
                <ReturnTo value=return_to.clone() />
            </form>
            <script type="module" src="/passkeys.js"></script>
            <p class="aside">
                <a href="/forgot-password">{t("login-forgot")}</a>
            </p>
            <p class="aside">
                <a href=with_return_to("/login/otp", &return_to)>{t("login-by-sms")}</a>
            </p>
            <p class="aside">
                <a href=with_return_to("/login/email", &return_to)>{t("login-by-email")}</a>
            </p>
            <p class="aside">
                {t("login-new-here")} " " <a href=with_return_to("/signup", &return_to)>{t("login-create-account")}</a>
            </p>
        </Card>
    }
}

/// No props: an island's props reach the browser as JSON, and this one's would bring
/// serde_json (and the float formatting its error messages use) into the login page's own
/// bundle. What it shows of the URL is rendered on the server and left as it is by hydration.
#[island]
pub(super) fn LoginForm() -> impl IntoView {
    #[cfg(feature = "ssr")]
    // An app sending the browser here may name who it expects (OpenID Connect `login_hint`).
    let (return_to, hint) = (use_return_to(), query_param("login_hint"));
    #[cfg(not(feature = "ssr"))]
    let (return_to, hint) = (String::new(), String::new());
    let action = FormAction::<LogInWithPassword>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <Field
                label=t("field-identifier")
                name="identifier"
                autocomplete="username webauthn"
                value=kept_value(error, "identifier", move || hint.clone())
                error=field_error(error, "identifier")
            />
            <Field
                label=t("field-password")
                name="password"
                kind="password"
                autocomplete="current-password"
                error=field_error(error, "password")
            />
            <SubmitButton label=t("action-log-in") busy=t("login-busy") pending=action.pending() />
        </ActionForm>
    }
}
