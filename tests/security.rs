//! Cross-site protections: cookie-authenticated writes only from Latch's own origin, bearer
//! requests exempt; page Content-Security-Policy with a per-response nonce.
#![cfg(feature = "ssr")]

mod support;

use serde_json::{Value, json};
use support::{Db, Options, Person, TestApp, error_code};

db_tests!(
    cookie_writes_from_another_origin_are_refused,
    bearer_requests_are_exempt_from_the_origin_rule,
    pages_send_a_nonce_based_csp_without_unsafe_inline,
    forwarded_for_is_believed_only_from_trusted_proxies,
    known_and_unknown_identifiers_cost_the_same_writes,
);

async fn logged_in_cookie(app: &TestApp, person: &Person) -> String {
    let response = app.password_login(&person.email, &person.password).await;
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn cookie_writes_from_another_origin_are_refused(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let cookie = logged_in_cookie(&app, &ada).await;
    let change = json!({"first_name": "Mallory"});

    // A cross-origin fetch with the cookie, a cross-origin form post, and one that hides
    // where it comes from: all refused, and nothing changed.
    for (origin, referer) in [
        (Some("https://evil.example"), None),
        (None, Some("https://evil.example/attack.html")),
        (Some("null"), None),
        (None, None),
    ] {
        let mut request = app
            .client
            .patch(app.url("/api/v1/me"))
            .header("cookie", &cookie)
            .json(&change);
        if let Some(o) = origin {
            request = request.header("origin", o);
        }
        if let Some(r) = referer {
            request = request.header("referer", r);
        }
        let (status, body) = error_code(request.send().await.unwrap()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("forbidden")),
            "{origin:?} {referer:?}"
        );
    }
    let form = app
        .client
        .post(app.url("/fn/log_out"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form.status(),
        403,
        "a cross-site form post to a server function"
    );
    let me: Value = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["user"]["first_name"], "Ada",
        "nothing changed, still logged in"
    );

    // From Latch's own pages it works, with Origin or with Referer.
    let same = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 200);
    let same = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("cookie", &cookie)
        .header("referer", app.url("/account"))
        .json(&json!({"first_name": "Ada"}))
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 200);
}

async fn bearer_requests_are_exempt_from_the_origin_rule(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let response = app
        .client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .header("origin", "https://other-app.example")
        .json(&json!({"last_name": "King"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // And requests without the cookie (anonymous forms) are not affected.
    let anonymous = app
        .client
        .post(app.url("/api/v1/password/forgot"))
        .header("origin", "https://other-app.example")
        .json(&json!({"email": ada.email}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 202);
}

async fn pages_send_a_nonce_based_csp_without_unsafe_inline(db: Db) {
    let app = TestApp::spawn(&db).await;
    let mut nonces = Vec::new();
    for path in [
        "/",
        "/signup",
        "/login",
        "/login/otp",
        "/verify-email",
        "/forgot-password",
        "/reset-password?token=x",
        "/no-such-page",
    ] {
        let response = app.get(path).await;
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(
            csp.contains("form-action 'self' https://app.example.com"),
            "{path}: {csp}"
        );
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {csp}"))
            .to_owned();
        let html = response.text().await.unwrap();
        // Every inline script carries this response's nonce.
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap_or_default();
            if !tag.contains(" src=") {
                assert!(
                    tag.contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: inline script without the nonce: <script{tag}>"
                );
            }
        }
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 8, "a fresh nonce per response");
    let api = app.get("/api/openapi.json").await;
    assert!(
        api.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
}

async fn last_audit_ip(app: &TestApp, email: &str) -> Option<String> {
    let user = app.store.find_user_by_email(email).await.unwrap().unwrap();
    app.store.recent_audit(user.id, 1).await.unwrap()[0]
        .ip
        .clone()
}

async fn forwarded_for_is_believed_only_from_trusted_proxies(db: Db) {
    // Not behind a trusted proxy: X-Forwarded-For is the client's own claim and ignored.
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let spoofed = app
        .client
        .post(app.url("/api/v1/login/password"))
        .header("x-forwarded-for", "203.0.113.7")
        .json(&json!({"identifier": ada.email, "password": ada.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(spoofed.status(), 200);
    assert_eq!(
        last_audit_ip(&app, &ada.email).await.as_deref(),
        Some("127.0.0.1")
    );
    // Nor does a fresh spoofed address per request escape the per-IP limit.
    for i in 0..20 {
        let response = app
            .client
            .post(app.url("/api/v1/login/otp"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&json!({"phone": format!("+120155590{i:02}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
    }
    let limited = app
        .client
        .post(app.url("/api/v1/login/otp"))
        .header("x-forwarded-for", "198.51.100.250")
        .json(&json!({"phone": "+12015559099"}))
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);

    // Behind a trusted proxy (here: loopback), the address it appends is the client's.
    let proxied = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![("TRUSTED_PROXIES", "127.0.0.1/32, ::1".into())],
            ..Options::default()
        },
    )
    .await;
    let bob = Person::new();
    proxied.verified(&bob).await;
    let response = proxied
        .client
        .post(proxied.url("/api/v1/login/password"))
        .header("x-forwarded-for", "6.6.6.6, 203.0.113.7")
        .json(&json!({"identifier": bob.email, "password": bob.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        last_audit_ip(&proxied, &bob.email).await.as_deref(),
        Some("203.0.113.7"),
        "the right-most untrusted hop, not the client-written one"
    );
}

/// Outbox rows written for an address: a queued message for a known one; for an unknown one,
/// a dead row with no destination (counted across the table).
async fn outbox_rows(app: &TestApp, destination: &str) -> (usize, usize) {
    let to_it = app.store.outbox_status(destination).await.unwrap().len();
    let undeliverable = app.store.outbox_status("").await.unwrap();
    assert!(
        undeliverable
            .iter()
            .all(|r| r.state == "dead" && r.body.is_empty())
    );
    (to_it, undeliverable.len())
}

async fn known_and_unknown_identifiers_cost_the_same_writes(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.register_and_read_code(&ada).await;
    app.advance(std::time::Duration::from_secs(61));
    let nobody = "nobody.here@example.com";

    // Each request below writes exactly one outbox row, known or not.
    for (path, known, unknown, destination) in [
        (
            "/api/v1/email/verify/resend",
            json!({"email": ada.email}),
            json!({"email": nobody}),
            ada.email.clone(),
        ),
        (
            "/api/v1/password/forgot",
            json!({"email": ada.email}),
            json!({"email": nobody}),
            ada.email.clone(),
        ),
        (
            "/api/v1/login/otp",
            json!({"phone": ada.phone}),
            json!({"phone": "+12015559999"}),
            ada.phone.clone(),
        ),
    ] {
        let (before_known, before_dead) = outbox_rows(&app, &destination).await;
        let known_response = app.post_json(path, &known).await;
        let (after_known, after_dead) = outbox_rows(&app, &destination).await;
        assert_eq!(
            (after_known - before_known, after_dead - before_dead),
            (1, 0),
            "{path} known"
        );
        let unknown_response = app.post_json(path, &unknown).await;
        assert_eq!(known_response.status(), 202);
        assert_eq!(unknown_response.status(), known_response.status(), "{path}");
        // Every header but the date is the same, and so is the body.
        let headers = |r: &reqwest::Response| {
            let mut all: Vec<(String, String)> = r
                .headers()
                .iter()
                .filter(|(name, _)| name.as_str() != "date")
                .map(|(name, value)| {
                    (
                        name.to_string(),
                        value.to_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            all.sort();
            all
        };
        assert_eq!(
            headers(&unknown_response),
            headers(&known_response),
            "{path}"
        );
        assert_eq!(
            unknown_response.text().await.unwrap(),
            known_response.text().await.unwrap(),
            "{path}"
        );
        let (final_known, final_dead) = outbox_rows(&app, &destination).await;
        assert_eq!(
            (final_known - after_known, final_dead - after_dead),
            (0, 1),
            "{path} unknown"
        );
        assert!(
            app.store.outbox_status(nobody).await.unwrap().is_empty(),
            "no trace of the unknown address"
        );
    }

    // A failed password login leaves an audit trail either way (the unknown one without a user).
    app.password_login(nobody, "some password").await;
    app.password_login(&ada.email, "some password").await;
    let user = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.store.recent_audit(user.id, 1).await.unwrap()[0].kind,
        "login_failed"
    );
}
