//! `/branding/brand.<hash>.css`: the brand's accent colours, served by Latch itself so the
//! pages' Content-Security-Policy (`style-src 'self'`) gains no origin and no inline style.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The current stylesheet under its current name, kept by browsers for a year (a change of
/// colours changes the name); any other name is 404.
pub async fn stylesheet(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let brand = state.auth.brand().await;
    match brand.stylesheet() {
        Some(sheet) if sheet.file == file => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/css; charset=utf-8"),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            sheet.css.clone(),
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
