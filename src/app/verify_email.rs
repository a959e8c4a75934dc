//! `/verify-email`: enter the emailed code (the address is pre-filled after sign-up), or ask
//! for a new one.

use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Card, Field, FormMessage, Notice, ReturnTo, SubmitButton, action_error, field_error,
    kept_value, query_param, use_return_to,
};
use crate::server_fns::registration::{ResendVerification, VerifyEmail};

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let email = query_param("email");
    let page = if query_param("verified") == "1" {
        view! {
            <Card title="Your email is verified">
                <Notice>
                    "Thank you. " <strong>{email}</strong>
                    " is confirmed and your account is ready."
                </Notice>
            </Card>
        }
        .into_any()
    } else {
        let return_to = use_return_to();
        let resent = query_param("resent") == "1";
        view! {
            <Card title="Verify your email">
                <p>
                    "We sent a 6-digit code to your email address. It works for 15 minutes."
                </p>
                {resent
                    .then(|| {
                        view! {
                            <Notice>
                                "If that address has an account waiting for verification, a new code is on its way. The previous code no longer works."
                            </Notice>
                        }
                    })}
                <VerifyForm email=email.clone() return_to=return_to.clone() />
                <ResendForm email return_to />
            </Card>
        }
        .into_any()
    };
    view! {
        <Title text="Verify your email" />
        {page}
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn VerifyForm(email: String, return_to: String) -> impl IntoView {
    let verify = FormAction::<VerifyEmail>::new();
    let error = action_error(verify.value());
    view! {
        <ActionForm action=verify attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", move || email.clone())
                error=field_error(error, "email")
            />
            <Field
                label="Code"
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
            <SubmitButton label="Verify email" busy="Checking…" pending=verify.pending() />
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ResendForm(email: String, return_to: String) -> impl IntoView {
    let resend = FormAction::<ResendVerification>::new();
    let error = action_error(resend.value());
    view! {
        <ActionForm action=resend attr:class="form secondary">
            <FormMessage error />
            <ReturnTo value=return_to />
            <input type="hidden" name="email" value=email />
            {move || {
                field_error(error, "email").get().map(|e| view! { <p class="field-error">{e}</p> })
            }}
            <p class="aside">
                "No code? Check your spam folder, or "
                <button type="submit" class="link">
                    "send a new code"
                </button> "."
            </p>
        </ActionForm>
    }
}
