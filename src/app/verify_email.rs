//! `/verify-email`: enter the emailed code (the address is pre-filled after sign-up), or ask
//! for a new one.

use crate::model::minutes::EMAIL_CODE as VERIFY_MINUTES;
use crate::page_data::{Arg, t, t_with};
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
            <Card title=t("verify-done-title")>
                <Notice>{t_with("verify-done", &[("email", Arg::Text(email))])}</Notice>
            </Card>
        }
        .into_any()
    } else {
        let return_to = use_return_to();
        let resent = query_param("resent") == "1";
        view! {
            <Card title=t("verify-title")>
                <p>{t_with("verify-intro", &[("minutes", Arg::Number(VERIFY_MINUTES))])}</p>
                {resent
                    .then(|| {
                        view! {
                            <Notice>{t("verify-resent")}</Notice>
                        }
                    })}
                <VerifyForm email=email.clone() return_to=return_to.clone() />
                <ResendForm email return_to />
            </Card>
        }
        .into_any()
    };
    view! {
        <Title text=t("verify-title") />
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
                label=t("field-email")
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", move || email.clone())
                error=field_error(error, "email")
            />
            <Field
                label=t("field-code")
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
            <SubmitButton label=t("verify-submit") busy=t("busy-checking") pending=verify.pending() />
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
                {t("verify-no-code")} " "
                <button type="submit" class="link">{t("code-resend")}</button>
            </p>
        </ActionForm>
    }
}
