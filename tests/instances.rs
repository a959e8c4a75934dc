//! Several Latch instances sharing one database behave as one service: a session or a code
//! from one works on the other, rate limits count over all of them, and each message goes out
//! exactly once. (Two applications, each with its own pool and outbox worker, in one test.)
#![cfg(feature = "ssr")]

mod support;

use std::time::Duration;

use serde_json::Value;
use support::{Db, Options, Person, TestApp};

db_tests!(two_instances_behave_as_one);

async fn two_instances_behave_as_one(db: Db) {
    let a = TestApp::spawn(&db).await;
    let smtp_port = a.smtp.as_ref().expect("a runs the SMTP sink").port;
    let b = TestApp::spawn_with(
        &db,
        Options {
            smtp_up: false,
            extra: vec![
                ("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}")),
                ("SMS_WEBHOOK_URL", a.sms_url.clone()),
            ],
        },
    )
    .await;

    // A code requested on one instance verifies on the other.
    let ada = Person::new();
    let code = a.register_and_read_code(&ada).await;
    assert_eq!(b.verify(&ada.email, &code).await.status(), 200);
    assert_eq!(b.request_otp(&ada.phone).await.status(), 202);
    let sms = a.sms.last_code_for(&ada.phone).await;
    let login = a.verify_otp(&ada.phone, &sms).await;
    assert_eq!(login.status(), 200);
    let token = login.json::<Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();

    // A session made on one works on the other, and a logout on the other ends it for both.
    assert_eq!(
        b.get_with_token("/api/v1/session", &token).await.status(),
        200
    );
    let out = b
        .client
        .delete(b.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(
        a.get_with_token("/api/v1/session", &token).await.status(),
        401
    );

    // A limit counts over the pair: 20 code requests per IP per hour, not 40.
    for i in 0..19 {
        let app = if i % 2 == 0 { &a } else { &b };
        assert_eq!(
            app.request_otp(&format!("+120155580{i:02}")).await.status(),
            202,
            "request {i}"
        );
    }
    assert_eq!(a.request_otp("+12015558098").await.status(), 429);
    assert_eq!(b.request_otp("+12015558099").await.status(), 429);

    // Each message is delivered once, though both workers look at the same outbox.
    let people: Vec<Person> = (0..8).map(|_| Person::new()).collect();
    for (i, person) in people.iter().enumerate() {
        let app = if i % 2 == 0 { &a } else { &b };
        assert_eq!(app.register(person).await.status(), 201);
    }
    for person in &people {
        a.mailbox.wait_for(&person.email, 1).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for person in &people {
        assert_eq!(
            a.mailbox.to(&person.email).len(),
            1,
            "{} got exactly one email",
            person.email
        );
        let rows = a.store.outbox_status(&person.email).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].state, "sent");
        assert_eq!(rows[0].attempts, 1, "claimed by one worker, once");
    }
}
