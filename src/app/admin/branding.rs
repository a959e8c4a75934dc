//! `/admin/branding`: the product's name, its links and footer line, and its accent colours,
//! shown on every page, email and SMS.

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, PasswordIfStale, other};
use crate::app::components::{
    ActionForm, Field, FormAction, FormMessage, Notice, action_error, field_error, kept_value,
    query_param,
};
use crate::model::{AdminView, BrandingForm};
use crate::server_fns::admin::AdminSetBranding;

/// `/admin/branding`: the brand's form. A change shows on every instance within 5 seconds.
#[component]
pub fn AdminBrandingPage() -> impl IntoView {
    let Some(AdminView::Branding { fresh, .. }) = crate::page_data::admin() else {
        return other(crate::page_data::admin());
    };
    let saved =
        (query_param("done") == "saved").then(|| view! { <Notice>{t("branding-saved")}</Notice> });
    view! {
        <Title text=super::admin_title(&t("menu-branding")) />
        <main class="card wide">
            <AdminNav />
            <h1>{t("menu-branding")}</h1>
            {saved}
            <p>{t("branding-intro")}</p>
            <BrandingFormView fresh />
        </main>
    }
    .into_any()
}

/// The stored brand is read on the server only: hydration keeps the values it rendered, and
/// the island's props stay one bool (a struct of strings would bring its decoder to the bundle).
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn BrandingFormView(fresh: bool) -> impl IntoView {
    let brand = match crate::page_data::admin() {
        Some(AdminView::Branding { brand, .. }) => brand,
        _ => BrandingForm::default(),
    };
    let action = FormAction::<AdminSetBranding>::new();
    let error = action_error(action.value());
    let value =
        move |name: &'static str, current: String| kept_value(error, name, move || current.clone());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label=t("branding-name")
                name="product_name"
                hint=t("branding-name-hint")
                value=value("product_name", brand.product_name)
                error=field_error(error, "product_name")
            />
            <Field
                label=t("branding-help")
                name="support_url"
                kind="url"
                hint=t("branding-link-hint")
                value=value("support_url", brand.support_url)
                error=field_error(error, "support_url")
            />
            <Field
                label=t("branding-support-email")
                name="support_email"
                kind="email"
                hint=t("branding-optional")
                value=value("support_email", brand.support_email)
                error=field_error(error, "support_email")
            />
            <Field
                label=t("branding-privacy")
                name="privacy_url"
                kind="url"
                hint=t("branding-link-hint")
                value=value("privacy_url", brand.privacy_url)
                error=field_error(error, "privacy_url")
            />
            <Field
                label=t("branding-terms")
                name="terms_url"
                kind="url"
                hint=t("branding-link-hint")
                value=value("terms_url", brand.terms_url)
                error=field_error(error, "terms_url")
            />
            <Field
                label=t("branding-footer")
                name="footer"
                hint=t("branding-footer-hint")
                value=value("footer", brand.footer)
                error=field_error(error, "footer")
            />
            <Field
                label=t("branding-accent")
                name="accent"
                hint=t("branding-accent-hint")
                value=value("accent", brand.accent)
                error=field_error(error, "accent")
            />
            <Field
                label=t("branding-accent-dark")
                name="accent_dark"
                hint=t("branding-accent-dark-hint")
                value=value("accent_dark", brand.accent_dark)
                error=field_error(error, "accent_dark")
            />
            <PasswordIfStale fresh form="branding" error=field_error(error, "current_password") />
            <button type="submit">{t("branding-save")}</button>
        </ActionForm>
    }
}
