//! `/api/v1/admin/branding`: the operator's brand (the product's name, its links, footer and
//! accent colours), read and replaced. Admins only, like the rest of `/api/v1/admin`; a change
//! shows on every instance within 5 seconds, without a restart.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::admin::{admin, admin_password};
use crate::auth::branding::{Brand, BrandChange};
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::present::rfc3339;
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

/// The brand as stored. A field left empty shows nothing (a link) or Latch's own (a colour).
#[derive(Serialize, ToSchema)]
pub struct BrandingView {
    pub product_name: String,
    pub support_url: Option<String>,
    pub support_email: Option<String>,
    pub privacy_url: Option<String>,
    pub terms_url: Option<String>,
    pub footer: Option<String>,
    /// `#rrggbb`, for links and buttons in the light scheme.
    pub accent: Option<String>,
    /// `#rrggbb`, in the dark scheme.
    pub accent_dark: Option<String>,
    /// Grows by one with each change.
    pub version: i64,
    /// RFC 3339, UTC; null for the brand of a start that could not store it.
    pub updated_at: Option<String>,
}

impl From<Arc<Brand>> for BrandingView {
    fn from(brand: Arc<Brand>) -> Self {
        BrandingView {
            product_name: brand.name.clone(),
            support_url: brand.support_url.clone(),
            support_email: brand.support_email.clone(),
            privacy_url: brand.privacy_url.clone(),
            terms_url: brand.terms_url.clone(),
            footer: brand.footer.clone(),
            accent: brand.accent.map(|c| c.hex()),
            accent_dark: brand.accent_dark.map(|c| c.hex()),
            version: brand.version,
            updated_at: brand.updated_at.map(rfc3339),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BrandingResponse {
    pub branding: BrandingView,
}

/// The whole brand: a field left out or empty is cleared.
#[derive(Deserialize, ToSchema)]
pub struct BrandingRequest {
    #[schema(required = true, schema_with = super::fields::brand_name)]
    pub product_name: Option<String>,
    #[schema(schema_with = super::fields::brand_link)]
    pub support_url: Option<String>,
    #[schema(schema_with = super::fields::brand_email)]
    pub support_email: Option<String>,
    #[schema(schema_with = super::fields::brand_link)]
    pub privacy_url: Option<String>,
    #[schema(schema_with = super::fields::brand_link)]
    pub terms_url: Option<String>,
    #[schema(schema_with = super::fields::brand_footer)]
    pub footer: Option<String>,
    #[schema(schema_with = super::fields::brand_colour)]
    pub accent: Option<String>,
    #[schema(schema_with = super::fields::brand_colour)]
    pub accent_dark: Option<String>,
    #[schema(schema_with = super::fields::admin_password)]
    pub current_password: Option<String>,
}

/// The brand every page, email and SMS shows.
#[utoipa::path(get, path = "/api/v1/admin/branding", tag = "admin",
    responses(
        (status = 200, description = "The brand", body = BrandingResponse),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not an admin", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn get_branding(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<BrandingResponse>, ApiError> {
    admin(&signed_in)?;
    Ok(Json(BrandingResponse {
        branding: state.auth.brand().await.into(),
    }))
}

/// Replace the brand. This instance shows it at once, every other within 5 seconds.
#[utoipa::path(put, path = "/api/v1/admin/branding", tag = "admin", request_body = BrandingRequest,
    responses(
        (status = 200, description = "Stored", body = BrandingResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`: each field Latch cannot show, named (a colour below 4.5:1 contrast among them)", body = ErrorBody),
        (status = 429, description = "`rate_limited` (wrong current passwords), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn put_branding(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<BrandingRequest>,
) -> Result<Json<BrandingResponse>, ApiError> {
    let admin = admin(&signed_in)?;
    let password = admin_password(body.current_password.as_deref())?;
    let change = BrandChange {
        product_name: body.product_name,
        support_url: body.support_url,
        support_email: body.support_email,
        privacy_url: body.privacy_url,
        terms_url: body.terms_url,
        footer: body.footer,
        accent: body.accent,
        accent_dark: body.accent_dark,
    };
    let brand = state
        .auth
        .admin_set_brand(&admin, change, password.as_ref(), &meta)
        .await?;
    Ok(Json(BrandingResponse {
        branding: brand.into(),
    }))
}
