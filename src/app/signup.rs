//! `/signup`: create an account; on success the browser goes on to `/verify-email`.

use crate::page_data::t;
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
        <Title text=t("signup-title") />
        <Card title=t("signup-title")>
            <SignupForm return_to=return_to.clone() />
            <super::upstream::ProviderButtons return_to=return_to.clone() />
            <p class="aside">
                {t("signup-have-account")} " "
                <a href=with_return_to("/login", &return_to)>{t("action-log-in")}</a>
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
                    label=t("field-first-name")
                    name="first_name"
                    autocomplete="given-name"
                    value=kept("first_name")
                    error=field_error(error, "first_name")
                />
                <Field
                    label=t("field-last-name")
                    name="last_name"
                    autocomplete="family-name"
                    value=kept("last_name")
                    error=field_error(error, "last_name")
                />
            </div>
            <Field
                label=t("field-email")
                name="email"
                kind="email"
                autocomplete="email"
                value=kept("email")
                error=field_error(error, "email")
            />
            <Field
                label=t("field-phone")
                name="phone"
                kind="tel"
                autocomplete="tel"
                hint=t("field-phone-hint")
                value=kept("phone")
                error=field_error(error, "phone")
            />
            <Field
                label=t("field-password")
                name="password"
                kind="password"
                autocomplete="new-password"
                hint=t("field-password-hint")
                error=field_error(error, "password")
            />
            <SubmitButton label=t("signup-submit") busy=t("signup-busy") pending=action.pending() />
        </ActionForm>
    }
}
