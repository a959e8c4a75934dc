//! Sessions after a login, on SQLite and PostgreSQL: the cookie's flags, a new id at each
//! login, logout (cookie and bearer token), listing and revoking sessions, idle and absolute
//! expiry, and the sweep of what expired.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Db, Options, Person, TestApp, cookie_of, error_code};

db_tests!(
    the_session_cookie_has_the_right_flags,
    the_session_id_changes_at_login,
    every_way_in_gets_a_new_session_id,
    logout_makes_cookie_and_token_useless,
    revoking_another_session_ends_it,
    session_requires_authentication,
    sessions_die_after_7_idle_days_and_30_days_in_all,
    the_sweep_removes_what_expired,
    writes_go_on_while_the_sweep_deletes_100k_sessions,
    the_write_ahead_log_is_cut_back_after_a_burst_of_writes,
);

async fn the_session_cookie_has_the_right_flags(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let response = app.password_login(&ada.email, &ada.password).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http: no Secure flag ({cookie})"
    );
    let max_age: i64 = cookie
        .split(';')
        .find_map(|p| p.trim().strip_prefix("Max-Age="))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (29 * 86_400..=30 * 86_400).contains(&max_age),
        "30-day cookie, got {max_age}"
    );

    let https = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![
                ("PUBLIC_URL", "https://auth.example.com".into()),
                (
                    "LATCH_SECRET",
                    "a secret of more than thirty-two bytes".into(),
                ),
            ],
            ..Options::default()
        },
    )
    .await;
    let bob = Person::new();
    https.verified(&bob).await;
    let response = https.password_login(&bob.email, &bob.password).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(response.headers().contains_key("strict-transport-security"));
}

async fn the_session_id_changes_at_login(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let first = app.password_login(&ada.email, &ada.password).await;
    let first_cookie = cookie_of(&first);

    // Logging in again with the old cookie gets a new id, and the old one stops working.
    let second = app
        .client
        .post(app.url("/api/v1/login/password"))
        .header("cookie", &first_cookie)
        .header("origin", &app.base)
        .json(&json!({"identifier": ada.email, "password": ada.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 200);
    let second_cookie = cookie_of(&second);
    assert_ne!(first_cookie, second_cookie);
    let old = app.get_with_cookie("/api/v1/session", &first_cookie).await;
    assert_eq!(old.status(), 401);
    let new = app.get_with_cookie("/api/v1/session", &second_cookie).await;
    assert_eq!(new.status(), 200);
}

/// Session fixation, on every way in but the passkey (whose ceremony only a browser can make:
/// `end2end/tests/passkeys.spec.mjs` checks it there): a login made with a session cookie the
/// browser already held gets a new id, and the old one is worthless.
async fn every_way_in_gets_a_new_session_id(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let held = || async { cookie_of(&app.password_login(&ada.email, &ada.password).await) };
    let renewed = |old: String, response: reqwest::Response| {
        let app = &app;
        async move {
            assert!(response.status().as_u16() < 400, "{}", response.status());
            let new = cookie_of(&response);
            assert_ne!(old, new);
            let old_status = app.get_with_cookie("/api/v1/session", &old).await.status();
            let new_status = app.get_with_cookie("/api/v1/session", &new).await.status();
            assert_eq!((old_status.as_u16(), new_status.as_u16()), (401, 200));
        }
    };
    let post_json = |path: &'static str, cookie: String, body: Value| {
        app.client
            .post(app.url(path))
            .header("cookie", cookie)
            .header("origin", &app.base)
            .json(&body)
            .send()
    };

    // The JSON password login is `the_session_id_changes_at_login`; the page's form post:
    let old = held().await;
    let response = app
        .client
        .post(app.url("/fn/log_in_with_password"))
        .header("cookie", &old)
        .header("origin", &app.base)
        .header("accept", "text/html")
        .form(&[("identifier", &ada.email), ("password", &ada.password)])
        .send()
        .await
        .unwrap();
    renewed(old, response).await;

    // An SMS code.
    let old = held().await;
    assert_eq!(app.request_otp(&ada.phone).await.status(), 202);
    let code = app.sms.last_code_for(&ada.phone).await;
    let body = json!({"phone": ada.phone, "code": code});
    let response = post_json("/api/v1/login/otp/verify", old.clone(), body)
        .await
        .unwrap();
    renewed(old, response).await;

    // The second step of an account with an authenticator.
    let token = app.token_for(&ada).await;
    let (secret, _) = crate::second_factor::enrol(&app, &token).await;
    app.advance(Duration::from_secs(30));
    // Held from before the authenticator: a password alone no longer makes a session.
    let old = format!("latch_session={token}");
    let first: Value = post_json(
        "/api/v1/login/password",
        old.clone(),
        json!({"identifier": ada.email, "password": ada.password}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let code = crate::second_factor::totp_code(&app, &secret, 0);
    let body = json!({"challenge": first["challenge"], "method": "totp", "code": code});
    let response = post_json("/api/v1/login/second-factor", old.clone(), body)
        .await
        .unwrap();
    renewed(old, response).await;
}

async fn logout_makes_cookie_and_token_useless(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;

    let token = app.token_for(&ada).await;
    let out = app
        .client
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let (status, body) = error_code(app.get_with_token("/api/v1/session", &token).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthenticated"))
    );

    let login = app.password_login(&ada.email, &ada.password).await;
    let cookie = cookie_of(&login);
    let out = app
        .client
        .delete(app.url("/api/v1/session"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = app.get_with_cookie("/api/v1/session", &cookie).await;
    assert_eq!(
        after.status(),
        401,
        "the old cookie is useless: server-side state is gone"
    );
}

async fn revoking_another_session_ends_it(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let laptop = app.token_for(&ada).await;
    let phone = app.token_for(&ada).await;

    let list: Value = app
        .get_with_token("/api/v1/sessions", &laptop)
        .await
        .json()
        .await
        .unwrap();
    let sessions = list["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let phone_session: Value = app
        .get_with_token("/api/v1/session", &phone)
        .await
        .json()
        .await
        .unwrap();
    let phone_id = phone_session["session"]["id"].as_str().unwrap();

    let revoke = app
        .client
        .delete(app.url(&format!("/api/v1/sessions/{phone_id}")))
        .bearer_auth(&laptop)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 204);
    assert_eq!(
        app.get_with_token("/api/v1/session", &phone).await.status(),
        401
    );
    assert_eq!(
        app.get_with_token("/api/v1/session", &laptop)
            .await
            .status(),
        200
    );

    // Someone else's session is not found, and stays alive.
    let bob = Person::new();
    app.verified(&bob).await;
    let bobs = app.token_for(&bob).await;
    let bob_session: Value = app
        .get_with_token("/api/v1/session", &bobs)
        .await
        .json()
        .await
        .unwrap();
    let bob_id = bob_session["session"]["id"].as_str().unwrap();
    let (status, _) = error_code(
        app.client
            .delete(app.url(&format!("/api/v1/sessions/{bob_id}")))
            .bearer_auth(&laptop)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        app.get_with_token("/api/v1/session", &bobs).await.status(),
        200
    );
}

async fn session_requires_authentication(db: Db) {
    let app = TestApp::spawn(&db).await;
    for token in [None, Some("garbage"), Some("AAAAAAAAAAAAAAAAAAAAAA")] {
        let mut request = app.client.get(app.url("/api/v1/session"));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let (status, body) = error_code(request.send().await.unwrap()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (401, Some("unauthenticated")),
            "{token:?}"
        );
    }
    let (status, _) = error_code(app.get("/api/v1/sessions").await).await;
    assert_eq!(status, 401);
}

async fn the_sweep_removes_what_expired(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    app.request_otp(&ada.phone).await;
    app.outbox_drained().await;
    assert_eq!(
        app.auth.sweep().await.unwrap(),
        1,
        "only the used email code is spent yet"
    );
    assert_eq!(
        app.get_with_token("/api/v1/session", &token).await.status(),
        200
    );
    assert_eq!(app.store.outbox_status(&ada.phone).await.unwrap().len(), 1);

    app.advance(Duration::from_secs(31 * 86_400));
    let swept = app.auth.sweep().await.unwrap();
    // The session, the expired SMS code, two delivered messages, the rate-limit windows.
    assert!(swept >= 5, "swept {swept}");
    assert!(
        app.store
            .outbox_status(&ada.email)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        app.store
            .outbox_status(&ada.phone)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.get_with_token("/api/v1/session", &token).await.status(),
        401
    );
    assert_eq!(app.auth.sweep().await.unwrap(), 0, "idempotent");
    // The account itself stays.
    assert!(
        app.store
            .find_user_by_email(&ada.email)
            .await
            .unwrap()
            .is_some()
    );
}

async fn sessions_die_after_7_idle_days_and_30_days_in_all(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;

    let idle = app.token_for(&ada).await;
    let active = app.token_for(&ada).await;
    // Used every 6 days, a session lives on; left alone for more than 7, it dies.
    for _ in 0..4 {
        app.advance(Duration::from_secs(6 * 86_400));
        assert_eq!(
            app.get_with_token("/api/v1/session", &active)
                .await
                .status(),
            200
        );
    }
    assert_eq!(
        app.get_with_token("/api/v1/session", &idle).await.status(),
        401
    );
    // 24 days in; however active, it ends at 30 days.
    app.advance(Duration::from_secs(5 * 86_400));
    assert_eq!(
        app.get_with_token("/api/v1/session", &active)
            .await
            .status(),
        200
    );
    app.advance(Duration::from_secs(86_400 + 60));
    assert_eq!(
        app.get_with_token("/api/v1/session", &active)
            .await
            .status(),
        401
    );
}

/// 100,000 sessions that expired long ago, straight into the table.
async fn seed_expired_sessions(store: &latch::store::Store, count: i64) {
    use latch::store::Store;
    match store {
        Store::Sqlite(pool) => sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO sessions (id_hash, public_id, data, created_at, last_seen_at, \
                                   expires_at, absolute_expires_at) \
             SELECT randomblob(32), randomblob(16), '{}', '2000-01-01T00:00:00+00:00', \
                    '2000-01-01T00:00:00+00:00', '2000-01-08T00:00:00+00:00', \
                    '2000-01-31T00:00:00+00:00' FROM n",
        )
        .bind(count)
        .execute(pool)
        .await
        .map(drop),
        Store::Postgres(pool) => sqlx::query(
            "INSERT INTO sessions (id_hash, public_id, data, created_at, last_seen_at, \
                                   expires_at, absolute_expires_at) \
             SELECT sha256(i::text::bytea), gen_random_uuid(), '{}', '2000-01-01Z', \
                    '2000-01-01Z', '2000-01-08Z', '2000-01-31Z' \
             FROM generate_series(1, $1) AS i",
        )
        .bind(count)
        .execute(pool)
        .await
        .map(drop),
    }
    .unwrap();
}

async fn session_rows(store: &latch::store::Store) -> i64 {
    use latch::store::Store;
    let query = "SELECT COUNT(*) FROM sessions";
    match store {
        Store::Sqlite(pool) => sqlx::query_scalar(query).fetch_one(pool).await,
        Store::Postgres(pool) => sqlx::query_scalar(query).fetch_one(pool).await,
    }
    .unwrap()
}

/// One DELETE of a hundred thousand rows would hold SQLite's only write lock until it is done,
/// and every write (a login, a profile change, a session touch) would queue behind it. The
/// sweep deletes in batches with a pause between them, so writes keep landing while it runs.
async fn writes_go_on_while_the_sweep_deletes_100k_sessions(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    seed_expired_sessions(&app.store, 100_000).await;
    assert_eq!(session_rows(&app.store).await, 100_001);

    let auth = app.auth.clone();
    let sweep = tokio::spawn(async move { auth.sweep().await });
    let mut writes = 0;
    let mut slowest = Duration::ZERO;
    while !sweep.is_finished() {
        let started = std::time::Instant::now();
        let changed = app
            .client
            .patch(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .json(&json!({"first_name": format!("Ada {writes}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), 200);
        let checked = app.get_with_token("/api/v1/session", &token).await;
        assert_eq!(checked.status(), 200);
        slowest = slowest.max(started.elapsed());
        if !sweep.is_finished() {
            writes += 1;
        }
    }
    let swept = sweep.await.unwrap().unwrap();
    // Figures for the reader, not assertions: wall-clock time on a shared machine is noise.
    eprintln!(
        "sweep of 100k sessions: {writes} profile writes landed meanwhile, slowest write + check {slowest:?}"
    );
    assert!(swept >= 100_000, "swept {swept}");
    assert_eq!(
        session_rows(&app.store).await,
        1,
        "only Ada's live session is left"
    );
    assert!(
        writes >= 3,
        "writes landed between the sweep's batches, not after one long delete ({writes})"
    );
}

/// SQLite's log only starts over when no connection reads, which a busy pool never allows, so
/// a stream of writes grew it without end (55 GB in one afternoon of refused logins). The
/// periodic `bound_wal` empties it once it passes 64 MB.
async fn the_write_ahead_log_is_cut_back_after_a_burst_of_writes(db: Db) {
    let app = TestApp::spawn(&db).await;
    let Db::Sqlite { url, .. } = &db else {
        // PostgreSQL recycles its own log; there is nothing to bound.
        app.auth.bound_wal().await.unwrap();
        return;
    };
    let wal = std::path::PathBuf::from(format!("{}-wal", url.trim_start_matches("sqlite://")));
    let latch::store::Store::Sqlite(pool) = &app.store else {
        unreachable!("a SQLite url opens a SQLite store")
    };
    // About 80 MB of audit rows in one transaction, while another connection holds a read open
    // so that SQLite cannot start its log over.
    let mut reader = pool.begin().await.unwrap();
    let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *reader)
        .await
        .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) \
         INSERT INTO audit_events (user_id, kind, ip, user_agent, at) \
         SELECT NULL, 'login', '127.0.0.1', hex(randomblob(1000)), '2026-01-01T00:00:00+00:00' FROM n",
    )
    .execute(pool)
    .await
    .unwrap();
    reader.rollback().await.unwrap();
    let before = std::fs::metadata(&wal).unwrap().len();
    assert!(
        before > 64 << 20,
        "the burst grew the log to {before} bytes"
    );

    app.auth.bound_wal().await.unwrap();
    let after = std::fs::metadata(&wal).unwrap().len();
    assert!(
        after <= 64 << 20,
        "the log is {after} bytes after bound_wal"
    );
}
