//! "Confirm it's you", walked as a browser without JavaScript does it (plain form posts, the
//! session cookie): the sensitive account page and a change made after the 10 minutes send the
//! person to confirm first, and back; an account with an authenticator confirms with a code,
//! not its password; `return_to` leads only to a page of the account.

use std::time::Duration;

use serde_json::Value;

use crate::abuse::{behind_proxy, fresh_ip};
use crate::second_factor::{enrol, totp_code};
use crate::support::{Db, Person, TestApp, cookie_of};

db_tests!(
    a_stale_login_confirms_before_the_security_page,
    a_stale_change_goes_to_confirm_and_back_instead_of_failing,
    an_account_with_an_authenticator_confirms_with_a_code,
    confirming_leads_back_only_to_the_account,
    confirm_guesses_count_against_the_accounts_password_limit,
);

const STALE: Duration = Duration::from_secs(11 * 60);
const CONFIRM_SECURITY: &str = "/account/confirm?return_to=%2Faccount%2Fsecurity";

/// A browser session of `person`, logged in with the password: its cookie.
async fn browser(app: &TestApp, person: &Person) -> String {
    let response = app.password_login(&person.email, &person.password).await;
    assert_eq!(response.status(), 200);
    cookie_of(&response)
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    app.get_with_cookie(path, cookie).await
}

/// A form posted from `from` as a browser without JavaScript posts it.
async fn post(
    app: &TestApp,
    cookie: &str,
    action: &str,
    from: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(action))
        .header("cookie", cookie)
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url(from))
        .form(fields)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn a_stale_login_confirms_before_the_security_page(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let cookie = browser(&app, &ada).await;

    let fresh = page(&app, &cookie, "/account/security").await;
    assert_eq!(fresh.status(), 200);
    let html = fresh.text().await.unwrap();
    assert!(html.contains("Two-step login"));
    assert!(
        !html.contains("10 minutes ago"),
        "no form asks for the password in case the login is old"
    );

    app.advance(STALE);
    let stale = page(&app, &cookie, "/account/security").await;
    assert_eq!(stale.status(), 302);
    assert_eq!(location(&stale), CONFIRM_SECURITY);
    // The other parts of the account stay open.
    assert_eq!(page(&app, &cookie, "/account").await.status(), 200);
    assert_eq!(page(&app, &cookie, "/account/sessions").await.status(), 200);

    let confirm = page(&app, &cookie, CONFIRM_SECURITY).await;
    assert_eq!(confirm.status(), 200);
    assert!(confirm.text().await.unwrap().contains("Confirm it"));

    let wrong = post(
        &app,
        &cookie,
        "/fn/confirm_identity",
        CONFIRM_SECURITY,
        &[
            ("current_password", "not the password at all"),
            ("return_to", "/account/security"),
        ],
    )
    .await;
    assert!(
        location(&wrong).contains("/account/confirm"),
        "a wrong password stays on the confirm page: {}",
        location(&wrong)
    );
    assert_eq!(
        page(&app, &cookie, "/account/security").await.status(),
        302,
        "still stale"
    );

    let right = post(
        &app,
        &cookie,
        "/fn/confirm_identity",
        CONFIRM_SECURITY,
        &[
            ("current_password", &ada.password),
            ("return_to", "/account/security"),
        ],
    )
    .await;
    assert_eq!(location(&right), "/account/security?done=confirmed");
    assert_eq!(page(&app, &cookie, "/account/security").await.status(), 200);
}

async fn a_stale_change_goes_to_confirm_and_back_instead_of_failing(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let cookie = browser(&app, &ada).await;
    app.advance(STALE);

    let new_email = Person::new().email;
    let change = post(
        &app,
        &cookie,
        "/fn/change_email",
        "/account",
        &[("email", &new_email)],
    )
    .await;
    assert_eq!(
        location(&change),
        "/account/confirm?return_to=%2Faccount",
        "back to the profile afterwards"
    );
    app.outbox_drained().await;
    assert!(
        app.mailbox.to(&new_email).is_empty(),
        "nothing was changed or sent"
    );

    let confirmed = post(
        &app,
        &cookie,
        "/fn/confirm_identity",
        "/account/confirm?return_to=%2Faccount",
        &[
            ("current_password", &ada.password),
            ("return_to", "/account"),
        ],
    )
    .await;
    assert_eq!(location(&confirmed), "/account?done=confirmed");
    let change = post(
        &app,
        &cookie,
        "/fn/change_email",
        "/account",
        &[("email", &new_email)],
    )
    .await;
    assert_eq!(location(&change), "/account?done=email-code-sent");
    app.mailbox.wait_for(&new_email, 1).await;
}

async fn an_account_with_an_authenticator_confirms_with_a_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let (secret, _) = enrol(&app, &token).await;
    app.advance(Duration::from_secs(30));

    // A browser that logs in with both factors, then lets the 10 minutes pass.
    let response = app.password_login(&ada.email, &ada.password).await;
    let body: Value = response.json().await.unwrap();
    let response = app
        .post_json(
            "/api/v1/login/second-factor",
            &serde_json::json!({
                "challenge": body["challenge"],
                "method": "totp",
                "code": totp_code(&app, &secret, 0),
            }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = cookie_of(&response);
    assert_eq!(page(&app, &cookie, "/account/security").await.status(), 200);
    app.advance(STALE);
    assert_eq!(page(&app, &cookie, "/account/security").await.status(), 302);

    let html = page(&app, &cookie, CONFIRM_SECURITY)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("authenticator app"), "asks for the code");
    assert!(
        !html.contains("name=\"current_password\""),
        "not for the password"
    );

    // The password alone does not open what the second factor guards.
    let password = post(
        &app,
        &cookie,
        "/fn/confirm_identity",
        CONFIRM_SECURITY,
        &[
            ("current_password", &ada.password),
            ("return_to", "/account/security"),
        ],
    )
    .await;
    assert!(location(&password).contains("/account/confirm"));
    assert_eq!(page(&app, &cookie, "/account/security").await.status(), 302);

    let code = totp_code(&app, &secret, 0);
    let confirmed = post(
        &app,
        &cookie,
        "/fn/confirm_identity",
        CONFIRM_SECURITY,
        &[
            ("method", "totp"),
            ("code", &code),
            ("return_to", "/account/security"),
        ],
    )
    .await;
    assert_eq!(location(&confirmed), "/account/security?done=confirmed");
    assert_eq!(page(&app, &cookie, "/account/security").await.status(), 200);

    // A code works once: the same one again is refused.
    app.advance(STALE);
    let again = post(
        &app,
        &cookie,
        "/fn/confirm_identity",
        CONFIRM_SECURITY,
        &[
            ("method", "totp"),
            ("code", &code),
            ("return_to", "/account/security"),
        ],
    )
    .await;
    assert!(location(&again).contains("/account/confirm"));
}

async fn confirming_leads_back_only_to_the_account(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let cookie = browser(&app, &ada).await;
    for return_to in [
        "https://evil.example/account",
        "//evil.example",
        "/oauth2/authorize?client_id=x",
        "/account/security/../../admin",
    ] {
        let response = post(
            &app,
            &cookie,
            "/fn/confirm_identity",
            "/account/confirm",
            &[
                ("current_password", &ada.password),
                ("return_to", return_to),
            ],
        )
        .await;
        assert_eq!(
            location(&response),
            "/account/security?done=confirmed",
            "{return_to}"
        );
    }

    // A visitor is sent to log in.
    let visitor = app.get("/account/confirm").await;
    assert_eq!(visitor.status(), 302);
    assert_eq!(location(&visitor), "/login");
}

/// A stolen cookie is no oracle for the password: guesses on the confirm page, sent at once
/// from many addresses, count against the account's password failures (10 a quarter hour), the
/// same counter a login uses. In waves the hasher can take, so none is turned away as busy.
async fn confirm_guesses_count_against_the_accounts_password_limit(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let cookie = browser(&app, &ada).await;
    let guess = |password: String| {
        app.client
            .post(app.url("/fn/confirm_identity"))
            .header("cookie", &cookie)
            .header("x-forwarded-for", fresh_ip())
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", app.url(CONFIRM_SECURITY))
            .form(&[
                ("current_password", password.as_str()),
                ("return_to", "/account/security"),
            ])
            .send()
    };
    for wave in [5, 5, 4] {
        let answers = futures::future::join_all(
            (0..wave).map(|i| guess(format!("wrong password number {i}"))),
        )
        .await;
        for answer in answers {
            let answer = answer.unwrap();
            assert!(location(&answer).contains("/account/confirm"));
        }
    }

    let right = guess(ada.password.clone()).await.unwrap();
    assert!(
        location(&right).contains("/account/confirm"),
        "past the limit even the right password waits: {}",
        location(&right)
    );
    let login = app.password_login(&ada.email, &ada.password).await;
    assert_eq!(
        login.status(),
        429,
        "the login shares the account's counter"
    );
}
