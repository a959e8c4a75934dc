//! `/login/email` asks for the address and emails a code; `/login/email/code` takes it. The
//! code works only in the browser that asked (the attempt is in its session), so the page the
//! email's link opens elsewhere only says where to type it. Opening the link changes nothing:
//! the code is spent by the form's POST, never by a GET a mail scanner may send.

use crate::model::minutes::EMAIL_LOGIN_CODE as EMAIL_CODE_MINUTES;
use crate::page_data::{Arg, t, t_with};
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
        <Title text=t("email-login-title") />
        <Card title=t("email-login-title")>
            <p>{t("email-login-intro")}</p>
            <EmailForm return_to=return_to.clone() />
            <p class="aside">
                <a href=with_return_to("/login", &return_to)>{t("password-instead")}</a>
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
            <Card title=t("code-title")>
                <Notice>
                    {t_with(
                        "email-login-sent",
                        &[("email", Arg::Text(email)), ("minutes", Arg::Number(EMAIL_CODE_MINUTES))],
                    )}
                </Notice>
                <CodeForm code return_to />
                <p class="aside">
                    {t("otp-no-code")} " " <a href=ask_again>{t("email-login-ask-again")}</a>
                </p>
            </Card>
        }
        .into_any(),
        None => view! {
            <Card title=t("email-login-elsewhere-title")>
                <p>{t("email-login-elsewhere")}</p>
                <p class="aside">
                    <a href=ask_again>{t("email-login-here")}</a>
                </p>
            </Card>
        }
        .into_any(),
    };
    view! {
        <Title text=t("code-title") />
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
                label=t("field-email")
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", String::new)
                error=field_error(error, "email")
            />
            <SubmitButton label=t("email-login-send") busy=t("busy-sending") pending=action.pending() />
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn CodeForm(code: String, return_to: String) -> impl IntoView {
    let action = FormAction::<LogInWithEmailCode>::new();
    let error = action_error(action.value());
    let label = if code.is_empty() {
        t("action-log-in")
    } else {
        t("action-continue")
    };
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <Field
                label=t("field-code")
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                value=kept_value(error, "code", move || code.clone())
                error=field_error(error, "code")
            />
            <SubmitButton label busy=t("busy-checking") pending=action.pending() />
        </ActionForm>
    }
}
