//! Cross-site protections: server-function calls and cookie-authenticated writes only from
//! Latch's own origin, bearer API requests exempt; the `__Host-` cookie on https; client IPs
//! behind proxies; page Content-Security-Policy with a per-response nonce.
use crate::support::{Db, Options, Person, TestApp, cookie_of, error_code};
use serde_json::{Value, json};

db_tests!(
    cookie_writes_from_another_origin_are_refused,
    bearer_requests_are_exempt_from_the_origin_rule,
    pages_send_a_nonce_based_csp_without_unsafe_inline,
    forwarded_for_is_believed_only_from_trusted_proxies,
    a_spoofed_forwarded_for_line_does_not_escape_the_ip_limit,
    cross_site_logins_are_refused,
    https_names_the_cookie_with_the_host_prefix,
    known_and_unknown_identifiers_cost_the_same_writes,
);

async fn logged_in_cookie(app: &TestApp, person: &Person) -> String {
    let response = app.password_login(&person.email, &person.password).await;
    cookie_of(&response)
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
        .get_with_cookie("/api/v1/me", &cookie)
        .await
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

/// Behind a trusted proxy, a client sends its own `X-Forwarded-For` line and the proxy adds a
/// second one with the real address. Reading only the first line would key the per-IP limit on
/// whatever the client wrote: a fresh address per request, no limit at all.
async fn a_spoofed_forwarded_for_line_does_not_escape_the_ip_limit(db: Db) {
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![("TRUSTED_PROXIES", "127.0.0.1".into())],
            ..Options::default()
        },
    )
    .await;
    let request_otp = |spoofed: String, real: &'static str, phone: String| {
        app.client
            .post(app.url("/api/v1/login/otp"))
            .header("x-forwarded-for", spoofed)
            .header("x-forwarded-for", real)
            .json(&json!({ "phone": phone }))
            .send()
    };
    // 20 per IP per hour (auth/rate_limit.rs); each request names a different number, so only
    // the per-IP limit can stop them.
    for i in 0..20 {
        let response = request_otp(
            format!("198.51.100.{i}"),
            "203.0.113.50",
            format!("+120155591{i:02}"),
        )
        .await
        .unwrap();
        assert_eq!(response.status(), 202, "request {i}");
    }
    let limited = request_otp(
        "198.51.100.250".into(),
        "203.0.113.50",
        "+12015559150".into(),
    )
    .await
    .unwrap();
    assert_eq!(limited.status(), 429, "the 21st from the real address");
    assert!(limited.headers().contains_key("retry-after"));
    // The limit is the real client's, not the proxy's: another client behind it is served.
    let other = request_otp(
        "198.51.100.251".into(),
        "203.0.113.51",
        "+12015559151".into(),
    )
    .await
    .unwrap();
    assert_eq!(other.status(), 202);

    // The audit log names the real address too.
    let ada = Person::new();
    app.verified(&ada).await;
    let login = app
        .client
        .post(app.url("/api/v1/login/password"))
        .header("x-forwarded-for", "6.6.6.6")
        .header("x-forwarded-for", "203.0.113.52")
        .json(&json!({"identifier": ada.email, "password": ada.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    assert_eq!(
        last_audit_ip(&app, &ada.email).await.as_deref(),
        Some("203.0.113.52")
    );
}

/// Login CSRF: another site's page posts a login form with the attacker's credentials; without
/// the origin rule the visitor's browser ends up logged into the attacker's account (and what
/// they type there is the attacker's to read). The visitor has no cookie yet, so the rule must
/// not depend on one.
async fn cross_site_logins_are_refused(db: Db) {
    let app = TestApp::spawn(&db).await;
    let mallory = Person::new();
    app.verified(&mallory).await;
    let credentials = [
        ("identifier", mallory.email.as_str()),
        ("password", mallory.password.as_str()),
    ];
    let form_login = |headers: &[(&str, &str)]| {
        let mut request = app
            .client
            .post(app.url("/fn/log_in_with_password"))
            .header("accept", "text/html,application/xhtml+xml")
            .form(&credentials);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };

    for headers in [
        // A cross-site form post, as Chromium sends it.
        vec![
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        // Only the origin, or only the fetch metadata.
        vec![("origin", "https://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("referer", "https://evil.example/attack.html")],
        // A sandboxed frame hides its origin; a sibling subdomain is another origin.
        vec![("origin", "null")],
        vec![("sec-fetch-site", "same-site")],
        // No sign of where it comes from.
        vec![],
        // An Authorization header exempts bearer API calls, not server functions.
        vec![
            ("origin", "https://evil.example"),
            ("authorization", "Bearer x"),
        ],
    ] {
        let response = form_login(&headers).await.unwrap();
        assert!(
            response.headers().get("set-cookie").is_none(),
            "{headers:?}: no session cookie"
        );
        let (status, body) = error_code(response).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("forbidden")),
            "{headers:?}"
        );
    }
    let user = app
        .store
        .find_user_by_email(&mallory.email)
        .await
        .unwrap()
        .unwrap();
    assert!(
        app.store
            .recent_audit(user.id, 50)
            .await
            .unwrap()
            .iter()
            .all(|event| event.kind != "login_succeeded"),
        "the server function never ran"
    );

    // From Latch's own login page it works: with Origin (Chromium), with only Referer, and
    // with `Origin: null` vouched for by `Sec-Fetch-Site` (a page sent with no-referrer).
    let login_page = app.url("/login");
    for headers in [
        vec![
            ("origin", app.base.as_str()),
            ("sec-fetch-site", "same-origin"),
        ],
        vec![("referer", login_page.as_str())],
        vec![("origin", "null"), ("sec-fetch-site", "same-origin")],
    ] {
        let response = form_login(&headers).await.unwrap();
        assert_eq!(response.status(), 302, "{headers:?}");
        assert_eq!(response.headers()["location"], "/account", "{headers:?}");
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("latch_session="), "{cookie}");
    }
}

/// On https the cookie is `__Host-latch_session`: browsers then refuse it unless it is
/// `Secure`, `Path=/` and without `Domain`, so no sibling subdomain can plant a session.
async fn https_names_the_cookie_with_the_host_prefix(db: Db) {
    let public = "https://auth.latch.test";
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![
                ("PUBLIC_URL", public.into()),
                (
                    "LATCH_SECRET",
                    "0123456789abcdef0123456789abcdef-test".into(),
                ),
            ],
            ..Options::default()
        },
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let response = app.password_login(&ada.email, &ada.password).await;
    assert_eq!(response.status(), 200);
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let attributes: Vec<String> = set_cookie
        .split(';')
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(
        set_cookie.starts_with("__Host-latch_session="),
        "{set_cookie}"
    );
    assert!(attributes.iter().any(|a| a == "secure"), "{set_cookie}");
    assert!(attributes.iter().any(|a| a == "path=/"), "{set_cookie}");
    assert!(attributes.iter().any(|a| a == "httponly"), "{set_cookie}");
    assert!(
        !attributes.iter().any(|a| a.starts_with("domain")),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    // The cookie is the session...
    let session = app.get_with_cookie("/api/v1/session", &cookie).await;
    assert_eq!(session.status(), 200);
    // ...and the origin rule knows it by this name: a cross-site write with it is refused.
    let change = json!({"first_name": "Mallory"});
    let cross = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let same = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("cookie", &cookie)
        .header("origin", public)
        .json(&json!({"first_name": "Ada"}))
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 200);
    let me: Value = app
        .get_with_cookie("/api/v1/me", &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["first_name"], "Ada");
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
