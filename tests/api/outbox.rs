//! The outbox: an SMTP outage never fails a request, and the message goes out once the server
//! is back.
use std::time::Duration;

use crate::support::{Db, Options, Person, TestApp};

db_tests!(registration_succeeds_while_smtp_is_down_and_the_email_follows);

async fn registration_succeeds_while_smtp_is_down_and_the_email_follows(db: Db) {
    let port = crate::support::free_port();
    let mut app = TestApp::spawn_with(
        &db,
        Options {
            smtp_up: false,
            extra: vec![("SMTP_URL", format!("smtp://127.0.0.1:{port}"))],
            ..Options::default()
        },
    )
    .await;
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
    tokio::time::sleep(Duration::from_millis(500)).await;
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
    tokio::time::sleep(Duration::from_millis(1500)).await;
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
