//! `/verify-email`: enter the emailed code (the address is pre-filled after sign-up), or ask
//! for a new one.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::components::{
    Card, Field, FormMessage, Notice, ReturnTo, action_error, field_error, kept_value,
    use_return_to,
};
use crate::server_fns::registration::{ResendVerification, VerifyEmail};

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name)).unwrap_or_default();
    let verified = move || param("verified") == "1";

    view! {
        <Title text="Verify your email" />
        {move || {
            if verified() {
                view! {
                    <Card title="Your email is verified">
                        <Notice>
                            "Thank you. " <strong>{param("email")}</strong>
                            " is confirmed and your account is ready."
                        </Notice>
                    </Card>
                }
                    .into_any()
            } else {
                view! { <VerifyForm /> }.into_any()
            }
        }}
    }
}

#[component]
fn VerifyForm() -> impl IntoView {
    let query = use_query_map();
    let email_param = move || query.with(|q| q.get("email")).unwrap_or_default();
    let resent = move || query.with(|q| q.get("resent")).as_deref() == Some("1");

    let verify = ServerAction::<VerifyEmail>::new();
    let error = action_error(verify.value());
    let pending = verify.pending();

    let resend = ServerAction::<ResendVerification>::new();
    let resend_error = action_error(resend.value());
    let return_to = use_return_to();

    view! {
        <Card title="Verify your email">
            <p>
                "We sent a 6-digit code to your email address. It works for 15 minutes."
            </p>
            {move || {
                resent()
                    .then(|| {
                        view! {
                            <Notice>
                                "If that address has an account waiting for verification, a new code is on its way. The previous code no longer works."
                            </Notice>
                        }
                    })
            }}
            <ActionForm action=verify attr:novalidate=true attr:class="form">
                <FormMessage error />
                <ReturnTo value=return_to />
                <Field
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    value=kept_value(error, "email", email_param)
                    error=field_error(error, "email")
                />
                <Field
                    label="Code"
                    name="code"
                    autocomplete="one-time-code"
                    inputmode="numeric"
                    error=field_error(error, "code")
                />
                <button type="submit" disabled=pending>
                    {move || if pending.get() { "Checking…" } else { "Verify email" }}
                </button>
            </ActionForm>
            <ActionForm action=resend attr:class="form secondary">
                <FormMessage error=resend_error />
                <ReturnTo value=return_to />
                <input type="hidden" name="email" value=email_param />
                {move || {
                    field_error(resend_error, "email")
                        .get()
                        .map(|e| view! { <p class="field-error">{e}</p> })
                }}
                <p class="aside">
                    "No code? Check your spam folder, or "
                    <button type="submit" class="link">
                        "send a new code"
                    </button> "."
                </p>
            </ActionForm>
        </Card>
    }
}
