//! `GET /healthz` (the process runs) and `GET /readyz` (it is not shutting down, its database
//! answers and its outbox worker runs).

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::{ApiError, ErrorBody, ErrorDetail};
use crate::state::AppState;

/// How long the outbox worker may be down (panicked, restarting) before this instance stops
/// reporting ready: restarts take seconds, so a minute means it keeps failing, and messages
/// written here would wait.
pub const WORKER_DOWN_LIMIT: Duration = Duration::from_secs(60);

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// Liveness: answers while the process serves requests.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Serving", body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness: 200 when the database answers and the outbox worker runs, else 503; 503 from the
/// moment a shutdown begins, so a load balancer stops sending requests before the listener
/// closes.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The instance is shutting down, the database does not answer, or the outbox worker has been down for over a minute", body = ErrorBody),
    ))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    if state.shutdown.is_draining() {
        return not_ready("this instance is shutting down");
    }
    if let Err(e) = state.auth.store().ping().await {
        tracing::warn!(error = %e, "readiness check failed");
        return ApiError::Unavailable.into_response();
    }
    if let Some(down) = state.outbox.down_for()
        && down > WORKER_DOWN_LIMIT
    {
        tracing::warn!(
            down_s = down.as_secs(),
            "readiness check failed: the outbox worker is down"
        );
        return not_ready("the outbox worker is down");
    }
    Json(Health { status: "ready" }).into_response()
}

/// The API's error shape, with a message that names the cause when it is not the database
/// (`ApiError::Unavailable` says the database does not answer).
fn not_ready(why: &str) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: "unavailable".to_owned(),
            message: why.to_owned(),
            fields: None,
        },
    };
    (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
}
