//! `/login/email` asks for the address and emails a code; `/login/email/code` takes it. The
//! code works only in the browser that asked (the attempt is in its session), so the page the
//! email's link opens elsewhere only says where to type it. Opening the link changes nothing:
//! the code is spent by the form's POST, never by a GET a mail scanner may send.

use leptos::prelude::*;
use leptos_meta::Title;

use super::components::{
    ActionForm, Card, Field, FormAction, FormMessage, Notice, ReturnTo, SubmitButton, action_error,
    field_error, kept_value, query_param, use_return_to, with_return_to,
};
use crate::page_data;
use crate::server_fns::login::{LogInWithEmailCode, RequestEmailCode};

#[component]
pub fn LoginEmailPage() -> impl IntoView {
    let return_to = use_return_to();
    view! {
        <Title text="Log in with an email code" />
        <Card title="Log in with an email code">
            <p>"We will email a 6-digit code to you."</p>
            <EmailForm return_to=return_to.clone() />
            <p class="aside">
                <a href=with_return_to("/login", &return_to)>"Log in with a password instead"</a>
            </p>
        </Card>
    }
}

#[component]
pub fn EmailCodePage() -> impl IntoView {
    let return_to = use_return_to();
    // From the email's link: the code, to be confirmed with a POST.
    let code = query_param("code");
    let ask_again = with_return_to("/login/email", &return_to);
    let step = match page_data::email_login() {
        Some(email) => view! {
            <Card title="Enter your code">
                <Notice>
                    "If " <strong>{email}</strong>
                    " belongs to an account, a 6-digit code is on its way. It works for 10 minutes, in this browser only."
                </Notice>
                <CodeForm code return_to />
                <p class="aside">
                    "No code after a minute? " <a href=ask_again>"Ask for a new one"</a>
                </p>
            </Card>
        }
        .into_any(),
        None => view! {
            <Card title="Use the code where you asked for it">
                <p>
                    "A login code works only in the browser or app where it was asked for. Type the 6-digit code from the email there."
                </p>
                <p class="aside">
                    <a href=ask_again>"Ask for a code in this browser instead"</a>
                </p>
            </Card>
        }
        .into_any(),
    };
    view! {
        <Title text="Enter your code" />
        {step}
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn EmailForm(return_to: String) -> impl IntoView {
    let action = FormAction::<RequestEmailCode>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", String::new)
                error=field_error(error, "email")
            />
            <SubmitButton label="Email me a code" busy="Sending…" pending=action.pending() />
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn CodeForm(code: String, return_to: String) -> impl IntoView {
    let action = FormAction::<LogInWithEmailCode>::new();
    let error = action_error(action.value());
    let label = if code.is_empty() {
        "Log in"
    } else {
        "Continue"
    };
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <Field
                label="Code"
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                value=kept_value(error, "code", move || code.clone())
                error=field_error(error, "code")
            />
            <SubmitButton label busy="Checking…" pending=action.pending() />
        </ActionForm>
    }
}
