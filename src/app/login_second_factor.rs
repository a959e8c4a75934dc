//! `/login/second-factor`: the second step of a login for an account with an authenticator
//! app. The challenge stays in this browser's session; the page only asks for a code, or for
//! one of the recovery codes when the phone is gone.

use crate::page_data::t;
use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Card, Field, FormMessage, ReturnTo, SubmitButton, action_error, field_error, use_return_to,
    with_return_to,
};
use crate::server_fns::factors::LogInWithSecondFactor;

#[component]
pub fn LoginSecondFactorPage() -> impl IntoView {
    let return_to = use_return_to();
    let start_over = with_return_to("/login", &return_to);
    view! {
        <Title text=t("second-factor-title") />
        <Card title=t("second-factor-heading")>
            <p>{t("second-factor-intro")}</p>
            <SecondFactorForm recovery=false return_to=return_to.clone() />
            <details class="aside">
                <summary>{t("second-factor-lost")}</summary>
                <SecondFactorForm recovery=true return_to />
            </details>
            <p class="aside">
                <a href=start_over>{t("second-factor-restart")}</a>
            </p>
        </Card>
    }
}

/// One form per method, so each works on its own without JavaScript.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn SecondFactorForm(recovery: bool, return_to: String) -> impl IntoView {
    let action = FormAction::<LogInWithSecondFactor>::new();
    let error = action_error(action.value());
    let method = if recovery { "recovery_code" } else { "totp" };
    let field = if !recovery {
        view! {
            <Field
                label=t("field-code")
                name="code"
                form="totp"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
        }
        .into_any()
    } else {
        view! {
            <Field
                label=t("field-recovery-code")
                name="code"
                form="recovery"
                hint=t("field-recovery-code-hint")
                error=field_error(error, "code")
            />
        }
        .into_any()
    };
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            <input type="hidden" name="method" value=method />
            {field}
            <SubmitButton label=t("action-log-in") busy=t("busy-checking") pending=action.pending() />
        </ActionForm>
    }
}
