//! `/forgot-password`: ask for a reset link. The answer is the same for every address.

use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Card, Field, FormMessage, Notice, SubmitButton, action_error, field_error, kept_value,
    query_param,
};
use crate::server_fns::password::RequestPasswordReset;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let intro = if query_param("sent") == "1" {
        view! {
            <Notice>
                "If that address has an account, a link to choose a new password is on its way. It works once, for 30 minutes."
            </Notice>
        }
        .into_any()
    } else {
        view! { <p>"Enter your email address and we will send you a link to choose a new password."</p> }
            .into_any()
    };
    view! {
        <Title text="Forgot your password" />
        <Card title="Forgot your password?">
            {intro}
            <ForgotForm />
            <p class="aside">
                <a href="/login">"Back to log in"</a>
            </p>
        </Card>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ForgotForm() -> impl IntoView {
    let action = FormAction::<RequestPasswordReset>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", String::new)
                error=field_error(error, "email")
            />
            <SubmitButton label="Send reset link" busy="Sending…" pending=action.pending() />
        </ActionForm>
    }
}
