//! The outbox: an SMTP outage never fails a request, and the messages go out once the server
//! is back, in the order they were written.
use std::time::Duration;

use crate::support::{Db, Options, Person, TestApp};

db_tests!(
    registration_succeeds_while_smtp_is_down_and_the_email_follows,
    after_an_outage_an_address_gets_its_messages_in_the_order_they_were_written,
);

async fn registration_succeeds_while_smtp_is_down_and_the_email_follows(db: Db) {
    let (mut app, port) = smtp_down(&db).await;
    let ada = Person::new();
    let response = app.register(&ada).await;
    assert_eq!(response.status(), 201, "the request does not wait for SMTP");

    // The worker tries, fails, and keeps the message for later.
    let mut tried = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let rows = app.store.outbox_status(&ada.email).await.unwrap();
        assert_eq!(rows.len(), 1);
        if rows[0].state == "pending" && rows[0].last_error.is_some() {
            tried = true;
            break;
        }
    }
    assert!(tried, "the message waits in the outbox");
    // Two more rounds of the worker: it saw the message and, its back-off not over, left it.
    app.outbox_rounds(2).await;
    let row = &app.store.outbox_status(&ada.email).await.unwrap()[0];
    assert_eq!(row.state, "pending");
    assert!(
        !row.body.is_empty(),
        "an undelivered message keeps its body"
    );

    // The server comes back; the next retry (moved forward in time) delivers it, once.
    app.start_smtp_on(port).await;
    app.advance(Duration::from_secs(120));
    let emails = app.mailbox.wait_for(&ada.email, 1).await;
    let code = emails[0].code().expect("the code arrived");
    assert_eq!(app.verify(&ada.email, &code).await.status(), 200);
    app.outbox_drained().await;
    assert_eq!(
        app.mailbox.to(&ada.email).len(),
        1,
        "delivered exactly once"
    );
    let row = &app.store.outbox_status(&ada.email).await.unwrap()[0];
    assert_eq!(row.state, "sent");
    assert!(row.attempts >= 2, "delivered on a retry");
    assert!(row.body.is_empty(), "the delivered body is erased");
}

/// After failed tries the older message waits longer (its back-off has grown) than one written
/// later: without the ordering in the claim, the later one would arrive first.
async fn after_an_outage_an_address_gets_its_messages_in_the_order_they_were_written(db: Db) {
    let (mut app, port) = smtp_down(&db).await;
    let ada = Person::new();
    assert_eq!(app.register(&ada).await.status(), 201);
    // Five failed tries, each once its back-off (1, 2, 4, 8 s) has passed.
    for tries in 1..=4 {
        wait_for_attempts(&app, &ada.email, 0, tries).await;
        app.advance(Duration::from_secs(1 << (tries - 1)));
    }
    wait_for_attempts(&app, &ada.email, 0, 5).await;

    // The server is back; a reset link is written now, due at once. The verification code's
    // next try is 16 s away: the link waits for it rather than overtaking it.
    app.start_smtp_on(port).await;
    assert_eq!(app.forgot_password(&ada.email).await.status(), 202);
    // Two rounds of the worker since the link was written: it was due, and still waited.
    app.outbox_rounds(2).await;
    assert!(
        app.mailbox.to(&ada.email).is_empty(),
        "the reset link waits for the verification code written before it"
    );
    let rows = app.store.outbox_status(&ada.email).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].attempts, 0, "not even tried");

    app.advance(Duration::from_secs(30));
    let emails = app.mailbox.wait_for(&ada.email, 2).await;
    assert!(
        emails[0].code().is_some(),
        "the verification code comes first"
    );
    assert!(
        emails[1].text().contains("reset-password?token="),
        "then the reset link: {}",
        emails[1].text()
    );
}

/// Waits until the `index`th message to `address` has been tried `attempts` times and failed.
/// Up to 30 s: with 300 other tests on two cores a connection refused can take seconds to be
/// tried and recorded (5 s was once too short in CI).
async fn wait_for_attempts(app: &TestApp, address: &str, index: usize, attempts: i32) {
    for _ in 0..600 {
        let rows = app.store.outbox_status(address).await.unwrap();
        if let Some(row) = rows.get(index)
            && row.attempts >= attempts
            && row.last_error.is_some()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("message {index} to {address} was not tried {attempts} times");
}

/// An app whose SMTP server is down: nothing listens on the port returned, until the test
/// starts the sink there.
async fn smtp_down(db: &Db) -> (TestApp, u16) {
    let port = crate::support::free_port();
    let app = TestApp::spawn_with(
        db,
        Options {
            smtp_up: false,
            extra: vec![("SMTP_URL", format!("smtp://127.0.0.1:{port}"))],
            ..Options::default()
        },
    )
    .await;
    (app, port)
}
