//! The credential-change table (`auth::credentials`), walked on SQLite and PostgreSQL: each
//! change is made through its real door, by a person who had two browser sessions, an app's
//! grant through each (refresh and access token), an authorization code not yet exchanged, a
//! pending contact change and a reset link; then each of those is tried, and must stand or be
//! gone as the change's row says. Then what the security review asked, with its own figures:
//! a reset ends a stolen refresh token and its access token; "log out everywhere" ends what
//! was issued before it.

use std::collections::HashMap;

use latch::auth::credentials::CredentialChange;
use latch::auth::oidc::{Alg, NewClient, RedirectUri};
use latch::auth::{Clock, Email};
use latch::store::Reach;
use serde_json::{Value, json};

use crate::support::{Db, Person, TestApp, cookie_of, reset_token_in};

db_tests!(
    every_change_ends_what_its_row_names,
    a_reset_ends_a_stolen_refresh_token_and_its_access_token,
    logging_out_everywhere_ends_what_was_issued_before,
);

const REDIRECT: &str = "http://127.0.0.1:9/callback";

struct OAuthApp {
    id: String,
    secret: String,
}

async fn first_party_app(app: &TestApp) -> OAuthApp {
    let (client, secret) = app
        .auth
        .add_client(NewClient {
            name: "Billing".into(),
            redirect_uris: vec![RedirectUri::parse(REDIRECT).unwrap()],
            post_logout_redirect_uris: vec![],
            public: false,
            first_party: true,
            id_token_alg: Alg::Rs256,
        })
        .await
        .unwrap();
    OAuthApp {
        id: client.id,
        secret: secret.unwrap(),
    }
}

/// The code `/oauth2/authorize` gives the browser holding `cookie`.
async fn authorization_code(app: &TestApp, client: &OAuthApp, cookie: &str) -> String {
    let url = format!(
        "/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&scope=openid%20email%20offline_access&state=s1",
        client.id,
        url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>()
    );
    let response = app.get_with_cookie(&url, cookie).await;
    assert_eq!(response.status(), 302);
    let to = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    let query: HashMap<String, String> = to.query_pairs().into_owned().collect();
    query
        .get("code")
        .unwrap_or_else(|| panic!("no code: {to}"))
        .clone()
}

async fn token_request(app: &TestApp, client: &OAuthApp, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/oauth2/token"))
        .basic_auth(&client.id, Some(&client.secret))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// An app's access and refresh token, through the browser holding `cookie`.
async fn grant(app: &TestApp, client: &OAuthApp, cookie: &str) -> (String, String) {
    let code = authorization_code(app, client, cookie).await;
    let (status, body) = token_request(
        app,
        client,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

async fn userinfo_answers(app: &TestApp, access: &str) -> bool {
    let status = app
        .get_with_token("/oauth2/userinfo", access)
        .await
        .status();
    assert!(status == 200 || status == 401, "{status}");
    status == 200
}

async fn refresh_answers(app: &TestApp, client: &OAuthApp, refresh: &str) -> bool {
    let (status, body) = token_request(
        app,
        client,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert!(status == 200 || body["error"] == "invalid_grant", "{body}");
    status == 200
}

async fn code_exchanges(app: &TestApp, client: &OAuthApp, code: &str) -> bool {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
    ];
    let (status, body) = token_request(app, client, &form).await;
    assert!(status == 200 || body["error"] == "invalid_grant", "{body}");
    status == 200
}

async fn session_answers(app: &TestApp, token: &str) -> bool {
    let status = app.get_with_token("/api/v1/session", token).await.status();
    assert!(status == 200 || status == 401, "{status}");
    status == 200
}

/// A password login: its token and the cookie that carries it.
async fn log_in(app: &TestApp, person: &Person) -> (String, String) {
    let response = app.password_login(&person.email, &person.password).await;
    assert_eq!(response.status(), 200);
    let cookie = cookie_of(&response);
    let body: Value = response.json().await.unwrap();
    (body["session_token"].as_str().unwrap().to_owned(), cookie)
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    app.client
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// What a person holds before a change, and whether each still works after it.
struct Holdings {
    session_a: String,
    session_b: String,
    access_a: String,
    refresh_a: String,
    access_b: String,
    refresh_b: String,
    /// An authorization code from session B, not exchanged yet.
    code_b: String,
    reset_link: String,
}

#[derive(Debug, PartialEq, Eq)]
struct Standing {
    session_a: bool,
    session_b: bool,
    grant_a: bool,
    grant_b: bool,
    unexchanged_code: bool,
    pending_contact_change: bool,
    reset_link: bool,
}

impl Standing {
    /// What the table says should stand, session A being the one that makes the change.
    fn expected(change: CredentialChange) -> Standing {
        let ends = change.ends();
        let keeps_a = |reach| reach != Reach::All;
        let keeps_b = |reach| reach == Reach::Nothing;
        Standing {
            session_a: keeps_a(ends.sessions),
            session_b: keeps_b(ends.sessions),
            grant_a: keeps_a(ends.grants),
            grant_b: keeps_b(ends.grants),
            unexchanged_code: keeps_b(ends.grants) && keeps_b(ends.sessions),
            pending_contact_change: !ends.codes,
            reset_link: !ends.reset_links,
        }
    }
}

async fn every_change_ends_what_its_row_names(db: Db) {
    let app = TestApp::spawn(&db).await;
    let client = first_party_app(&app).await;
    for change in CredentialChange::ALL {
        let ada = Person::new();
        app.verified(&ada).await;
        let user_id = app
            .store
            .find_user_by_email(&ada.email)
            .await
            .unwrap()
            .unwrap()
            .id;
        let (session_a, cookie_a) = log_in(&app, &ada).await;
        let (session_b, cookie_b) = log_in(&app, &ada).await;
        let (access_a, refresh_a) = grant(&app, &client, &cookie_a).await;
        let (access_b, refresh_b) = grant(&app, &client, &cookie_b).await;
        let code_b = authorization_code(&app, &client, &cookie_b).await;
        // The change itself may need one kind of pending change; the other one is watched.
        let pending = if change == CredentialChange::EmailChanged {
            json!({"phone": Person::new().phone})
        } else {
            json!({"email": Person::new().email})
        };
        let response = send(
            &app,
            reqwest::Method::PATCH,
            "/api/v1/me",
            &session_b,
            pending,
        )
        .await;
        assert_eq!(response.status(), 200, "{change:?}");
        assert_eq!(app.forgot_password(&ada.email).await.status(), 202);
        let reset_link = reset_token_in(&app.mailbox.wait_for(&ada.email, 2).await[1].text())
            .expect("a reset link");
        let held = Holdings {
            session_a,
            session_b,
            access_a,
            refresh_a,
            access_b,
            refresh_b,
            code_b,
            reset_link,
        };

        make(&app, change, &ada, &held).await;

        let pending_now = app
            .store
            .pending_contacts(user_id, app.clock.now(), 5)
            .await
            .unwrap();
        let link_hash = latch::auth::sessions::token_hash(&held.reset_link);
        let standing = Standing {
            session_a: session_answers(&app, &held.session_a).await,
            session_b: session_answers(&app, &held.session_b).await,
            grant_a: userinfo_answers(&app, &held.access_a).await,
            grant_b: userinfo_answers(&app, &held.access_b).await,
            unexchanged_code: code_exchanges(&app, &client, &held.code_b).await,
            pending_contact_change: !pending_now.is_empty(),
            reset_link: app
                .store
                .reset_token_user(&link_hash, app.clock.now())
                .await
                .unwrap()
                .is_some(),
        };
        assert_eq!(standing, Standing::expected(change), "{change:?}");
        // The refresh tokens go as their access tokens do (and the disabled account's
        // would be refused even with its grant).
        assert_eq!(
            refresh_answers(&app, &client, &held.refresh_a).await,
            standing.grant_a,
            "{change:?}"
        );
        assert_eq!(
            refresh_answers(&app, &client, &held.refresh_b).await,
            standing.grant_b,
            "{change:?}"
        );
        // The next row starts with every per-address limit's hour over.
        app.advance(std::time::Duration::from_secs(3601));
    }
}

/// Makes `change` to `ada`'s account through its real door, from session A.
async fn make(app: &TestApp, change: CredentialChange, ada: &Person, held: &Holdings) {
    use reqwest::Method;
    let token = &held.session_a;
    match change {
        CredentialChange::PasswordReset => {
            let response = app
                .reset_password(&held.reset_link, "a brand new passphrase")
                .await;
            assert_eq!(response.status(), 200);
        }
        CredentialChange::PasswordChanged => {
            let body =
                json!({"current_password": ada.password, "new_password": "a brand new passphrase"});
            let response = send(app, Method::POST, "/api/v1/me/password", token, body).await;
            assert_eq!(response.status(), 204);
        }
        CredentialChange::EmailChanged => {
            let new = Person::new().email;
            let response = send(
                app,
                Method::PATCH,
                "/api/v1/me",
                token,
                json!({"email": new}),
            )
            .await;
            assert_eq!(response.status(), 200);
            let code = app.mailbox.last_code_for(&new).await;
            let confirm = json!({"code": code});
            let response = send(
                app,
                Method::POST,
                "/api/v1/me/email/confirm",
                token,
                confirm,
            )
            .await;
            assert_eq!(response.status(), 200);
        }
        CredentialChange::PhoneChanged => {
            let new = Person::new().phone;
            let response = send(
                app,
                Method::PATCH,
                "/api/v1/me",
                token,
                json!({"phone": new}),
            )
            .await;
            assert_eq!(response.status(), 200);
            let code = app.sms.last_code_for(&new).await;
            let confirm = json!({"code": code});
            let response = send(
                app,
                Method::POST,
                "/api/v1/me/phone/confirm",
                token,
                confirm,
            )
            .await;
            assert_eq!(response.status(), 200);
        }
        CredentialChange::SecondFactorRemoved => {
            crate::second_factor::enrol(app, token).await;
            let response = send(app, Method::DELETE, "/api/v1/me/totp", token, json!({})).await;
            assert_eq!(response.status(), 204);
        }
        CredentialChange::SecondFactorReset => {
            crate::second_factor::enrol(app, token).await;
            let email = Email::parse(&ada.email).unwrap();
            assert_eq!(
                app.auth.turn_off_two_step_for(&email).await.unwrap(),
                Some(true)
            );
        }
        CredentialChange::AccountDisabled => {
            let admin = Person::new();
            app.verified(&admin).await;
            crate::admin::grant_admin(app, &admin.email).await;
            let admin_token = app.token_for(&admin).await;
            let user = app
                .store
                .find_user_by_email(&ada.email)
                .await
                .unwrap()
                .unwrap();
            let path = format!("/api/v1/admin/users/{}/disable", user.id);
            let response = send(app, Method::POST, &path, &admin_token, json!({})).await;
            assert_eq!(response.status(), 200);
        }
        CredentialChange::SessionsEnded => {
            // "Log out everywhere else" on the account page, a plain form post.
            let response = app
                .client
                .post(app.url("/fn/revoke_other_sessions"))
                .header("cookie", format!("latch_session={token}"))
                .header("origin", &app.base)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("")
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success() || response.status().is_redirection());
        }
    }
}

/// The review's reproduction: a refresh token taken before "I forgot my password" answered
/// 200 after the reset, and its access token still read userinfo.
async fn a_reset_ends_a_stolen_refresh_token_and_its_access_token(db: Db) {
    let app = TestApp::spawn(&db).await;
    let client = first_party_app(&app).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let (_, cookie) = log_in(&app, &ada).await;
    let (stolen_access, stolen_refresh) = grant(&app, &client, &cookie).await;
    assert!(userinfo_answers(&app, &stolen_access).await);

    assert_eq!(app.forgot_password(&ada.email).await.status(), 202);
    let link = reset_token_in(&app.mailbox.wait_for(&ada.email, 2).await[1].text()).unwrap();
    let response = app.reset_password(&link, "a brand new passphrase").await;
    assert_eq!(response.status(), 200);

    assert!(!userinfo_answers(&app, &stolen_access).await);
    let introspected = app
        .client
        .post(app.url("/oauth2/introspect"))
        .basic_auth(&client.id, Some(&client.secret))
        .form(&[("token", stolen_access.as_str())])
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(introspected, json!({"active": false}));
    let (status, body) = token_request(
        &app,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &stolen_refresh),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
}

/// "Log out everywhere else": an authorization code and a one-time code issued before it are
/// worthless after it, and so is every app's grant, this session's included.
async fn logging_out_everywhere_ends_what_was_issued_before(db: Db) {
    let app = TestApp::spawn(&db).await;
    let client = first_party_app(&app).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let (token, cookie) = log_in(&app, &ada).await;
    let (access, refresh) = grant(&app, &client, &cookie).await;
    let code = authorization_code(&app, &client, &cookie).await;
    let new_email = Person::new().email;
    let response = send(
        &app,
        reqwest::Method::PATCH,
        "/api/v1/me",
        &token,
        json!({"email": new_email}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let email_code = app.mailbox.last_code_for(&new_email).await;

    let response = app
        .client
        .post(app.url("/fn/revoke_other_sessions"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert!(response.status().as_u16() < 400, "{}", response.status());

    assert!(session_answers(&app, &token).await, "this session stays");
    assert!(!code_exchanges(&app, &client, &code).await);
    assert!(!userinfo_answers(&app, &access).await);
    assert!(!refresh_answers(&app, &client, &refresh).await);
    let response = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/me/email/confirm",
        &token,
        json!({"code": email_code}),
    )
    .await;
    assert_eq!(response.status(), 400, "the pending change's code died");
}
