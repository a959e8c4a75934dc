//! `/account`: profile, email, phone, password, sessions and recent security activity.
//! Without a session the browser is sent to `/login`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use super::components::{
    Field, FormMessage, Notice, action_error, field_error, human_time, kept_value,
};
use crate::model::{AccountView, UserView};
use crate::page_data;
use crate::server_fns::account::{
    ChangeEmail, ChangePassword, ChangePhone, ConfirmEmailChange, ConfirmPhoneChange,
    RevokeOtherSessions, RevokeSession, UpdateNames, VerifyPhone, account_overview,
};

/// Every form of the page; their versions tell the overview when to reload.
#[derive(Clone, Copy)]
struct Actions {
    names: ServerAction<UpdateNames>,
    email: ServerAction<ChangeEmail>,
    confirm_email: ServerAction<ConfirmEmailChange>,
    phone: ServerAction<ChangePhone>,
    verify_phone: ServerAction<VerifyPhone>,
    confirm_phone: ServerAction<ConfirmPhoneChange>,
    password: ServerAction<ChangePassword>,
    revoke: ServerAction<RevokeSession>,
    revoke_others: ServerAction<RevokeOtherSessions>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            names: ServerAction::new(),
            email: ServerAction::new(),
            confirm_email: ServerAction::new(),
            phone: ServerAction::new(),
            verify_phone: ServerAction::new(),
            confirm_phone: ServerAction::new(),
            password: ServerAction::new(),
            revoke: ServerAction::new(),
            revoke_others: ServerAction::new(),
        }
    }

    fn versions(&self) -> [usize; 9] {
        [
            self.names.version().get(),
            self.email.version().get(),
            self.confirm_email.version().get(),
            self.phone.version().get(),
            self.verify_phone.version().get(),
            self.confirm_phone.version().get(),
            self.password.version().get(),
            self.revoke.version().get(),
            self.revoke_others.version().get(),
        ]
    }
}

fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "profile" => "Your name was saved.",
        "email-code-sent" => {
            "We sent a code to the new address. Enter it below to make the change."
        }
        "phone-code-sent" => "We sent a code by SMS. Enter it below to confirm the number.",
        "email" => "Your email address was changed.",
        "phone" => "Your phone number was changed.",
        "phone-verified" => "Your phone number is verified.",
        "password" => "Your password was changed. Your other sessions were logged out.",
        "session" => "That session was logged out.",
        "sessions" => "All your other sessions were logged out.",
        _ => return None,
    })
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let query = use_query_map();
    let actions = Actions::new();
    // `None` while loading: a page reached by a client-side navigation (after a login, say)
    // has no server-rendered overview. `Some(None)` when nobody is logged in any more.
    let overview = RwSignal::new(page_data::initial_account().map(Some));
    // Set when loading failed and the page has nothing to show.
    let failed = RwSignal::new(false);
    // Replies can arrive out of order; only the latest request's reply counts.
    let latest = StoredValue::new(0u64);
    // Browser only: load the overview when the page came without one, and again after each
    // change made on the page (or a new query).
    Effect::new(move |first_done: Option<()>| {
        // Read, not just tracked: a memo's `track()` alone never evaluates it.
        let _changed = (query.get(), actions.versions());
        if first_done.is_some() || overview.with_untracked(Option::is_none) {
            let request = latest.get_value() + 1;
            latest.set_value(request);
            leptos::task::spawn_local(async move {
                let reply = account_overview().await;
                if latest.get_value() != request {
                    return;
                }
                match reply {
                    Ok(now) => overview.set(Some(now)),
                    // Keep what is shown; with nothing shown, say so.
                    Err(_) => failed.set(overview.with_untracked(Option::is_none)),
                }
            });
        }
    });
    let done = move || query.with(|q| q.get("done")).and_then(|d| done_message(&d));
    view! {
        <Title text="Your account" />
        {move || match overview.get() {
            None => {
                view! {
                    <main class="card">
                        <h1>"Your account"</h1>
                        {move || {
                            if failed.get() {
                                view! {
                                    <p role="alert">
                                        "Your account could not be loaded. Please reload the page."
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! { <p>"Loading…"</p> }.into_any()
                            }
                        }}
                    </main>
                }
                    .into_any()
            }
            Some(Some(account)) => {
                view! {
                    <main class="card wide">
                        <h1>"Your account"</h1>
                        {move || done().map(|m| view! { <Notice>{m}</Notice> })}
                        <Profile user=account.user.clone() actions />
                        <EmailSection account=account.clone() actions />
                        <PhoneSection account=account.clone() actions />
                        <PasswordSection actions />
                        <Sessions account=account.clone() actions />
                        <Activity account />
                    </main>
                }
                    .into_any()
            }
            // Logged out meanwhile (in another tab, or every session revoked).
            Some(None) => view! { <Redirect path="/login" /> }.into_any(),
        }}
    }
}

#[component]
fn Profile(user: UserView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.names.value());
    let (first, last) = (user.first_name.clone(), user.last_name.clone());
    view! {
        <section aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <ActionForm action=actions.names attr:novalidate=true attr:class="form">
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
        </section>
    }
}

fn verified(flag: bool) -> &'static str {
    if flag {
        " (verified)"
    } else {
        " (not verified)"
    }
}

#[component]
fn EmailSection(account: AccountView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.email.value());
    let confirm_error = action_error(actions.confirm_email.value());
    let pending = account.pending_email.clone();
    view! {
        <section aria-labelledby="email-heading">
            <h2 id="email-heading">"Email"</h2>
            <p class="current">{account.user.email.clone()} {verified(account.user.email_verified)}</p>
            {pending.map(|new_email| {
                view! {
                    <ActionForm action=actions.confirm_email attr:novalidate=true attr:class="form pending">
                        <p>"Waiting for confirmation: " <strong>{new_email}</strong></p>
                        <FormMessage error=confirm_error />
                        <Field
                            label="Code from the email"
                            name="code"
                            form="email-code"
                            autocomplete="one-time-code"
                            inputmode="numeric"
                            error=field_error(confirm_error, "code")
                        />
                        <button type="submit">"Confirm email"</button>
                    </ActionForm>
                }
            })}
            <ActionForm action=actions.email attr:novalidate=true attr:class="form">
                <FormMessage error />
                <Field
                    label="Email (new address)"
                    name="email"
                    form="email"
                    kind="email"
                    autocomplete="email"
                    value=kept_value(error, "email", String::new)
                    error=field_error(error, "email")
                />
                <Field
                    label="Current password"
                    name="current_password"
                    form="email"
                    kind="password"
                    autocomplete="current-password"
                    hint="Needed if you logged in more than 10 minutes ago"
                    error=field_error(error, "current_password")
                />
                <button type="submit">"Change email"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PhoneSection(account: AccountView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.phone.value());
    let confirm_error = action_error(actions.confirm_phone.value());
    let verify_error = action_error(actions.verify_phone.value());
    let pending = account.pending_phone.clone();
    view! {
        <section aria-labelledby="phone-heading">
            <h2 id="phone-heading">"Phone"</h2>
            <p class="current">{account.user.phone.clone()} {verified(account.user.phone_verified)}</p>
            // A number only counts once its owner proves it (a reset that first proved the
            // mailbox unverifies whatever number came before); the code goes to this number.
            {(!account.user.phone_verified)
                .then(|| {
                    view! {
                        <ActionForm action=actions.verify_phone attr:class="form">
                            <FormMessage error=verify_error />
                            <button type="submit" class="secondary">"Verify this number"</button>
                        </ActionForm>
                    }
                })}
            {pending.map(|new_phone| {
                view! {
                    <ActionForm action=actions.confirm_phone attr:novalidate=true attr:class="form pending">
                        <p>"Waiting for confirmation: " <strong>{new_phone}</strong></p>
                        <FormMessage error=confirm_error />
                        <Field
                            label="Code from the SMS"
                            name="code"
                            form="phone-code"
                            autocomplete="one-time-code"
                            inputmode="numeric"
                            error=field_error(confirm_error, "code")
                        />
                        <button type="submit">"Confirm phone"</button>
                    </ActionForm>
                }
            })}
            <ActionForm action=actions.phone attr:novalidate=true attr:class="form">
                <FormMessage error />
                <Field
                    label="Phone (new number)"
                    name="phone"
                    form="phone"
                    kind="tel"
                    autocomplete="tel"
                    hint="With the country code, e.g. +1 201 555 0123"
                    value=kept_value(error, "phone", String::new)
                    error=field_error(error, "phone")
                />
                <Field
                    label="Current password"
                    name="current_password"
                    form="phone"
                    kind="password"
                    autocomplete="current-password"
                    hint="Needed if you logged in more than 10 minutes ago"
                    error=field_error(error, "current_password")
                />
                <button type="submit">"Change phone"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordSection(actions: Actions) -> impl IntoView {
    let error = action_error(actions.password.value());
    view! {
        <section aria-labelledby="password-heading">
            <h2 id="password-heading">"Password"</h2>
            <ActionForm action=actions.password attr:novalidate=true attr:class="form">
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
        </section>
    }
}

#[component]
fn Sessions(account: AccountView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.revoke.value());
    let others = account.sessions.iter().filter(|s| !s.current).count();
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Sessions"</h2>
            <FormMessage error />
            <ul class="sessions">
                {account
                    .sessions
                    .into_iter()
                    .map(|s| {
                        let label = format!("Log out {} ({})", s.device, s.ip.clone().unwrap_or_default());
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
                                {(!s.current)
                                    .then(|| {
                                        view! {
                                            <ActionForm action=actions.revoke attr:class="inline">
                                                <input type="hidden" name="id" value=s.id.clone() />
                                                <button type="submit" class="secondary" aria-label=label>
                                                    "Log out"
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(others > 0)
                .then(|| {
                    view! {
                        <ActionForm action=actions.revoke_others attr:class="form">
                            <button type="submit" class="secondary">"Log out everywhere else"</button>
                        </ActionForm>
                    }
                })}
        </section>
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
