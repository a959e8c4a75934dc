//! The database going away: PostgreSQL stopped and started under traffic, the Patroni leader
//! stopped mid-traffic, and a SQLite instance killed mid-write.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::cluster::{Deployment, StandIns, eventually, sqlite_latch};
use crate::load::{self, Answer, Person, Tally};
use crate::restarts::signed_in;

/// No answer while the database is away may take longer than this.
const ANSWER_LIMIT: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_stopped_under_traffic_means_503_then_recovery_without_a_restart() {
    // 100 ms a message: the burst below is still in the outbox when the database stops.
    let stand_ins = StandIns::start(Duration::from_millis(100)).await;
    let (mailbox, providers) = (&stand_ins.mailbox, &stand_ins.providers);
    let deployment = Deployment::up(false, providers).await;
    let url = deployment.url("");
    let client = load::client();
    let (_, token) = signed_in(&client, &url, mailbox).await;

    let mut queued = Vec::new();
    for _ in 0..30 {
        let person = Person::new();
        let answer = load::register(&client, &url, &person).await;
        assert!(answer.is(201), "before the outage: {}", answer.describe());
        queued.push(person);
    }

    deployment.sh(&["pg", "stop"]).await;
    let stopped = Instant::now();
    // While it is down: through HAProxy and straight at an instance, reads and writes, every
    // answer a prompt 503 `unavailable`.
    let tally = Tally::default();
    let mut slowest = Duration::ZERO;
    while stopped.elapsed() < Duration::from_secs(6) {
        let answers: Vec<(&str, Answer)> = vec![
            (
                "session check",
                load::session_check(&client, &url, &token).await,
            ),
            (
                "session check, instance 1",
                load::session_check(&client, &deployment.instance_url(1, ""), &token).await,
            ),
            (
                "registration",
                load::register(&client, &url, &Person::new()).await,
            ),
        ];
        for (what, answer) in answers {
            slowest = slowest.max(answer.took);
            tally.count(
                what,
                &answer,
                answer.is_unavailable() && answer.took <= ANSWER_LIMIT,
            );
        }
    }
    for n in 1..=3 {
        let ready = load::send(client.get(deployment.instance_url(n, "/readyz"))).await;
        assert!(
            ready.is_unavailable(),
            "instance {n}'s /readyz while the database is down: {}",
            ready.describe()
        );
    }

    deployment.sh(&["pg", "start"]).await;
    let recovered = eventually(Duration::from_secs(5), "serving again", async || {
        load::session_check(&client, &url, &token).await.is(200)
    })
    .await;
    let written = load::register(&client, &url, &Person::new()).await;
    assert!(written.is(201), "a write after: {}", written.describe());

    // The stand-ins record a message before they accept it: drained means delivered.
    load::outbox_drained(&deployment.database_url(), Duration::from_secs(90)).await;
    let emails: Vec<usize> = queued.iter().map(|p| mailbox.to(&p.email).len()).collect();
    let lost = emails.iter().filter(|n| **n == 0).count();
    let doubled = emails.iter().filter(|n| **n > 1).count();
    println!(
        "FIGURES PostgreSQL stopped for 6 s: requests while down {}, answered 503 unavailable {} \
         (slowest {} ms), other answers {}; serving again {:.1} s after it came back; messages \
         queued before {}, delivered {}, lost {lost}, doubled {doubled}",
        tally.sent(),
        tally.sent() - tally.failed(),
        slowest.as_millis(),
        tally.failed(),
        recovered.as_secs_f64(),
        queued.len(),
        emails.iter().sum::<usize>(),
    );
    assert_eq!(tally.failed(), 0, "while down: {:#?}", tally.failures());
    assert_eq!((lost, doubled), (0, 0), "each queued email exactly once");
    deployment.assert_no_panic();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_killed_mid_burst_opens_intact_with_every_acknowledged_write() {
    let folder = tempfile::tempdir().expect("a folder");
    let database_url = format!("sqlite://{}/latch.db", folder.path().display());
    let stand_ins = StandIns::start(Duration::ZERO).await;
    let providers = &stand_ins.providers;
    let mut latch = sqlite_latch(&database_url, providers);
    let client = load::client();
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut writers = JoinSet::new();
    for _ in 0..16 {
        let (client, base, acknowledged) =
            (client.clone(), latch.base.clone(), acknowledged.clone());
        writers.spawn(async move {
            loop {
                let person = Person::new();
                let answer = load::register(&client, &base, &person).await;
                if !answer.is(201) {
                    return;
                }
                acknowledged.lock().expect("lock").push(person.email);
            }
        });
    }
    eventually(
        Duration::from_secs(60),
        "100 acknowledged writes",
        async || acknowledged.lock().expect("lock").len() >= 100,
    )
    .await;
    latch.kill_9();
    while writers.join_next().await.is_some() {}
    let acknowledged = acknowledged.lock().expect("lock").clone();

    let pool = sqlx::SqlitePool::connect(&database_url)
        .await
        .expect("the database opens");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .expect("integrity check");
    let stored: HashSet<String> = sqlx::query_scalar("SELECT email FROM users")
        .fetch_all(&pool)
        .await
        .expect("users")
        .into_iter()
        .collect();
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE channel = 'email'")
        .fetch_one(&pool)
        .await
        .expect("outbox");
    pool.close().await;
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|e| !stored.contains(*e))
        .collect();
    println!(
        "FIGURES SQLite kill -9: writes acknowledged {}, rows stored {} (unacknowledged but \
         committed {}), acknowledged and missing {}, integrity_check {integrity}, emails queued {queued}",
        acknowledged.len(),
        stored.len(),
        stored.len().saturating_sub(acknowledged.len()),
        missing.len(),
    );
    assert_eq!(integrity, "ok");
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert_eq!(
        usize::try_from(queued).expect("a count"),
        stored.len(),
        "one email queued with each stored account"
    );

    // And it serves again from the same file.
    let latch = sqlite_latch(&database_url, providers);
    let answer = load::register(&client, &latch.base, &Person::new()).await;
    assert!(answer.is(201), "after the restart: {}", answer.describe());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_postgres_leader_stopped_mid_traffic_fails_over_without_losing_a_write() {
    let stand_ins = StandIns::start(Duration::ZERO).await;
    let (mailbox, providers) = (&stand_ins.mailbox, &stand_ins.providers);
    let deployment = Arc::new(Deployment::up(true, providers).await);
    let url = deployment.url("");
    let client = load::client();
    let (_, token) = signed_in(&client, &url, mailbox).await;
    let old_leader = deployment.sh(&["pg", "leader"]).await;

    // Writers and a reader, each request's answer and time kept.
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(std::sync::Mutex::new(Vec::<(
        Instant,
        &'static str,
        Answer,
        Option<String>,
    )>::new()));
    let mut clients = JoinSet::new();
    for _ in 0..3 {
        let (client, url, stop, log) = (client.clone(), url.clone(), stop.clone(), log.clone());
        clients.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let person = Person::new();
                let answer = load::register(&client, &url, &person).await;
                log.lock().expect("lock").push((
                    Instant::now(),
                    "registration",
                    answer,
                    Some(person.email),
                ));
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
    }
    {
        let (client, url, stop, log, token) = (
            client.clone(),
            url.clone(),
            stop.clone(),
            log.clone(),
            token.clone(),
        );
        clients.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let answer = load::session_check(&client, &url, &token).await;
                log.lock()
                    .expect("lock")
                    .push((Instant::now(), "session check", answer, None));
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
    }

    // Traffic is flowing before the leader goes: some registrations written through it.
    eventually(
        Duration::from_secs(30),
        "registrations before the failover",
        async || {
            let log = log.lock().expect("lock");
            log.iter()
                .filter(|(_, what, answer, _)| *what == "registration" && answer.is(201))
                .count()
                >= 20
        },
    )
    .await;
    let stopping = Instant::now();
    let stopped = deployment.sh(&["pg", "stop-leader"]).await;
    assert_eq!(stopped, old_leader);
    // Traffic goes on until writes have succeeded again for three seconds.
    eventually(
        Duration::from_secs(60),
        "writes succeed again",
        async || {
            let log = log.lock().expect("lock");
            let last_failure = log
                .iter()
                .filter(|(_, _, a, _)| !(a.is(201) || a.is(200)))
                .map(|(at, ..)| *at)
                .max();
            let since = last_failure.unwrap_or(stopping).max(stopping);
            log.iter()
                .filter(|(at, what, a, _)| *what == "registration" && a.is(201) && *at > since)
                .any(|(at, ..)| at.duration_since(since) > Duration::from_secs(3))
        },
    )
    .await;
    stop.store(true, Ordering::Relaxed);
    while clients.join_next().await.is_some() {}
    let new_leader = deployment.sh(&["pg", "leader"]).await;
    assert_ne!(new_leader, old_leader, "another node leads");

    let log = log.lock().expect("lock").clone();
    let failures: Vec<&(Instant, &str, Answer, Option<String>)> = log
        .iter()
        .filter(|(_, _, a, _)| !(a.is(201) || a.is(200)))
        .collect();
    let wrong: Vec<String> = failures
        .iter()
        .filter(|(_, _, a, _)| !(a.is_unavailable() && a.took <= ANSWER_LIMIT))
        .map(|(_, what, a, _)| format!("{what}: {}", a.describe()))
        .collect();
    let gap = match (failures.first(), failures.last()) {
        (Some(first), Some(last)) => last.0.duration_since(first.0) + last.2.took,
        _ => Duration::ZERO,
    };
    // Every write acknowledged, before and after, is on the new leader.
    let acknowledged: Vec<&String> = log
        .iter()
        .filter(|(_, what, a, _)| *what == "registration" && a.is(201))
        .filter_map(|(.., email)| email.as_ref())
        .collect();
    let leader: u16 = new_leader.parse().expect("a node number");
    let pool = sqlx::PgPool::connect(&deployment.node_url(leader))
        .await
        .expect("the new leader");
    let stored: HashSet<String> = sqlx::query_scalar("SELECT email FROM users")
        .fetch_all(&pool)
        .await
        .expect("users")
        .into_iter()
        .collect();
    pool.close().await;
    let missing = acknowledged
        .iter()
        .filter(|e| !stored.contains(**e))
        .count();
    println!(
        "FIGURES Patroni leader (node {old_leader}) stopped: requests {}, writes acknowledged {}, \
         failed {} (all 503 unavailable: {}), gap {:.1} s from the first failure to the last, \
         new leader node {new_leader}; acknowledged writes missing on it {missing}",
        log.len(),
        acknowledged.len(),
        failures.len(),
        wrong.is_empty(),
        gap.as_secs_f64(),
    );
    assert!(
        wrong.is_empty(),
        "answers other than a prompt 503: {wrong:#?}"
    );
    assert_eq!(missing, 0, "acknowledged writes lost in the failover");
    deployment.assert_no_panic();
}
