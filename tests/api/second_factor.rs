//! The second factor: TOTP enrolment with recovery codes, the login's second step, step-up for
//! sensitive changes, and the limits on guessing, on SQLite and PostgreSQL. Codes are computed
//! here from the secret the API hands out, at the server's clock (which the test moves).
use std::time::Duration;

use futures::future::join_all;
use latch::auth::Clock;
use reqwest::Method;
use serde_json::{Value, json};

use crate::abuse::{behind_proxy, fresh_ip};
use crate::support::{Db, Person, TestApp, cookie_of, error_code};

db_tests!(
    an_authenticator_is_added_with_a_first_code_and_gives_ten_recovery_codes,
    a_login_stops_at_the_second_step_until_a_code_is_given,
    the_second_step_cannot_be_skipped,
    a_totp_code_is_accepted_once,
    a_recovery_code_works_once_and_is_reported,
    one_code_sent_to_many_challenges_at_once_logs_in_once,
    second_factor_guesses_are_limited_per_account_whatever_the_address,
    sensitive_changes_need_a_recent_second_factor,
    adding_an_authenticator_needs_a_recent_login_or_the_password,
    the_operator_turns_two_step_off_for_someone_locked_out,
);

/// The code the authenticator app shows for `secret` at the server's time plus `steps` steps.
pub(crate) fn totp_code(app: &TestApp, secret: &str, steps: i64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("base32 secret");
    let totp = totp_rs::Builder::new()
        .with_secret(secret.as_ref().to_vec())
        .build()
        .expect("an RFC 6238 authenticator");
    let at = app.clock.now().timestamp() + steps * 30;
    totp.generate(at as u64).to_string()
}

/// Moves the server's clock to the next 30-second step, so a fresh code exists.
fn next_step(app: &TestApp) {
    app.advance(Duration::from_secs(30));
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request sent")
}

/// Adds an authenticator to `token`'s account: its secret and recovery codes.
pub(crate) async fn enrol(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let started = send(app, Method::POST, "/api/v1/me/totp", token, None).await;
    assert_eq!(started.status(), 200);
    let started: Value = started.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap().to_owned();
    let code = totp_code(app, &secret, 0);
    let confirmed = app
        .post_with_token("/api/v1/me/totp/confirm", token, json!({"code": code}))
        .await;
    assert_eq!(confirmed.status(), 200);
    let body: Value = confirmed.json().await.unwrap();
    let codes = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

/// A verified person with an authenticator: their secret and recovery codes.
async fn with_authenticator(app: &TestApp) -> (Person, String, Vec<String>) {
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let (secret, codes) = enrol(app, &token).await;
    next_step(app);
    (ada, secret, codes)
}

/// A password login that must stop at the second step: its challenge.
async fn challenge(app: &TestApp, person: &Person) -> String {
    let response = app.password_login(&person.email, &person.password).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers().get("set-cookie").is_none(),
        "no session before the second step"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["second_factor_required"], true, "{body}");
    assert!(body.get("session_token").is_none(), "{body}");
    body["challenge"].as_str().unwrap().to_owned()
}

async fn second_step(
    app: &TestApp,
    challenge: &str,
    method: &str,
    code: &str,
) -> reqwest::Response {
    app.post_json(
        "/api/v1/login/second-factor",
        &json!({"challenge": challenge, "method": method, "code": code}),
    )
    .await
}

async fn an_authenticator_is_added_with_a_first_code_and_gives_ten_recovery_codes(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let status: Value = app
        .get_with_token("/api/v1/me/totp", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status, json!({"enabled": false, "recovery_codes_left": 0}));

    let started = send(&app, Method::POST, "/api/v1/me/totp", &token, None).await;
    assert_eq!(started.status(), 200);
    let started: Value = started.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap();
    let uri = started["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Latch:"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(started["qr_svg"].as_str().unwrap().starts_with("<svg"));
    // Pending: logins do not ask for it yet.
    let pending: Value = app
        .password_login(&ada.email, &ada.password)
        .await
        .json()
        .await
        .unwrap();
    assert!(pending["session_token"].is_string(), "{pending}");

    let right = totp_code(&app, secret, 0);
    let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1) % 1_000_000);
    let (status, body) = error_code(
        app.post_with_token("/api/v1/me/totp/confirm", &token, json!({"code": wrong}))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );

    let confirmed = app
        .post_with_token("/api/v1/me/totp/confirm", &token, json!({"code": right}))
        .await;
    assert_eq!(confirmed.status(), 200);
    let body: Value = confirmed.json().await.unwrap();
    let codes: Vec<&str> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 10);
    assert_eq!(
        codes.iter().collect::<std::collections::HashSet<_>>().len(),
        10
    );
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'),
        "{codes:?}"
    );
    let status: Value = app
        .get_with_token("/api/v1/me/totp", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status, json!({"enabled": true, "recovery_codes_left": 10}));

    // Once on, starting again is refused rather than silently replacing the app.
    let (status, body) =
        error_code(send(&app, Method::POST, "/api/v1/me/totp", &token, None).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("totp_already_enabled"))
    );
    let notice = app.mailbox.wait_for(&ada.email, 2).await;
    assert!(
        notice[1].subject().contains("authenticator app was added"),
        "{}",
        notice[1].subject()
    );
    let kinds: Vec<String> = app
        .store
        .recent_audit(latest_user(&app, &ada).await, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert!(kinds.contains(&"totp_enabled".to_owned()), "{kinds:?}");
}

async fn latest_user(app: &TestApp, person: &Person) -> uuid::Uuid {
    app.store
        .find_user_by_email(&person.email)
        .await
        .unwrap()
        .expect("registered")
        .id
}

async fn a_login_stops_at_the_second_step_until_a_code_is_given(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (ada, secret, _) = with_authenticator(&app).await;
    let challenge = challenge(&app, &ada).await;
    let body: Value = app
        .password_login(&ada.email, &ada.password)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["methods"], json!(["totp", "recovery_code"]));

    let (status, body) = error_code(second_step(&app, &challenge, "totp", "12345").await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let (status, body) =
        error_code(second_step(&app, &challenge, "sms", &totp_code(&app, &secret, 0)).await).await;
    assert_eq!(
        (status, body["error"]["fields"]["method"].is_array()),
        (422, true)
    );

    let logged_in = second_step(&app, &challenge, "totp", &totp_code(&app, &secret, 0)).await;
    assert_eq!(logged_in.status(), 200);
    assert!(cookie_of(&logged_in).contains("latch_session="));
    let body: Value = logged_in.json().await.unwrap();
    let token = body["session_token"].as_str().unwrap();
    assert_eq!(body["user"]["email"], ada.email);
    let me = app.get_with_token("/api/v1/me", token).await;
    assert_eq!(me.status(), 200);

    // The challenge is spent: the next code does not log in a second time with it.
    next_step(&app);
    let (status, body) =
        error_code(second_step(&app, &challenge, "totp", &totp_code(&app, &secret, 0)).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_challenge"))
    );

    // Nor does one 5 minutes old.
    let old = crate::second_factor::challenge(&app, &ada).await;
    app.advance(Duration::from_secs(5 * 60 + 1));
    let (status, body) =
        error_code(second_step(&app, &old, "totp", &totp_code(&app, &secret, 0)).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_challenge"))
    );
}

async fn the_second_step_cannot_be_skipped(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (ada, _, _) = with_authenticator(&app).await;
    // By password and by SMS code, the answer is a challenge, never a session.
    let challenge = challenge(&app, &ada).await;
    app.request_otp(&ada.phone).await;
    let code = app.sms.last_code_for(&ada.phone).await;
    let by_sms: Value = app
        .verify_otp(&ada.phone, &code)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_sms["second_factor_required"], true, "{by_sms}");
    assert!(by_sms.get("session_token").is_none());

    // The challenge is no session token, and the session endpoints know nobody.
    for path in ["/api/v1/me", "/api/v1/session", "/api/v1/me/totp"] {
        let response = app.get_with_token(path, &challenge).await;
        assert_eq!(response.status(), 401, "{path} with the challenge");
        let response = app.get(path).await;
        assert_eq!(response.status(), 401, "{path} without anything");
    }

    // The page login leaves the challenge in its cookie's session, which is no login either.
    let form = app
        .client
        .post(app.url("/fn/log_in_with_password"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[
            ("identifier", ada.email.as_str()),
            ("password", ada.password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 302, "{:?}", form.headers());
    assert_eq!(form.headers()["location"], "/login/second-factor");
    let cookie = cookie_of(&form);
    let me = app.get_with_cookie("/api/v1/me", &cookie).await;
    assert_eq!(me.status(), 401);
    let account = app.get_with_cookie("/account", &cookie).await;
    assert_eq!(account.status(), 302);
    assert_eq!(account.headers()["location"], "/login");
}

async fn a_totp_code_is_accepted_once(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (ada, secret, _) = with_authenticator(&app).await;
    let code = totp_code(&app, &secret, 0);
    let first = challenge(&app, &ada).await;
    assert_eq!(second_step(&app, &first, "totp", &code).await.status(), 200);
    // The same code, within its 90 seconds, on a fresh login: refused.
    let second = challenge(&app, &ada).await;
    let (status, body) = error_code(second_step(&app, &second, "totp", &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    // So is the code of the step before the one used.
    let earlier = totp_code(&app, &secret, -1);
    let (status, _) = error_code(second_step(&app, &second, "totp", &earlier).await).await;
    assert_eq!(status, 400);
    // The next step's code works, on the same challenge: a wrong code does not spend it.
    let next = totp_code(&app, &secret, 1);
    assert_eq!(
        second_step(&app, &second, "totp", &next).await.status(),
        200
    );
}

async fn a_recovery_code_works_once_and_is_reported(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (ada, _, codes) = with_authenticator(&app).await;
    let first = challenge(&app, &ada).await;
    // Typed as people type it off paper: capitals, a space for the dash.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let logged_in = second_step(&app, &first, "recovery_code", &typed).await;
    assert_eq!(logged_in.status(), 200);
    let token = logged_in.json::<Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let notice = app.mailbox.wait_for(&ada.email, 3).await;
    assert!(
        notice[2].subject().contains("recovery code was used"),
        "{}",
        notice[2].subject()
    );

    let second = challenge(&app, &ada).await;
    let (status, body) =
        error_code(second_step(&app, &second, "recovery_code", &codes[3]).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    let status: Value = app
        .get_with_token("/api/v1/me/totp", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["recovery_codes_left"], 9);
    let kinds: Vec<String> = app
        .store
        .recent_audit(latest_user(&app, &ada).await, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "recovery_code_used").count(),
        1,
        "{kinds:?}"
    );
}

async fn one_code_sent_to_many_challenges_at_once_logs_in_once(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (ada, secret, codes) = with_authenticator(&app).await;
    let mut challenges = Vec::new();
    for _ in 0..6 {
        challenges.push(challenge(&app, &ada).await);
    }
    let code = totp_code(&app, &secret, 0);
    let answers = join_all(
        challenges[..3]
            .iter()
            .map(|c| second_step(&app, c, "totp", &code)),
    )
    .await;
    let ok = answers.iter().filter(|a| a.status() == 200).count();
    assert_eq!(ok, 1, "one TOTP code, three logins at once");
    let answers = join_all(
        challenges[3..]
            .iter()
            .map(|c| second_step(&app, c, "recovery_code", &codes[0])),
    )
    .await;
    let ok = answers.iter().filter(|a| a.status() == 200).count();
    assert_eq!(ok, 1, "one recovery code, three logins at once");
}

async fn second_factor_guesses_are_limited_per_account_whatever_the_address(db: Db) {
    let app = behind_proxy(&db, Vec::new()).await;
    let (ada, secret, _) = with_authenticator(&app).await;
    let mut challenges = Vec::new();
    for _ in 0..3 {
        challenges.push(challenge(&app, &ada).await);
    }
    let right = totp_code(&app, &secret, 0);
    // 14 wrong codes at once, alternating challenges, each from an address never seen.
    let guesses = (0..14).map(|i| {
        let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1 + i) % 1_000_000);
        let request = app
            .client
            .post(app.url("/api/v1/login/second-factor"))
            .header("x-forwarded-for", fresh_ip())
            .json(
                &json!({"challenge": challenges[i as usize % 3], "method": "totp", "code": wrong}),
            );
        async move { request.send().await.unwrap().status().as_u16() }
    });
    let statuses = join_all(guesses).await;
    let wrong = statuses.iter().filter(|s| **s == 400).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((wrong, limited), (10, 4), "{statuses:?}");
    // Now even the right code waits for the window to end.
    let (status, _) = error_code(second_step(&app, &challenges[0], "totp", &right).await).await;
    assert_eq!(status, 429);
    // An hour on (and a fresh login), the owner gets in.
    app.advance(Duration::from_secs(3601));
    let fresh = challenge(&app, &ada).await;
    let ok = second_step(&app, &fresh, "totp", &totp_code(&app, &secret, 0)).await;
    assert_eq!(ok.status(), 200);
}

async fn sensitive_changes_need_a_recent_second_factor(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (ada, secret, codes) = with_authenticator(&app).await;
    let first = challenge(&app, &ada).await;
    let logged_in: Value = second_step(&app, &first, "totp", &totp_code(&app, &secret, 0))
        .await
        .json()
        .await
        .unwrap();
    let token = logged_in["session_token"].as_str().unwrap().to_owned();
    app.advance(Duration::from_secs(11 * 60));

    let refused = [
        send(&app, Method::DELETE, "/api/v1/me/totp", &token, None).await,
        send(
            &app,
            Method::POST,
            "/api/v1/me/recovery-codes",
            &token,
            None,
        )
        .await,
        send(
            &app,
            Method::POST,
            "/api/v1/me/password",
            &token,
            Some(
                json!({"current_password": ada.password, "new_password": "a brand new passphrase"}),
            ),
        )
        .await,
        send(
            &app,
            Method::PATCH,
            "/api/v1/me",
            &token,
            Some(json!({"email": "new.address@example.com", "current_password": ada.password})),
        )
        .await,
    ];
    for response in refused {
        let (status, body) = error_code(response).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("second_factor_required"))
        );
    }
    // A change of name is no sensitive change.
    let names = send(
        &app,
        Method::PATCH,
        "/api/v1/me",
        &token,
        Some(json!({"first_name": "Augusta"})),
    )
    .await;
    assert_eq!(names.status(), 200);

    let wrong = send(
        &app,
        Method::POST,
        "/api/v1/me/second-factor",
        &token,
        Some(json!({"method": "recovery_code", "code": "aaaaa-aaaaa"})),
    )
    .await;
    assert_eq!(error_code(wrong).await.0, 400);
    let confirmed = send(
        &app,
        Method::POST,
        "/api/v1/me/second-factor",
        &token,
        Some(json!({"method": "totp", "code": totp_code(&app, &secret, 0)})),
    )
    .await;
    assert_eq!(confirmed.status(), 204);
    let renewed = send(
        &app,
        Method::POST,
        "/api/v1/me/recovery-codes",
        &token,
        None,
    )
    .await;
    assert_eq!(renewed.status(), 200);
    let renewed: Value = renewed.json().await.unwrap();
    assert_eq!(renewed["recovery_codes"].as_array().unwrap().len(), 10);
    // The old set is void.
    let old = challenge(&app, &ada).await;
    assert_eq!(
        second_step(&app, &old, "recovery_code", &codes[0])
            .await
            .status(),
        400
    );

    let off = send(&app, Method::DELETE, "/api/v1/me/totp", &token, None).await;
    assert_eq!(off.status(), 204);
    let notice = app.mailbox.wait_for(&ada.email, 3).await;
    assert!(
        notice[2]
            .subject()
            .contains("authenticator app was removed"),
        "{}",
        notice[2].subject()
    );
    // Off: a password login is a login again.
    let body: Value = app
        .password_login(&ada.email, &ada.password)
        .await
        .json()
        .await
        .unwrap();
    assert!(body["session_token"].is_string(), "{body}");
    let (status, body) =
        error_code(send(&app, Method::DELETE, "/api/v1/me/totp", &token, None).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("totp_not_enabled"))
    );
}

async fn adding_an_authenticator_needs_a_recent_login_or_the_password(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    app.advance(Duration::from_secs(11 * 60));
    let (status, body) =
        error_code(send(&app, Method::POST, "/api/v1/me/totp", &token, None).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("reauthentication_required"))
    );
    let wrong = send(
        &app,
        Method::POST,
        "/api/v1/me/totp",
        &token,
        Some(json!({"current_password": "not my password"})),
    )
    .await;
    assert_eq!(error_code(wrong).await.0, 401);
    let started = send(
        &app,
        Method::POST,
        "/api/v1/me/totp",
        &token,
        Some(json!({"current_password": ada.password})),
    )
    .await;
    assert_eq!(started.status(), 200);
    // No enrolment waiting: confirming is refused, not an error of ours.
    let bob = Person::new();
    app.verified(&bob).await;
    let bob_token = app.token_for(&bob).await;
    let (status, body) = error_code(
        app.post_with_token(
            "/api/v1/me/totp/confirm",
            &bob_token,
            json!({"code": "123456"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("totp_not_started"))
    );
}

async fn the_operator_turns_two_step_off_for_someone_locked_out(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (ada, _, _) = with_authenticator(&app).await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_latch"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", db.url())
            .output()
            .unwrap()
    };
    let off = run(&["admin", "two-step-off", &ada.email]);
    assert_eq!(off.status.code(), Some(0), "{off:?}");
    assert!(String::from_utf8_lossy(&off.stdout).contains("without an authenticator"));
    let body: Value = app
        .password_login(&ada.email, &ada.password)
        .await
        .json()
        .await
        .unwrap();
    assert!(body["session_token"].is_string(), "{body}");
    let again = run(&["admin", "two-step-off", &ada.email]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("had no authenticator"));
    assert_eq!(
        run(&["admin", "two-step-off", "nobody@example.com"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["admin", "two-step-off", "not-an-email"])
            .status
            .code(),
        Some(2)
    );
    let audit = app
        .store
        .recent_audit(latest_user(&app, &ada).await, 20)
        .await
        .unwrap();
    assert!(
        audit.iter().any(|r| r.kind == "totp_disabled"),
        "{:?}",
        audit.iter().map(|r| &r.kind).collect::<Vec<_>>()
    );
}
