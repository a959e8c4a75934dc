//! `/login/otp`: step 1 asks for the phone number and sends a code; step 2 (with `?phone=`)
//! takes the code. The same page answers for registered and unknown numbers.

use crate::model::minutes::SMS_CODE as SMS_CODE_MINUTES;
use crate::page_data::{Arg, t, t_with};
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
            <Card title=t("otp-title")>
                <p>{t("otp-intro")}</p>
                <PhoneForm return_to=return_to.clone() />
                <p class="aside">
                    <a href=with_return_to("/login", &return_to)>{t("password-instead")}</a>
                </p>
            </Card>
        }
        .into_any()
    } else {
        let shown = phone.clone();
        view! {
            <Card title=t("code-title")>
                <Notice>
                    {t_with(
                        "otp-sent",
                        &[("phone", Arg::Text(shown)), ("minutes", Arg::Number(SMS_CODE_MINUTES))],
                    )}
                </Notice>
                <CodeForm phone=phone.clone() return_to=return_to.clone() />
                <ResendCodeForm phone return_to />
            </Card>
        }
        .into_any()
    };
    view! {
        <Title text=t("otp-title") />
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
                label=t("field-phone")
                name="phone"
                kind="tel"
                autocomplete="tel"
                hint=t("field-phone-hint")
                value=kept_value(error, "phone", String::new)
                error=field_error(error, "phone")
            />
            <SubmitButton label=t("otp-send") busy=t("busy-sending") pending=action.pending() />
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
                label=t("field-code")
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
            <SubmitButton label=t("action-log-in") busy=t("busy-checking") pending=verify.pending() />
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
                {t("otp-no-code")} " "
                <button type="submit" class="link">{t("code-resend")}</button>
                " · "
                <a href=another_number>{t("otp-other-number")}</a>
            </p>
        </ActionForm>
    }
}
