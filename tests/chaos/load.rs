//! The clients: people to register, requests that report what they got, and a tally of what
//! every request in a scenario saw.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A person with valid, unique registration details.
#[derive(Clone, Debug)]
pub struct Person {
    pub email: String,
    pub phone: String,
    pub password: String,
}

impl Person {
    pub fn new() -> Person {
        // Distinct numbers within this process, from a random start so runs differ.
        static NEXT: std::sync::OnceLock<AtomicU32> = std::sync::OnceLock::new();
        let n = NEXT
            .get_or_init(|| AtomicU32::new(rand::random::<u32>() % 10_000))
            .fetch_add(1, Ordering::Relaxed)
            % 10_000;
        let id = uuid::Uuid::new_v4().simple().to_string();
        Person {
            email: format!("chaos.{}@example.com", &id[..12]),
            phone: format!("+1201557{n:04}"),
            password: "analytical engine 1843".into(),
        }
    }

    pub fn json(&self) -> Value {
        json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": self.email,
            "phone": self.phone,
            "password": self.password,
        })
    }
}

/// A client that never waits past 15 s for an answer: a hang counts as a failure.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .expect("an HTTP client")
}

/// What one request got: its status and JSON error code, or why there was no answer, and how
/// long it took.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: Option<u16>,
    pub code: Option<String>,
    pub body: Value,
    pub took: Duration,
    pub error: Option<String>,
}

impl Answer {
    pub fn is(&self, status: u16) -> bool {
        self.status == Some(status)
    }

    /// A 503 in Latch's error shape with the code `unavailable` (from Latch, or from
    /// HAProxy's error file when no instance is ready).
    pub fn is_unavailable(&self) -> bool {
        self.status == Some(503) && self.code.as_deref() == Some("unavailable")
    }

    pub fn describe(&self) -> String {
        match (&self.status, &self.error) {
            (Some(status), _) => format!(
                "{status} {} after {} ms",
                self.code.as_deref().unwrap_or("-"),
                self.took.as_millis()
            ),
            (None, Some(e)) => format!("no answer after {} ms: {e}", self.took.as_millis()),
            (None, None) => "nothing".into(),
        }
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Answer {
    let started = Instant::now();
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            Answer {
                status: Some(status),
                code: body["error"]["code"].as_str().map(str::to_owned),
                body,
                took: started.elapsed(),
                error: None,
            }
        }
        Err(e) => Answer {
            status: None,
            code: None,
            body: Value::Null,
            took: started.elapsed(),
            error: Some(format!("{e:?}")),
        },
    }
}

pub async fn register(client: &reqwest::Client, url: &str, person: &Person) -> Answer {
    send(
        client
            .post(format!("{url}/api/v1/register"))
            .json(&person.json()),
    )
    .await
}

pub async fn login(client: &reqwest::Client, url: &str, person: &Person) -> Answer {
    send(
        client
            .post(format!("{url}/api/v1/login/password"))
            .json(&json!({"identifier": person.email, "password": person.password})),
    )
    .await
}

pub async fn session_check(client: &reqwest::Client, url: &str, token: &str) -> Answer {
    send(client.get(format!("{url}/api/v1/me")).bearer_auth(token)).await
}

/// Every request of a scenario: how many went out, how many got the answer they should have,
/// and what the others got.
#[derive(Default)]
pub struct Tally {
    sent: AtomicU64,
    failed: AtomicU64,
    failures: Mutex<Vec<String>>,
}

impl Tally {
    /// Counts `answer`, a failure unless `ok`.
    pub fn count(&self, what: &str, answer: &Answer, ok: bool) {
        self.sent.fetch_add(1, Ordering::Relaxed);
        if !ok {
            self.failed.fetch_add(1, Ordering::Relaxed);
            self.failures
                .lock()
                .expect("tally lock")
                .push(format!("{what}: {}", answer.describe()));
        }
    }

    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    pub fn failures(&self) -> Vec<String> {
        self.failures.lock().expect("tally lock").clone()
    }
}

/// The answers, counted by kind: `2 × 503 busy, 1 × connection closed`.
pub fn kinds<'a>(answers: impl Iterator<Item = &'a Answer>) -> String {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for answer in answers {
        let kind = match answer.status {
            Some(status) => format!("{status} {}", answer.code.as_deref().unwrap_or("-")),
            None => "connection closed without an answer".to_owned(),
        };
        *counts.entry(kind).or_default() += 1;
    }
    counts
        .iter()
        .map(|(kind, n)| format!("{n} × {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Waits until no message in the outbox is pending: each was sent or given up on.
pub async fn outbox_drained(database_url: &str, limit: Duration) -> Duration {
    let pool = sqlx::PgPool::connect(database_url)
        .await
        .expect("the database answers");
    let took = crate::cluster::eventually(limit, "the outbox drains", async || {
        let pending: i64 =
            sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state = 'pending'")
                .fetch_one(&pool)
                .await
                .expect("count pending");
        pending == 0
    })
    .await;
    pool.close().await;
    took
}

/// Strips terminal colour codes from a log, in case the logger added them.
pub fn plain(log: &str) -> String {
    let mut out = String::with_capacity(log.len());
    let mut chars = log.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
