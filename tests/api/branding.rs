//! The operator's brand: its name on every page, email and SMS instead of Latch's, its links
//! at the foot of every page, its colours from a stylesheet Latch serves itself; changed by
//! admins through the API and seen by every instance within seconds, never a restart.

use std::time::{Duration, Instant};

use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::admin::grant_admin;
use crate::support::{Db, Options, Person, TestApp, error_code};

db_tests!(
    the_brand_names_every_page_email_and_sms,
    admins_change_the_brand_and_every_instance_follows,
    a_brand_latch_cannot_show_is_refused_field_by_field,
);

fn acme() -> Vec<(&'static str, String)> {
    vec![
        ("LATCH_BRAND_NAME", "Acme Cloud".into()),
        ("LATCH_BRAND_SUPPORT_URL", "https://help.acme.test/".into()),
        ("LATCH_BRAND_SUPPORT_EMAIL", "help@acme.test".into()),
        (
            "LATCH_BRAND_PRIVACY_URL",
            "https://acme.test/privacy".into(),
        ),
        ("LATCH_BRAND_TERMS_URL", "https://acme.test/terms".into()),
        ("LATCH_BRAND_FOOTER", "© Acme <Corp> & co".into()),
        ("LATCH_BRAND_ACCENT", "#0b6e4f".into()),
        ("LATCH_BRAND_ACCENT_DARK", "#7fd8b6".into()),
    ]
}

/// A verified person with the `admin` role and their token.
async fn admin(app: &TestApp) -> (Person, String) {
    let person = Person::new();
    app.verified(&person).await;
    grant_admin(app, &person.email).await;
    let token = app.token_for(&person).await;
    (person, token)
}

async fn put(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.client
        .put(app.url("/api/v1/admin/branding"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn branding(app: &TestApp, token: &str) -> Value {
    let response = app.get_with_token("/api/v1/admin/branding", token).await;
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["branding"].clone()
}

/// The stylesheet a page links to, besides Latch's own.
fn brand_stylesheet(page: &str) -> Option<String> {
    let start = page.find(r#"href="/branding/"#)? + r#"href=""#.len();
    let end = start + page[start..].find('"')?;
    Some(page[start..end].to_owned())
}

async fn the_brand_names_every_page_email_and_sms(db: Db) {
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: acme(),
            ..Options::default()
        },
    )
    .await;
    let response = app.get("/login").await;
    assert_eq!(response.status(), 200);
    let csp = response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    let page = response.text().await.unwrap();
    assert!(!page.contains("Latch"), "{page}");
    assert!(page.contains("· Acme Cloud</title>"), "the title");
    assert!(
        page.contains(r#"<a href="/" class="brand">Acme Cloud</a>"#),
        "the header: {page}"
    );
    for link in [
        r#"<a href="https://help.acme.test/">Help</a>"#,
        r#"<a href="mailto:help@acme.test">Contact</a>"#,
        r#"<a href="https://acme.test/privacy">Privacy</a>"#,
        r#"<a href="https://acme.test/terms">Terms</a>"#,
    ] {
        assert!(page.contains(link), "{link} in {page}");
    }
    assert!(
        page.contains("© Acme &lt;Corp&gt; &amp; co"),
        "the footer, escaped"
    );
    // The colours come from Latch itself: the policy names no other origin.
    assert!(csp.contains("style-src 'self'"), "{csp}");
    assert!(!csp.contains("acme"), "{csp}");
    let sheet = brand_stylesheet(&page).expect("the brand's stylesheet");
    let css = app.get(&sheet).await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()[CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(
        css.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let css = css.text().await.unwrap();
    assert!(
        css.contains("--accent: #0b6e4f; --accent-text: #ffffff;"),
        "{css}"
    );
    assert!(css.contains("prefers-color-scheme: dark"), "{css}");
    assert!(
        css.contains("--accent: #7fd8b6; --accent-text: #0d1220;"),
        "{css}"
    );
    assert_eq!(
        app.get("/branding/brand.0000000000000000.css")
            .await
            .status(),
        404
    );

    // Emails and SMS carry the name, never Latch's.
    let ada = Person::new();
    app.verified(&ada).await;
    let verification = &app.mailbox.to(&ada.email)[0];
    let (subject, body) = verification.decoded();
    assert!(
        subject.starts_with("Your Acme Cloud verification code: "),
        "{subject}"
    );
    assert!(!format!("{subject}{body}").contains("Latch"), "{body}");
    assert_eq!(app.request_otp(&ada.phone).await.status(), 202);
    let sms = app.sms.wait_for(&ada.phone, 1).await;
    assert!(
        sms[0].body.starts_with("Your Acme Cloud login code is "),
        "{}",
        sms[0].body
    );
    assert!(!sms[0].body.contains("Latch"));
    assert_eq!(app.forgot_password(&ada.email).await.status(), 202);
    let reset = app.mailbox.wait_for(&ada.email, 2).await;
    let (subject, body) = reset[1].decoded();
    assert_eq!(subject, "Reset your Acme Cloud password");
    assert!(!body.contains("Latch"), "{body}");
}

async fn admins_change_the_brand_and_every_instance_follows(db: Db) {
    let a = TestApp::spawn(&db).await;
    let b = TestApp::spawn(&db).await;
    let (_, token) = admin(&a).await;
    let before = branding(&a, &token).await;
    assert_eq!(before["product_name"], "Latch");
    assert_eq!(before["accent"], Value::Null);
    // B has shown the brand once, so it holds a copy it must notice is old.
    let page = b.get("/login").await.text().await.unwrap();
    assert!(page.contains("· Latch</title>"));

    let response = put(
        &a,
        &token,
        json!({
            "product_name": "  Northwind  ",
            "privacy_url": "https://northwind.test/privacy",
            "accent": "#1d4ed8",
            "footer": "",
        }),
    )
    .await;
    assert_eq!(response.status(), 200);
    let saved = response.json::<Value>().await.unwrap()["branding"].clone();
    assert_eq!(saved["product_name"], "Northwind");
    assert_eq!(saved["accent"], "#1d4ed8");
    assert_eq!(saved["accent_dark"], Value::Null);
    assert_eq!(saved["footer"], Value::Null);
    assert_eq!(saved["version"], before["version"].as_i64().unwrap() + 1);
    assert_eq!(branding(&a, &token).await, saved);

    // At once on the instance that took the change.
    let page = a.get("/login").await.text().await.unwrap();
    assert!(page.contains("· Northwind</title>"), "{page}");
    let sheet = brand_stylesheet(&page).expect("a stylesheet for the new accent");

    // Within seconds on the other, with no restart.
    let started = Instant::now();
    let seen = loop {
        let page = b.get("/login").await.text().await.unwrap();
        if page.contains("· Northwind</title>") || started.elapsed() > Duration::from_secs(15) {
            break page;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(
        seen.contains("· Northwind</title>"),
        "B never saw the change"
    );
    assert!(seen.contains(r#"<a href="https://northwind.test/privacy">Privacy</a>"#));
    assert_eq!(b.get(&sheet).await.status(), 200);
    // And B's messages carry it too: its sweep keeps the brand its messages use fresh. The
    // two share one outbox, so either worker may deliver it, to its own sink.
    let ada = Person::new();
    assert_eq!(b.register(&ada).await.status(), 201);
    let started = Instant::now();
    let subject = loop {
        let mut emails = a.mailbox.to(&ada.email);
        emails.extend(b.mailbox.to(&ada.email));
        if let Some(email) = emails.first() {
            break email.decoded().0;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no email");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        subject.starts_with("Your Northwind verification code"),
        "{subject}"
    );

    // The change is in the security log, naming what changed.
    let log: Value = a
        .get_with_token("/api/v1/admin/audit?kind=branding_changed", &token)
        .await
        .json()
        .await
        .unwrap();
    let event = &log["events"][0];
    assert_eq!(event["kind"], "branding_changed");
    assert_eq!(
        event["detail"]["changed"],
        json!(["product_name", "privacy_url", "accent"])
    );

    // A colour change renames the stylesheet; the old name is gone.
    let response = put(
        &a,
        &token,
        json!({ "product_name": "Northwind", "accent": "#7c2d12" }),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(a.get(&sheet).await.status(), 404);
}

async fn a_brand_latch_cannot_show_is_refused_field_by_field(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, token) = admin(&app).await;
    let before = branding(&app, &token).await;
    for (body, fields) in [
        (json!({}), vec!["product_name"]),
        (json!({ "product_name": "   " }), vec!["product_name"]),
        (
            json!({ "product_name": "x".repeat(41) }),
            vec!["product_name"],
        ),
        (
            json!({ "product_name": "Acme\u{202e}nimda" }),
            vec!["product_name"],
        ),
        (
            json!({ "product_name": "Acme", "support_url": "javascript:alert(1)" }),
            vec!["support_url"],
        ),
        (
            json!({ "product_name": "Acme", "privacy_url": "http://acme.test/p", "terms_url": "/terms" }),
            vec!["privacy_url", "terms_url"],
        ),
        (
            json!({ "product_name": "Acme", "support_email": "not an address" }),
            vec!["support_email"],
        ),
        (
            json!({ "product_name": "Acme", "footer": "one\nline" }),
            vec!["footer"],
        ),
        // Too light on white, too dark on the dark scheme's background: axe would fail them.
        (
            json!({ "product_name": "Acme", "accent": "#ffd500", "accent_dark": "#1f2937" }),
            vec!["accent", "accent_dark"],
        ),
        (
            json!({ "product_name": "Acme", "accent": "blue" }),
            vec!["accent"],
        ),
    ] {
        let (status, error) = error_code(put(&app, &token, body.clone()).await).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(error["error"]["code"], "validation_failed", "{error}");
        let named: Vec<&String> = error["error"]["fields"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(named, fields, "{body}: {error}");
    }
    let (_, error) = error_code(
        put(
            &app,
            &token,
            json!({ "product_name": "A", "accent": "#ffd500" }),
        )
        .await,
    )
    .await;
    let why = error["error"]["fields"]["accent"][0].as_str().unwrap();
    assert!(why.contains(":1"), "the ratio is named: {why}");
    assert_eq!(branding(&app, &token).await, before, "nothing was stored");

    // Only admins: a member is refused before the body is looked at, a stranger too.
    let member = Person::new();
    app.verified(&member).await;
    let member_token = app.token_for(&member).await;
    let (status, _) =
        error_code(put(&app, &member_token, json!({ "product_name": "Mine" })).await).await;
    assert_eq!(status, 403);
    let response = app
        .get_with_token("/api/v1/admin/branding", &member_token)
        .await;
    assert_eq!(response.status(), 403);
    let anonymous = app
        .client
        .put(app.url("/api/v1/admin/branding"))
        .json(&json!({ "product_name": "Mine" }))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(branding(&app, &token).await, before);
}
