//! Logging in through another provider, on the pages: its buttons on `/login` and `/signup`
//! (plain links: no script), `/login/connect` (the provider proved an address that has an
//! account here: its owner logs in to connect it) and `/signup/complete` (what the provider
//! did not give, before the account is made).

use crate::model::minutes::EMAIL_LOGIN_CODE;
use crate::page_data::{Arg, t, t_with};
use leptos::prelude::*;
use leptos_meta::Title;

use super::components::{
    ActionForm, Card, Field, FormAction, FormMessage, Notice, SubmitButton, action_error,
    field_error, kept_value, query_param, with_return_to,
};
use super::login::LoginForm;
use crate::page_data;
use crate::server_fns::upstream::{CompleteSignup, ProveSignupEmail, SendSignupCode};

/// "Continue with Google", one link per provider; nothing when none is configured.
#[component]
pub fn ProviderButtons(return_to: String) -> impl IntoView {
    let providers = page_data::providers();
    (!providers.is_empty()).then(|| {
        view! {
            <div class="providers">
                {providers
                    .into_iter()
                    .map(|(id, name)| {
                        let href = with_return_to(&format!("/auth/{id}"), &return_to);
                        view! { <a class="button secondary" href=href>{t_with("provider-continue", &[("provider", Arg::Text(name))])}</a> }
                    })
                    .collect_view()}
            </div>
        }
    })
}

/// What `/login?failed=` says after a trip to a provider that did not work.
pub fn failure_notice() -> Option<String> {
    let id = match query_param("failed").as_str() {
        "" => return None,
        "identity_taken" => "upstream-failed-identity-taken",
        "signup_closed" => "upstream-failed-signup-closed",
        "rate_limited" => "upstream-failed-rate-limited",
        _ => "upstream-failed-other",
    };
    Some(t(id))
}

#[component]
pub fn ConnectPage() -> impl IntoView {
    let body = match page_data::waiting() {
        Some(waiting) => {
            let provider = waiting.provider.clone();
            let email = waiting.email.clone().unwrap_or_default();
            view! {
                <Notice>
                    {t_with(
                        "connect-notice",
                        &[("email", Arg::Text(email)), ("provider", Arg::Text(provider))],
                    )}
                </Notice>
                <LoginForm />
                <p class="aside">
                    <a href="/login/email">{t("login-by-email")}</a>
                </p>
                <p class="aside">
                    {t("connect-not-yours")} " " <a href="/signup">{t("connect-create-another")}</a>
                </p>
            }
            .into_any()
        }
        None => view! { <NothingWaiting /> }.into_any(),
    };
    view! {
        <Title text=t("connect-title") />
        <Card title=t("connect-title")>{body}</Card>
    }
}

#[component]
pub fn CompleteSignupPage() -> impl IntoView {
    let body = match page_data::waiting() {
        Some(waiting) if waiting.email_verified => {
            let email = waiting.email.clone().unwrap_or_default();
            view! {
                <p>
                    {t_with(
                        "complete-intro",
                        &[
                            ("email", Arg::Text(email)),
                            ("provider", Arg::Text(waiting.provider.clone())),
                        ],
                    )}
                </p>
                <CompleteSignupForm first_name=waiting.first_name last_name=waiting.last_name />
            }
            .into_any()
        }
        Some(waiting) if waiting.code_sent => {
            let email = waiting.email.clone().unwrap_or_default();
            let shown = email.clone();
            view! {
                <Notice>
                    {t_with(
                        "complete-code-sent",
                        &[("email", Arg::Text(shown)), ("minutes", Arg::Number(EMAIL_LOGIN_CODE))],
                    )}
                </Notice>
                <SignupCodeForm />
                <p class="aside">{t("complete-wrong-address")}</p>
                <SignupEmailForm email resend=true />
            }
            .into_any()
        }
        Some(waiting) => view! {
            <p>{t_with("complete-unproven", &[("provider", Arg::Text(waiting.provider))])}</p>
            <SignupEmailForm
                email=waiting.email.unwrap_or_default()
                resend=false
            />
        }
        .into_any(),
        None => view! { <NothingWaiting /> }.into_any(),
    };
    view! {
        <Title text=t("complete-title") />
        <Card title=t("complete-title")>{body}</Card>
    }
}

#[component]
fn NothingWaiting() -> impl IntoView {
    view! {
        <p>{t("nothing-waiting")}</p>
        <p class="aside">
            <a href="/login">{t("action-log-in")}</a>
        </p>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn CompleteSignupForm(first_name: String, last_name: String) -> impl IntoView {
    let action = FormAction::<CompleteSignup>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <div class="row">
                <Field
                    label=t("field-first-name")
                    name="first_name"
                    autocomplete="given-name"
                    value=kept_value(error, "first_name", move || first_name.clone())
                    error=field_error(error, "first_name")
                />
                <Field
                    label=t("field-last-name")
                    name="last_name"
                    autocomplete="family-name"
                    value=kept_value(error, "last_name", move || last_name.clone())
                    error=field_error(error, "last_name")
                />
            </div>
            <Field
                label=t("field-phone")
                name="phone"
                kind="tel"
                autocomplete="tel"
                value=kept_value(error, "phone", String::new)
                error=field_error(error, "phone")
                hint=t("field-phone-hint")
            />
            <SubmitButton label=t("signup-submit") busy=t("complete-busy") pending=action.pending() />
        </ActionForm>
    }
}

/// The address to prove, when the provider did not: a code goes to it.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn SignupEmailForm(email: String, resend: bool) -> impl IntoView {
    let label = t(if resend {
        "code-resend"
    } else {
        "email-login-send"
    });
    let action = FormAction::<SendSignupCode>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label=t("field-email")
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", move || email.clone())
                error=field_error(error, "email")
            />
            <SubmitButton label busy=t("busy-sending") pending=action.pending() />
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn SignupCodeForm() -> impl IntoView {
    let action = FormAction::<ProveSignupEmail>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label=t("field-code")
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                value=kept_value(error, "code", String::new)
                error=field_error(error, "code")
            />
            <SubmitButton label=t("action-continue") busy=t("busy-checking") pending=action.pending() />
        </ActionForm>
    }
}
