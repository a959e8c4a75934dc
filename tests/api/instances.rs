//! Two Latch processes on one database behave as one service: a session or a code from one
//! works on the other, rate limits count over both, and each message goes out exactly once.

use crate::support::process::LatchProcess;
use crate::support::{Db, Mailbox, Person, SmsGateway, SmtpSink, outbox_drained};
use latch::store::Store;
use serde_json::{Value, json};

fn start(db: &Db, smtp_port: u16, sms_url: &str) -> LatchProcess {
    LatchProcess::start(&[
        ("DATABASE_URL", db.url().to_owned()),
        ("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}")),
        ("SMS_PROVIDER", "webhook".into()),
        ("SMS_WEBHOOK_URL", sms_url.to_owned()),
    ])
}

async fn post(base: &str, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .expect("request sent")
}

db_tests!(two_processes_behave_as_one);

async fn two_processes_behave_as_one(db: Db) {
    let mailbox = Mailbox::default();
    let smtp = SmtpSink::start(mailbox.clone(), 0).await;
    let sms = SmsGateway::default();
    let sms_url = sms.start().await;
    let a = start(&db, smtp.port, &sms_url);
    let b = start(&db, smtp.port, &sms_url);
    let store = Store::connect(db.url()).await.expect("the database");

    // A code requested on one instance verifies on the other.
    let ada = Person::new();
    assert_eq!(
        post(&a.base, "/api/v1/register", ada.json()).await.status(),
        201
    );
    let code = mailbox.last_code_for(&ada.email).await;
    let verified = post(
        &b.base,
        "/api/v1/email/verify",
        json!({"email": ada.email, "code": code}),
    )
    .await;
    assert_eq!(verified.status(), 200);
    assert_eq!(
        post(&b.base, "/api/v1/login/otp", json!({"phone": ada.phone}))
            .await
            .status(),
        202
    );
    let sms_code = sms.last_code_for(&ada.phone).await;
    let texts = sms.to(&ada.phone);
    assert!(
        uuid::Uuid::parse_str(&texts[0].id).is_ok(),
        "the webhook names each message: {}",
        texts[0].id
    );
    let login = post(
        &a.base,
        "/api/v1/login/otp/verify",
        json!({"phone": ada.phone, "code": sms_code}),
    )
    .await;
    assert_eq!(login.status(), 200);
    let token = login.json::<Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();

    // A session made on one works on the other; a logout on the other ends it for both.
    let client = reqwest::Client::new();
    let on_b = client
        .get(format!("{}/api/v1/session", b.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(on_b.status(), 200);
    let out = client
        .delete(format!("{}/api/v1/session", b.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let on_a = client
        .get(format!("{}/api/v1/session", a.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(on_a.status(), 401);

    // A limit counts over the pair: 20 code requests per IP per hour, not 40.
    for i in 0..19 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let response = post(
            base,
            "/api/v1/login/otp",
            json!({"phone": format!("+120155580{i:02}")}),
        )
        .await;
        assert_eq!(response.status(), 202, "request {i}");
    }
    assert_eq!(
        post(
            &a.base,
            "/api/v1/login/otp",
            json!({"phone": "+12015558098"})
        )
        .await
        .status(),
        429
    );
    assert_eq!(
        post(
            &b.base,
            "/api/v1/login/otp",
            json!({"phone": "+12015558099"})
        )
        .await
        .status(),
        429
    );

    // Each message is delivered once, though both workers watch the same outbox.
    let people: Vec<Person> = (0..8).map(|_| Person::new()).collect();
    for (i, person) in people.iter().enumerate() {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        assert_eq!(
            post(base, "/api/v1/register", person.json()).await.status(),
            201
        );
    }
    for person in &people {
        mailbox.wait_for(&person.email, 1).await;
    }
    outbox_drained(&store).await;
    for person in &people {
        assert_eq!(
            mailbox.to(&person.email).len(),
            1,
            "{} got exactly one email",
            person.email
        );
        let rows = store.outbox_status(&person.email).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].state, "sent");
        assert_eq!(rows[0].attempts, 1, "claimed by one worker, once");
    }
    store.close().await;
    drop((a, b));
}
