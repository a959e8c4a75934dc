//! Password reset by emailed link, and account changes (names, email, phone, password,
//! sessions), on SQLite and PostgreSQL.
use std::time::Duration;

use crate::support::{Db, Person, TestApp, cookie_of, error_code, reset_token_in, wrong_code};
use serde_json::{Value, json};

db_tests!(
    forgot_answers_unknown_addresses_the_same,
    a_reset_link_sets_a_new_password_and_ends_every_session,
    a_reset_token_works_once,
    an_expired_reset_token_fails,
    a_newer_reset_token_kills_the_older,
    a_reset_verifies_the_email_and_obeys_password_rules,
    names_change_at_once,
    a_new_email_is_pending_until_confirmed,
    a_new_phone_is_confirmed_by_sms,
    five_wrong_change_codes_kill_the_code,
    an_email_taken_meanwhile_gets_409,
    email_changes_need_a_recent_login_or_the_password,
    a_password_change_keeps_this_session_and_ends_the_others,
    recent_activity_is_recorded,
);

/// The token of the newest reset email to `address`.
async fn reset_token(app: &TestApp, address: &str, count: usize) -> String {
    let emails = app.mailbox.wait_for(address, count).await;
    reset_token_in(&emails[count - 1].text()).expect("a reset link")
}

async fn patch_me(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn forgot_answers_unknown_addresses_the_same(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let known = app.forgot_password(&ada.email).await;
    let unknown = app.forgot_password("nobody.here@example.com").await;
    assert_eq!(known.status(), 202);
    assert_eq!(unknown.status(), known.status());
    assert_eq!(
        unknown.headers().get("content-type"),
        known.headers().get("content-type")
    );
    assert_eq!(unknown.text().await.unwrap(), known.text().await.unwrap());
    let link = app.mailbox.wait_for(&ada.email, 2).await[1].text();
    assert!(
        link.contains(&format!("{}/reset-password?token=", app.base)),
        "the link uses PUBLIC_URL: {link}"
    );
    assert!(
        app.store
            .outbox_status("nobody.here@example.com")
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_reset_link_sets_a_new_password_and_ends_every_session(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let before = [app.token_for(&ada).await, app.token_for(&ada).await];

    app.forgot_password(&ada.email).await;
    let token = reset_token(&app, &ada.email, 2).await;
    assert_eq!(token.len(), 43, "32 random bytes, base64url");
    let response = app.reset_password(&token, "a brand new passphrase").await;
    assert_eq!(response.status(), 200);

    for old in &before {
        assert_eq!(
            app.get_with_token("/api/v1/session", old).await.status(),
            401,
            "every session ended"
        );
    }
    assert_eq!(
        app.password_login(&ada.email, &ada.password).await.status(),
        401
    );
    assert_eq!(
        app.password_login(&ada.email, "a brand new passphrase")
            .await
            .status(),
        200
    );
    let notice = app.mailbox.wait_for(&ada.email, 3).await;
    assert!(notice[2].subject().contains("password was changed"));
}

async fn a_reset_token_works_once(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.forgot_password(&ada.email).await;
    let token = reset_token(&app, &ada.email, 2).await;
    assert_eq!(
        app.reset_password(&token, "a brand new passphrase")
            .await
            .status(),
        200
    );
    let (status, body) =
        error_code(app.reset_password(&token, "another new passphrase").await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token"))
    );
    let (status, body) = error_code(
        app.reset_password("made-up-token", "another new passphrase")
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token"))
    );
}

async fn an_expired_reset_token_fails(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.forgot_password(&ada.email).await;
    let token = reset_token(&app, &ada.email, 2).await;
    app.advance(Duration::from_secs(30 * 60 + 1));
    let (status, body) =
        error_code(app.reset_password(&token, "a brand new passphrase").await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token"))
    );
    assert_eq!(
        app.password_login(&ada.email, &ada.password).await.status(),
        200,
        "unchanged"
    );
}

async fn a_newer_reset_token_kills_the_older(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.forgot_password(&ada.email).await;
    let older = reset_token(&app, &ada.email, 2).await;
    app.advance(Duration::from_secs(61));
    app.forgot_password(&ada.email).await;
    let newer = reset_token(&app, &ada.email, 3).await;
    assert_ne!(older, newer);
    assert_eq!(
        app.reset_password(&older, "a brand new passphrase")
            .await
            .status(),
        400
    );
    assert_eq!(
        app.reset_password(&newer, "a brand new passphrase")
            .await
            .status(),
        200
    );
}

async fn a_reset_verifies_the_email_and_obeys_password_rules(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.register_and_read_code(&ada).await;
    app.forgot_password(&ada.email).await;
    let token = reset_token(&app, &ada.email, 2).await;
    for weak in ["short", "password1", ada.email.as_str()] {
        let (status, body) = error_code(app.reset_password(&token, weak).await).await;
        assert_eq!(status, 422, "{weak}");
        assert!(body["error"]["fields"]["password"].is_array());
    }
    assert_eq!(
        app.reset_password(&token, "a brand new passphrase")
            .await
            .status(),
        200,
        "a refused password does not use the token"
    );
    let user = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.email_verified_at.is_some(),
        "the link proved the address"
    );
    assert_eq!(
        app.password_login(&ada.email, "a brand new passphrase")
            .await
            .status(),
        200
    );
}

async fn names_change_at_once(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let response = patch_me(
        &app,
        &token,
        json!({"first_name": " Augusta ", "last_name": "King"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["first_name"], "Augusta");
    assert_eq!(body["user"]["last_name"], "King");
    assert_eq!(body["pending"], json!({"email": null, "phone": null}));
    let me: Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["first_name"], "Augusta");

    let (status, body) = error_code(patch_me(&app, &token, json!({"first_name": ""})).await).await;
    assert_eq!(
        (status, body["error"]["fields"]["first_name"].is_array()),
        (422, true)
    );
}

async fn a_new_email_is_pending_until_confirmed(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let new_email = Person::new().email;

    let body: Value = patch_me(&app, &token, json!({"email": new_email}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["user"]["email"], ada.email,
        "the old address stays in force"
    );
    assert_eq!(body["pending"]["email"], new_email);
    let code = app.mailbox.last_code_for(&new_email).await;

    // Until confirmed, the new address does not log in; the old one does.
    assert_eq!(
        app.password_login(&new_email, &ada.password).await.status(),
        401
    );
    assert_eq!(
        app.password_login(&ada.email, &ada.password).await.status(),
        200
    );

    let response = app
        .post_with_token("/api/v1/me/email/confirm", &token, json!({"code": code}))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["email"], new_email);
    assert_eq!(body["user"]["email_verified"], true);
    assert_eq!(
        app.password_login(&new_email, &ada.password).await.status(),
        200
    );
    assert_eq!(
        app.password_login(&ada.email, &ada.password).await.status(),
        401
    );
    // The old address is told.
    let old = app.mailbox.wait_for(&ada.email, 2).await;
    assert!(old[1].text().contains(&new_email));
    // A used code does not work twice.
    let (status, _) = error_code(
        app.post_with_token("/api/v1/me/email/confirm", &token, json!({"code": code}))
            .await,
    )
    .await;
    assert_eq!(status, 400);
}

async fn a_new_phone_is_confirmed_by_sms(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let new_phone = "+12015550177";
    let body: Value = patch_me(&app, &token, json!({"phone": new_phone}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["pending"]["phone"], new_phone);
    assert_eq!(body["user"]["phone"], ada.phone);
    let code = app.sms.last_code_for(new_phone).await;
    let response = app
        .post_with_token("/api/v1/me/phone/confirm", &token, json!({"code": code}))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["phone"], new_phone);
    assert_eq!(body["user"]["phone_verified"], true);
    assert_eq!(
        app.password_login(new_phone, &ada.password).await.status(),
        200
    );
}

async fn five_wrong_change_codes_kill_the_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let new_email = Person::new().email;
    patch_me(&app, &token, json!({"email": new_email})).await;
    let code = app.mailbox.last_code_for(&new_email).await;
    for _ in 0..5 {
        let response = app
            .post_with_token(
                "/api/v1/me/email/confirm",
                &token,
                json!({"code": wrong_code(&code)}),
            )
            .await;
        assert_eq!(response.status(), 400);
    }
    let (status, body) = error_code(
        app.post_with_token("/api/v1/me/email/confirm", &token, json!({"code": code}))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    let me: Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["email"], ada.email);
}

async fn an_email_taken_meanwhile_gets_409(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let contested = Person::new();
    patch_me(&app, &token, json!({"email": contested.email})).await;
    let code = app.mailbox.last_code_for(&contested.email).await;

    // Someone registers the address before Ada confirms it.
    assert_eq!(app.register(&contested).await.status(), 201);
    let (status, body) = error_code(
        app.post_with_token("/api/v1/me/email/confirm", &token, json!({"code": code}))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("email_taken"))
    );
    let me: Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["email"], ada.email);

    // Asking for a taken address up front is answered as for a free one (it would tell who
    // is registered otherwise); its owner is told, and gets no code.
    app.advance(Duration::from_secs(61));
    let response = patch_me(&app, &token, json!({"email": contested.email})).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["pending"]["email"], contested.email.as_str());
    let mail = app.mailbox.wait_for(&contested.email, 3).await;
    assert!(
        mail[2].subject().contains("Someone tried"),
        "{}",
        mail[2].subject()
    );
    assert_eq!(mail[2].code(), None);
}

async fn email_changes_need_a_recent_login_or_the_password(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    app.advance(Duration::from_secs(11 * 60));

    let (status, body) =
        error_code(patch_me(&app, &token, json!({"email": Person::new().email})).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("reauthentication_required"))
    );
    let (status, _) =
        error_code(patch_me(&app, &token, json!({"phone": "+12015550178"})).await).await;
    assert_eq!(status, 403);
    // Names need no re-authentication.
    assert_eq!(
        patch_me(&app, &token, json!({"first_name": "Augusta"}))
            .await
            .status(),
        200
    );

    let (status, body) = error_code(
        patch_me(
            &app,
            &token,
            json!({"email": Person::new().email, "current_password": "wrong password!"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let fresh = Person::new().email;
    let response = patch_me(
        &app,
        &token,
        json!({"email": fresh, "current_password": ada.password}),
    )
    .await;
    assert_eq!(response.status(), 200);

    // A fresh login is enough on its own.
    let recent = app.token_for(&ada).await;
    let response = patch_me(&app, &recent, json!({"phone": "+12015550179"})).await;
    assert_eq!(response.status(), 200);
}

async fn a_password_change_keeps_this_session_and_ends_the_others(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let this = app.token_for(&ada).await;
    let other = app.token_for(&ada).await;

    let (status, body) = error_code(
        app.post_with_token("/api/v1/me/password", &this, json!({"current_password": "wrong password!", "new_password": "a brand new passphrase"})).await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let (status, body) = error_code(
        app.post_with_token(
            "/api/v1/me/password",
            &this,
            json!({"current_password": ada.password, "new_password": "short"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["fields"]["new_password"].is_array()),
        (422, true)
    );

    let response = app
        .post_with_token(
            "/api/v1/me/password",
            &this,
            json!({"current_password": ada.password, "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        app.get_with_token("/api/v1/session", &this).await.status(),
        200,
        "this session stays"
    );
    assert_eq!(
        app.get_with_token("/api/v1/session", &other).await.status(),
        401,
        "others end"
    );
    assert_eq!(
        app.password_login(&ada.email, "a brand new passphrase")
            .await
            .status(),
        200
    );
    let emails = app.mailbox.wait_for(&ada.email, 2).await;
    assert!(emails[1].subject().contains("password was changed"));

    // A browser session keeps going too, under a new id.
    let login = app
        .password_login(&ada.email, "a brand new passphrase")
        .await;
    let cookie = cookie_of(&login);
    let change = app
        .client
        .post(app.url("/api/v1/me/password"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .json(&json!({"current_password": "a brand new passphrase", "new_password": "yet another passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), 204);
    let rotated = cookie_of(&change);
    assert_ne!(rotated, cookie);
    let old = app.get_with_cookie("/api/v1/session", &cookie).await;
    assert_eq!(old.status(), 401);
    let new = app.get_with_cookie("/api/v1/session", &rotated).await;
    assert_eq!(new.status(), 200);
}

async fn recent_activity_is_recorded(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.password_login(&ada.email, "wrong password!").await;
    let token = app.token_for(&ada).await;
    app.post_with_token(
        "/api/v1/me/password",
        &token,
        json!({"current_password": ada.password, "new_password": "a brand new passphrase"}),
    )
    .await;
    let user = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    let activity = app.store.recent_audit(user.id, 20).await.unwrap();
    let kinds: Vec<&str> = activity.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(
        kinds[..3],
        ["password_changed", "login_succeeded", "login_failed"],
        "{kinds:?}"
    );
    assert!(
        activity
            .iter()
            .all(|a| a.ip.as_deref() == Some("127.0.0.1"))
    );
}
