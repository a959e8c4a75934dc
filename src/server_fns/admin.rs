//! The admin pages' changes: a user's roles, and the one-button actions (disable, enable, end
//! sessions, resend the verification code). Each ends in a redirect to the user's page with a
//! `done` flag, so the page the browser loads next shows the change.

use leptos::prelude::*;

use crate::model::FormError;

#[cfg(feature = "ssr")]
mod support {
    use crate::auth::admin::Admin;
    use crate::auth::{self, PasswordAttempt, RequestMeta, field};
    use crate::model::FormError;
    use crate::state::AppState;

    /// The caller as an admin, the user the form is about, and the admin's password if the
    /// form had one filled in.
    pub struct Call {
        pub state: AppState,
        pub admin: Admin,
        /// The stored key of the admin's own session, kept when they end their own sessions.
        pub own_session: Option<Vec<u8>>,
        pub meta: RequestMeta,
        pub user_id: uuid::Uuid,
        pub password: Option<PasswordAttempt>,
    }

    /// The caller as an admin, with the admin's password if the form had one filled in. A
    /// caller whose session ended is sent to log in and come back to `back`.
    pub struct AdminCall {
        pub state: AppState,
        pub admin: Admin,
        pub own_session: Option<Vec<u8>>,
        pub meta: RequestMeta,
        pub password: Option<PasswordAttempt>,
    }

    pub async fn admin_call(
        current_password: Option<String>,
        back: &str,
    ) -> Result<AdminCall, FormError> {
        use super::super::support::{current, form_error, request_meta, session, state};
        let state = state()?;
        let own_session = session()
            .await?
            .id()
            .map(|id| crate::auth::sessions::token_hash(&id.to_string()));
        let meta = request_meta().await;
        let Some(current) = current() else {
            leptos_axum::redirect(back);
            return Err(FormError::message(crate::page_data::t(
                "error-log-in-again",
            )));
        };
        let admin = Admin::new(&current.user, current.session.authenticated_at)
            .map_err(|e| form_error(e, &[]))?;
        // A form always sends the password field; left empty, it is no password.
        let password = current_password
            .filter(|p| !p.is_empty())
            .map(|p| field("current_password", PasswordAttempt::parse(&p)))
            .transpose()
            .map_err(|e| form_error(e, &[]))?;
        Ok(AdminCall {
            state,
            admin,
            own_session,
            meta,
            password,
        })
    }

    pub async fn call(id: &str, current_password: Option<String>) -> Result<Call, FormError> {
        let AdminCall {
            state,
            admin,
            own_session,
            meta,
            password,
        } = admin_call(current_password, "/login?return_to=%2Fadmin").await?;
        let user_id = uuid::Uuid::parse_str(id)
            .map_err(|_| super::super::support::form_error(auth::Error::NotFound, &[]))?;
        Ok(Call {
            state,
            admin,
            own_session,
            meta,
            user_id,
            password,
        })
    }

    pub use super::super::support::current_password_error as admin_error;

    pub fn user_page(id: uuid::Uuid, done: &str) -> String {
        format!("/admin/users/{id}?done={done}")
    }
}

/// Replaces the user's roles with the names in `roles` (separated by commas or spaces).
#[server(prefix = "/fn", endpoint = "admin_set_roles")]
pub async fn admin_set_roles(
    id: String,
    roles: String,
    current_password: Option<String>,
) -> Result<(), FormError> {
    use crate::auth::admin::RoleSet;
    let call = support::call(&id, current_password).await?;
    let values = [("roles", roles.as_str())];
    let names = roles
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty());
    let result = match RoleSet::parse(names) {
        Ok(set) => call
            .state
            .auth
            .admin_set_roles(
                &call.admin,
                call.user_id,
                &set,
                call.password.as_ref(),
                &call.meta,
            )
            .await
            .map(drop),
        Err(e) => Err(e),
    };
    result.map_err(|e| support::admin_error(e, &values))?;
    leptos_axum::redirect(&support::user_page(call.user_id, "roles"));
    Ok(())
}

/// One of the buttons of a user's admin page, named by `action` (`AdminAction::as_str`).
#[server(prefix = "/fn", endpoint = "admin_user_action")]
pub async fn admin_user_action(
    id: String,
    action: String,
    current_password: Option<String>,
) -> Result<(), FormError> {
    use crate::model::AdminAction;
    let call = support::call(&id, current_password).await?;
    let Some(action) = AdminAction::parse(&action) else {
        return Err(FormError::message(
            "That is not something this page can do.",
        ));
    };
    let auth = &call.state.auth;
    let (admin, id, password, meta) = (
        &call.admin,
        call.user_id,
        call.password.as_ref(),
        &call.meta,
    );
    let result = match action {
        AdminAction::Disable => auth
            .admin_disable(admin, id, password, meta)
            .await
            .map(drop),
        AdminAction::Enable => auth.admin_enable(admin, id, password, meta).await.map(drop),
        AdminAction::EndSessions => auth
            .admin_end_sessions(admin, id, call.own_session.as_deref(), password, meta)
            .await
            .map(drop),
        AdminAction::ResendVerification => {
            auth.admin_resend_verification(admin, id, password, meta)
                .await
        }
    };
    result.map_err(|e| support::admin_error(e, &[]))?;
    leptos_axum::redirect(&support::user_page(id, action.as_str()));
    Ok(())
}

/// Registers an app from the clients page; its secret is left in the admin's session for the
/// page the redirect loads, and shown there once.
#[server(prefix = "/fn", endpoint = "admin_add_client")]
pub async fn admin_add_client(
    name: String,
    redirect_uris: String,
    post_logout_redirect_uris: Option<String>,
    public: Option<String>,
    first_party: Option<String>,
    current_password: Option<String>,
) -> Result<(), FormError> {
    use crate::auth::Error;
    use crate::auth::oidc::NewClient;
    use crate::model::CreatedClient;
    let support::AdminCall {
        state,
        admin,
        meta,
        password,
        ..
    } = support::admin_call(current_password, "/login?return_to=%2Fadmin%2Fclients").await?;
    let post_logout = post_logout_redirect_uris.unwrap_or_default();
    let values = [
        ("name", name.as_str()),
        ("redirect_uris", redirect_uris.as_str()),
        ("post_logout_redirect_uris", post_logout.as_str()),
    ];
    let redirect: Vec<&str> = redirect_uris.split_whitespace().collect();
    let logout: Vec<&str> = post_logout.split_whitespace().collect();
    let result = match NewClient::parse(
        &name,
        &redirect,
        &logout,
        public.is_some(),
        first_party.is_some(),
        None,
    ) {
        Ok(new) => {
            state
                .auth
                .admin_add_client(&admin, new, password.as_ref(), &meta)
                .await
        }
        Err(errors) => Err(Error::Validation(errors)),
    };
    let (client, secret) = result.map_err(|e| support::admin_error(e, &values))?;
    let session = crate::server_fns::support::session().await?;
    let created = CreatedClient {
        client_id: client.id,
        client_secret: secret,
    };
    session
        .insert(crate::http::page_data::CREATED_CLIENT, created)
        .await
        .map_err(|_| FormError::message(crate::page_data::t("error-client-secret-lost")))?;
    leptos_axum::redirect("/admin/clients?done=added");
    Ok(())
}

/// Replaces the brand from `/admin/branding`: every field of the form, empty for none.
#[server(prefix = "/fn", endpoint = "admin_set_branding")]
pub async fn admin_set_branding(
    #[server(flatten)] brand: crate::model::BrandingForm,
    current_password: Option<String>,
) -> Result<(), FormError> {
    use crate::auth::branding::BrandChange;
    let support::AdminCall {
        state,
        admin,
        meta,
        password,
        ..
    } = support::admin_call(current_password, "/login?return_to=%2Fadmin%2Fbranding").await?;
    let values = [
        ("product_name", brand.product_name.as_str()),
        ("support_url", brand.support_url.as_str()),
        ("support_email", brand.support_email.as_str()),
        ("privacy_url", brand.privacy_url.as_str()),
        ("terms_url", brand.terms_url.as_str()),
        ("footer", brand.footer.as_str()),
        ("accent", brand.accent.as_str()),
        ("accent_dark", brand.accent_dark.as_str()),
    ];
    let change = BrandChange {
        product_name: Some(brand.product_name.clone()),
        support_url: Some(brand.support_url.clone()),
        support_email: Some(brand.support_email.clone()),
        privacy_url: Some(brand.privacy_url.clone()),
        terms_url: Some(brand.terms_url.clone()),
        footer: Some(brand.footer.clone()),
        accent: Some(brand.accent.clone()),
        accent_dark: Some(brand.accent_dark.clone()),
    };
    state
        .auth
        .admin_set_brand(&admin, change, password.as_ref(), &meta)
        .await
        .map_err(|e| support::admin_error(e, &values))?;
    leptos_axum::redirect("/admin/branding?done=saved");
    Ok(())
}

/// Removes an app from the clients page.
#[server(prefix = "/fn", endpoint = "admin_remove_client")]
pub async fn admin_remove_client(
    client_id: String,
    current_password: Option<String>,
) -> Result<(), FormError> {
    let support::AdminCall {
        state,
        admin,
        meta,
        password,
        ..
    } = support::admin_call(current_password, "/login?return_to=%2Fadmin%2Fclients").await?;
    state
        .auth
        .admin_remove_client(&admin, &client_id, password.as_ref(), &meta)
        .await
        .map_err(|e| support::admin_error(e, &[]))?;
    leptos_axum::redirect("/admin/clients?done=removed");
    Ok(())
}
