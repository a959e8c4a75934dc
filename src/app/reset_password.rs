//! `/reset-password?token=…`: choose a new password. The page is sent with
//! `Referrer-Policy: no-referrer` and `Cache-Control: no-store` (see `startup`), so the token
//! leaks neither to other sites nor into caches.

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
        <Title text="Choose a new password" />
        <Card title="Choose a new password">
            <ResetForm token=query_param("token") />
            <p class="aside">
                <a href="/forgot-password">"Ask for a new link"</a>
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
                label="New password"
                name="password"
                kind="password"
                autocomplete="new-password"
                hint="At least 8 characters; not a common password"
                error=field_error(error, "password")
            />
            <SubmitButton label="Set new password" busy="Saving…" pending=action.pending() />
        </ActionForm>
    }
}
