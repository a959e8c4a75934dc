//! `/admin/branding`: the product's name, its links and footer line, and its accent colours,
//! shown on every page, email and SMS.

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
    let saved = (query_param("done") == "saved").then(|| {
        view! { <Notice>"The brand was saved: every page, email and SMS now carries it."</Notice> }
    });
    view! {
        <Title text="Branding" />
        <main class="card wide">
            <AdminNav />
            <h1>"Branding"</h1>
            {saved}
            <p>
                "The product's name is in every page title, the header, and every email and SMS. "
                "The links and the footer line show at the foot of every page. Accent colours "
                "must keep links and buttons readable (a contrast of at least 4.5:1)."
            </p>
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
                label="Product name"
                name="product_name"
                hint="Up to 40 characters."
                value=value("product_name", brand.product_name)
                error=field_error(error, "product_name")
            />
            <Field
                label="Help page"
                name="support_url"
                kind="url"
                hint="Optional; https://…"
                value=value("support_url", brand.support_url)
                error=field_error(error, "support_url")
            />
            <Field
                label="Support email"
                name="support_email"
                kind="email"
                hint="Optional."
                value=value("support_email", brand.support_email)
                error=field_error(error, "support_email")
            />
            <Field
                label="Privacy policy"
                name="privacy_url"
                kind="url"
                hint="Optional; https://…"
                value=value("privacy_url", brand.privacy_url)
                error=field_error(error, "privacy_url")
            />
            <Field
                label="Terms of service"
                name="terms_url"
                kind="url"
                hint="Optional; https://…"
                value=value("terms_url", brand.terms_url)
                error=field_error(error, "terms_url")
            />
            <Field
                label="Footer line"
                name="footer"
                hint="Optional; one line, up to 200 characters."
                value=value("footer", brand.footer)
                error=field_error(error, "footer")
            />
            <Field
                label="Accent colour"
                name="accent"
                hint="Optional; like #2f5bd3. Links and buttons, light scheme."
                value=value("accent", brand.accent)
                error=field_error(error, "accent")
            />
            <Field
                label="Accent colour, dark scheme"
                name="accent_dark"
                hint="Optional; like #7ea2ff."
                value=value("accent_dark", brand.accent_dark)
                error=field_error(error, "accent_dark")
            />
            <PasswordIfStale fresh form="branding" error=field_error(error, "current_password") />
            <button type="submit">"Save brand"</button>
        </ActionForm>
    }
}
