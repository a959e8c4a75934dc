//! `/admin/audit`: the security log, filtered by kind, user and time.

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, admin_title, log_line, other};
use crate::model::AdminView;
use crate::page_data;

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
        <Title text=admin_title(&t("menu-audit")) />
        <main class="card wide admin">
            <h1>{t("menu-audit")}</h1>
            <AdminNav />
            <form method="get" action="/admin/audit" class="form">
                <div class="row">
                    <div class="field">
                        <label for="field-user_id">{t("admin-user-id")}</label>
                        <input id="field-user_id" name="user_id" value=user_id />
                    </div>
                    <div class="field">
                        <label for="field-kind">{t("admin-kind")}</label>
                        <select id="field-kind" name="kind">
                            <option value="" selected=kind.is_empty()>
                                {t("admin-every-kind")}
                            </option>
                            {kinds
                                .into_iter()
                                .map(|(value, label)| {
                                    let selected = value == kind;
                                    view! {
                                        <option value=value selected=selected>
                                            {crate::page_data::t(&label)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit">{t("admin-show")}</button>
            </form>
            {events.is_empty().then(|| view! { <p>{t("admin-no-events")}</p> })}
            <ul class="activity log">
                {events.into_iter().map(|e| log_line(e, true)).collect_view()}
            </ul>
            <nav class="pager" aria-label=t("admin-pages")>
                {previous.map(|href| view! { <a href=href rel="prev">{t("admin-newer")}</a> })}
                {next.map(|href| view! { <a href=href rel="next">{t("admin-older")}</a> })}
            </nav>
        </main>
    }
    .into_any()
}
