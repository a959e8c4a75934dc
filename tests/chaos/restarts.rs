//! Instances going away under load: a rolling restart (each drains first) fails no request;
//! `kill -9` mid-burst loses no acknowledged registration and doubles no email.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use tokio::task::JoinSet;

use crate::cluster::{Deployment, StandIns, eventually};
use crate::load::{self, Person, Tally};
use crate::smtp::Mailbox;

/// Registers, verifies and logs in a person; returns them with their session token.
pub async fn signed_in(client: &reqwest::Client, url: &str, mailbox: &Mailbox) -> (Person, String) {
    let person = Person::new();
    let answer = load::register(client, url, &person).await;
    assert!(answer.is(201), "register: {}", answer.describe());
    let code = mailbox.last_code_for(&person.email).await;
    let verified = load::send(
        client
            .post(format!("{url}/api/v1/email/verify"))
            .json(&json!({"email": person.email, "code": code})),
    )
    .await;
    assert!(verified.is(200), "verify: {}", verified.describe());
    let login = load::login(client, url, &person).await;
    assert!(login.is(200), "login: {}", login.describe());
    let token = login.body["session_token"]
        .as_str()
        .expect("a session token")
        .to_owned();
    (person, token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rolling_restart_under_load_fails_no_request() {
    let stand_ins = StandIns::start(Duration::ZERO).await;
    let (mailbox, providers) = (&stand_ins.mailbox, &stand_ins.providers);
    let deployment = Deployment::up(false, providers).await;
    let url = deployment.url("");
    let client = load::client();
    let mut people = Vec::new();
    for _ in 0..4 {
        people.push(signed_in(&client, &url, mailbox).await);
    }

    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let registered = Arc::new(std::sync::Mutex::new(Vec::<Person>::new()));
    let mut clients = JoinSet::new();
    // Session checks, password logins (each holds an instance for an argon2 hash, so some
    // are always in flight when an instance is told to stop) and registrations (each writes
    // a message to the outbox).
    for (i, (person, token)) in people.into_iter().enumerate() {
        let (tally, stop, client, url) = (tally.clone(), stop.clone(), client.clone(), url.clone());
        clients.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let answer = load::session_check(&client, &url, &token).await;
                tally.count("session check", &answer, answer.is(200));
                if i % 2 == 0 {
                    let answer = load::login(&client, &url, &person).await;
                    tally.count("login", &answer, answer.is(200));
                }
            }
        });
    }
    {
        let (tally, stop, client, url, registered) = (
            tally.clone(),
            stop.clone(),
            client.clone(),
            url.clone(),
            registered.clone(),
        );
        clients.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let person = Person::new();
                let answer = load::register(&client, &url, &person).await;
                tally.count("registration", &answer, answer.is(201));
                if answer.is(201) {
                    registered.lock().expect("lock").push(person);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
    }

    // Load on every instance before the rolling restart, and after it until the restarted
    // instances have taken some of it: registrations are counted as they succeed.
    let registrations = async |at_least: usize| {
        eventually(
            Duration::from_secs(30),
            "registrations go through",
            async || registered.lock().expect("lock").len() >= at_least,
        )
        .await
    };
    registrations(10).await;
    let started = std::time::Instant::now();
    deployment.sh(&["restart"]).await;
    let restart_took = started.elapsed();
    let before = registered.lock().expect("lock").len();
    registrations(before + 10).await;
    stop.store(true, Ordering::Relaxed);
    while clients.join_next().await.is_some() {}

    // Every registration's email went out exactly once, drains and restarts notwithstanding.
    // The stand-ins record a message before they accept it: drained means delivered.
    load::outbox_drained(&deployment.database_url(), Duration::from_secs(90)).await;
    let registered = registered.lock().expect("lock").clone();
    let emails: Vec<usize> = registered
        .iter()
        .map(|p| mailbox.to(&p.email).len())
        .collect();
    let lost = emails.iter().filter(|n| **n == 0).count();
    let doubled = emails.iter().filter(|n| **n > 1).count();
    let drains = load::plain(&deployment.latch_logs())
        .lines()
        .filter(|l| l.contains("shutting down: /readyz answers 503"))
        .count();
    let (retries, redispatched) = deployment.haproxy_retries().await;
    println!(
        "FIGURES rolling restart: {:.1} s for three instances; requests sent {}, failed {}, \
         retried by HAProxy {retries} ({redispatched} to another instance); registrations {}, \
         emails delivered {}, lost {lost}, doubled {doubled}; drains logged {drains}",
        restart_took.as_secs_f64(),
        tally.sent(),
        tally.failed(),
        registered.len(),
        emails.iter().sum::<usize>(),
    );
    assert_eq!(
        tally.failed(),
        0,
        "clients saw failures: {:#?}",
        tally.failures()
    );
    assert_eq!(drains, 3, "each instance drained once");
    assert!(
        tally.sent() > 100,
        "the load ran: {} requests",
        tally.sent()
    );
    assert_eq!((lost, doubled), (0, 0), "each email exactly once");
    deployment.assert_no_panic();
}

/// The first answer a registration got, and, when that was a failure, the answer it got when
/// sent again with the same data.
#[derive(Debug)]
struct Outcome {
    first: load::Answer,
    retried: Option<load::Answer>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_200_registrations_loses_no_acknowledged_account() {
    // A server that takes 20 ms per message: sends are in flight when the instance dies, and
    // the lease is what keeps the other instances from sending the same message meanwhile.
    let stand_ins = StandIns::start(Duration::from_millis(20)).await;
    let (mailbox, providers) = (&stand_ins.mailbox, &stand_ins.providers);
    let deployment = Arc::new(Deployment::up(false, providers).await);
    let url = deployment.url("");
    let client = load::client();
    let people: Vec<Person> = (0..200).map(|_| Person::new()).collect();

    let answered = Arc::new(AtomicUsize::new(0));
    let killer = tokio::spawn({
        let (answered, deployment) = (answered.clone(), deployment.clone());
        async move {
            while answered.load(Ordering::Relaxed) < 60 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            deployment.sh(&["kill", "2"]).await;
        }
    });
    let limit = Arc::new(tokio::sync::Semaphore::new(12));
    let mut requests = JoinSet::new();
    for person in people.iter().cloned() {
        let (client, url, limit, answered) =
            (client.clone(), url.clone(), limit.clone(), answered.clone());
        requests.spawn(async move {
            let _slot = limit.acquire_owned().await.expect("semaphore");
            let first = load::register(&client, &url, &person).await;
            answered.fetch_add(1, Ordering::Relaxed);
            (person.email, first)
        });
    }
    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    while let Some(done) = requests.join_next().await {
        let (email, first) = done.expect("a request task");
        outcomes.insert(
            email,
            Outcome {
                first,
                retried: None,
            },
        );
    }
    killer.await.expect("the kill ran");

    // A failed registration sent again with the same data gets a clear answer: created now,
    // or taken (the first try was committed before the instance died).
    for person in &people {
        let outcome = outcomes.get_mut(&person.email).expect("an outcome");
        if !outcome.first.is(201) {
            let again = load::register(&client, &url, person).await;
            assert!(
                again.is(201) || again.code.as_deref() == Some("email_taken"),
                "{}: first {}, then {}",
                person.email,
                outcome.first.describe(),
                again.describe()
            );
            outcome.retried = Some(again);
        }
    }

    // The killed worker's message (if it held one) goes out once its lease runs out.
    let drained = load::outbox_drained(&deployment.database_url(), Duration::from_secs(100)).await;
    let pool = sqlx::PgPool::connect(&deployment.database_url())
        .await
        .expect("the database");
    let (mut delivered, mut lost, mut doubled, mut resent, mut rows_missing) = (0, 0, 0, 0, 0);
    for person in &people {
        let outcome = &outcomes[&person.email];
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE email = $1")
            .bind(&person.email)
            .fetch_one(&pool)
            .await
            .expect("count users");
        let emails = mailbox.to(&person.email);
        delivered += emails.len();
        // Copies of one message carry its Message-ID: a copy is a resend, a second id would
        // be a second message.
        let messages: std::collections::HashSet<Option<String>> =
            emails.iter().map(|e| e.message_id()).collect();
        assert_eq!(
            rows, 1,
            "{}: {outcome:?} but {rows} user rows",
            person.email
        );
        if rows == 0 {
            rows_missing += 1;
        }
        match messages.len() {
            0 => lost += 1,
            1 => {}
            _ => doubled += 1,
        }
        resent += emails.len().saturating_sub(messages.len());
    }
    let (retries, redispatched) = deployment.haproxy_retries().await;
    let first_failed: Vec<&Outcome> = outcomes.values().filter(|o| !o.first.is(201)).collect();
    let retried_created = first_failed
        .iter()
        .filter(|o| o.retried.as_ref().is_some_and(|a| a.is(201)))
        .count();
    println!(
        "FIGURES kill -9: registrations sent 200, acknowledged 201 at once {}, failed {} ({}), \
         retried by the client {} (created {retried_created}, already taken {}), by HAProxy \
         {retries} ({redispatched} to another instance); user rows missing {rows_missing}; \
         SMTP deliveries {delivered}: messages lost {lost}, doubled {doubled}, resent with the \
         same Message-ID {resent}; outbox drained {:.1} s after the burst",
        200 - first_failed.len(),
        first_failed.len(),
        load::kinds(first_failed.iter().map(|o| &o.first)),
        first_failed.len(),
        first_failed.len() - retried_created,
        drained.as_secs_f64()
    );
    assert_eq!(lost, 0, "every account's verification email went out");
    assert_eq!(doubled, 0, "no account got two verification emails");
    // The killed worker sent one message at a time: at most that one can have reached the
    // server and not been recorded, and goes out again when its lease runs out. Any more
    // would mean two live workers sent one message.
    assert!(
        resent <= 1,
        "{resent} messages sent twice; only the killed worker's message in hand may be"
    );
    deployment.assert_no_panic();
}
