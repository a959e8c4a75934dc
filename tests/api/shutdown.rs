//! SIGTERM drains an instance: `/readyz` answers 503 at once while requests are still served
//! for `LATCH_SHUTDOWN_DELAY`, the outbox worker finishes the message it is sending and records
//! it, and the process exits 0.
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::process::LatchProcess;
use crate::support::{Db, Mailbox, Person, SmsGateway, SmtpSink};
use latch::store::Store;
use serde_json::Value;

db_tests!(sigterm_drains_finishes_the_send_in_hand_and_exits_zero);

async fn sigterm_drains_finishes_the_send_in_hand_and_exits_zero(db: Db) {
    let mailbox = Mailbox::default();
    // The server takes the message at once and answers 3 s later: the send is in flight.
    let smtp = SmtpSink::start_slow(mailbox.clone(), 0, Duration::from_secs(3)).await;
    let sms = SmsGateway::default();
    let sms_url = sms.start().await;
    let mut latch = LatchProcess::start(&[
        ("DATABASE_URL", db.url().to_owned()),
        ("SMTP_URL", format!("smtp://127.0.0.1:{}", smtp.port)),
        ("SMS_PROVIDER", "webhook".into()),
        ("SMS_WEBHOOK_URL", sms_url),
        ("LATCH_SHUTDOWN_DELAY", "2".into()),
    ]);
    let base = latch.base.clone();
    let client = reqwest::Client::new();

    let ada = Person::new();
    let registered = client
        .post(format!("{base}/api/v1/register"))
        .json(&ada.json())
        .send()
        .await
        .expect("sent");
    assert_eq!(registered.status(), 201);
    mailbox.wait_for(&ada.email, 1).await;

    // The message is with the server, its answer 3 s away: now SIGTERM.
    let signalled = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &latch.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    // The signal lands at once, but not within our next instruction: asked until it has.
    let ready = loop {
        let ready = client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .expect("still serving during the delay");
        if ready.status() != 200 || signalled.elapsed() > Duration::from_secs(1) {
            break ready;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(ready.status(), 503, "not ready from the start of the drain");
    let body: Value = ready.json().await.expect("JSON");
    assert_eq!(body["error"]["code"], "unavailable");
    let live = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("still serving during the delay");
    assert_eq!(
        live.status(),
        200,
        "requests are served until the delay ends"
    );

    let deadline = Instant::now() + Duration::from_secs(25);
    let status = loop {
        if let Some(status) = latch.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "latch did not exit within 25 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "a drained instance exits 0: {status}");
    assert!(
        signalled.elapsed() >= Duration::from_secs(2),
        "the listener stayed open for LATCH_SHUTDOWN_DELAY"
    );

    let store = Store::connect(db.url()).await.expect("the database");
    let rows = store.outbox_status(&ada.email).await.expect("outbox");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].state, "sent",
        "the send in flight was finished and recorded before exit"
    );
    let emails = mailbox.to(&ada.email);
    assert_eq!(emails.len(), 1);
    // Its Message-ID is the outbox row's id, so a resend would be recognisable.
    let message_id = emails[0].message_id().expect("a Message-ID");
    let (id, domain) = message_id.split_once('@').expect("id@domain");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{message_id}");
    assert_eq!(domain, "localhost", "MAIL_FROM's domain");
}
