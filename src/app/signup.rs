//! `/signup`: create an account; on success the browser goes on to `/verify-email`.

use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Card, Field, FormMessage, ReturnTo, SubmitButton, action_error, field_error, kept_value,
    use_return_to, with_return_to,
};
use crate::server_fns::registration::Register;

#[component]
pub fn SignupPage() -> impl IntoView {
    let return_to = use_return_to();
    view! {
        <Title text="Create your account" />
        <Card title="Create your account">
            <SignupForm return_to=return_to.clone() />
            <super::upstream::ProviderButtons return_to=return_to.clone() />
            <p class="aside">
                "Already have an account? "
                <a href=with_return_to("/login", &return_to)>"Log in"</a>
            </p>
        </Card>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn SignupForm(return_to: String) -> impl IntoView {
    let action = FormAction::<Register>::new();
    let error = action_error(action.value());
    let kept = move |name| kept_value(error, name, String::new);
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <div class="row">
                <Field
                    label="First name"
                    name="first_name"
                    autocomplete="given-name"
                    value=kept("first_name")
                    error=field_error(error, "first_name")
                />
                <Field
                    label="Last name"
                    name="last_name"
                    autocomplete="family-name"
                    value=kept("last_name")
                    error=field_error(error, "last_name")
                />
            </div>
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=kept("email")
                error=field_error(error, "email")
            />
            <Field
                label="Phone"
                name="phone"
                kind="tel"
                autocomplete="tel"
                hint="With the country code, e.g. +1 201 555 0123"
                value=kept("phone")
                error=field_error(error, "phone")
            />
            <Field
                label="Password"
                name="password"
                kind="password"
                autocomplete="new-password"
                hint="At least 8 characters; not a common password"
                error=field_error(error, "password")
            />
            <SubmitButton label="Create account" busy="Creating your account…" pending=action.pending() />
        </ActionForm>
    }
}
