//! Background work cannot die quietly: a panicking outbox worker is restarted and delivers
//! what comes next, `/readyz` fails while it stays down, and a slow SMTP server cannot make
//! two instances send one message twice.
use std::sync::Arc;
use std::time::Duration;

use crate::support::{Db, Mailbox, Person, SmsGateway, SmtpSink};
use latch::auth::clock::OffsetClock;
use latch::config::Config;
use latch::notify::outbox::OutboxFaults;
use latch::startup::Application;
use latch::state::TaskHealth;
use latch::store::Store;
use serde_json::Value;

/// One Latch instance in this process, with the handles `TestApp` does not expose: the
/// worker's health and its fault hook.
struct Node {
    base: String,
    clock: Arc<OffsetClock>,
    health: TaskHealth,
    faults: OutboxFaults,
    server: tokio::task::JoinHandle<()>,
    _sms: SmsGateway,
}

impl Drop for Node {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn start(db: &Db, smtp_port: u16) -> Node {
    let sms = SmsGateway::default();
    let sms_url = sms.start().await;
    let listener = crate::support::listen().await;
    let port = listener.local_addr().expect("a bound listener").port();
    let vars: Vec<(&str, String)> = vec![
        ("LATCH_ADDR", format!("127.0.0.1:{port}")),
        ("PUBLIC_URL", format!("http://127.0.0.1:{port}")),
        ("SMS_PROVIDER", "webhook".into()),
        ("SMS_WEBHOOK_URL", sms_url),
        ("DATABASE_URL", db.url().to_owned()),
        ("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}")),
        ("MAIL_FROM", "Latch Test <no-reply@latch.test>".into()),
    ];
    let config = Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })
    .expect("test configuration is valid");
    let clock = Arc::new(OffsetClock::default());
    let app = Application::build_with_clock(config, listener, clock.clone())
        .await
        .expect("the application starts");
    let base = format!("http://{}", app.local_addr());
    let health = app.outbox_health();
    let faults = app.outbox_faults();
    let server = tokio::spawn(async move {
        let _ = app.run_until(std::future::pending()).await;
    });
    Node {
        base,
        clock,
        health,
        faults,
        server,
        _sms: sms,
    }
}

impl Node {
    async fn register(&self, person: &Person) {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/register", self.base))
            .json(&person.json())
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status(), 201);
    }

    async fn readyz(&self) -> (u16, Value) {
        let response = reqwest::get(format!("{}/readyz", self.base))
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON"))
    }
}

/// Polls `check` every 100 ms until it holds, failing after `limit`.
async fn eventually(limit: Duration, what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + limit;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: not within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

db_tests!(
    a_panicking_worker_is_restarted_and_delivers_what_comes_next,
    readiness_fails_while_the_worker_has_been_down_over_a_minute,
    two_instances_and_a_slow_smtp_server_send_each_message_once,
);

async fn a_panicking_worker_is_restarted_and_delivers_what_comes_next(db: Db) {
    let mailbox = Mailbox::default();
    let smtp = SmtpSink::start(mailbox.clone(), 0).await;
    let node = start(&db, smtp.port).await;

    node.faults.panic_rounds(1);
    let health = node.health.clone();
    eventually(Duration::from_secs(10), "the worker restarts", async || {
        health.restarts() >= 1
    })
    .await;

    // Queued after the panic: only a restarted worker can deliver it.
    let ada = Person::new();
    node.register(&ada).await;
    let emails = tokio::time::timeout(Duration::from_secs(15), mailbox.wait_for(&ada.email, 1))
        .await
        .expect("the restarted worker delivers");
    assert!(emails[0].code().is_some());
    assert_eq!(node.health.restarts(), 1, "one panic, one restart");
    eventually(
        Duration::from_secs(5),
        "the worker runs again",
        async || health.down_for().is_none(),
    )
    .await;
}

async fn readiness_fails_while_the_worker_has_been_down_over_a_minute(db: Db) {
    let mailbox = Mailbox::default();
    let smtp = SmtpSink::start(mailbox.clone(), 0).await;
    let node = start(&db, smtp.port).await;
    assert_eq!(node.readyz().await.0, 200);

    // Every round panics: the worker stays down through its restarts.
    node.faults.panic_rounds(u32::MAX);
    let health = node.health.clone();
    eventually(Duration::from_secs(10), "the worker panics", async || {
        health.down_for().is_some()
    })
    .await;
    assert_eq!(node.readyz().await.0, 200, "a short outage is tolerated");

    node.clock.advance(Duration::from_secs(61));
    let (status, body) = node.readyz().await;
    assert_eq!(status, 503);
    assert_eq!(body["error"]["code"], "unavailable");
    assert!(health.restarts() >= 1);

    // The fault clears; the next restart runs a round and the instance is ready again.
    node.faults.panic_rounds(0);
    eventually(Duration::from_secs(40), "ready again", async || {
        node.readyz().await.0 == 200
    })
    .await;
}

/// An SMTP server that takes 20 s per message, and two instances on one database: with a 60 s
/// lease claimed in batches, the third message of a batch would still be sending when its
/// lease ran out and the other instance took it too.
async fn two_instances_and_a_slow_smtp_server_send_each_message_once(db: Db) {
    const MESSAGES: usize = 6;
    let mailbox = Mailbox::default();
    let smtp = SmtpSink::start_slow(mailbox.clone(), 0, Duration::from_secs(20)).await;
    let a = start(&db, smtp.port).await;
    let b = start(&db, smtp.port).await;
    let store = Store::connect(db.url()).await.expect("the database");

    let people: Vec<Person> = (0..MESSAGES).map(|_| Person::new()).collect();
    for (i, person) in people.iter().enumerate() {
        let node = if i % 2 == 0 { &a } else { &b };
        node.register(person).await;
    }
    // Two senders at 20 s each: three waves, about 60 s until the last is recorded as sent.
    eventually(Duration::from_secs(90), "every message sent", async || {
        let mut sent = 0;
        for person in &people {
            let arrived = mailbox.to(&person.email).len();
            assert!(arrived <= 1, "{} got {arrived} emails", person.email);
            let rows = store.outbox_status(&person.email).await.expect("status");
            sent += rows.iter().filter(|r| r.state == "sent").count();
        }
        sent == MESSAGES
    })
    .await;
    for person in &people {
        assert_eq!(
            mailbox.to(&person.email).len(),
            1,
            "{} got exactly one email",
            person.email
        );
        let rows = store.outbox_status(&person.email).await.expect("status");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].attempts, 1, "claimed by one worker, once");
    }
    assert_eq!(mailbox.all().len(), MESSAGES);
    store.close().await;
}
