//! `/login/otp`: step 1 asks for the phone number and sends a code; step 2 (with `?phone=`)
//! takes the code. The same page answers for registered and unknown numbers.

use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Card, Field, FormMessage, Notice, ReturnTo, SubmitButton, action_error, field_error,
    kept_value, query_param, use_return_to, with_return_to,
};
use crate::server_fns::login::{LogInWithCode, RequestLoginCode};

#[component]
pub fn LoginOtpPage() -> impl IntoView {
    let phone = query_param("phone");
    let return_to = use_return_to();
    let step = if phone.is_empty() {
        view! {
            <Card title="Log in with a code">
                <p>"We will text a 6-digit code to your phone."</p>
                <PhoneForm return_to=return_to.clone() />
                <p class="aside">
                    <a href=with_return_to("/login", &return_to)>"Log in with a password instead"</a>
                </p>
            </Card>
        }
        .into_any()
    } else {
        let shown = phone.clone();
        view! {
            <Card title="Enter your code">
                <Notice>
                    "If " <strong>{shown}</strong>
                    " belongs to an account, a 6-digit code is on its way. It works for 5 minutes."
                </Notice>
                <CodeForm phone=phone.clone() return_to=return_to.clone() />
                <ResendCodeForm phone return_to />
            </Card>
        }
        .into_any()
    };
    view! {
        <Title text="Log in with a code" />
        {step}
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn PhoneForm(return_to: String) -> impl IntoView {
    let action = FormAction::<RequestLoginCode>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <Field
                label="Phone"
                name="phone"
                kind="tel"
                autocomplete="tel"
                hint="With the country code, e.g. +1 201 555 0123"
                value=kept_value(error, "phone", String::new)
                error=field_error(error, "phone")
            />
            <SubmitButton label="Send code" busy="Sending…" pending=action.pending() />
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn CodeForm(phone: String, return_to: String) -> impl IntoView {
    let verify = FormAction::<LogInWithCode>::new();
    let error = action_error(verify.value());
    view! {
        <ActionForm action=verify attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <input type="hidden" name="phone" value=phone />
            {move || field_error(error, "phone").get().map(|e| view! { <p class="field-error">{e}</p> })}
            <Field
                label="Code"
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
            <SubmitButton label="Log in" busy="Checking…" pending=verify.pending() />
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ResendCodeForm(phone: String, return_to: String) -> impl IntoView {
    let resend = FormAction::<RequestLoginCode>::new();
    let error = action_error(resend.value());
    let another_number = with_return_to("/login/otp", &return_to);
    view! {
        <ActionForm action=resend attr:class="form secondary">
            <FormMessage error />
            <ReturnTo value=return_to />
            <input type="hidden" name="phone" value=phone />
            <p class="aside">
                "No code after a minute? "
                <button type="submit" class="link">"Send a new code"</button>
                " · "
                <a href=another_number>"Use another number"</a>
            </p>
        </ActionForm>
    }
}
