//! `/admin`: the users, with search and paging (plain links and a GET form).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, other, status};
use crate::model::{AdminView, ManagedUserItem};
use crate::page_data;

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
