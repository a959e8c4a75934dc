//! SMS through the outbox against a local stand-in for Twilio's Messages API: a refusal (400
//! with Twilio's error JSON) kills the message, a 500 or a timeout is retried until it goes
//! through, and the login request itself never fails.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::{Db, Options, Person, TestApp};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

/// How the fake Twilio answers the n-th request (0-based).
#[derive(Clone, Copy)]
enum Behaviour {
    Refuse,
    FailOnceThenAccept,
    HangOnceThenAccept,
}

#[derive(Clone)]
struct FakeTwilio {
    behaviour: Behaviour,
    calls: Arc<AtomicUsize>,
    accepted: Arc<std::sync::Mutex<Vec<String>>>,
}

async fn messages(State(fake): State<FakeTwilio>, headers: HeaderMap, body: String) -> Response {
    let n = fake.calls.fetch_add(1, Ordering::SeqCst);
    assert!(
        headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Basic ")
    );
    let accept = |fake: &FakeTwilio| {
        fake.accepted.lock().unwrap().push(body.clone());
        (
            StatusCode::CREATED,
            Json(json!({"sid": "SM123", "status": "queued"})),
        )
            .into_response()
    };
    match (fake.behaviour, n) {
        (Behaviour::Refuse, _) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400})),
        )
            .into_response(),
        (Behaviour::FailOnceThenAccept, 0) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        (Behaviour::HangOnceThenAccept, 0) => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            accept(&fake)
        }
        _ => accept(&fake),
    }
}

async fn spawn_with_twilio(db: &Db, behaviour: Behaviour) -> (TestApp, FakeTwilio) {
    let fake = FakeTwilio {
        behaviour,
        calls: Arc::default(),
        accepted: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/2010-04-01/Accounts/ACtest/Messages.json", post(messages))
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let app = TestApp::spawn_with(
        db,
        Options {
            extra: vec![
                ("SMS_PROVIDER", "twilio".into()),
                ("TWILIO_ACCOUNT_SID", "ACtest".into()),
                ("TWILIO_AUTH_TOKEN", "secret-token".into()),
                ("TWILIO_FROM", "+15005550006".into()),
                ("TWILIO_API_BASE", base),
            ],
            ..Options::default()
        },
    )
    .await;
    (app, fake)
}

async fn wait_for_state(
    app: &TestApp,
    phone: &str,
    state: &str,
    seconds: u64,
) -> latch::store::OutboxStatus {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        let rows = app.store.outbox_status(phone).await.unwrap();
        if let Some(row) = rows.iter().find(|r| r.state == state) {
            return row.clone();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no {state} message to {phone}: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

db_tests!(
    a_refused_sms_is_marked_dead,
    a_failed_sms_is_retried_until_sent,
    a_timed_out_sms_is_retried_until_sent,
);

async fn a_refused_sms_is_marked_dead(db: Db) {
    let (app, fake) = spawn_with_twilio(&db, Behaviour::Refuse).await;
    let ada = Person::new();
    app.verified(&ada).await;
    assert_eq!(app.request_otp(&ada.phone).await.status(), 202);
    let row = wait_for_state(&app, &ada.phone, "dead", 10).await;
    assert!(
        row.last_error.unwrap().contains("21211"),
        "Twilio's reason is kept"
    );
    assert!(row.body.is_empty(), "a dead message keeps no code");
    app.outbox_drained().await;
    assert_eq!(
        fake.calls.load(Ordering::SeqCst),
        1,
        "a permanent refusal is not retried"
    );
}

async fn a_failed_sms_is_retried_until_sent(db: Db) {
    let (app, fake) = spawn_with_twilio(&db, Behaviour::FailOnceThenAccept).await;
    let ada = Person::new();
    app.verified(&ada).await;
    assert_eq!(app.request_otp(&ada.phone).await.status(), 202);
    let row = wait_for_state(&app, &ada.phone, "sent", 15).await;
    assert_eq!(row.attempts, 2);
    let accepted = fake.accepted.lock().unwrap().clone();
    assert_eq!(accepted.len(), 1, "delivered once");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(accepted[0].as_bytes())
        .into_owned()
        .collect();
    assert!(form.contains(&("To".into(), ada.phone.clone())));
    assert!(form.contains(&("From".into(), "+15005550006".into())));
    let body = &form.iter().find(|(k, _)| k == "Body").unwrap().1;
    let code = body.split("code is ").nth(1).unwrap()[..6].to_owned();
    assert_eq!(
        app.verify_otp(&ada.phone, &code).await.status(),
        200,
        "the retried code works"
    );
}

async fn a_timed_out_sms_is_retried_until_sent(db: Db) {
    let (app, fake) = spawn_with_twilio(&db, Behaviour::HangOnceThenAccept).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let started = std::time::Instant::now();
    assert_eq!(app.request_otp(&ada.phone).await.status(), 202);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the request does not wait for the provider"
    );
    let row = wait_for_state(&app, &ada.phone, "sent", 30).await;
    assert!(row.attempts >= 2);
    assert_eq!(fake.accepted.lock().unwrap().len(), 1);
}
