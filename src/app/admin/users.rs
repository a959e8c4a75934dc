//! `/admin`: the users, with search and paging (plain links and a GET form).

use crate::page_data::{Arg, t, t_with};
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, admin_title, other, status};
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
        ("-created_at", "admin-sort-newest"),
        ("created_at", "admin-sort-oldest"),
        ("email", "field-email"),
        ("name", "field-last-name"),
    ];
    let previous = (page > 1).then(|| page_link(&query, &sort, page - 1));
    let next = (u64::from(page) < pages).then(|| page_link(&query, &sort, page + 1));
    view! {
        <Title text=admin_title(&t("menu-users")) />
        <main class="card wide admin">
            <h1>{t("menu-users")}</h1>
            <AdminNav />
            <form method="get" action="/admin" class="form search" role="search">
                <div class="row">
                    <div class="field">
                        <label for="field-query">{t("admin-search")}</label>
                        <p class="hint" id="field-query-hint">
                            {t("admin-search-hint")}
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
                        <label for="field-sort">{t("admin-order")}</label>
                        <select id="field-sort" name="sort">
                            {sorts
                                .into_iter()
                                .map(|(value, label)| {
                                    view! {
                                        <option value=value selected=value == sort>
                                            {t(label)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit">{t("admin-search")}</button>
            </form>
            <p class="aside" role="status">
                {t_with(
                    "admin-users-count",
                    &[
                        ("total", Arg::Number(total)),
                        ("page", Arg::Number(u64::from(page))),
                        ("pages", Arg::Number(pages)),
                    ],
                )}
            </p>
            <div class="table-wrap">
                <table class="users">
                    <thead>
                        <tr>
                            <th scope="col">{t("admin-col-name")}</th>
                            <th scope="col">{t("field-email")}</th>
                            <th scope="col">{t("field-phone")}</th>
                            <th scope="col">{t("admin-roles")}</th>
                            <th scope="col">{t("admin-col-status")}</th>
                        </tr>
                    </thead>
                    <tbody>{users.into_iter().map(user_row).collect_view()}</tbody>
                </table>
            </div>
            <nav class="pager" aria-label=t("admin-pages")>
                {previous.map(|href| view! { <a href=href rel="prev">{t("admin-previous-page")}</a> })}
                {next.map(|href| view! { <a href=href rel="next">{t("admin-next-page")}</a> })}
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
