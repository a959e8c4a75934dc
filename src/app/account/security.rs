//! How the account logs in besides its password: two-step login with an authenticator app and
//! recovery codes, the step-up it asks for, and passkeys.

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
                    <strong>"Your recovery codes."</strong>
                    " Save them somewhere safe, like a password manager or on paper: each one logs you in once if you lose your phone. They are shown only now."
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
        let status = format!(
            "On: logging in asks for a code from your authenticator app. {recovery_codes_left} of 10 recovery codes left."
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
            <p>
                "Scan this code with your authenticator app (Google Authenticator, 1Password, Aegis, …), then enter the 6 digits it shows."
            </p>
            <div class="qr" inner_html=setup.qr_svg></div>
            <p class="aside">
                "Or type this key into the app: " <code class="secret">{setup.secret}</code>
            </p>
            <ConfirmTotpForm />
        }
        .into_any()
    } else {
        view! {
            <p>
                "Off. With two-step login, a password or text-message login also needs a code from an app on your phone."
            </p>
            <BeginTotpForm />
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="two-step-heading">
            <h2 id="two-step-heading">"Two-step login"</h2>
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
            <button type="submit">"Set up an authenticator app"</button>
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
                label="Code from the app"
                name="code"
                form="totp-confirm"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
            <button type="submit">"Turn on two-step login"</button>
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
            <button type="submit" class="secondary">"New recovery codes"</button>
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
            <button type="submit" class="secondary">"Turn off two-step login"</button>
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
            <h2 id="passkeys-heading">"Passkeys"</h2>
            <p>
                "A passkey logs you in with your fingerprint, face or device PIN instead of a password and code."
            </p>
            {none.then(|| view! { <p class="current">"No passkeys yet."</p> })}
            <ul class="sessions">
                {passkeys.into_iter().map(passkey_item).collect_view()}
            </ul>
            <form class="form" data-passkey-register hidden>
                <div class="field">
                    <label for="field-passkey-name">"Name for the new passkey"</label>
                    <input
                        id="field-passkey-name"
                        name="name"
                        value="My passkey"
                        maxlength="60"
                        required
                    />
                </div>
                <p class="field-error" data-passkey-error></p>
                <button type="submit">"Add a passkey"</button>
            </form>
            <script type="module" src="/passkeys.js"></script>
        </section>
    }
}

fn passkey_item(p: PasskeyItem) -> impl IntoView {
    let used = match &p.last_used_at {
        Some(at) => format!("last used {}", human_time(at)),
        None => "not used yet".to_owned(),
    };
    let label = format!("Remove {}", p.name);
    view! {
        <li class="session-item passkey">
            <div>
                <strong>{p.name.clone()}</strong>
                <br />
                <span class="aside">
                    "added " <time datetime=p.created_at.clone()>{human_time(&p.created_at)}</time>
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
            <summary>"Rename"</summary>
            <ActionForm action=action attr:novalidate=true attr:class="form">
                <FormMessage error />
                <input type="hidden" name="id" value=id />
                <Field
                    label="New name"
                    name="name"
                    form="passkey"
                    value=kept_value(error, "name", move || name.clone())
                    error=field_error(error, "name")
                />
                <button type="submit">"Save name"</button>
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
                "Remove"
            </button>
        </ActionForm>
    }
}
