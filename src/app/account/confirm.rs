//! `/account/confirm`: "Confirm it's you". The sensitive part of the account (and a change
//! made there after the 10 minutes) sends the person here first, as GitHub's sudo mode does:
//! one of their passkeys (with JavaScript), or for an account with an authenticator a code from
//! it (or a recovery code), for any other its password. Then back to the page that asked.

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::components::{
    ActionForm, Card, Field, FormAction, FormMessage, ReturnTo, SubmitButton, action_error,
    field_error, use_return_to,
};
use crate::model::{AccountPart, Done};
use crate::page_data;
use crate::server_fns::account::ConfirmIdentity;

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let return_to = use_return_to();
    let account = page_data::account();
    let second_factor = account.as_ref().is_some_and(|a| a.two_step.enabled);
    let has_passkey = account.as_ref().is_some_and(|a| !a.passkeys.is_empty());
    // Where `/passkeys.js` leads after a passkey: only a page of the account, as the form's
    // server function decides for the other ways.
    let back = AccountPart::at(&return_to).unwrap_or(AccountPart::Security);
    let back = format!("{}?done={}", back.path(), Done::Confirmed.as_str());
    let passkey = has_passkey.then(|| {
        view! {
            <div class="passkey-login" data-passkey-confirm data-return-to=back hidden>
                <button type="button">{t("confirm-passkey")}</button>
                <p class="field-error" data-passkey-error></p>
                <p class="aside">{t("confirm-or")}</p>
            </div>
            <script type="module" src="/passkeys.js"></script>
        }
    });
    let forms = if second_factor {
        view! {
            <p>{t("second-factor-intro")}</p>
            <ConfirmForm kind=Kind::Totp return_to=return_to.clone() />
            <details class="aside">
                <summary>{t("second-factor-lost")}</summary>
                <ConfirmForm kind=Kind::RecoveryCode return_to />
            </details>
        }
        .into_any()
    } else {
        view! {
            <p>{t("confirm-password-intro")}</p>
            <ConfirmForm kind=Kind::Password return_to />
        }
        .into_any()
    };
    view! {
        <Title text=t("confirm-title") />
        <Card title=t("confirm-title")>
            <p class="aside">{t("confirm-intro")}</p>
            {passkey}
            {forms}
            <p class="aside">
                <a href="/account">{t("confirm-back")}</a>
            </p>
        </Card>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Kind {
    Password,
    Totp,
    RecoveryCode,
}

/// One form per way, so each works on its own without JavaScript.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ConfirmForm(kind: Kind, return_to: String) -> impl IntoView {
    let action = FormAction::<ConfirmIdentity>::new();
    let error = action_error(action.value());
    let field = match kind {
        Kind::Password => view! {
            <Field
                label=t("field-password")
                name="current_password"
                form="confirm"
                kind="password"
                autocomplete="current-password"
                error=field_error(error, "current_password")
            />
        }
        .into_any(),
        Kind::Totp => view! {
            <input type="hidden" name="method" value="totp" />
            <Field
                label=t("field-code")
                name="code"
                form="confirm-totp"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
        }
        .into_any(),
        Kind::RecoveryCode => view! {
            <input type="hidden" name="method" value="recovery_code" />
            <Field
                label=t("field-recovery-code")
                name="code"
                form="confirm-recovery"
                hint=t("field-recovery-code-hint")
                error=field_error(error, "code")
            />
        }
        .into_any(),
    };
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <ReturnTo value=return_to />
            {field}
            <SubmitButton label=t("action-confirm") busy=t("busy-checking") pending=action.pending() />
        </ActionForm>
    }
}
