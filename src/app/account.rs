//! `/account`: profile, email, phone, password, sessions and recent security activity.
//! Without a session the browser is sent to `/login` (by `http::page_data::load`, before the
//! page renders).
//!
//! The page is rendered on the server from the overview loaded for it; each form is an island.
//! Every change ends in a redirect to `/account?done=…`, so the page the browser then loads
//! shows the change and its notice: the forms never need to refresh the rest of the page.

use leptos::either::Either;
use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Field, FormMessage, Notice, action_error, field_error, human_time, kept_value, query_param,
};
use crate::model::{AccountView, AppItem, Contact, Done, PasskeyItem, SessionItem, TwoStepView};
use crate::page_data;
use crate::server_fns::account::{
    ChangeEmail, ChangePassword, ChangePhone, ConfirmEmailChange, ConfirmPhoneChange,
    DisconnectApp, RevokeOtherSessions, RevokeSession, UpdateNames, VerifyPhone,
};
use crate::server_fns::factors::{
    BeginTotp, ConfirmSecondFactor, ConfirmTotp, DisableTotp, RegenerateRecoveryCodes,
    RemovePasskey, RenamePasskey,
};

fn done_message(done: Done) -> &'static str {
    match done {
        Done::Profile => "Your name was saved.",
        Done::EmailCodeSent => {
            "We sent a code to the new address. Enter it below to make the change."
        }
        Done::PhoneCodeSent => "We sent a code by SMS. Enter it below to confirm the number.",
        Done::Email => "Your email address was changed.",
        Done::Phone => "Your phone number was changed.",
        Done::PhoneVerified => "Your phone number is verified.",
        Done::Password => "Your password was changed. Your other sessions were logged out.",
        Done::Session => "That session was logged out.",
        Done::Sessions => "All your other sessions were logged out.",
        Done::App => "The app no longer has access to your account.",
        Done::TotpEnabled => {
            "Two-step login is on: logging in now also asks for a code from your app."
        }
        Done::TotpDisabled => "Two-step login is off.",
        Done::RecoveryCodes => "Here are your new recovery codes. The old ones no longer work.",
        Done::Confirmed => "Confirmed. For the next 10 minutes you can make changes.",
        Done::TotpSetup => "Scan the code with your app, then enter the 6 digits it shows.",
        Done::PasskeyAdded => "The passkey was added: you can log in with it now.",
        Done::PasskeyRenamed => "The passkey was renamed.",
        Done::PasskeyRemoved => "The passkey was removed.",
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let done = Done::parse(&query_param("done")).map(done_message);
    // The middleware answered a visitor without a session with a redirect, so the overview is
    // here; the fallback covers a page rendered without that middleware.
    let Some(account) = page_data::account() else {
        return view! {
            <Title text="Your account" />
            <main class="card">
                <h1>"Your account"</h1>
                <p role="alert">"Your account could not be loaded. Please reload the page."</p>
            </main>
        }
        .into_any();
    };
    let others = account.sessions.iter().any(|s| !s.current);
    view! {
        <Title text="Your account" />
        <main class="card wide">
            <h1>"Your account"</h1>
            {done.map(|m| view! { <Notice>{m}</Notice> })}
            <section aria-labelledby="profile-heading">
                <h2 id="profile-heading">"Profile"</h2>
                <NamesForm
                    first=account.user.first_name.clone()
                    last=account.user.last_name.clone()
                />
            </section>
            <ContactSection kind=Contact::Email account=account.clone() />
            <ContactSection kind=Contact::Phone account=account.clone() />
            <section aria-labelledby="password-heading">
                <h2 id="password-heading">"Password"</h2>
                <PasswordForm />
            </section>
            <TwoStep two_step=account.two_step.clone() />
            <Passkeys passkeys=account.passkeys.clone() />
            <section aria-labelledby="sessions-heading">
                <h2 id="sessions-heading">"Sessions"</h2>
                <ul class="sessions">
                    {account.sessions.iter().cloned().map(session_item).collect_view()}
                </ul>
                {others.then(|| view! { <RevokeOthersForm /> })}
            </section>
            {(!account.apps.is_empty())
                .then(|| {
                    view! {
                        <section aria-labelledby="apps-heading">
                            <h2 id="apps-heading">"Apps with access"</h2>
                            <ul class="sessions">
                                {account.apps.iter().cloned().map(app_item).collect_view()}
                            </ul>
                        </section>
                    }
                })}
            <Activity account />
        </main>
    }
    .into_any()
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn NamesForm(first: String, last: String) -> impl IntoView {
    let action = FormAction::<UpdateNames>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <div class="row">
                <Field
                    label="First name"
                    name="first_name"
                    autocomplete="given-name"
                    value=kept_value(error, "first_name", move || first.clone())
                    error=field_error(error, "first_name")
                />
                <Field
                    label="Last name"
                    name="last_name"
                    autocomplete="family-name"
                    value=kept_value(error, "last_name", move || last.clone())
                    error=field_error(error, "last_name")
                />
            </div>
            <button type="submit">"Save name"</button>
        </ActionForm>
    }
}

fn verified(flag: bool) -> &'static str {
    if flag {
        " (verified)"
    } else {
        " (not verified)"
    }
}

/// The email or the phone section: the current value, a form for the code once a change is
/// pending, and the form asking for a change. The phone also offers to verify an unproven number.
#[component]
fn ContactSection(kind: Contact, account: AccountView) -> impl IntoView {
    let (current, is_verified, pending) = match kind {
        Contact::Email => (
            account.user.email,
            account.user.email_verified,
            account.pending_email,
        ),
        Contact::Phone => (
            account.user.phone,
            account.user.phone_verified,
            account.pending_phone,
        ),
    };
    // Only the phone offers to verify an unproven number, ahead of any pending change.
    let verify_phone =
        (kind == Contact::Phone && !is_verified).then(|| view! { <VerifyPhoneForm /> });
    view! {
        <section aria-labelledby=kind.heading_id()>
            <h2 id=kind.heading_id()>{kind.title()}</h2>
            <p class="current">{current} {verified(is_verified)}</p>
            {verify_phone}
            {pending.map(|new_value| view! { <ConfirmContactForm kind new_value /> })}
            <ChangeContactForm kind />
        </section>
    }
}

/// Asks for a change of `kind`. The two server functions take different fields, so each kind
/// has its own action; the one not used costs nothing.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ChangeContactForm(kind: Contact) -> impl IntoView {
    let email = FormAction::<ChangeEmail>::new();
    let phone = FormAction::<ChangePhone>::new();
    let error = match kind {
        Contact::Email => action_error(email.value()),
        Contact::Phone => action_error(phone.value()),
    };
    let name = kind.name();
    let fields = view! {
        <FormMessage error />
        <Field
            label=kind.new_label()
            name=name
            form=name
            kind=kind.input_type()
            autocomplete=kind.autocomplete()
            hint=kind.hint()
            value=kept_value(error, name, String::new)
            error=field_error(error, name)
        />
        <Field
            label="Current password"
            name="current_password"
            form=name
            kind="password"
            autocomplete="current-password"
            hint="Needed if you logged in more than 10 minutes ago"
            error=field_error(error, "current_password")
        />
        <button type="submit">{kind.change_button()}</button>
    };
    // `Either`, not `AnyView`: an `AnyView` brings every way of rendering into the WASM.
    match kind {
        Contact::Email => Either::Left(view! {
            <ActionForm action=email attr:novalidate=true attr:class="form">
                {fields}
            </ActionForm>
        }),
        Contact::Phone => Either::Right(view! {
            <ActionForm action=phone attr:novalidate=true attr:class="form">
                {fields}
            </ActionForm>
        }),
    }
}

/// Confirms a pending change of `kind` to `new_value` with the code sent there.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ConfirmContactForm(kind: Contact, new_value: String) -> impl IntoView {
    let email = FormAction::<ConfirmEmailChange>::new();
    let phone = FormAction::<ConfirmPhoneChange>::new();
    let error = match kind {
        Contact::Email => action_error(email.value()),
        Contact::Phone => action_error(phone.value()),
    };
    let fields = view! {
        <p>"Waiting for confirmation: " <strong>{new_value}</strong></p>
        <FormMessage error />
        <Field
            label=kind.code_label()
            name="code"
            form=kind.code_form()
            autocomplete="one-time-code"
            inputmode="numeric"
            error=field_error(error, "code")
        />
        <button type="submit">{kind.confirm_button()}</button>
    };
    // `Either`, not `AnyView`: an `AnyView` brings every way of rendering into the WASM.
    match kind {
        Contact::Email => Either::Left(view! {
            <ActionForm action=email attr:novalidate=true attr:class="form pending">
                {fields}
            </ActionForm>
        }),
        Contact::Phone => Either::Right(view! {
            <ActionForm action=phone attr:novalidate=true attr:class="form pending">
                {fields}
            </ActionForm>
        }),
    }
}

/// A number only counts once its owner proves it (a reset that first proved the mailbox
/// unverifies whatever number came before); the code goes to this number.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn VerifyPhoneForm() -> impl IntoView {
    let action = FormAction::<VerifyPhone>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="form">
            <FormMessage error />
            <button type="submit" class="secondary">"Verify this number"</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn PasswordForm() -> impl IntoView {
    let action = FormAction::<ChangePassword>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label="Current password"
                name="current_password"
                form="password"
                kind="password"
                autocomplete="current-password"
                error=field_error(error, "current_password")
            />
            <Field
                label="New password"
                name="new_password"
                form="password"
                kind="password"
                autocomplete="new-password"
                hint="At least 8 characters; not a common password"
                error=field_error(error, "new_password")
            />
            <button type="submit">"Change password"</button>
        </ActionForm>
    }
}

/// "Two-step login": add an authenticator app (QR code, then a first code), see the recovery
/// codes once, make a new set, turn it off; and the step-up form that the sensitive changes
/// of this page need when the session has not shown a code in the last 10 minutes.
#[component]
fn TwoStep(two_step: TwoStepView) -> impl IntoView {
    let TwoStepView {
        enabled,
        recovery_codes_left,
        confirmed,
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
            {(!confirmed).then(|| view! { <StepUpForm /> })}
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
            <Field
                label="Current password"
                name="current_password"
                form="totp"
                kind="password"
                autocomplete="current-password"
                hint="Needed if you logged in more than 10 minutes ago"
                error=field_error(error, "current_password")
            />
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
fn StepUpForm() -> impl IntoView {
    let action = FormAction::<ConfirmSecondFactor>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form pending">
            <p>
                "To change your email, phone or password, or these settings, first confirm it is you:"
            </p>
            <FormMessage error />
            <input type="hidden" name="method" value="totp" />
            <Field
                label="Code from the app"
                name="code"
                form="step-up"
                autocomplete="one-time-code"
                inputmode="numeric"
                error=field_error(error, "code")
            />
            <button type="submit">"Confirm"</button>
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
fn Passkeys(passkeys: Vec<PasskeyItem>) -> impl IntoView {
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
                <div class="field">
                    <label for="field-passkey-current_password">"Current password"</label>
                    <p class="hint" id="field-passkey-current_password-hint">
                        "Needed if you logged in more than 10 minutes ago"
                    </p>
                    <input
                        id="field-passkey-current_password"
                        name="current_password"
                        type="password"
                        autocomplete="current-password"
                        aria-describedby="field-passkey-current_password-hint"
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

fn session_item(s: SessionItem) -> impl IntoView {
    let label = format!(
        "Log out {} ({})",
        s.device,
        s.ip.clone().unwrap_or_default()
    );
    view! {
        <li class="session-item" data-current=s.current.to_string()>
            <div>
                <strong>{s.device.clone()}</strong>
                {s.current.then(|| view! { <span class="badge">"This device"</span> })}
                <br />
                <span class="aside">
                    {s.ip.clone().unwrap_or_else(|| "unknown address".into())}
                    " · last seen "
                    <time datetime=s.last_seen_at.clone()>{human_time(&s.last_seen_at)}</time>
                </span>
            </div>
            {(!s.current).then(|| view! { <RevokeSessionForm id=s.id.clone() label /> })}
        </li>
    }
}

fn app_item(app: AppItem) -> impl IntoView {
    let allowed = if app.allowed.is_empty() {
        "Run by this organisation".to_owned()
    } else {
        app.allowed.join(" · ")
    };
    let label = format!("Remove access for {}", app.name);
    view! {
        <li class="session-item">
            <div>
                <strong>{app.name.clone()}</strong>
                <br />
                <span class="aside">{allowed}</span>
            </div>
            <DisconnectAppForm client_id=app.client_id label />
        </li>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn DisconnectAppForm(client_id: String, label: String) -> impl IntoView {
    let action = FormAction::<DisconnectApp>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline">
            <FormMessage error />
            <input type="hidden" name="client_id" value=client_id />
            <button type="submit" class="secondary" aria-label=label>
                "Remove access"
            </button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RevokeSessionForm(id: String, label: String) -> impl IntoView {
    let action = FormAction::<RevokeSession>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="secondary" aria-label=label>
                "Log out"
            </button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RevokeOthersForm() -> impl IntoView {
    let action = FormAction::<RevokeOtherSessions>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="form">
            <FormMessage error />
            <button type="submit" class="secondary">"Log out everywhere else"</button>
        </ActionForm>
    }
}

#[component]
fn Activity(account: AccountView) -> impl IntoView {
    view! {
        <section aria-labelledby="activity-heading">
            <h2 id="activity-heading">"Security activity"</h2>
            <ul class="activity">
                {account
                    .activity
                    .into_iter()
                    .map(|a| {
                        view! {
                            <li>
                                <strong>{a.what}</strong>
                                <span class="aside">
                                    " · " <time datetime=a.at.clone()>{human_time(&a.at)}</time> " · "
                                    {a.ip.unwrap_or_else(|| "unknown address".into())} " · " {a.device}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
