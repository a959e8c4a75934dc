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
