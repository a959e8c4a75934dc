//! `/account`: profile, email, phone, password, sessions and recent security activity.
//! Without a session the browser is sent to `/login` (by `http::page_data::load`, before the
//! page renders).
//!
//! The page is rendered on the server from the overview loaded for it; each form is an island.
//! Every change ends in a redirect to `/account?done=…`, so the page the browser then loads
//! shows the change and its notice: the forms never need to refresh the rest of the page.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use super::components::{
    Field, FormMessage, Notice, action_error, field_error, human_time, kept_value, query_param,
};
use crate::model::{AccountView, AppItem, ContactKind, Done, SessionItem};
use crate::page_data;
use crate::server_fns::account::{
    ChangeEmail, ChangePassword, ChangePhone, ConfirmEmailChange, ConfirmPhoneChange,
    DisconnectApp, RevokeOtherSessions, RevokeSession, UpdateNames, VerifyPhone,
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
            <ContactSection kind=ContactKind::Email account=account.clone() />
            <ContactSection kind=ContactKind::Phone account=account.clone() />
            <section aria-labelledby="password-heading">
                <h2 id="password-heading">"Password"</h2>
                <PasswordForm />
            </section>
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

#[island]
fn NamesForm(first: String, last: String) -> impl IntoView {
    let action = ServerAction::<UpdateNames>::new();
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
fn ContactSection(kind: ContactKind, account: AccountView) -> impl IntoView {
    let (current, is_verified, pending) = match kind {
        ContactKind::Email => (
            account.user.email,
            account.user.email_verified,
            account.pending_email,
        ),
        ContactKind::Phone => (
            account.user.phone,
            account.user.phone_verified,
            account.pending_phone,
        ),
    };
    // Only the phone offers to verify an unproven number, ahead of any pending change.
    let verify_phone =
        (kind == ContactKind::Phone && !is_verified).then(|| view! { <VerifyPhoneForm /> });
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
#[island]
fn ChangeContactForm(kind: ContactKind) -> impl IntoView {
    let email = ServerAction::<ChangeEmail>::new();
    let phone = ServerAction::<ChangePhone>::new();
    let error = match kind {
        ContactKind::Email => action_error(email.value()),
        ContactKind::Phone => action_error(phone.value()),
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
        ContactKind::Email => Either::Left(view! {
            <ActionForm action=email attr:novalidate=true attr:class="form">
                {fields}
            </ActionForm>
        }),
        ContactKind::Phone => Either::Right(view! {
            <ActionForm action=phone attr:novalidate=true attr:class="form">
                {fields}
            </ActionForm>
        }),
    }
}

/// Confirms a pending change of `kind` to `new_value` with the code sent there.
#[island]
fn ConfirmContactForm(kind: ContactKind, new_value: String) -> impl IntoView {
    let email = ServerAction::<ConfirmEmailChange>::new();
    let phone = ServerAction::<ConfirmPhoneChange>::new();
    let error = match kind {
        ContactKind::Email => action_error(email.value()),
        ContactKind::Phone => action_error(phone.value()),
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
        ContactKind::Email => Either::Left(view! {
            <ActionForm action=email attr:novalidate=true attr:class="form pending">
                {fields}
            </ActionForm>
        }),
        ContactKind::Phone => Either::Right(view! {
            <ActionForm action=phone attr:novalidate=true attr:class="form pending">
                {fields}
            </ActionForm>
        }),
    }
}

/// A number only counts once its owner proves it (a reset that first proved the mailbox
/// unverifies whatever number came before); the code goes to this number.
#[island]
fn VerifyPhoneForm() -> impl IntoView {
    let action = ServerAction::<VerifyPhone>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="form">
            <FormMessage error />
            <button type="submit" class="secondary">"Verify this number"</button>
        </ActionForm>
    }
}

#[island]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
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

#[island]
fn DisconnectAppForm(client_id: String, label: String) -> impl IntoView {
    let action = ServerAction::<DisconnectApp>::new();
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

#[island]
fn RevokeSessionForm(id: String, label: String) -> impl IntoView {
    let action = ServerAction::<RevokeSession>::new();
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

#[island]
fn RevokeOthersForm() -> impl IntoView {
    let action = ServerAction::<RevokeOtherSessions>::new();
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
