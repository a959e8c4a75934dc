//! A local SMS gateway that Latch's `webhook` sender posts to; keeps each message.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use tokio::sync::Notify;

#[derive(Clone, Debug, Deserialize)]
pub struct Sms {
    /// Latch's id for the message, the same when it is sent again.
    pub id: String,
    pub to: String,
    pub body: String,
}

impl Sms {
    pub fn code(&self) -> Option<String> {
        let start = self.body.find("code is ")? + "code is ".len();
        let digits: String = self.body[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        (digits.len() == 6).then_some(digits)
    }
}

#[derive(Clone, Default)]
pub struct SmsGateway {
    messages: Arc<Mutex<Vec<Sms>>>,
    arrived: Arc<Notify>,
    /// While set, every message is refused with 500 (and not kept), like a provider's outage.
    failing: Arc<AtomicBool>,
    refused: Arc<AtomicUsize>,
}

impl SmsGateway {
    /// Starts the gateway; returns the webhook URL to configure.
    pub async fn start(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = Router::new()
            .route(
                "/sms",
                post(
                    |State(gateway): State<SmsGateway>, Json(sms): Json<Sms>| async move {
                        if gateway.failing.load(Ordering::SeqCst) {
                            gateway.refused.fetch_add(1, Ordering::SeqCst);
                            return StatusCode::INTERNAL_SERVER_ERROR;
                        }
                        gateway.messages.lock().expect("lock").push(sms);
                        gateway.arrived.notify_waiters();
                        StatusCode::OK
                    },
                ),
            )
            .with_state(self.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        format!("http://{addr}/sms")
    }

    /// Answers 500 to every message from now on (`true`), or accepts them again (`false`).
    #[allow(dead_code)] // by the chaos tests, which include this file
    pub fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// How many messages were refused with 500.
    #[allow(dead_code)] // by the chaos tests
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::SeqCst)
    }

    #[allow(dead_code)] // by the chaos tests
    pub fn all(&self) -> Vec<Sms> {
        self.messages.lock().expect("lock").clone()
    }

    pub fn to(&self, number: &str) -> Vec<Sms> {
        self.messages
            .lock()
            .expect("lock")
            .iter()
            .filter(|m| m.to == number)
            .cloned()
            .collect()
    }

    pub async fn wait_for(&self, number: &str, count: usize) -> Vec<Sms> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let notified = self.arrived.notified();
            let got = self.to(number);
            if got.len() >= count {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "expected {count} SMS to {number} within 30 s, got {}",
                    self.to(number).len()
                );
            }
        }
    }

    pub async fn last_code_for(&self, number: &str) -> String {
        let messages = self.wait_for(number, 1).await;
        messages
            .last()
            .and_then(Sms::code)
            .expect("a 6-digit code in the SMS")
    }
}
