//! Logging in through another provider, on the pages: its buttons on `/login` and `/signup`
//! (plain links: no script), `/login/connect` (the provider proved an address that has an
//! account here: its owner logs in to connect it) and `/signup/complete` (what the provider
//! did not give, before the account is made).

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
                        view! { <a class="button secondary" href=href>{format!("Continue with {name}")}</a> }
                    })
                    .collect_view()}
            </div>
        }
    })
}

/// What `/login?failed=` says after a trip to a provider that did not work.
pub fn failure_notice() -> Option<&'static str> {
    match query_param("failed").as_str() {
        "" => None,
        "identity_taken" => Some("That sign-in is already connected to another account."),
        "signup_closed" => {
            Some("There is no account for that sign-in, and new accounts cannot be made with it.")
        }
        "rate_limited" => {
            Some("Too many sign-ins were started from here. Please wait a while and try again.")
        }
        _ => Some("That sign-in did not work. Please try again, or use another way in."),
    }
}

#[component]
pub fn ConnectPage() -> impl IntoView {
    let body = match page_data::waiting() {
        Some(waiting) => {
            let provider = waiting.provider.clone();
            let email = waiting.email.clone().unwrap_or_default();
            view! {
                <Notice>
                    "An account with " <strong>{email}</strong> " exists. Log in to it to connect "
                    {provider.clone()} ": from then on, " {provider.clone()} " logs you in too."
                </Notice>
                <LoginForm />
                <p class="aside">
                    <a href="/login/email">"Email me a code instead"</a>
                </p>
                <p class="aside">
                    "Not yours? " <a href="/signup">"Create another account"</a>
                </p>
            }
            .into_any()
        }
        None => view! { <NothingWaiting /> }.into_any(),
    };
    view! {
        <Title text="Connect your account" />
        <Card title="Connect your account">{body}</Card>
    }
}

#[component]
pub fn CompleteSignupPage() -> impl IntoView {
    let body = match page_data::waiting() {
        Some(waiting) if waiting.email_verified => {
            let email = waiting.email.clone().unwrap_or_default();
            view! {
                <p>
                    "You are creating an account for " <strong>{email}</strong> " with "
                    {waiting.provider.clone()} "."
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
                    "We sent a 6-digit code to " <strong>{shown}</strong>
                    ". It works for 10 minutes, in this browser only."
                </Notice>
                <SignupCodeForm />
                <p class="aside">"Wrong address, or no code after a minute?"</p>
                <SignupEmailForm email resend=true />
            }
            .into_any()
        }
        Some(waiting) => view! {
            <p>
                {waiting.provider} " did not confirm an email address that Latch can rely on. "
                "Which address should your account use? We will email it a code."
            </p>
            <SignupEmailForm
                email=waiting.email.unwrap_or_default()
                resend=false
            />
        }
        .into_any(),
        None => view! { <NothingWaiting /> }.into_any(),
    };
    view! {
        <Title text="Finish creating your account" />
        <Card title="Finish creating your account">{body}</Card>
    }
}

#[component]
fn NothingWaiting() -> impl IntoView {
    view! {
        <p>"This sign-in has expired or was finished already. Please start again."</p>
        <p class="aside">
            <a href="/login">"Log in"</a>
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
                    label="First name"
                    name="first_name"
                    autocomplete="given-name"
                    value=kept_value(error, "first_name", move || first_name.clone())
                    error=field_error(error, "first_name")
                />
                <Field
                    label="Last name"
                    name="last_name"
                    autocomplete="family-name"
                    value=kept_value(error, "last_name", move || last_name.clone())
                    error=field_error(error, "last_name")
                />
            </div>
            <Field
                label="Phone"
                name="phone"
                kind="tel"
                autocomplete="tel"
                value=kept_value(error, "phone", String::new)
                error=field_error(error, "phone")
                hint="With the country code, like +1 201 555 0123."
            />
            <SubmitButton label="Create account" busy="Creating…" pending=action.pending() />
        </ActionForm>
    }
}

/// The address to prove, when the provider did not: a code goes to it.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn SignupEmailForm(email: String, resend: bool) -> impl IntoView {
    let label = if resend {
        "Send a new code"
    } else {
        "Email me a code"
    };
    let action = FormAction::<SendSignupCode>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", move || email.clone())
                error=field_error(error, "email")
            />
            <SubmitButton label busy="Sending…" pending=action.pending() />
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
                label="Code"
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                value=kept_value(error, "code", String::new)
                error=field_error(error, "code")
            />
            <SubmitButton label="Continue" busy="Checking…" pending=action.pending() />
        </ActionForm>
    }
}
