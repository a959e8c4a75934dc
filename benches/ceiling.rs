//! The ceiling for `benches/run.sh`: a bare axum handler answering constant JSON on the same
//! runtime Latch uses, so the session check can be read as a fraction of what this machine's
//! HTTP stack does with no work at all. Prints `listening on http://…` like Latch.
//!
//! `ceiling hash` instead times one argon2id hash with Latch's parameters (the median of 9) and
//! prints the milliseconds: the login bound is cores / that time.

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() {
    if std::env::args().nth(1).as_deref() == Some("hash") {
        println!("{:.2}", latch::auth::passwords::median_hash_millis(9));
        return;
    }
    let app = Router::new().route(
        "/",
        get(|| async {
            axum::Json(serde_json::json!({"session": {"id": "x"}, "user": {"id": "y"}}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("listening on http://{}", listener.local_addr().unwrap());
    axum::serve(listener, app).await.unwrap();
}
