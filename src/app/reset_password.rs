//! `/reset-password?token=…`: choose a new password. The page is sent with
//! `Referrer-Policy: no-referrer` and `Cache-Control: no-store` (see `startup`), so the token
//! leaks neither to other sites nor into caches.

use crate::page_data::t;
use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Card, Field, FormMessage, SubmitButton, action_error, field_error, query_param,
};
use crate::server_fns::password::ResetPassword;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    view! {
        <Title text=t("reset-title") />
        <Card title=t("reset-title")>
            <ResetForm token=query_param("token") />
            <p class="aside">
                <a href="/forgot-password">{t("reset-new-link")}</a>
            </p>
        </Card>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ResetForm(token: String) -> impl IntoView {
    let action = FormAction::<ResetPassword>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <input type="hidden" name="token" value=token />
            <Field
                label=t("field-new-password")
                name="password"
                kind="password"
                autocomplete="new-password"
                hint=t("field-password-hint")
                error=field_error(error, "password")
            />
            <SubmitButton label=t("reset-submit") busy=t("busy-saving") pending=action.pending() />
        </ActionForm>
    }
}
