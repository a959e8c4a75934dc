//! `/admin` (users, with search and paging), `/admin/users/{id}` (roles, disable and enable,
//! end sessions, activity), `/admin/audit` (the security log) and `/admin/clients` (the apps
//! registered for OpenID Connect logins). What each shows was loaded
//! by `http::page_data` before it renders: visitors were sent to log in, non-admins get the
//! 403 page here. Searching and paging are plain links and GET forms; each change is an island
//! whose server function ends in a redirect back to the user's page.

use leptos::prelude::*;

use super::components::{ActionForm, FormAction};
use leptos_meta::Title;

use super::components::{
    Field, FormMessage, Notice, action_error, field_error, human_time, kept_value, query_param,
};
use crate::model::{
    AdminAction, AdminView, ClientItem, CreatedClient, LogItem, ManagedUserItem, SessionItem,
};
use crate::page_data;
use crate::server_fns::admin::{AdminAddClient, AdminRemoveClient, AdminSetRoles, AdminUserAction};

/// The admin pages' own menu.
#[component]
fn AdminNav() -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label="Admin">
            <a href="/admin">"Users"</a>
            <a href="/admin/audit">"Security log"</a>
            <a href="/admin/clients">"Apps"</a>
        </nav>
    }
}

/// The page for what is not a list, a user or a log: no access, no such user, a bad query.
fn other(view: Option<AdminView>) -> AnyView {
    let (title, message) = match view {
        Some(AdminView::Forbidden) => (
            "No access",
            "You do not have access to the admin area. Ask an admin to give you the admin role."
                .to_owned(),
        ),
        Some(AdminView::NotFound) => ("Not found", "There is no such user.".to_owned()),
        Some(AdminView::Invalid(why)) => ("Cannot show this", format!("{why}.")),
        _ => (
            "Admin",
            "This page could not be loaded. Please reload it.".to_owned(),
        ),
    };
    view! {
        <Title text=title />
        <main class="card">
            <h1>{title}</h1>
            <p role="alert">{message}</p>
            <p><a href="/admin">"Back to the users"</a></p>
        </main>
    }
    .into_any()
}

fn page_link(query: &str, sort: &str, page: u32) -> String {
    let query: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
    format!("/admin?query={query}&sort={sort}&page={page}")
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let Some(AdminView::Users {
        query,
        sort,
        page,
        per_page,
        total,
        users,
    }) = page_data::admin()
    else {
        return other(page_data::admin());
    };
    let pages = total.div_ceil(u64::from(per_page)).max(1);
    let sorts = [
        ("-created_at", "Newest first"),
        ("created_at", "Oldest first"),
        ("email", "Email"),
        ("name", "Last name"),
    ];
    let previous = (page > 1).then(|| page_link(&query, &sort, page - 1));
    let next = (u64::from(page) < pages).then(|| page_link(&query, &sort, page + 1));
    view! {
        <Title text="Users · Admin" />
        <main class="card wide admin">
            <h1>"Users"</h1>
            <AdminNav />
            <form method="get" action="/admin" class="form search" role="search">
                <div class="row">
                    <div class="field">
                        <label for="field-query">"Search"</label>
                        <p class="hint" id="field-query-hint">
                            "The start of an email, phone number or name"
                        </p>
                        <input
                            id="field-query"
                            name="query"
                            type="search"
                            value=query.clone()
                            aria-describedby="field-query-hint"
                        />
                    </div>
                    <div class="field">
                        <label for="field-sort">"Order"</label>
                        <select id="field-sort" name="sort">
                            {sorts
                                .into_iter()
                                .map(|(value, label)| {
                                    view! {
                                        <option value=value selected=value == sort>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit">"Search"</button>
            </form>
            <p class="aside" role="status">
                {format!("{total} users · page {page} of {pages}")}
            </p>
            <div class="table-wrap">
                <table class="users">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Phone"</th>
                            <th scope="col">"Roles"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>{users.into_iter().map(user_row).collect_view()}</tbody>
                </table>
            </div>
            <nav class="pager" aria-label="Pages">
                {previous.map(|href| view! { <a href=href rel="prev">"Previous page"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Next page"</a> })}
            </nav>
        </main>
    }
    .into_any()
}

fn status(user: &ManagedUserItem) -> &'static str {
    match (user.disabled, user.email_verified) {
        (true, _) => "Disabled",
        (false, true) => "Active",
        (false, false) => "Email not verified",
    }
}

fn user_row(user: ManagedUserItem) -> impl IntoView {
    let status = status(&user);
    view! {
        <tr data-disabled=user.disabled.to_string()>
            <td>
                <a href=format!("/admin/users/{}", user.id)>{user.name}</a>
            </td>
            <td>{user.email}</td>
            <td>{user.phone}</td>
            <td>{user.roles.join(", ")}</td>
            <td>{status}</td>
        </tr>
    }
}

#[component]
pub fn AdminUserPage() -> impl IntoView {
    let Some(AdminView::User {
        user,
        sessions,
        events,
        fresh,
    }) = page_data::admin()
    else {
        return other(page_data::admin());
    };
    let done = query_param("done");
    let notice = if done == "roles" {
        Some("The roles were saved.")
    } else {
        AdminAction::parse(&done).map(AdminAction::done)
    };
    let status = status(&user);
    let roles = user.roles.join(" ");
    let mut actions = vec![if user.disabled {
        AdminAction::Enable
    } else {
        AdminAction::Disable
    }];
    if !sessions.is_empty() {
        actions.push(AdminAction::EndSessions);
    }
    if !user.email_verified {
        actions.push(AdminAction::ResendVerification);
    }
    view! {
        <Title text=format!("{} · Admin", user.name) />
        <main class="card wide admin">
            <h1>{user.name.clone()}</h1>
            <AdminNav />
            {notice.map(|m| view! { <Notice>{m}</Notice> })}
            <dl class="facts">
                <dt>"Email"</dt>
                <dd>{user.email.clone()}</dd>
                <dt>"Phone"</dt>
                <dd>{user.phone.clone()}</dd>
                <dt>"Status"</dt>
                <dd data-testid="status">{status}</dd>
                <dt>"Created"</dt>
                <dd>{human_time(&user.created_at)}</dd>
            </dl>
            {(!fresh)
                .then(|| {
                    view! {
                        <p class="hint">
                            "You logged in more than 10 minutes ago: each change asks for your password."
                        </p>
                    }
                })}
            <section aria-labelledby="roles-heading">
                <h2 id="roles-heading">"Roles"</h2>
                <RolesForm id=user.id.clone() roles fresh />
            </section>
            <section aria-labelledby="actions-heading">
                <h2 id="actions-heading">"Account"</h2>
                {actions
                    .into_iter()
                    .map(|action| view! { <ActionButton id=user.id.clone() action fresh /> })
                    .collect_view()}
            </section>
            <section aria-labelledby="sessions-heading">
                <h2 id="sessions-heading">"Sessions"</h2>
                {sessions.is_empty().then(|| view! { <p>"No live sessions."</p> })}
                <ul class="sessions">{sessions.into_iter().map(session_line).collect_view()}</ul>
            </section>
            <section aria-labelledby="activity-heading">
                <h2 id="activity-heading">"Recent activity"</h2>
                <p>
                    <a href=format!(
                        "/admin/audit?user_id={}",
                        user.id,
                    )>"All of this user's events"</a>
                </p>
                <ul class="activity">
                    {events.into_iter().map(|e| log_line(e, false)).collect_view()}
                </ul>
            </section>
        </main>
    }
    .into_any()
}

/// The admin's password, asked for only when their login is over 10 minutes old.
#[component]
fn PasswordIfStale(
    fresh: bool,
    form: &'static str,
    error: Signal<Option<String>>,
) -> impl IntoView {
    (!fresh).then(|| {
        view! {
            <Field
                label="Current password"
                name="current_password"
                form=form
                kind="password"
                autocomplete="current-password"
                error
            />
        }
    })
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RolesForm(id: String, roles: String, fresh: bool) -> impl IntoView {
    let action = FormAction::<AdminSetRoles>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <Field
                label="Roles"
                name="roles"
                hint="Separated by spaces, e.g. admin billing:write. Everyone has the role user."
                value=kept_value(error, "roles", move || roles.clone())
                error=field_error(error, "roles")
            />
            <PasswordIfStale fresh form="roles" error=field_error(error, "current_password") />
            <button type="submit">"Save roles"</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ActionButton(id: String, action: AdminAction, fresh: bool) -> impl IntoView {
    let server = FormAction::<AdminUserAction>::new();
    let error = action_error(server.value());
    let class = if action == AdminAction::Disable {
        "danger"
    } else {
        "secondary"
    };
    view! {
        <ActionForm action=server attr:novalidate=true attr:class="form">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="action" value=action.as_str() />
            <PasswordIfStale
                fresh
                form=action.as_str()
                error=field_error(error, "current_password")
            />
            <button type="submit" class=class>
                {action.button()}
            </button>
        </ActionForm>
    }
}

fn session_line(s: SessionItem) -> impl IntoView {
    view! {
        <li class="session-item">
            <div>
                <strong>{s.device}</strong>
                <br />
                <span class="aside">
                    {s.ip.unwrap_or_else(|| "unknown address".into())} " · last seen "
                    <time datetime=s.last_seen_at.clone()>{human_time(&s.last_seen_at)}</time>
                </span>
            </div>
        </li>
    }
}

/// One event; `whom` links to the user it concerns (in the whole log).
fn log_line(event: LogItem, whom: bool) -> impl IntoView {
    let whom = event.user_id.clone().filter(|_| whom).map(|id| {
        view! {
            " · "
            <a href=format!("/admin/users/{id}")>"the user"</a>
        }
    });
    let by_admin = event.actor_id.map(|actor| {
        view! {
            " · by "
            <a href=format!("/admin/users/{actor}")>"an admin"</a>
        }
    });
    view! {
        <li>
            <strong>{event.what}</strong>
            {event.detail.map(|d| view! { " (" {d} ")" })}
            <span class="aside">
                " · " <time datetime=event.at.clone()>{human_time(&event.at)}</time> " · "
                {event.ip.unwrap_or_else(|| "unknown address".into())} " · " {event.device}
                {by_admin}
                {whom}
            </span>
        </li>
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let Some(AdminView::Audit {
        user_id,
        kind,
        kinds,
        page,
        next_page,
        events,
    }) = page_data::admin()
    else {
        return other(page_data::admin());
    };
    let link = {
        let (user_id, kind) = (user_id.clone(), kind.clone());
        move |page: u32| format!("/admin/audit?user_id={user_id}&kind={kind}&page={page}")
    };
    let previous = (page > 1).then(|| link(page - 1));
    let next = next_page.map(link);
    view! {
        <Title text="Security log · Admin" />
        <main class="card wide admin">
            <h1>"Security log"</h1>
            <AdminNav />
            <form method="get" action="/admin/audit" class="form">
                <div class="row">
                    <div class="field">
                        <label for="field-user_id">"User id"</label>
                        <input id="field-user_id" name="user_id" value=user_id />
                    </div>
                    <div class="field">
                        <label for="field-kind">"Kind"</label>
                        <select id="field-kind" name="kind">
                            <option value="" selected=kind.is_empty()>
                                "Every kind"
                            </option>
                            {kinds
                                .into_iter()
                                .map(|(value, label)| {
                                    let selected = value == kind;
                                    view! {
                                        <option value=value selected=selected>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit">"Show"</button>
            </form>
            {events.is_empty().then(|| view! { <p>"No events."</p> })}
            <ul class="activity log">
                {events.into_iter().map(|e| log_line(e, true)).collect_view()}
            </ul>
            <nav class="pager" aria-label="Pages">
                {previous.map(|href| view! { <a href=href rel="prev">"Newer events"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Older events"</a> })}
            </nav>
        </main>
    }
    .into_any()
}

/// `/admin/clients`: the apps that may log people in through Latch (OpenID Connect), the form
/// that registers one, and the secret of the one just registered, shown once.
#[component]
pub fn AdminClientsPage() -> impl IntoView {
    let Some(AdminView::Clients {
        clients,
        fresh,
        created,
    }) = page_data::admin()
    else {
        return other(page_data::admin());
    };
    let notice = match query_param("done").as_str() {
        "removed" => Some("The app was removed; every token it held has stopped working."),
        _ => None,
    };
    view! {
        <Title text="Apps" />
        <main class="card wide">
            <AdminNav />
            <h1>"Apps"</h1>
            {notice.map(|m| view! { <Notice>{m}</Notice> })}
            {created.map(created_notice)}
            <p>
                "Apps registered here send people to Latch to log in (OpenID Connect). "
                "The discovery document is at " <code>"/.well-known/openid-configuration"</code> "."
            </p>
            {clients.is_empty().then(|| view! { <p>"No apps yet."</p> })}
            <ul class="sessions">
                {clients.into_iter().map(|c| client_line(c, fresh)).collect_view()}
            </ul>
            <section aria-labelledby="add-app-heading">
                <h2 id="add-app-heading">"Register an app"</h2>
                <AddClientForm fresh />
            </section>
        </main>
    }
    .into_any()
}

fn created_notice(created: CreatedClient) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>"The app was registered."</p>
            <p>"Client ID: " <code class="client-id">{created.client_id}</code></p>
            {created
                .client_secret
                .map(|secret| {
                    view! {
                        <p>
                            "Client secret: " <code class="client-secret">{secret}</code>
                            <br />
                            "Copy it now: it is not shown again."
                        </p>
                    }
                })}
        </div>
    }
}

fn client_line(client: ClientItem, fresh: bool) -> impl IntoView {
    let kind = match (client.public, client.first_party) {
        (true, true) => "Public, first-party",
        (true, false) => "Public",
        (false, true) => "Confidential, first-party",
        (false, false) => "Confidential",
    };
    view! {
        <li class="session-item">
            <div>
                <strong>{client.name.clone()}</strong>
                <br />
                <span class="aside">
                    <code>{client.client_id.clone()}</code>
                    " · "
                    {kind}
                    " · id_token "
                    {client.id_token_alg.clone()}
                </span>
                <br />
                <span class="aside">{client.redirect_uris.join(" ")}</span>
            </div>
            <RemoveClientForm client_id=client.client_id name=client.name fresh />
        </li>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn AddClientForm(fresh: bool) -> impl IntoView {
    let action = FormAction::<AdminAddClient>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label="Name"
                name="name"
                hint="What the consent page calls the app."
                value=kept_value(error, "name", String::new)
                error=field_error(error, "name")
            />
            <Field
                label="Redirect URIs"
                name="redirect_uris"
                hint="Separated by spaces, exactly as the app sends them: https, or http on 127.0.0.1 or localhost."
                value=kept_value(error, "redirect_uris", String::new)
                error=field_error(error, "redirect_uris")
            />
            <Field
                label="Logout redirect URIs"
                name="post_logout_redirect_uris"
                hint="Optional; separated by spaces."
                value=kept_value(error, "post_logout_redirect_uris", String::new)
                error=field_error(error, "post_logout_redirect_uris")
            />
            <label class="check">
                <input type="checkbox" name="public" value="on" />
                " Public (a browser or mobile app: no secret, PKCE instead)"
            </label>
            <label class="check">
                <input type="checkbox" name="first_party" value="on" />
                " First-party (your own app: no consent page)"
            </label>
            <PasswordIfStale fresh form="add-client" error=field_error(error, "current_password") />
            <button type="submit">"Register app"</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RemoveClientForm(client_id: String, name: String, fresh: bool) -> impl IntoView {
    let action = FormAction::<AdminRemoveClient>::new();
    let error = action_error(action.value());
    let label = format!("Remove {name}");
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form inline">
            <FormMessage error />
            <input type="hidden" name="client_id" value=client_id />
            <PasswordIfStale fresh form="remove-client" error=field_error(error, "current_password") />
            <button type="submit" class="danger" aria-label=label>
                "Remove"
            </button>
        </ActionForm>
    }
}
