//! How the account logs in besides its password: two-step login with an authenticator app and
//! recovery codes, the step-up it asks for, and passkeys.

use crate::page_data::{Arg, t, t_with};
use leptos::prelude::*;

use crate::app::components::{
    ActionForm, Field, FormAction, FormMessage, action_error, field_error, human_time, kept_value,
};
use crate::model::{PasskeyItem, TwoStepView};
use crate::server_fns::factors::{
    BeginTotp, ConfirmTotp, DisableTotp, RegenerateRecoveryCodes, RemovePasskey, RenamePasskey,
};

/// "Two-step login": add an authenticator app (QR code, then a first code), see the recovery
/// codes once, make a new set, turn it off. The page is opened only with a fresh login and
/// second factor ("Confirm it's you").
#[component]
pub(super) fn TwoStep(two_step: TwoStepView) -> impl IntoView {
    let TwoStepView {
        enabled,
        recovery_codes_left,
        setup,
        new_recovery_codes,
    } = two_step;
    let codes = (!new_recovery_codes.is_empty()).then(|| {
        view! {
            <div class="recovery-codes" role="status">
                <p>
                    <strong>{t("recovery-codes-title")}</strong>
                    " "
                    {t("recovery-codes-save")}
                </p>
                <ul class="codes">
                    {new_recovery_codes
                        .into_iter()
                        .map(|c| view! { <li><code>{c}</code></li> })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    let body = if enabled {
        let status = t_with(
            "two-step-on",
            &[(
                "left",
                Arg::Number(u64::try_from(recovery_codes_left).unwrap_or(0)),
            )],
        );
        view! {
            <p class="current">{status}</p>
            {codes}
            <div class="row">
                <RegenerateCodesForm />
                <DisableTotpForm />
            </div>
        }
        .into_any()
    } else if let Some(setup) = setup {
        view! {
            <p>{t("two-step-scan")}</p>
            <div class="qr" inner_html=setup.qr_svg></div>
            <p class="aside">
                {t("two-step-key")} " " <code class="secret">{setup.secret}</code>
            </p>
            <ConfirmTotpForm />
        }
        .into_any()
    } else {
        view! {
            <p>{t("two-step-off")}</p>
            <BeginTotpForm />
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="two-step-heading">
            <h2 id="two-step-heading">{t("second-factor-heading")}</h2>
            {body}
        </section>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn BeginTotpForm() -> impl IntoView {
    let action = FormAction::<BeginTotp>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <button type="submit">{t("two-step-begin")}</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ConfirmTotpForm() -> impl IntoView {
    let action = FormAction::<ConfirmTotp>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form pending">
            <FormMessage error />
            <Field
                label=t("two-step-code")
                name="code"
                form="totp-confirm"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
            <button type="submit">{t("two-step-enable")}</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RegenerateCodesForm() -> impl IntoView {
    let action = FormAction::<RegenerateRecoveryCodes>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="form">
            <FormMessage error />
            <button type="submit" class="secondary">{t("two-step-new-codes")}</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn DisableTotpForm() -> impl IntoView {
    let action = FormAction::<DisableTotp>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="form">
            <FormMessage error />
            <button type="submit" class="secondary">{t("two-step-disable")}</button>
        </ActionForm>
    }
}

/// "Passkeys": the list (rename and remove are plain forms), and adding one, which needs the
/// browser's WebAuthn API: the form is hidden until `/passkeys.js` finds it.
#[component]
pub(super) fn Passkeys(passkeys: Vec<PasskeyItem>) -> impl IntoView {
    let none = passkeys.is_empty();
    view! {
        <section aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">{t("passkeys-title")}</h2>
            <p>{t("passkeys-intro")}</p>
            {none.then(|| view! { <p class="current">{t("passkeys-none")}</p> })}
            <ul class="sessions">
                {passkeys.into_iter().map(passkey_item).collect_view()}
            </ul>
            <form class="form" data-passkey-register hidden>
                <div class="field">
                    <label for="field-passkey-name">{t("passkeys-new-name")}</label>
                    <input
                        id="field-passkey-name"
                        name="name"
                        value=t("passkeys-default-name")
                        maxlength="60"
                        required
                    />
                </div>
                <p class="field-error" data-passkey-error></p>
                <button type="submit">{t("passkeys-add")}</button>
            </form>
            <script type="module" src="/passkeys.js"></script>
        </section>
    }
}

fn passkey_item(p: PasskeyItem) -> impl IntoView {
    let used = match &p.last_used_at {
        Some(at) => t_with("used-last", &[("time", Arg::Text(human_time(at)))]),
        None => t("used-never"),
    };
    let label = t_with(
        "passkeys-remove-label",
        &[("name", Arg::Text(p.name.clone()))],
    );
    view! {
        <li class="session-item passkey">
            <div>
                <strong>{p.name.clone()}</strong>
                <br />
                <span class="aside">
                    {t("passkeys-added")} " " <time datetime=p.created_at.clone()>{human_time(&p.created_at)}</time>
                    " · " {used}
                </span>
                <RenamePasskeyForm id=p.id.clone() name=p.name.clone() />
            </div>
            <RemovePasskeyForm id=p.id label />
        </li>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RenamePasskeyForm(id: String, name: String) -> impl IntoView {
    let action = FormAction::<RenamePasskey>::new();
    let error = action_error(action.value());
    view! {
        <details>
            <summary>{t("action-rename")}</summary>
            <ActionForm action=action attr:novalidate=true attr:class="form">
                <FormMessage error />
                <input type="hidden" name="id" value=id />
                <Field
                    label=t("passkeys-rename-field")
                    name="name"
                    form="passkey"
                    value=kept_value(error, "name", move || name.clone())
                    error=field_error(error, "name")
                />
                <button type="submit">{t("action-save-name")}</button>
            </ActionForm>
        </details>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RemovePasskeyForm(id: String, label: String) -> impl IntoView {
    let action = FormAction::<RemovePasskey>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="secondary" aria-label=label>
                {t("action-remove")}
            </button>
        </ActionForm>
    }
}
