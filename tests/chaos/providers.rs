//! The mail server down and the SMS gateway failing for a minute: every queued message is
//! delivered once when they are back, in the order written for each address, and the
//! back-off between tries is in the logs.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::cluster::{Deployment, Providers, eventually};
use crate::load::{self, Person};
use crate::sms::SmsGateway;
use crate::smtp::{Mailbox, SmtpSink};

const OUTAGE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn smtp_down_and_sms_failing_for_a_minute_then_each_message_once_in_order() {
    let mailbox = Mailbox::default();
    let smtp_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("an address").port()
    };
    let sms = SmsGateway::default();
    let providers = Providers {
        smtp_port,
        sms_url: sms.start().await,
    };
    let deployment = Deployment::up(false, &providers).await;
    let url = deployment.url("");
    let client = load::client();

    // The outage begins: nothing listens for SMTP, the gateway answers 500.
    sms.fail(true);
    let outage = Instant::now();
    let people: Vec<Person> = (0..10).map(|_| Person::new()).collect();
    for person in &people {
        let answer = load::register(&client, &url, person).await;
        assert!(answer.is(201), "registration: {}", answer.describe());
    }
    // Every welcome email has been tried and has failed at least once, so the second message
    // to each address is queued behind a retrying one.
    let pool = sqlx::PgPool::connect(&deployment.database_url())
        .await
        .expect("the database answers");
    eventually(
        Duration::from_secs(30),
        "each first message tried",
        async || {
            let untried: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM outbox WHERE state = 'pending' AND attempts = 0",
            )
            .fetch_one(&pool)
            .await
            .expect("count untried");
            untried == 0
        },
    )
    .await;
    pool.close().await;
    // A second message to each address, and a login code to each number.
    for person in &people {
        let answer = load::send(
            client
                .post(format!("{url}/api/v1/password/forgot"))
                .json(&json!({"email": person.email})),
        )
        .await;
        assert!(answer.is(202), "reset link: {}", answer.describe());
        let answer = load::send(
            client
                .post(format!("{url}/api/v1/login/otp"))
                .json(&json!({"phone": person.phone})),
        )
        .await;
        assert!(answer.is(202), "login code: {}", answer.describe());
    }
    // The outage lasts its minute whatever happens meanwhile: that is the fault injected.
    tokio::time::sleep(OUTAGE.saturating_sub(outage.elapsed())).await;
    assert!(
        mailbox.all().is_empty() && sms.all().is_empty(),
        "nothing got through"
    );

    // Back.
    let _smtp = SmtpSink::start(mailbox.clone(), smtp_port).await;
    sms.fail(false);
    // The stand-ins record a message before they accept it: drained means delivered.
    let drained = load::outbox_drained(&deployment.database_url(), Duration::from_secs(120)).await;

    let (mut emails, mut texts, mut lost, mut doubled, mut out_of_order) = (0, 0, 0, 0, 0);
    for person in &people {
        let received = mailbox.to(&person.email);
        emails += received.len();
        lost += 2usize.saturating_sub(received.len());
        doubled += received.len().saturating_sub(2);
        if received.len() == 2
            && !(received[0].code().is_some()
                && received[1].text().contains("reset-password?token="))
        {
            out_of_order += 1;
        }
        let sent = sms.to(&person.phone).len();
        texts += sent;
        lost += 1usize.saturating_sub(sent);
        doubled += sent.saturating_sub(1);
    }
    // The back-off, as the logs tell it: one line per failed try, with the try's number.
    let logs = load::plain(&deployment.latch_logs());
    let retries: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("outbox: will retry"))
        .collect();
    let most_tries = retries
        .iter()
        .filter_map(|l| l.split("attempts=").nth(1))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    println!(
        "FIGURES SMTP down and SMS gateway 500 for {} s: messages queued 30 (20 emails, 10 SMS), \
         delivered {} emails and {texts} SMS, lost {lost}, doubled {doubled}, out of order \
         {out_of_order}; SMS refused with 500 {} times; failed tries logged {}, up to try {most_tries}; \
         all delivered {:.1} s after the providers came back",
        OUTAGE.as_secs(),
        emails,
        sms.refused(),
        retries.len(),
        drained.as_secs_f64(),
    );
    for line in retries.iter().take(6) {
        println!("  {line}");
    }
    assert_eq!((lost, doubled, out_of_order), (0, 0, 0));
    assert!(
        most_tries >= 5,
        "the logs show the tries backing off (1, 2, 4, 8, 16 s …), up to try {most_tries}"
    );
    deployment.assert_no_panic();
}
