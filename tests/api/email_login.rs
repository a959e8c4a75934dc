//! Logging in with a code sent by email, on SQLite and PostgreSQL: the same answer for known
//! and unknown addresses, a code that works only with the attempt that asked for it and once,
//! the rules every login ends with, and the limits tried as an attacker would.

use std::time::Duration;

use futures::future::join_all;
use serde_json::{Value, json};

use crate::abuse::{behind_proxy, fresh_ip};
use crate::login_rules::disable;
use crate::second_factor::enrol;
use crate::support::{Db, Person, TestApp, error_code, wrong_code};

db_tests!(
    known_and_unknown_addresses_get_the_same_answer_and_only_the_known_an_email,
    the_code_works_only_with_its_attempt_and_once,
    five_wrong_codes_kill_the_code,
    an_unverified_address_is_taken_over_and_a_disabled_account_gets_nothing,
    an_account_with_an_authenticator_is_asked_for_it_next,
    an_admin_address_proven_by_a_login_code_is_an_admin,
    requests_are_limited_per_address_whatever_the_client_addresses,
    requests_are_limited_per_client_address_whatever_the_addresses,
);

async fn ask(app: &TestApp, ip: impl AsRef<str>, email: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/login/email-code"))
        .header("x-forwarded-for", ip.as_ref())
        .json(&json!({ "email": email }))
        .send()
        .await
        .expect("request sent")
}

/// The attempt of an accepted request.
async fn attempt(app: &TestApp, email: &str) -> String {
    let response = ask(app, fresh_ip(), email).await;
    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.unwrap();
    body["attempt"].as_str().expect("an attempt").to_owned()
}

async fn verify(app: &TestApp, attempt: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/login/email-code/verify",
        &json!({ "attempt": attempt, "code": code }),
    )
    .await
}

async fn known_and_unknown_addresses_get_the_same_answer_and_only_the_known_an_email(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let before = app.mailbox.to(&ada.email).len();
    let nobody = Person::new();

    let known = ask(&app, fresh_ip(), &ada.email).await;
    let unknown = ask(&app, fresh_ip(), &nobody.email).await;
    assert_eq!(
        (known.status().as_u16(), unknown.status().as_u16()),
        (202, 202)
    );
    let (known, unknown): (Value, Value) =
        (known.json().await.unwrap(), unknown.json().await.unwrap());
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&known), ["attempt"]);
    assert_eq!(keys(&known), keys(&unknown));
    let length = |v: &Value| v["attempt"].as_str().unwrap().len();
    assert!(
        length(&known).abs_diff(length(&unknown)) <= 4,
        "attempts of one shape: {known} {unknown}"
    );

    let emails = app.mailbox.wait_for(&ada.email, before + 1).await;
    let email = emails.last().unwrap();
    assert!(
        email.subject().contains("login code"),
        "{}",
        email.subject()
    );
    assert!(email.code().is_some());
    app.outbox_drained().await;
    assert!(
        app.mailbox.to(&nobody.email).is_empty(),
        "nothing to an unknown address"
    );

    // A malformed address is a field error.
    let (status, body) = error_code(ask(&app, fresh_ip(), "not an address").await).await;
    assert_eq!(
        (status, body["error"]["fields"]["email"].is_array()),
        (422, true)
    );
}

async fn the_code_works_only_with_its_attempt_and_once(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let (ada, bob) = (Person::new(), Person::new());
    app.verified(&ada).await;
    app.verified(&bob).await;
    let (ada_attempt, code) = login_code(&app, &ada.email).await;
    // Someone else's attempt (for their own address, or for Ada's but begun elsewhere) with
    // Ada's code: no login, and Ada's code still works afterwards.
    let bob_attempt = attempt(&app, &bob.email).await;
    let (status, body) = error_code(verify(&app, &bob_attempt, &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    for forged in ["AAAA", &ada_attempt[..ada_attempt.len() - 2]] {
        let (status, body) = error_code(verify(&app, forged, &code).await).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_code"))
        );
    }

    // Twenty at once with the right pair: one login.
    let tries = join_all((0..20).map(|_| verify(&app, &ada_attempt, &code))).await;
    let ok: Vec<_> = tries.iter().filter(|r| r.status() == 200).collect();
    assert_eq!(ok.len(), 1, "one session from one code");
    // The losers counted as failures, so the replay may meet the account's failure limit
    // first; either way it is refused.
    let (status, body) = error_code(verify(&app, &ada_attempt, &code).await).await;
    assert!(
        matches!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_code")) | (429, Some("rate_limited"))
        ),
        "used once: {status} {body}"
    );
}

async fn five_wrong_codes_kill_the_code(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let (attempt, code) = login_code(&app, &ada.email).await;
    for _ in 0..5 {
        let (status, _) = error_code(verify(&app, &attempt, &wrong_code(&code)).await).await;
        assert_eq!(status, 400);
    }
    let (status, body) = error_code(verify(&app, &attempt, &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code")),
        "the right code after five wrong ones"
    );

    // An attempt outlives its 10 minutes by nothing.
    app.advance(Duration::from_secs(61));
    let (late, code) = login_code(&app, &ada.email).await;
    app.advance(Duration::from_secs(10 * 60 + 1));
    let (status, _) = error_code(verify(&app, &late, &code).await).await;
    assert_eq!(status, 400, "expired");
}

/// An accepted request for `email`'s login code: its attempt, and the code emailed.
async fn login_code(app: &TestApp, email: &str) -> (String, String) {
    // Notices of earlier steps are delivered first, so the next email is the code's.
    app.outbox_drained().await;
    let before = app.mailbox.to(email).len();
    let attempt = attempt(app, email).await;
    let emails = app.mailbox.wait_for(email, before + 1).await;
    let email = &emails[before];
    assert!(
        email.subject().contains("login code"),
        "{}",
        email.subject()
    );
    (attempt, email.code().expect("a code in the email"))
}

async fn an_unverified_address_is_taken_over_and_a_disabled_account_gets_nothing(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    // Someone registers Eve's address with their own password and phone and never verifies
    // it. Eve's login code is the first proof of the address: she is logged in, and what the
    // registrant set up is gone.
    let eve = Person::new();
    let _ = app.register_and_read_code(&eve).await;
    let (eve_attempt, code) = login_code(&app, &eve.email).await;
    let response = verify(&app, &eve_attempt, &code).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["email_verified"], true, "{body}");
    assert_eq!(body["user"]["phone_verified"], false, "{body}");
    let (status, _) = error_code(app.password_login(&eve.email, &eve.password).await).await;
    assert_eq!(status, 401, "the registrant's password no longer works");
    let user = app
        .store
        .find_user_by_email(&eve.email)
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.phone_voided_at.is_some(),
        "the registrant's phone is voided"
    );
    app.outbox_drained().await;
    let subjects: Vec<String> = app
        .mailbox
        .to(&eve.email)
        .iter()
        .map(|m| m.subject())
        .collect();
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("email address is confirmed")),
        "{subjects:?}"
    );
    // Once verified, a login code is just a login: nothing more is dropped.
    let token = body["session_token"].as_str().unwrap().to_owned();
    app.advance(Duration::from_secs(61));
    let (again, code) = login_code(&app, &eve.email).await;
    assert_eq!(verify(&app, &again, &code).await.status(), 200);
    assert_eq!(
        app.get_with_token("/api/v1/session", &token).await.status(),
        200,
        "the first session lives on"
    );

    // Disabled: no email at all.
    let ada = Person::new();
    app.verified(&ada).await;
    disable(&app, &ada).await;
    app.outbox_drained().await;
    let before = app.mailbox.to(&ada.email).len();
    let _ = attempt(&app, &ada.email).await;
    app.outbox_drained().await;
    assert_eq!(
        app.mailbox.to(&ada.email).len(),
        before,
        "nothing to a disabled account"
    );
}

async fn an_admin_address_proven_by_a_login_code_is_an_admin(db: Db) {
    let ops = Person::new();
    let app = behind_proxy(&db, vec![("LATCH_ADMIN_EMAILS", ops.email.clone())]).await;
    // Registered, never verified: not an admin yet. The login code proves the address.
    let _ = app.register_and_read_code(&ops).await;
    let (attempt, code) = login_code(&app, &ops.email).await;
    let response = verify(&app, &attempt, &code).await;
    assert_eq!(response.status(), 200);
    let token = response.json::<Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me: Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        me["user"]["roles"]
            .as_array()
            .is_some_and(|roles| roles.iter().any(|r| r == "admin")),
        "{me}"
    );
}

async fn an_account_with_an_authenticator_is_asked_for_it_next(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    enrol(&app, &token).await;
    let (attempt, code) = login_code(&app, &ada.email).await;
    let response = verify(&app, &attempt, &code).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["second_factor_required"], true, "{body}");
    assert!(body.get("session_token").is_none(), "{body}");
}

/// Forty requests for one address at once, each from its own client address: one code.
async fn requests_are_limited_per_address_whatever_the_client_addresses(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let nobody = Person::new();
    for email in [&ada.email, &nobody.email] {
        let answers = join_all((0..40).map(|_| ask(&app, fresh_ip(), email))).await;
        let accepted = answers.iter().filter(|r| r.status() == 202).count();
        let limited = answers.iter().filter(|r| r.status() == 429).count();
        assert_eq!((accepted, limited), (1, 39), "one a minute to {email}");
    }
    // Five an hour, a minute apart.
    for _ in 0..4 {
        app.advance(Duration::from_secs(61));
        for email in [&ada.email, &nobody.email] {
            assert_eq!(ask(&app, fresh_ip(), email).await.status(), 202);
        }
    }
    app.advance(Duration::from_secs(61));
    for email in [&ada.email, &nobody.email] {
        assert_eq!(
            ask(&app, fresh_ip(), email).await.status(),
            429,
            "the sixth"
        );
    }
}

/// Twenty-five addresses at once from one client address: twenty answered.
async fn requests_are_limited_per_client_address_whatever_the_addresses(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ip = fresh_ip();
    let people: Vec<Person> = (0..25).map(|_| Person::new()).collect();
    let answers = join_all(people.iter().map(|p| ask(&app, &ip, &p.email))).await;
    let accepted = answers.iter().filter(|r| r.status() == 202).count();
    assert_eq!(accepted, 20);
    assert_eq!(
        ask(&app, fresh_ip(), &Person::new().email).await.status(),
        202
    );
}
