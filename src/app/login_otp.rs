//! `/login/otp`: step 1 asks for the phone number and sends a code; step 2 (with `?phone=`)
//! takes the code. The same page answers for registered and unknown numbers.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::components::{
    Card, Field, FormMessage, Notice, ReturnTo, action_error, field_error, kept_value,
    use_return_to, with_return_to,
};
use crate::server_fns::login::{LogInWithCode, RequestLoginCode};

#[component]
pub fn LoginOtpPage() -> impl IntoView {
    let query = use_query_map();
    let phone = Signal::derive(move || query.with(|q| q.get("phone")).unwrap_or_default());
    view! {
        <Title text="Log in with a code" />
        {move || {
            if phone.get().is_empty() {
                view! { <PhoneStep /> }.into_any()
            } else {
                view! { <CodeStep phone /> }.into_any()
            }
        }}
    }
}

#[component]
fn PhoneStep() -> impl IntoView {
    let return_to = use_return_to();
    let action = ServerAction::<RequestLoginCode>::new();
    let error = action_error(action.value());
    let pending = action.pending();
    view! {
        <Card title="Log in with a code">
            <p>"We will text a 6-digit code to your phone."</p>
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
                <button type="submit" disabled=pending>
                    {move || if pending.get() { "Sending…" } else { "Send code" }}
                </button>
            </ActionForm>
            <p class="aside">
                <a href=move || with_return_to("/login", &return_to.get())>"Log in with a password instead"</a>
            </p>
        </Card>
    }
}

#[component]
fn CodeStep(phone: Signal<String>) -> impl IntoView {
    let return_to = use_return_to();
    let verify = ServerAction::<LogInWithCode>::new();
    let error = action_error(verify.value());
    let pending = verify.pending();
    let resend = ServerAction::<RequestLoginCode>::new();
    let resend_error = action_error(resend.value());
    view! {
        <Card title="Enter your code">
            <Notice>
                "If " <strong>{phone}</strong>
                " belongs to an account, a 6-digit code is on its way. It works for 5 minutes."
            </Notice>
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
                <button type="submit" disabled=pending>
                    {move || if pending.get() { "Checking…" } else { "Log in" }}
                </button>
            </ActionForm>
            <ActionForm action=resend attr:class="form secondary">
                <FormMessage error=resend_error />
                <ReturnTo value=return_to />
                <input type="hidden" name="phone" value=phone />
                <p class="aside">
                    "No code after a minute? "
                    <button type="submit" class="link">"Send a new code"</button>
                    " · "
                    <a href=move || with_return_to("/login/otp", &return_to.get())>"Use another number"</a>
                </p>
            </ActionForm>
        </Card>
    }
}
