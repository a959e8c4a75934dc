//! `/account`: profile, email, phone, password, sessions and recent security activity.
//! Without a session the browser is sent to `/login`.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use super::components::{
    Field, FormMessage, Notice, action_error, field_error, human_time, kept_value,
};
use crate::model::{AccountView, ContactKind, Done, FormError, UserView};
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

    /// The error of the form asking to change `kind`.
    fn change_error(&self, kind: ContactKind) -> Signal<Option<FormError>> {
        match kind {
            ContactKind::Email => action_error(self.email.value()),
            ContactKind::Phone => action_error(self.phone.value()),
        }
    }

    /// The error of the form confirming a change of `kind` with its code.
    fn confirm_error(&self, kind: ContactKind) -> Signal<Option<FormError>> {
        match kind {
            ContactKind::Email => action_error(self.confirm_email.value()),
            ContactKind::Phone => action_error(self.confirm_phone.value()),
        }
    }

    /// The form asking to change `kind`, around `fields`. The two server functions take
    /// different fields, so each kind has its own action type.
    fn change_form<V: IntoView + 'static>(
        &self,
        kind: ContactKind,
        fields: impl FnOnce() -> V + Send + 'static,
    ) -> AnyView {
        match kind {
            ContactKind::Email => view! {
                <ActionForm action=self.email attr:novalidate=true attr:class="form">
                    {fields()}
                </ActionForm>
            }
            .into_any(),
            ContactKind::Phone => view! {
                <ActionForm action=self.phone attr:novalidate=true attr:class="form">
                    {fields()}
                </ActionForm>
            }
            .into_any(),
        }
    }

    /// The form confirming a pending change of `kind` with its code, around `fields`.
    fn confirm_form<V: IntoView + 'static>(
        &self,
        kind: ContactKind,
        fields: impl FnOnce() -> V + Send + 'static,
    ) -> AnyView {
        match kind {
            ContactKind::Email => view! {
                <ActionForm action=self.confirm_email attr:novalidate=true attr:class="form pending">
                    {fields()}
                </ActionForm>
            }
            .into_any(),
            ContactKind::Phone => view! {
                <ActionForm action=self.confirm_phone attr:novalidate=true attr:class="form pending">
                    {fields()}
                </ActionForm>
            }
            .into_any(),
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
    }
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
    let done = move || {
        query
            .with(|q| q.get("done"))
            .and_then(|flag| Done::parse(&flag))
            .map(done_message)
    };
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
                        <ContactSection kind=ContactKind::Email account=account.clone() actions />
                        <ContactSection kind=ContactKind::Phone account=account.clone() actions />
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

/// The email or the phone section: the current value, a form for the code once a change is
/// pending, and the form asking for a change. The phone also offers to verify an unproven number.
#[component]
fn ContactSection(kind: ContactKind, account: AccountView, actions: Actions) -> impl IntoView {
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
    let error = actions.change_error(kind);
    let confirm_error = actions.confirm_error(kind);
    let name = kind.name();
    let confirm_form = pending.map(|new_value| {
        actions.confirm_form(kind, move || {
            view! {
                <p>"Waiting for confirmation: " <strong>{new_value}</strong></p>
                <FormMessage error=confirm_error />
                <Field
                    label=kind.code_label()
                    name="code"
                    form=kind.code_form()
                    autocomplete="one-time-code"
                    inputmode="numeric"
                    error=field_error(confirm_error, "code")
                />
                <button type="submit">{kind.confirm_button()}</button>
            }
        })
    });
    // Only the phone offers to verify an unproven number, ahead of any pending change.
    let before_change = match kind {
        ContactKind::Email => Either::Left(confirm_form),
        ContactKind::Phone => {
            Either::Right((verify_phone_form(actions, is_verified), confirm_form))
        }
    };
    let change_form = actions.change_form(kind, move || {
        view! {
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
        }
    });
    view! {
        <section aria-labelledby=kind.heading_id()>
            <h2 id=kind.heading_id()>{kind.title()}</h2>
            <p class="current">{current} {verified(is_verified)}</p>
            {before_change}
            {change_form}
        </section>
    }
}

/// A number only counts once its owner proves it (a reset that first proved the mailbox
/// unverifies whatever number came before); the code goes to this number.
fn verify_phone_form(actions: Actions, is_verified: bool) -> impl IntoView {
    let verify_error = action_error(actions.verify_phone.value());
    (!is_verified).then(|| {
        view! {
            <ActionForm action=actions.verify_phone attr:class="form">
                <FormMessage error=verify_error />
                <button type="submit" class="secondary">"Verify this number"</button>
            </ActionForm>
        }
    })
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
