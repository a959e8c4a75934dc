//! Cross-site protections: cookie-authenticated writes only from Latch's own origin, bearer
//! requests exempt; page Content-Security-Policy with a per-response nonce.
#![cfg(feature = "ssr")]

mod support;

use serde_json::{Value, json};
use support::{Db, Person, TestApp, error_code};

db_tests!(
    cookie_writes_from_another_origin_are_refused,
    bearer_requests_are_exempt_from_the_origin_rule,
    pages_send_a_nonce_based_csp_without_unsafe_inline,
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
