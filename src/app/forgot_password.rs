//! `/forgot-password`: ask for a reset link. The answer is the same for every address.

use crate::model::minutes::RESET_LINK as RESET_MINUTES;
use crate::page_data::{Arg, t, t_with};
use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Card, Field, FormMessage, Notice, SubmitButton, action_error, field_error, kept_value,
    query_param,
};
use crate::server_fns::password::RequestPasswordReset;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let intro = if query_param("sent") == "1" {
        view! {
            <Notice>{t_with("forgot-sent", &[("minutes", Arg::Number(RESET_MINUTES))])}</Notice>
        }
        .into_any()
    } else {
        view! { <p>{t("forgot-intro")}</p> }.into_any()
    };
    view! {
        <Title text=t("forgot-title") />
        <Card title=t("forgot-title")>
            {intro}
            <ForgotForm />
            <p class="aside">
                <a href="/login">{t("forgot-back")}</a>
            </p>
        </Card>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ForgotForm() -> impl IntoView {
    let action = FormAction::<RequestPasswordReset>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label=t("field-email")
                name="email"
                kind="email"
                autocomplete="email"
                value=kept_value(error, "email", String::new)
                error=field_error(error, "email")
            />
            <SubmitButton label=t("forgot-submit") busy=t("busy-sending") pending=action.pending() />
        </ActionForm>
    }
}
