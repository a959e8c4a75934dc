//! The SMS senders against local HTTP servers that behave like the providers: a JSON webhook,
//! and Twilio's Messages API (form-encoded, basic auth, 201 JSON, its error replies).
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use latch::config::SmsConfig;
use latch::notify::{DeliveryError, SmsSender};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::support::free_port;

/// The outbox row's id, which a provider gets as the message's idempotency key.
const ID: uuid::Uuid = uuid::Uuid::from_u128(0x5ca1ab1e_0000_4000_8000_000000000001);

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<(HeaderMap, String)>>>);

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

fn webhook(url: &str) -> SmsSender {
    SmsSender::new(&SmsConfig::Webhook {
        url: url.parse().unwrap(),
    })
    .unwrap()
}

fn twilio(base: &str) -> SmsSender {
    SmsSender::new(&SmsConfig::Twilio {
        account_sid: "AC123".into(),
        auth_token: SecretString::from("token-xyz"),
        from: "+15005550006".into(),
        api_base: base.parse().unwrap(),
    })
    .unwrap()
}

#[tokio::test]
async fn the_webhook_gets_id_to_and_body_as_json() {
    let seen = Seen::default();
    let base = serve(
        Router::new()
            .route(
                "/sms",
                post(
                    |State(seen): State<Seen>, headers: HeaderMap, body: String| async move {
                        seen.0.lock().unwrap().push((headers, body));
                        StatusCode::NO_CONTENT
                    },
                ),
            )
            .with_state(seen.clone()),
    )
    .await;
    webhook(&format!("{base}/sms"))
        .send(ID, "+12015550123", "Your code is 123456")
        .await
        .expect("any 2xx is success");
    let seen = seen.0.lock().unwrap();
    let (headers, body) = &seen[0];
    assert_eq!(headers["content-type"], "application/json");
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        json!({"id": ID, "to": "+12015550123", "body": "Your code is 123456"})
    );
}

#[tokio::test]
async fn webhook_failures_are_classified() {
    let base = serve(
        Router::new()
            .route("/down", post(|| async { StatusCode::BAD_GATEWAY }))
            .route("/busy", post(|| async { StatusCode::TOO_MANY_REQUESTS }))
            .route(
                "/refused",
                post(|| async { StatusCode::UNPROCESSABLE_ENTITY }),
            ),
    )
    .await;
    let send = |path: &str| {
        let sender = webhook(&format!("{base}{path}"));
        async move { sender.send(ID, "+12015550123", "hi").await }
    };
    assert!(matches!(
        send("/down").await,
        Err(DeliveryError::Transient(_))
    ));
    assert!(matches!(
        send("/busy").await,
        Err(DeliveryError::Transient(_))
    ));
    assert!(matches!(
        send("/refused").await,
        Err(DeliveryError::Permanent(_))
    ));
    // Nothing listening: retry later.
    let closed = format!("http://127.0.0.1:{}/sms", free_port());
    assert!(matches!(
        webhook(&closed).send(ID, "+1", "x").await,
        Err(DeliveryError::Transient(_))
    ));
}

#[tokio::test]
async fn twilio_gets_a_form_with_basic_auth() {
    let seen = Seen::default();
    let base = serve(
        Router::new()
            .route(
                "/2010-04-01/Accounts/AC123/Messages.json",
                post(
                    |State(seen): State<Seen>, headers: HeaderMap, body: String| async move {
                        seen.0.lock().unwrap().push((headers, body));
                        (
                            StatusCode::CREATED,
                            Json(json!({"sid": "SM1", "status": "queued"})),
                        )
                    },
                ),
            )
            .with_state(seen.clone()),
    )
    .await;
    twilio(&base)
        .send(ID, "+12015550123", "Your code is 123456")
        .await
        .expect("201 is success");
    let seen = seen.0.lock().unwrap();
    let (headers, body) = &seen[0];
    assert_eq!(headers["content-type"], "application/x-www-form-urlencoded");
    // base64("AC123:token-xyz")
    assert_eq!(headers["authorization"], "Basic QUMxMjM6dG9rZW4teHl6");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        form,
        [
            ("To".to_owned(), "+12015550123".to_owned()),
            ("From".to_owned(), "+15005550006".to_owned()),
            ("Body".to_owned(), "Your code is 123456".to_owned()),
        ]
    );
}

#[tokio::test]
async fn twilio_errors_are_retried_or_refused_as_they_deserve() {
    let path = "/2010-04-01/Accounts/AC123/Messages.json";
    let refused = serve(Router::new().route(
        path,
        post(|| async {
            (
                StatusCode::BAD_REQUEST,
                Json(json!({"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400})),
            )
        }),
    ))
    .await;
    match twilio(&refused).send(ID, "+12015550123", "hi").await {
        Err(DeliveryError::Permanent(why)) => assert!(why.contains("21211"), "{why}"),
        other => panic!("a 400 is permanent, got {other:?}"),
    }

    let broken =
        serve(Router::new().route(path, post(|| async { StatusCode::INTERNAL_SERVER_ERROR })))
            .await;
    assert!(matches!(
        twilio(&broken).send(ID, "+12015550123", "hi").await,
        Err(DeliveryError::Transient(_))
    ));

    // A provider that accepts the connection and never answers: a timeout, retried later.
    let silent = serve(Router::new().route(
        path,
        post(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            StatusCode::CREATED
        }),
    ))
    .await;
    match twilio(&silent).send(ID, "+12015550123", "hi").await {
        Err(DeliveryError::Transient(why)) => assert!(why.contains("timed out"), "{why}"),
        other => panic!("a timeout is transient, got {other:?}"),
    }
}
