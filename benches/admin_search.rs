//! The admin user search on 100,000 users: seeds a fresh database (SQLite in a temporary
//! folder, or the PostgreSQL database named by the first argument, which must be empty), then
//! runs each kind of search 300 times through `Auth::admin_users`, as the admin API and pages
//! do, and prints the median and 99th percentile of each and of all together.
//!
//! `cargo run --release --features ssr --example admin_search [postgres://…]`

use std::time::Instant;

use chrono::{Duration, Utc};
use latch::auth::admin::{Admin, UserSearch};
use latch::auth::{Auth, User};
use latch::config::Config;
use latch::startup::Application;
use latch::store::Store;

const USERS: usize = 100_000;
const RUNS: usize = 300;

const FIRST: [&str; 20] = [
    "Ada",
    "Grace",
    "Alan",
    "Barbara",
    "Edsger",
    "Frances",
    "Donald",
    "Margaret",
    "Ken",
    "Radia",
    "Dennis",
    "Hedy",
    "John",
    "Katherine",
    "Linus",
    "Mary",
    "Niklaus",
    "Sophie",
    "Tim",
    "Whitfield",
];
const LAST: [&str; 20] = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Liskov",
    "Dijkstra",
    "Allen",
    "Knuth",
    "Hamilton",
    "Thompson",
    "Perlman",
    "Ritchie",
    "Lamarr",
    "Backus",
    "Johnson",
    "Torvalds",
    "Jackson",
    "Wirth",
    "Wilson",
    "Berners-Lee",
    "Diffie",
];

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| format!("sqlite://{}/latch.db", dir.path().display()));
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(database_url.clone()),
        "LATCH_ADDR" => Some("127.0.0.1:0".into()),
        "RUST_LOG" => Some("warn".into()),
        _ => None,
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let app = Application::build(config, listener).await.unwrap();
    let auth = app.auth().clone();
    let started = Instant::now();
    seed(auth.store()).await;
    println!(
        "{} users seeded in {:.1} s ({})",
        USERS,
        started.elapsed().as_secs_f64(),
        auth.store().dialect()
    );

    let now = Utc::now();
    let admin = Admin::new(
        &User {
            id: uuid::Uuid::new_v4(),
            first_name: "Root".into(),
            last_name: "Admin".into(),
            email: latch::auth::Email::parse("root@example.com").expect("an address"),
            phone: latch::auth::Phone::parse("+12015550100").expect("a number"),
            email_verified: true,
            phone_verified: true,
            roles: vec!["user".into(), "admin".into()],
            created_at: now,
            updated_at: now,
            locale: None,
        },
        Some(now),
    )
    .unwrap();
    let searches: [(&str, &str, Option<&str>, Option<&str>); 8] = [
        ("everyone, newest first", "", None, None),
        ("everyone, page 100", "", Some("100"), None),
        ("everyone, by name", "", None, Some("name")),
        ("one email", "grace.hopper.21@", None, None),
        ("email prefix", "ada.", None, None),
        ("name prefix", "lov", None, None),
        ("phone prefix", "+1 201 555 04", None, None),
        ("no match", "zzz", None, None),
    ];
    println!("| search | matches | p50 ms | p99 ms |");
    println!("|---|---|---|---|");
    let mut all = Vec::new();
    for (label, query, page, sort) in searches {
        let search = UserSearch::parse(query, page, None, sort).unwrap();
        let mut times = Vec::with_capacity(RUNS);
        let mut total = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            total = run(&auth, &admin, &search).await;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        all.extend(times.iter().copied());
        println!(
            "| {label} | {total} | {:.2} | {:.2} |",
            percentile(&mut times, 0.50),
            percentile(&mut times, 0.99)
        );
    }
    println!(
        "| all {} searches | | {:.2} | {:.2} |",
        all.len(),
        percentile(&mut all, 0.50),
        percentile(&mut all, 0.99)
    );
}

async fn run(auth: &Auth, admin: &Admin, search: &UserSearch) -> u64 {
    auth.admin_users(admin, search).await.unwrap().total
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(|a, b| a.total_cmp(b));
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

/// 100,000 verified users with the role `user`, 1,000 per statement, created over a year.
async fn seed(store: &Store) {
    let start = Utc::now() - Duration::days(365);
    for batch in 0..USERS / 1000 {
        let mut users = String::from(
            "INSERT INTO users (id, first_name, last_name, email, phone, password_hash, \
             email_verified_at, created_at, updated_at) VALUES ",
        );
        let mut roles = String::from("INSERT INTO user_roles (user_id, role) VALUES ");
        let mut rows = Vec::new();
        for i in batch * 1000..(batch + 1) * 1000 {
            let id = uuid::Uuid::new_v4();
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            let email = format!(
                "{}.{}.{i}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            );
            let phone = format!("+1201555{i:04}");
            let at = start + Duration::seconds((i as i64) * 315);
            rows.push((id, first, last, email, phone, at));
        }
        let n = rows.len();
        for k in 0..n {
            let b = k * 7;
            users.push_str(&format!(
                "{}(${}, ${}, ${}, ${}, ${}, 'x', ${}, ${}, ${})",
                if k == 0 { "" } else { ", " },
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 6,
                b + 7
            ));
            roles.push_str(&format!(
                "{}(${}, 'user')",
                if k == 0 { "" } else { ", " },
                k + 1
            ));
        }
        macro_rules! insert {
            ($pool:expr) => {{
                let mut tx = $pool.begin().await.unwrap();
                let mut q = sqlx::query(&users);
                for (id, first, last, email, phone, at) in &rows {
                    q = q
                        .bind(id)
                        .bind(*first)
                        .bind(*last)
                        .bind(email)
                        .bind(phone)
                        .bind(at)
                        .bind(at);
                }
                q.execute(&mut *tx).await.unwrap();
                let mut q = sqlx::query(&roles);
                for (id, ..) in &rows {
                    q = q.bind(id);
                }
                q.execute(&mut *tx).await.unwrap();
                tx.commit().await.unwrap();
            }};
        }
        match store {
            Store::Sqlite(pool) => insert!(pool),
            Store::Postgres(pool) => insert!(pool),
        }
    }
    if let Store::Sqlite(pool) = store {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    } else if let Store::Postgres(pool) = store {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    }
}
