//! Logging in through another identity provider, against a real OpenID Connect provider on
//! port 0 (`support::provider`): the trip bound to its browser and used once, the id_token's
//! checks, and the linking rules of docs/SECURITY.md. Every refused trip ends with no session
//! and no link.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::abuse::behind_proxy;
use crate::support::provider::{MockGithub, MockProvider};
use crate::support::{Db, Options, Person, TestApp, cookie_of};

db_tests!(
    a_proven_email_of_an_account_waits_until_its_owner_logs_in,
    a_trip_is_bound_to_its_browser_and_used_once,
    tokens_that_do_not_hold_log_nobody_in,
    an_unproven_email_finds_no_account,
    an_unverified_account_is_taken_over_by_a_proven_email,
    an_account_with_an_authenticator_still_gets_the_second_step,
    a_new_identity_with_a_proven_email_signs_up_without_a_password,
    github_proves_only_the_primary_verified_address,
    connecting_from_a_fresh_session_links_that_account_only,
    microsoft_is_its_tenant_and_object_and_proves_only_domains_the_tenant_owns,
    apple_posts_back_once_with_the_name_and_a_string_flag,
    the_json_api_lists_connects_and_disconnects,
    trips_are_limited_per_client_whatever_the_provider,
    a_waiting_identity_is_linked_only_after_the_second_step,
    an_unproven_email_is_proven_by_a_code_for_that_identity_only,
    a_sign_up_code_takes_five_tries,
    another_latch_is_an_issuer_like_any_other,
    a_code_at_another_door_a_moved_token_endpoint_or_a_disabled_account_log_nobody_in,
);

struct Trip {
    authorize: url::Url,
    cookie: String,
}

impl Trip {
    fn state(&self) -> String {
        self.authorize
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .expect("a state")
    }
}

async fn spawn(db: &Db, provider: &MockProvider, extra: &[(&'static str, &str)]) -> TestApp {
    TestApp::spawn_with(
        db,
        Options {
            extra: provider.settings("corp", extra),
            ..Options::default()
        },
    )
    .await
}

async fn begin(app: &TestApp) -> Trip {
    begin_at(app, "corp").await
}

async fn begin_at(app: &TestApp, provider: &str) -> Trip {
    let response = app.get(&format!("/auth/{provider}")).await;
    assert_eq!(response.status(), 303);
    let authorize = url::Url::parse(response.headers()[LOCATION].to_str().unwrap()).unwrap();
    let cookie = trip_cookie(&response);
    assert!(cookie.starts_with("latch_trip="), "{cookie}");
    Trip { authorize, cookie }
}

/// The browser back at Latch's callback with `code`, carrying `cookie`.
async fn back(app: &TestApp, state: &str, code: &str, cookie: &str) -> reqwest::Response {
    back_at(app, "corp", state, code, cookie).await
}

async fn back_at(
    app: &TestApp,
    provider: &str,
    state: &str,
    code: &str,
    cookie: &str,
) -> reqwest::Response {
    let url = format!(
        "{}?code={code}&state={state}",
        app.url(&format!("/auth/{provider}/callback"))
    );
    app.client
        .get(url)
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

/// The trip cookie a start answer set, as a `Cookie` header value.
fn trip_cookie(response: &reqwest::Response) -> String {
    response.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("latch_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

async fn user_id(app: &TestApp, person: &Person) -> Uuid {
    let token = app.token_for(person).await;
    let me: Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    me["user"]["id"].as_str().unwrap().parse().unwrap()
}

async fn identities(app: &TestApp, user: Uuid) -> usize {
    app.store.identities_of(user).await.unwrap().len()
}

/// Whose session the cookie is, if anyone's.
async fn logged_in_as(app: &TestApp, cookie: &str) -> Option<String> {
    let response = app.get_with_cookie("/api/v1/session", cookie).await;
    if response.status() != 200 {
        return None;
    }
    let body: Value = response.json().await.unwrap();
    Some(body["user"]["email"].as_str()?.to_owned())
}

/// The login page's password form, posted without JavaScript from a browser holding `cookie`.
async fn page_login(app: &TestApp, person: &Person, cookie: &str) -> reqwest::Response {
    app.client
        .post(app.url("/fn/log_in_with_password"))
        .header(COOKIE, cookie)
        .header("origin", &app.base)
        .header("accept", "text/html")
        .form(&[
            ("identifier", &person.email),
            ("password", &person.password),
        ])
        .send()
        .await
        .unwrap()
}

fn claims(subject: &str, email: &str, verified: Value) -> Value {
    json!({ "sub": subject, "email": email, "email_verified": verified,
            "given_name": "Ada", "family_name": "Lovelace" })
}

async fn a_proven_email_of_an_account_waits_until_its_owner_logs_in(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[("TRUST_EMAIL", "true")]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;

    let trip = begin(&app).await;
    let code = provider.grant(&trip.authorize, claims("sub-ada", &ada.email, json!(true)));
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(arrived.status(), 303);
    assert_eq!(location(&arrived), "/login/connect");
    // No session, no link: only a browser session holding the waiting identity.
    let browser = session_cookie(&arrived).expect("a browser session for the waiting identity");
    assert_eq!(logged_in_as(&app, &browser).await, None);
    assert_eq!(identities(&app, ada_id).await, 0);

    // Its owner logs in there, with the password: now it is linked.
    let login = page_login(&app, &ada, &browser).await;
    assert_eq!(login.status(), 302);
    assert_eq!(identities(&app, ada_id).await, 1);
    app.outbox_drained().await;
    assert!(
        app.mailbox
            .to(&ada.email)
            .iter()
            .any(|m| m.subject().contains("Sign-in with Corp SSO was connected")),
        "the owner is told"
    );

    // From now on the identity logs in.
    let trip = begin(&app).await;
    let code = provider.grant(&trip.authorize, claims("sub-ada", &ada.email, json!(true)));
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/account");
    let cookie = session_cookie(&arrived).expect("a session");
    assert_eq!(logged_in_as(&app, &cookie).await, Some(ada.email.clone()));
}

async fn a_trip_is_bound_to_its_browser_and_used_once(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[]).await;

    // Without the browser's trip cookie, or with another browser's: refused, and the code is
    // never even exchanged.
    let trip = begin(&app).await;
    let other = begin(&app).await;
    let code = provider.grant(
        &trip.authorize,
        claims("sub-1", "x@example.com", json!(true)),
    );
    for cookie in ["", other.cookie.as_str(), "latch_trip=forged"] {
        let refused = back(&app, &trip.state(), &code, cookie).await;
        assert_eq!(
            location(&refused),
            "/login?failed=upstream_failed",
            "{cookie:?}"
        );
        assert_eq!(session_cookie(&refused), None);
    }
    assert_eq!(provider.token_requests(), 0);

    // A's state at a trip B began in the same browser is B's no more than A's... each state
    // is its own trip: the right one works once.
    let first = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&first), "/signup/complete");
    let replay = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&replay), "/login?failed=upstream_failed");
    assert_eq!(provider.token_requests(), 1);

    // The person declining at the provider comes back with `error`.
    let declined = app
        .client
        .get(format!(
            "{}?error=access_denied&state={}",
            app.url("/auth/corp/callback"),
            other.state()
        ))
        .header(COOKIE, &other.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&declined), "/login?failed=upstream_failed");

    // An unknown provider is no trip at all.
    assert_eq!(app.get("/auth/nobody").await.status(), 404);
}

async fn tokens_that_do_not_hold_log_nobody_in(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[("TRUST_EMAIL", "true")]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;

    let now = chrono::Utc::now().timestamp();
    let bad = [
        ("another issuer", json!({ "iss": "http://127.0.0.1:1" })),
        ("another audience", json!({ "aud": "someone-else" })),
        ("another nonce", json!({ "nonce": "replayed-nonce" })),
        ("expired", json!({ "iat": now - 7200, "exp": now - 3600 })),
    ];
    for (what, wrong) in bad {
        let trip = begin(&app).await;
        let mut c = claims("sub-ada", &ada.email, json!(true));
        for (k, v) in wrong.as_object().unwrap() {
            c[k] = v.clone();
        }
        let code = provider.grant(&trip.authorize, c);
        let refused = back(&app, &trip.state(), &code, &trip.cookie).await;
        assert_eq!(
            location(&refused),
            "/login?failed=upstream_failed",
            "{what}"
        );
        assert_eq!(session_cookie(&refused), None, "{what}");
    }
    assert_eq!(identities(&app, ada_id).await, 0);
}

async fn an_unproven_email_finds_no_account(db: Db) {
    let provider = MockProvider::start().await;
    // Without TRUST_EMAIL a generic issuer's `email_verified` proves nothing.
    let app = spawn(&db, &provider, &[]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;
    for verified in [json!(true), json!(false), json!("true"), Value::Null] {
        let trip = begin(&app).await;
        let code = provider.grant(
            &trip.authorize,
            claims("sub-mallory", &ada.email, verified.clone()),
        );
        let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
        // Not "an account with this email exists": a sign-up that must prove the address.
        assert_eq!(location(&arrived), "/signup/complete", "{verified}");
    }
    assert_eq!(identities(&app, ada_id).await, 0);
}

async fn an_unverified_account_is_taken_over_by_a_proven_email(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[("TRUST_EMAIL", "true")]).await;
    // Someone registered the victim's address with their own password and never verified it.
    let victim = Person::new();
    assert_eq!(app.register(&victim).await.status(), 201);

    let trip = begin(&app).await;
    let code = provider.grant(
        &trip.authorize,
        claims("sub-victim", &victim.email, json!(true)),
    );
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/account");
    let cookie = session_cookie(&arrived).expect("a session");
    assert_eq!(
        logged_in_as(&app, &cookie).await,
        Some(victim.email.clone())
    );
    // The pre-registered password no longer works.
    assert_eq!(
        app.password_login(&victim.email, &victim.password)
            .await
            .status(),
        401
    );
}

async fn an_account_with_an_authenticator_still_gets_the_second_step(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(
        &db,
        &provider,
        &[("TRUST_EMAIL", "true"), ("AUTO_LINK", "true")],
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    crate::second_factor::enrol(&app, &token).await;

    // Auto-linked (a trusted issuer into a verified account), but one factor all the same.
    let trip = begin(&app).await;
    let code = provider.grant(&trip.authorize, claims("sub-ada", &ada.email, json!(true)));
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/login/second-factor");
    let cookie = session_cookie(&arrived).expect("a browser session holding the challenge");
    assert_eq!(logged_in_as(&app, &cookie).await, None);
}

async fn a_new_identity_with_a_proven_email_signs_up_without_a_password(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[("TRUST_EMAIL", "true")]).await;
    // The buttons are plain links on the login and sign-up pages.
    for page in ["/login", "/signup"] {
        let html = app.get(page).await.text().await.unwrap();
        assert!(html.contains(r#"href="/auth/corp""#), "{page}");
        assert!(html.contains("Continue with Corp SSO"), "{page}");
    }

    let grace = Person::new();
    let trip = begin(&app).await;
    let code = provider.grant(
        &trip.authorize,
        claims("sub-grace", &grace.email, json!(true)),
    );
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/signup/complete");
    let browser = session_cookie(&arrived).expect("a browser session");
    let page = page(&app, "/signup/complete", &browser).await;
    assert!(
        page.contains(&grace.email),
        "the page names the proven address"
    );
    assert!(
        page.contains(r#"value="Ada""#),
        "the provider's names are filled in"
    );

    let submit = |phone: String| {
        app.client
            .post(app.url("/fn/complete_signup"))
            .header(COOKIE, &browser)
            .header("origin", &app.base)
            .header("accept", "text/html")
            .form(&[
                ("first_name", "Grace".to_owned()),
                ("last_name", "Hopper".to_owned()),
                ("phone", phone),
            ])
            .send()
    };
    // A bad phone comes back beside its field, and the identity still waits.
    let refused = submit("not a phone".into()).await.unwrap();
    assert_ne!(
        refused.headers().get(LOCATION).map(|l| l.to_str().unwrap()),
        Some("/account")
    );
    let done = submit(grace.phone.clone()).await.unwrap();
    assert_eq!(done.status(), 302);
    assert_eq!(location(&done), "/account");
    let cookie = session_cookie(&done).expect("a session");
    assert_eq!(logged_in_as(&app, &cookie).await, Some(grace.email.clone()));
    let user = app
        .store
        .find_user_by_email(&grace.email)
        .await
        .unwrap()
        .expect("the account");
    assert!(user.email_verified_at.is_some(), "proven by the provider");
    assert_eq!(identities(&app, user.id).await, 1);
    // No password was ever set: a password login fails as a wrong one does.
    assert_eq!(app.password_login(&grace.email, "").await.status(), 422);
    assert_eq!(
        app.password_login(&grace.email, "analytical engine 1843")
            .await
            .status(),
        401
    );
    // The waiting identity is spent: the form cannot make a second account.
    let again = submit("+12015550123".into()).await.unwrap();
    assert_ne!(
        again.headers().get(LOCATION).map(|l| l.to_str().unwrap()),
        Some("/account")
    );
}

async fn github_proves_only_the_primary_verified_address(db: Db) {
    let github = MockGithub::start().await;
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: github.settings(),
            ..Options::default()
        },
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;

    // Ada's address, but not primary-and-verified (and `/user` shows a public address): no
    // proof, so no account is found, and the sign-up page says so.
    let unproven = json!([
        { "email": ada.email, "primary": true, "verified": false },
        { "email": "other@example.com", "primary": false, "verified": true },
    ]);
    let (to, shown) = github_trip(&app, &github, unproven).await;
    assert_eq!(to, "/signup/complete");
    assert!(
        shown.contains("did not confirm an email address"),
        "{shown}"
    );

    // Primary and verified: it is Ada's, so it waits for her.
    let proven = json!([{ "email": ada.email, "primary": true, "verified": true }]);
    let (to, shown) = github_trip(&app, &github, proven).await;
    assert_eq!(to, "/login/connect");
    assert!(
        shown.contains(&ada.email) && shown.contains("GitHub"),
        "{shown}"
    );
    assert_eq!(identities(&app, ada_id).await, 0);

    // A refused code: back to the login page, which says so.
    let trip = begin_at(&app, "github").await;
    let refused = back_at(&app, "github", &trip.state(), "not-a-code", &trip.cookie).await;
    assert_eq!(location(&refused), "/login?failed=upstream_failed");
    let shown = page(&app, "/login?failed=upstream_failed", "").await;
    assert!(shown.contains("That sign-in did not work"), "{shown}");
}

/// A trip to GitHub by user 583231 with these `/user/emails`: where it lands, and that page.
async fn github_trip(app: &TestApp, github: &MockGithub, emails: Value) -> (String, String) {
    let trip = begin_at(app, "github").await;
    let code = github.grant(&trip.authorize, 583231, emails);
    let arrived = back_at(app, "github", &trip.state(), &code, &trip.cookie).await;
    let to = location(&arrived);
    let browser = session_cookie(&arrived).expect("a browser session");
    let shown = page(app, &to, &browser).await;
    (to, shown)
}

async fn page(app: &TestApp, path: &str, cookie: &str) -> String {
    app.get_with_cookie(path, cookie)
        .await
        .text()
        .await
        .unwrap()
}

async fn connecting_from_a_fresh_session_links_that_account_only(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;
    let login = page_login(&app, &ada, "").await;
    let cookie = session_cookie(&login).expect("a session");
    let connect = || {
        app.client
            .post(app.url("/auth/corp/connect"))
            .header(COOKIE, &cookie)
            .header("origin", &app.base)
            .send()
    };
    // Only from Latch's own pages: a cross-site form cannot start it.
    let cross = app
        .client
        .post(app.url("/auth/corp/connect"))
        .header(COOKIE, &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);

    let started = connect().await.unwrap();
    assert_eq!(started.status(), 303);
    let authorize = url::Url::parse(&location(&started)).unwrap();
    let trip_cookie = trip_cookie(&started);
    let trip = Trip {
        authorize,
        cookie: format!("{trip_cookie}; {cookie}"),
    };
    // Another address at the provider is fine: the account keeps its own.
    let code = provider.grant(
        &trip.authorize,
        claims("sub-ada-corp", "ada@corp.example", json!(false)),
    );
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/account/security?done=connected");
    assert_eq!(identities(&app, ada_id).await, 1);

    // The account's sign-in methods list it; Disconnect unlinks it and tells the owner.
    let shown = page(&app, "/account/security", &cookie).await;
    assert!(
        shown.contains("Sign-in methods") && shown.contains("ada@corp.example"),
        "{shown}"
    );
    let id = app.store.identities_of(ada_id).await.unwrap()[0]
        .id
        .to_string();
    let disconnect = |id: String| {
        app.client
            .post(app.url("/fn/disconnect_identity"))
            .header(COOKIE, &cookie)
            .header("origin", &app.base)
            .header("accept", "text/html")
            .form(&[("id", id)])
            .send()
    };
    // Someone else's, or no such one: nothing happens.
    let other = disconnect(Uuid::new_v4().to_string()).await.unwrap();
    assert_ne!(
        other.headers().get(LOCATION).map(|l| l.to_str().unwrap()),
        Some("/account/security?done=disconnected")
    );
    let done = disconnect(id).await.unwrap();
    assert_eq!(location(&done), "/account/security?done=disconnected");
    assert_eq!(identities(&app, ada_id).await, 0);
    app.outbox_drained().await;
    assert!(app.mailbox.to(&ada.email).iter().any(|m| {
        m.subject()
            .contains("Sign-in with Corp SSO was disconnected")
    }));

    // "Email me a link to set a password": the reset link, to the account's own address.
    let before = app.mailbox.to(&ada.email).len();
    let link = app
        .client
        .post(app.url("/fn/set_password_link"))
        .header(COOKIE, &cookie)
        .header("origin", &app.base)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&link), "/account/security?done=password-link");
    let emails = app.mailbox.wait_for(&ada.email, before + 1).await;
    assert!(emails[before].text().contains("/reset-password?token="));

    // A session whose login is older than 10 minutes confirms first.
    app.advance(std::time::Duration::from_secs(11 * 60));
    let stale = connect().await.unwrap();
    assert_eq!(stale.status(), 303);
    assert!(
        location(&stale).starts_with("/account/confirm?return_to="),
        "{}",
        location(&stale)
    );

    // Without a session: log in first.
    let anonymous = app
        .client
        .post(app.url("/auth/corp/connect"))
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert!(
        location(&anonymous).starts_with("/login"),
        "{}",
        location(&anonymous)
    );
}

async fn microsoft_is_its_tenant_and_object_and_proves_only_domains_the_tenant_owns(db: Db) {
    let provider = MockProvider::start_microsoft().await;
    let app = spawn(
        &db,
        &provider,
        &[("KIND", "microsoft"), ("TENANTS", "tenant-a,tenant-b")],
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;
    let ms = |tenant: &str, issuer_tenant: &str, edov: Value| {
        json!({
            "iss": format!("https://login.microsoftonline.com/{issuer_tenant}/v2.0"),
            "sub": "pairwise-sub", "tid": tenant, "oid": "object-ada",
            "email": ada.email, "xms_edov": edov,
        })
    };
    let trip_to = |claims: Value| {
        let app = &app;
        let provider = &provider;
        async move {
            let trip = begin(app).await;
            let code = provider.grant(&trip.authorize, claims);
            location(&back(app, &trip.state(), &code, &trip.cookie).await)
        }
    };
    // Any tenant admin can set `email`: without `xms_edov` it proves nothing.
    assert_eq!(
        trip_to(ms("tenant-a", "tenant-a", Value::Null)).await,
        "/signup/complete"
    );
    assert_eq!(
        trip_to(ms("tenant-a", "tenant-a", json!(false))).await,
        "/signup/complete"
    );
    // A domain the tenant proved it owns: Ada's account is found, and waits for her.
    assert_eq!(
        trip_to(ms("tenant-a", "tenant-a", json!(true))).await,
        "/login/connect"
    );
    // A tenant not allowed, or a token whose issuer is another tenant's: refused.
    let refused = "/login?failed=upstream_failed";
    assert_eq!(
        trip_to(ms("tenant-z", "tenant-z", json!(true))).await,
        refused
    );
    assert_eq!(
        trip_to(ms("tenant-a", "tenant-b", json!(true))).await,
        refused
    );
    assert_eq!(identities(&app, ada_id).await, 0);
}

async fn apple_posts_back_once_with_the_name_and_a_string_flag(db: Db) {
    use base64::Engine;
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
    let provider = MockProvider::start().await;
    let key = EcdsaKeyPair::generate_pkcs8(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        &ring::rand::SystemRandom::new(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("AuthKey_KEY1234567.p8");
    std::fs::write(
        &key_file,
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(key.as_ref())
        ),
    )
    .unwrap();
    let key_path = key_file.to_str().unwrap().to_owned();
    let app = spawn(
        &db,
        &provider,
        &[
            ("KIND", "apple"),
            ("TEAM_ID", "TEAM123456"),
            ("KEY_ID", "KEY1234567"),
            ("PRIVATE_KEY_FILE", &key_path),
        ],
    )
    .await;

    let trip = begin(&app).await;
    assert!(
        trip.authorize
            .query_pairs()
            .any(|(k, v)| k == "response_mode" && v == "form_post")
    );
    let grace = Person::new();
    // Apple sends `email_verified` as a string, and the name only in the first POST's `user`.
    let code = provider.grant(
        &trip.authorize,
        json!({ "sub": "001234.apple", "email": grace.email, "email_verified": "true" }),
    );
    let user = json!({ "name": { "firstName": "Grace", "lastName": "Hopper" },
                       "email": "someone.else@example.com" });
    let arrived = app
        .client
        .post(app.url("/auth/corp/callback"))
        .header(COOKIE, &trip.cookie)
        // A cross-site form POST from Apple's origin, by design.
        .header("origin", "https://appleid.apple.com")
        .form(&[
            ("code", code.as_str()),
            ("state", trip.state().as_str()),
            ("user", user.to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&arrived), "/signup/complete");
    let browser = session_cookie(&arrived).expect("a browser session");
    let shown = page(&app, "/signup/complete", &browser).await;
    assert!(
        shown.contains(&grace.email),
        "the id_token's address, proven"
    );
    assert!(
        !shown.contains("someone.else"),
        "never the `user` field's address"
    );
    assert!(shown.contains(r#"value="Grace""#) && shown.contains(r#"value="Hopper""#));
}

async fn the_json_api_lists_connects_and_disconnects(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[]).await;
    let providers: Value = app
        .get("/api/v1/login/providers")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        providers,
        json!({ "providers": [{ "id": "corp", "name": "Corp SSO" }] })
    );

    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let connect = |provider: &'static str| {
        app.client
            .post(app.url(&format!("/api/v1/me/identities/{provider}")))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(connect("nobody").await.unwrap().status(), 404);
    let started = connect("corp").await.unwrap();
    assert_eq!(started.status(), 200);
    let cookie = trip_cookie(&started);
    let body: Value = started.json().await.unwrap();
    let authorize = url::Url::parse(body["authorize_url"].as_str().unwrap()).unwrap();
    let trip = Trip { authorize, cookie };
    let code = provider.grant(
        &trip.authorize,
        claims("sub-api", "ada@corp.example", json!(true)),
    );
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/account/security?done=connected");

    let list = || async {
        app.get_with_token("/api/v1/me/identities", &token)
            .await
            .json::<Value>()
            .await
            .unwrap()
    };
    let listed = list().await;
    assert_eq!(listed["identities"][0]["provider"], "corp", "{listed}");
    assert_eq!(listed["identities"][0]["email"], "ada@corp.example");
    let id = listed["identities"][0]["id"].as_str().unwrap().to_owned();
    let delete = |id: String| {
        app.client
            .delete(app.url(&format!("/api/v1/me/identities/{id}")))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(
        delete(Uuid::new_v4().to_string()).await.unwrap().status(),
        404
    );
    assert_eq!(delete("not-an-id".into()).await.unwrap().status(), 404);
    assert_eq!(delete(id).await.unwrap().status(), 204);
    assert_eq!(list().await["identities"], json!([]));

    // A login older than 10 minutes connects nothing.
    app.advance(std::time::Duration::from_secs(11 * 60));
    let stale = connect("corp").await.unwrap();
    assert_eq!(stale.status(), 403);
}

/// The settings of two providers at once: `corp` (with `corp_extra`) and `github`.
fn corp_and_github(
    corp: &MockProvider,
    corp_extra: &[(&'static str, &str)],
    github: &MockGithub,
) -> Vec<(&'static str, String)> {
    let mut settings: Vec<(&'static str, String)> = corp
        .settings("corp", corp_extra)
        .into_iter()
        .chain(github.settings())
        .filter(|(name, _)| *name != "LATCH_PROVIDERS")
        .collect();
    settings.push(("LATCH_PROVIDERS", "corp,github".to_owned()));
    settings
}

/// A trip begun from `ip` (through the trusted proxy): where the browser is sent.
async fn begin_from(app: &TestApp, provider: &str, ip: &str) -> String {
    let response = app
        .client
        .get(app.url(&format!("/auth/{provider}")))
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    location(&response)
}

/// Seventy trips begun at once by one client, alternating between two providers and spread
/// over its IPv6 /64: sixty go to a provider, the rest back to the login page. Another client
/// is not held up by it.
async fn trips_are_limited_per_client_whatever_the_provider(db: Db) {
    let corp = MockProvider::start().await;
    let github = MockGithub::start().await;
    let app = behind_proxy(&db, corp_and_github(&corp, &[], &github)).await;

    let trips = (0..70).map(|n| {
        let provider = if n % 2 == 0 { "corp" } else { "github" };
        let ip = format!("2001:db8:7:1::{:x}", n + 1);
        let app = &app;
        async move { begin_from(app, provider, &ip).await }
    });
    let sent = futures::future::join_all(trips).await;
    let to_a_provider = sent
        .iter()
        .filter(|to| to.starts_with(&corp.issuer) || to.starts_with(&github.base))
        .count();
    let limited = sent
        .iter()
        .filter(|to| *to == "/login?failed=rate_limited")
        .count();
    assert_eq!((to_a_provider, limited), (60, 10), "{sent:?}");

    let elsewhere = begin_from(&app, "github", "2001:db8:7:2::1").await;
    assert!(elsewhere.starts_with(&github.base), "{elsewhere}");
    let shown = page(&app, "/login?failed=rate_limited", "").await;
    assert!(shown.contains("Too many"), "{shown}");
}

/// Connecting to an account with an authenticator: the password alone links nothing; the
/// second step, on the page that asks for it, does.
async fn a_waiting_identity_is_linked_only_after_the_second_step(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[("TRUST_EMAIL", "true")]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;
    let token = app.token_for(&ada).await;
    let (secret, _) = crate::second_factor::enrol(&app, &token).await;

    let trip = begin(&app).await;
    let code = provider.grant(&trip.authorize, claims("sub-ada", &ada.email, json!(true)));
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/login/connect");
    let browser = session_cookie(&arrived).expect("a browser session for the waiting identity");

    let login = page_login(&app, &ada, &browser).await;
    assert_eq!(login.status(), 302);
    assert_eq!(location(&login), "/login/second-factor");
    assert_eq!(
        identities(&app, ada_id).await,
        0,
        "not on the password alone"
    );
    let browser = session_cookie(&login).unwrap_or(browser);

    app.advance(std::time::Duration::from_secs(30));
    let step = app
        .client
        .post(app.url("/fn/log_in_with_second_factor"))
        .header(COOKIE, &browser)
        .header("origin", &app.base)
        .header("accept", "text/html")
        .form(&[
            ("method", "totp"),
            ("code", &crate::second_factor::totp_code(&app, &secret, 0)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(step.status(), 302, "{:?}", step.headers());
    let cookie = session_cookie(&step).expect("a session");
    assert_eq!(logged_in_as(&app, &cookie).await, Some(ada.email.clone()));
    assert_eq!(identities(&app, ada_id).await, 1);
}

/// A trip back with `email` unproven (a generic issuer without `TRUST_EMAIL`): the browser's
/// session cookie, on `/signup/complete`.
async fn unproven(app: &TestApp, provider: &MockProvider, subject: &str, email: &str) -> String {
    let trip = begin(app).await;
    let code = provider.grant(&trip.authorize, claims(subject, email, json!(true)));
    let arrived = back(app, &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/signup/complete");
    session_cookie(&arrived).expect("a browser session")
}

/// A page form posted without JavaScript from the browser holding `cookie`.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header(COOKIE, cookie)
        .header("origin", &app.base)
        .header("accept", "text/html")
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// "Email me a code" to `email` on `/signup/complete` in `browser`: the code, from the mailbox.
async fn sign_up_code(app: &TestApp, browser: &str, email: &str) -> String {
    app.outbox_drained().await;
    let before = app.mailbox.to(email).len();
    let sent = post_form(app, "/fn/send_signup_code", browser, &[("email", email)]).await;
    assert_eq!(location(&sent), "/signup/complete");
    let emails = app.mailbox.wait_for(email, before + 1).await;
    let email = &emails[before];
    assert!(
        email.subject().contains("sign-up code"),
        "{}",
        email.subject()
    );
    email.code().expect("a code in the email")
}

async fn prove(app: &TestApp, browser: &str, code: &str) -> reqwest::Response {
    post_form(app, "/fn/prove_signup_email", browser, &[("code", code)]).await
}

/// The provider did not prove the address, so nothing is looked up by it until a code sent
/// to it comes back, in the browser of the identity it was sent for: then it goes where a
/// proven address goes (here, Ada's account: she logs in to connect it).
async fn an_unproven_email_is_proven_by_a_code_for_that_identity_only(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;

    // Mallory's identity claims Ada's address; the page asks which address to prove.
    let mallory = unproven(&app, &provider, "sub-mallory", &ada.email).await;
    let shown = page(&app, "/signup/complete", &mallory).await;
    assert!(shown.contains("Email me a code"), "{shown}");
    // The code goes to Ada's mailbox, which Mallory cannot read; guessing gets nowhere.
    let mallorys = sign_up_code(&app, &mallory, &ada.email).await;
    let shown = page(&app, "/signup/complete", &mallory).await;
    assert!(shown.contains("We sent a 6-digit code"), "{shown}");
    prove(&app, &mallory, &crate::support::wrong_code(&mallorys)).await;

    // Ada's own identity, in her browser, with her own code.
    let ada_browser = unproven(&app, &provider, "sub-ada", &ada.email).await;
    app.advance(std::time::Duration::from_secs(61));
    let adas = sign_up_code(&app, &ada_browser, &ada.email).await;
    // Her code is bound to her identity and her attempt: in Mallory's browser it is wrong.
    prove(&app, &mallory, &adas).await;
    let shown = page(&app, "/signup/complete", &mallory).await;
    assert!(shown.contains("We sent a 6-digit code"), "{shown}");
    assert_eq!(identities(&app, ada_id).await, 0);

    let proven = prove(&app, &ada_browser, &adas).await;
    assert_eq!(location(&proven), "/login/connect");
    assert_eq!(
        logged_in_as(&app, &ada_browser).await,
        None,
        "no session on a proof alone"
    );
    assert_eq!(identities(&app, ada_id).await, 0);
    let login = page_login(&app, &ada, &ada_browser).await;
    assert_eq!(location(&login), "/account");
    assert_eq!(identities(&app, ada_id).await, 1);

    // A new address, proven: the account is made with it, verified, after the names.
    let grace = Person::new();
    let browser = unproven(&app, &provider, "sub-grace", "grace@provider.example").await;
    let code = sign_up_code(&app, &browser, &grace.email).await;
    assert_eq!(
        location(&prove(&app, &browser, &code).await),
        "/signup/complete"
    );
    let shown = page(&app, "/signup/complete", &browser).await;
    assert!(
        shown.contains("You are creating an account for") && shown.contains(&grace.email),
        "{shown}"
    );
    let done = post_form(
        &app,
        "/fn/complete_signup",
        &browser,
        &[
            ("first_name", "Grace"),
            ("last_name", "Hopper"),
            ("phone", &grace.phone),
        ],
    )
    .await;
    assert_eq!(location(&done), "/account");
    let user = app
        .store
        .find_user_by_email(&grace.email)
        .await
        .unwrap()
        .expect("the account");
    assert!(user.email_verified_at.is_some(), "proven by the code");
    assert_eq!(identities(&app, user.id).await, 1);
}

/// Five wrong tries, then even the right code proves nothing.
async fn a_sign_up_code_takes_five_tries(db: Db) {
    let provider = MockProvider::start().await;
    let app = spawn(&db, &provider, &[]).await;
    let grace = Person::new();
    let browser = unproven(&app, &provider, "sub-grace", &grace.email).await;
    let code = sign_up_code(&app, &browser, &grace.email).await;
    let wrong = crate::support::wrong_code(&code);
    let tries = futures::future::join_all((0..5).map(|_| prove(&app, &browser, &wrong))).await;
    assert!(tries.iter().all(|t| {
        t.headers()
            .get(LOCATION)
            .is_none_or(|l| l != "/signup/complete")
    }));
    prove(&app, &browser, &code).await;
    let shown = page(&app, "/signup/complete", &browser).await;
    assert!(shown.contains("We sent a 6-digit code"), "{shown}");
    assert!(!shown.contains("You are creating an account"), "{shown}");
}

/// Another Latch as the provider (kind `oidc`, trusted for the addresses it verified), with
/// nothing mocked: Grace, logged in there, signs up here; the identity is that Latch's issuer
/// and her id there, and from then on it logs her in.
async fn another_latch_is_an_issuer_like_any_other(db: Db) {
    use latch::auth::oidc::{Alg, NewClient, RedirectUri};

    // Its own database, kept until the test ends.
    let issuer_db = Db::sqlite();
    let issuer = TestApp::spawn(&issuer_db).await;
    let listener = crate::support::listen().await;
    let port = listener.local_addr().unwrap().port();
    let (client, secret) = issuer
        .auth
        .add_client(NewClient {
            name: "Downstream Latch".into(),
            redirect_uris: vec![
                RedirectUri::parse(&format!("http://127.0.0.1:{port}/auth/upstream/callback"))
                    .unwrap(),
            ],
            post_logout_redirect_uris: vec![],
            public: false,
            first_party: true,
            id_token_alg: Alg::Rs256,
        })
        .await
        .unwrap();
    let settings = [
        ("LATCH_PROVIDERS", "upstream".to_owned()),
        ("LATCH_PROVIDER_UPSTREAM_KIND", "oidc".to_owned()),
        ("LATCH_PROVIDER_UPSTREAM_NAME", "Upstream Latch".to_owned()),
        ("LATCH_PROVIDER_UPSTREAM_ISSUER", issuer.base.clone()),
        ("LATCH_PROVIDER_UPSTREAM_CLIENT_ID", client.id.clone()),
        ("LATCH_PROVIDER_UPSTREAM_CLIENT_SECRET", secret.unwrap()),
        ("LATCH_PROVIDER_UPSTREAM_TRUST_EMAIL", "true".to_owned()),
    ];
    let app = TestApp::spawn_with(
        &db,
        Options {
            listener: Some(listener),
            extra: settings.to_vec(),
            ..Options::default()
        },
    )
    .await;

    let grace = Person::new();
    issuer.verified(&grace).await;
    let there = issuer.password_login(&grace.email, &grace.password).await;
    assert_eq!(there.status(), 200);
    let there = cookie_of(&there);
    let grace_there = user_id(&issuer, &grace).await;

    // The browser goes to the upstream Latch, logged in there (a first-party app: no consent
    // page), and comes back with a code.
    let trip_back = |trip: Trip| {
        let (issuer, app, there) = (&issuer, &app, &there);
        async move {
            let at_issuer = issuer
                .client
                .get(trip.authorize.as_str())
                .header(COOKIE, there)
                .send()
                .await
                .unwrap();
            assert_eq!(
                at_issuer.status(),
                302,
                "{}",
                at_issuer.text().await.unwrap()
            );
            let callback = location(&at_issuer);
            assert!(
                callback.starts_with(&app.url("/auth/upstream/callback")),
                "{callback}"
            );
            app.client
                .get(callback)
                .header(COOKIE, &trip.cookie)
                .send()
                .await
                .unwrap()
        }
    };
    let arrived = trip_back(begin_at(&app, "upstream").await).await;
    assert_eq!(location(&arrived), "/signup/complete");
    let browser = session_cookie(&arrived).expect("a browser session");
    let shown = page(&app, "/signup/complete", &browser).await;
    assert!(
        shown.contains(&grace.email),
        "proven by the other Latch: {shown}"
    );
    let done = post_form(
        &app,
        "/fn/complete_signup",
        &browser,
        &[
            ("first_name", "Grace"),
            ("last_name", "Hopper"),
            ("phone", &grace.phone),
        ],
    )
    .await;
    assert_eq!(location(&done), "/account");
    let user = app
        .store
        .find_user_by_email(&grace.email)
        .await
        .unwrap()
        .expect("the account");
    let linked = app.store.identities_of(user.id).await.unwrap();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].issuer, issuer.base);
    assert_eq!(linked[0].subject, grace_there.to_string());

    // Next time it logs her in.
    let again = trip_back(begin_at(&app, "upstream").await).await;
    assert_eq!(location(&again), "/account");
    let cookie = session_cookie(&again).expect("a session");
    assert_eq!(logged_in_as(&app, &cookie).await, Some(grace.email.clone()));
}

/// Three ways a trip must fail, each with no session and no new link: one provider's state and
/// code brought to another provider's callback, a token endpoint that redirects (not
/// followed), and an identity linked to an account that was then disabled.
async fn a_code_at_another_door_a_moved_token_endpoint_or_a_disabled_account_log_nobody_in(db: Db) {
    use latch::auth::Clock;
    use latch::auth::credentials::CredentialChange;
    use latch::store::AuditEntry;

    let corp = MockProvider::start().await;
    let github = MockGithub::start().await;
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: corp_and_github(&corp, &[("TRUST_EMAIL", "true")], &github),
            ..Options::default()
        },
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_id(&app, &ada).await;
    // Ada's Corp identity, linked by her login on /login/connect.
    let trip = begin_at(&app, "corp").await;
    let code = corp.grant(&trip.authorize, claims("sub-ada", &ada.email, json!(true)));
    let arrived = back(&app, &trip.state(), &code, &trip.cookie).await;
    let browser = session_cookie(&arrived).expect("a browser session");
    page_login(&app, &ada, &browser).await;
    assert_eq!(identities(&app, ada_id).await, 1);
    let refused = |response: &reqwest::Response| {
        assert_eq!(location(response), "/login?failed=upstream_failed");
        assert_eq!(session_cookie(response), None);
    };

    // Corp's state and code at GitHub's callback: no trip of GitHub's, so no code is
    // exchanged anywhere.
    let trip = begin_at(&app, "corp").await;
    let code = corp.grant(&trip.authorize, claims("sub-ada", &ada.email, json!(true)));
    let before = corp.token_requests();
    refused(&back_at(&app, "github", &trip.state(), &code, &trip.cookie).await);
    assert_eq!(corp.token_requests(), before);

    // A token endpoint that redirects: the client follows no redirect.
    corp.move_token_endpoint();
    let trip = begin_at(&app, "corp").await;
    let code = corp.grant(&trip.authorize, claims("sub-ada", &ada.email, json!(true)));
    refused(&back(&app, &trip.state(), &code, &trip.cookie).await);
    assert_eq!(corp.followed(), 0, "the redirect was not followed");

    // A disabled account: its linked identity logs nobody in (GitHub's, linked here too).
    let trip = begin_at(&app, "github").await;
    let emails = json!([{ "email": ada.email, "primary": true, "verified": true }]);
    let code = github.grant(&trip.authorize, 4242, emails.clone());
    let arrived = back_at(&app, "github", &trip.state(), &code, &trip.cookie).await;
    assert_eq!(location(&arrived), "/login/connect");
    let browser = session_cookie(&arrived).expect("a browser session");
    page_login(&app, &ada, &browser).await;
    assert_eq!(identities(&app, ada_id).await, 2);
    let now = app.clock.now();
    app.store
        .disable_user(
            ada_id,
            CredentialChange::AccountDisabled.ends(),
            now,
            &AuditEntry {
                user_id: Some(ada_id),
                actor_id: None,
                kind: "account_disabled",
                detail: None,
                ip: None,
                user_agent: None,
                at: now,
            },
        )
        .await
        .unwrap();
    let trip = begin_at(&app, "github").await;
    let code = github.grant(&trip.authorize, 4242, emails);
    refused(&back_at(&app, "github", &trip.state(), &code, &trip.cookie).await);
    assert_eq!(identities(&app, ada_id).await, 2);
}
