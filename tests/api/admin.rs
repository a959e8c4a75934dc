//! Roles and the admin API, on SQLite and PostgreSQL: only admins get in (and learn nothing
//! otherwise), role changes reach live sessions at once, the last admin stays, a disabled
//! account cannot log in by any path and loses its sessions, every change needs a fresh login
//! or the password and is audited with the admin's id, the search pages stably, the command
//! line makes the first admin, and the cross-origin rule holds on admin writes.

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Db, Options, Person, TestApp, cookie_of, error_code, reset_token_in};

db_tests!(
    non_admins_are_refused_on_every_admin_route,
    configured_admin_emails_become_admins_once_verified,
    a_role_change_shows_in_the_next_session_check,
    the_last_admin_keeps_the_role_even_when_two_admins_race,
    a_disabled_account_loses_its_sessions_and_every_way_in,
    admin_changes_need_a_recent_login_or_the_password,
    the_user_search_matches_prefixes_and_pages_stably,
    ending_sessions_and_resending_the_code,
    the_audit_log_filters_by_user_and_kind,
    cross_origin_admin_writes_with_the_cookie_are_refused,
    the_command_line_grants_and_revokes_admin,
);

/// A verified person with the `admin` role (given as the command line would) and their token.
async fn admin(app: &TestApp) -> (Person, String) {
    let person = Person::new();
    app.verified(&person).await;
    grant_admin(app, &person.email).await;
    let token = app.token_for(&person).await;
    (person, token)
}

pub async fn grant_admin(app: &TestApp, email: &str) {
    let user = app.store.find_user_by_email(email).await.unwrap().unwrap();
    let entry = latch::store::AuditEntry {
        user_id: Some(user.id),
        actor_id: None,
        kind: "roles_changed",
        detail: None,
        ip: None,
        user_agent: None,
        at: chrono::Utc::now(),
    };
    assert!(
        app.store
            .set_role(user.id, "admin", true, &entry)
            .await
            .unwrap()
    );
}

/// A verified person who is no admin, their id and their token.
async fn member(app: &TestApp) -> (Person, String, String) {
    let person = Person::new();
    app.verified(&person).await;
    let token = app.token_for(&person).await;
    let me: Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    let id = me["user"]["id"].as_str().unwrap().to_owned();
    (person, id, token)
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn roles_in_session_check(app: &TestApp, token: &str) -> Vec<String> {
    let body: Value = app
        .get_with_token("/api/v1/session", token)
        .await
        .json()
        .await
        .unwrap();
    serde_json::from_value(body["user"]["roles"].clone()).unwrap()
}

/// Every admin operation, for a user id.
fn routes(id: &str) -> Vec<(reqwest::Method, String, Option<Value>)> {
    use reqwest::Method;
    vec![
        (Method::GET, "/api/v1/admin/users?query=a".into(), None),
        (Method::GET, format!("/api/v1/admin/users/{id}"), None),
        (
            Method::PUT,
            format!("/api/v1/admin/users/{id}/roles"),
            Some(json!({"roles": ["admin"]})),
        ),
        (
            Method::POST,
            format!("/api/v1/admin/users/{id}/disable"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/users/{id}/enable"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/admin/users/{id}/sessions"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/users/{id}/verification/resend"),
            None,
        ),
        (Method::GET, "/api/v1/admin/audit".into(), None),
    ]
}

async fn non_admins_are_refused_on_every_admin_route(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, other_id, other_token) = member(&app).await;
    let (me, my_id, token) = member(&app).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    for id in [
        other_id.as_str(),
        my_id.as_str(),
        unknown.as_str(),
        "not-a-uuid",
    ] {
        for (method, path, body) in routes(id) {
            let response = send(&app, method.clone(), &path, &token, body.clone()).await;
            let (status, body) = error_code(response).await;
            // The same answer for a real id, an unknown one and a malformed one.
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (403, Some("forbidden")),
                "{method} {path}"
            );
        }
    }
    for (method, path, body) in routes(&other_id) {
        let mut request = app.client.request(method.clone(), app.url(&path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let (status, _) = error_code(request.send().await.unwrap()).await;
        assert_eq!(status, 401, "{method} {path} without a session");
    }
    // Nothing happened to the other user.
    assert_eq!(
        app.store
            .user_roles(other_id.parse().unwrap())
            .await
            .unwrap(),
        ["user"]
    );
    let cookie = cookie_of(&app.password_login(&me.email, &me.password).await);
    // The pages' server functions refuse too.
    for (function, form) in [
        ("admin_user_action", format!("id={other_id}&action=disable")),
        ("admin_set_roles", format!("id={other_id}&roles=admin")),
    ] {
        let response = app
            .client
            .post(app.url(&format!("/fn/{function}")))
            .header("cookie", &cookie)
            .header("origin", &app.base)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        assert!(response.status().as_u16() >= 300, "{function}");
    }
    let other: Value = app
        .get_with_token("/api/v1/session", &other_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        other["user"]["roles"],
        json!(["user"]),
        "still a user, still logged in"
    );
    for page in [
        "/admin",
        &format!("/admin/users/{other_id}"),
        "/admin/audit",
    ] {
        let response = app.get_with_cookie(page, &cookie).await;
        assert_eq!(
            response.status(),
            403,
            "{page}: a non-admin gets a 403 page"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("You do not have access"), "{page}");
    }
}

async fn configured_admin_emails_become_admins_once_verified(db: Db) {
    let chosen = Person::new();
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![(
                "LATCH_ADMIN_EMAILS",
                format!("someone@example.com, {}", chosen.email.to_uppercase()),
            )],
            ..Options::default()
        },
    )
    .await;
    // Registered but unverified: no admin yet.
    let code = app.register_and_read_code(&chosen).await;
    let user = app
        .store
        .find_user_by_email(&chosen.email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(app.store.user_roles(user.id).await.unwrap(), ["user"]);
    assert_eq!(app.verify(&chosen.email, &code).await.status(), 200);
    let token = app.token_for(&chosen).await;
    assert_eq!(
        roles_in_session_check(&app, &token).await,
        ["user", "admin"]
    );
    let others = Person::new();
    app.verified(&others).await;
    let token = app.token_for(&others).await;
    assert_eq!(roles_in_session_check(&app, &token).await, ["user"]);
}

async fn a_role_change_shows_in_the_next_session_check(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, admin_token) = admin(&app).await;
    let admin_id = {
        let me: Value = app
            .get_with_token("/api/v1/me", &admin_token)
            .await
            .json()
            .await
            .unwrap();
        me["user"]["id"].as_str().unwrap().to_owned()
    };
    let (_, id, token) = member(&app).await;
    assert_eq!(roles_in_session_check(&app, &token).await, ["user"]);
    let path = format!("/api/v1/admin/users/{id}/roles");
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path,
        &admin_token,
        Some(json!({"roles": ["billing:write", "support.read"]})),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["user"]["roles"],
        json!(["user", "support.read", "billing:write"])
    );
    // The very next check of the user's existing session sees them.
    assert_eq!(
        roles_in_session_check(&app, &token).await,
        ["user", "support.read", "billing:write"]
    );
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path,
        &admin_token,
        Some(json!({"roles": ["support.read"]})),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        roles_in_session_check(&app, &token).await,
        ["user", "support.read"]
    );
    // Audited: who, whom, added and removed.
    let log: Value = app
        .get_with_token(
            &format!("/api/v1/admin/audit?user_id={id}&kind=roles_changed"),
            &admin_token,
        )
        .await
        .json()
        .await
        .unwrap();
    let events = log["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["actor_id"], json!(admin_id));
    assert_eq!(events[0]["user_id"], json!(id));
    assert_eq!(
        events[0]["detail"],
        json!({"added": [], "removed": ["billing:write"]})
    );
    assert_eq!(
        events[1]["detail"],
        json!({"added": ["billing:write", "support.read"], "removed": []})
    );
    // Bad names are refused and change nothing.
    for roles in [
        json!(["Billing"]),
        json!(["ok", "has space"]),
        json!(["x".repeat(64)]),
    ] {
        let response = send(
            &app,
            reqwest::Method::PUT,
            &path,
            &admin_token,
            Some(json!({ "roles": roles })),
        )
        .await;
        let (status, body) = error_code(response).await;
        assert_eq!(status, 422, "{roles}");
        assert!(body["error"]["fields"]["roles"].is_array());
    }
    assert_eq!(
        roles_in_session_check(&app, &token).await,
        ["user", "support.read"]
    );
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path,
        &admin_token,
        Some(json!({"current_password": null})),
    )
    .await;
    let (status, body) = error_code(response).await;
    assert_eq!(status, 422, "a missing role set is not an empty one");
    assert_eq!(body["error"]["fields"]["roles"], json!(["is required"]));
    let unknown = uuid::Uuid::new_v4();
    let response = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/admin/users/{unknown}/roles"),
        &admin_token,
        Some(json!({"roles": []})),
    )
    .await;
    assert_eq!(response.status(), 404);
}

async fn the_last_admin_keeps_the_role_even_when_two_admins_race(db: Db) {
    // Eleven sign-ups and logins from one address.
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![
                ("LATCH_LIMIT_REGISTER_IP", "100".into()),
                ("LATCH_LIMIT_PASSWORD_LOGIN_IP", "100".into()),
            ],
            ..Options::default()
        },
    )
    .await;
    let (alice, alice_token) = admin(&app).await;
    let alice_id = app
        .store
        .find_user_by_email(&alice.email)
        .await
        .unwrap()
        .unwrap()
        .id;
    // Alone, an admin can neither drop their own role nor disable themselves.
    let response = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/admin/users/{alice_id}/roles"),
        &alice_token,
        Some(json!({"roles": []})),
    )
    .await;
    let (status, body) = error_code(response).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("last_admin"))
    );
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/admin/users/{alice_id}/disable"),
        &alice_token,
        None,
    )
    .await;
    let (status, body) = error_code(response).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("last_admin"))
    );
    assert_eq!(
        roles_in_session_check(&app, &alice_token).await,
        ["user", "admin"]
    );

    // Two admins remove each other at the same moment, ten times over: never both.
    for _ in 0..10 {
        let (bob, bob_token) = admin(&app).await;
        let bob_id = app
            .store
            .find_user_by_email(&bob.email)
            .await
            .unwrap()
            .unwrap()
            .id;
        let (bob_roles, alice_roles) = (
            format!("/api/v1/admin/users/{bob_id}/roles"),
            format!("/api/v1/admin/users/{alice_id}/roles"),
        );
        let (a, b) = tokio::join!(
            send(
                &app,
                reqwest::Method::PUT,
                &bob_roles,
                &alice_token,
                Some(json!({"roles": []})),
            ),
            send(
                &app,
                reqwest::Method::PUT,
                &alice_roles,
                &bob_token,
                Some(json!({"roles": []})),
            ),
        );
        let statuses = [a.status().as_u16(), b.status().as_u16()];
        assert_eq!(app.store.enabled_admins().await.unwrap(), 1, "{statuses:?}");
        assert!(statuses.contains(&200), "{statuses:?}");
        if app.store.user_roles(alice_id).await.unwrap() != ["user", "admin"] {
            // Bob won: he is the admin now; make Alice one again for the next round.
            grant_admin(&app, &alice.email).await;
            send(
                &app,
                reqwest::Method::PUT,
                &format!("/api/v1/admin/users/{bob_id}/roles"),
                &alice_token,
                Some(json!({"roles": []})),
            )
            .await;
        }
        assert_eq!(app.store.enabled_admins().await.unwrap(), 1);
    }
}

async fn a_disabled_account_loses_its_sessions_and_every_way_in(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, admin_token) = admin(&app).await;
    let (user, id, token) = member(&app).await;
    let cookie = cookie_of(&app.password_login(&user.email, &user.password).await);
    // A reset link asked for before, and a login code sent before.
    assert_eq!(app.forgot_password(&user.email).await.status(), 202);
    let reset = app.mailbox.wait_for(&user.email, 2).await;
    let reset_token = reset_token_in(&reset.last().unwrap().text()).unwrap();
    assert_eq!(app.request_otp(&user.phone).await.status(), 202);
    let sms_code = app.sms.last_code_for(&user.phone).await;

    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/admin/users/{id}/disable"),
        &admin_token,
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["disabled"], json!(true));

    // Every session ended at once.
    assert_eq!(
        app.get_with_token("/api/v1/session", &token).await.status(),
        401
    );
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        401
    );
    // The right password gets the answer of a wrong one.
    let (status, body) = error_code(app.password_login(&user.email, &user.password).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let (status, body) = error_code(app.password_login(&user.phone, &user.password).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    // The code sent before is dead; a new request sends nothing, but is answered the same.
    let (status, body) = error_code(app.verify_otp(&user.phone, &sms_code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    let sent = app.sms.to(&user.phone).len();
    app.advance(Duration::from_secs(61));
    assert_eq!(app.request_otp(&user.phone).await.status(), 202);
    app.outbox_drained().await;
    assert_eq!(
        app.sms.to(&user.phone).len(),
        sent,
        "no SMS to a disabled account"
    );
    // The reset link died; asking for a new one sends nothing.
    let (status, _) = error_code(
        app.reset_password(&reset_token, "a brand new passphrase")
            .await,
    )
    .await;
    assert_eq!(status, 400);
    let mails = app.mailbox.to(&user.email).len();
    assert_eq!(app.forgot_password(&user.email).await.status(), 202);
    app.outbox_drained().await;
    assert_eq!(app.mailbox.to(&user.email).len(), mails, "no reset email");

    // Enabled again, the account logs in as before.
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/admin/users/{id}/enable"),
        &admin_token,
        Some(json!({})),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.password_login(&user.email, &user.password)
            .await
            .status(),
        200
    );
    let kinds = app.store.audit_kinds(id.parse().unwrap()).await.unwrap();
    assert!(kinds.contains(&"account_disabled".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"account_enabled".to_owned()), "{kinds:?}");
}

async fn admin_changes_need_a_recent_login_or_the_password(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (admin_person, admin_token) = admin(&app).await;
    let (_, id, _) = member(&app).await;
    app.advance(Duration::from_secs(11 * 60));
    let path = format!("/api/v1/admin/users/{id}/roles");
    let put = |body: Value| send(&app, reqwest::Method::PUT, &path, &admin_token, Some(body));
    let (status, body) = error_code(put(json!({"roles": ["ops"]})).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("reauthentication_required"))
    );
    let (status, body) =
        error_code(put(json!({"roles": ["ops"], "current_password": "not my password"})).await)
            .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    assert_eq!(
        app.store.user_roles(id.parse().unwrap()).await.unwrap(),
        ["user"]
    );
    let response = put(json!({"roles": ["ops"], "current_password": admin_person.password})).await;
    assert_eq!(response.status(), 200);
    // The same rule for the changes without a body of their own; reading needs no proof.
    let (status, _) = error_code(
        send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/admin/users/{id}/disable"),
            &admin_token,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        app.get_with_token(&format!("/api/v1/admin/users/{id}"), &admin_token)
            .await
            .status(),
        200
    );
}

async fn the_user_search_matches_prefixes_and_pages_stably(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, token) = admin(&app).await;
    let mut people = Vec::new();
    for (first, last) in [
        ("Grace", "Hopper"),
        ("Grete", "Hermann"),
        ("Alan", "Turing"),
    ] {
        let mut person = Person::new();
        person.first_name = first.into();
        person.last_name = last.into();
        app.register(&person).await;
        people.push(person);
    }
    let search = |query: String| {
        let app = &app;
        let token = token.clone();
        async move {
            let response = app
                .get_with_token(&format!("/api/v1/admin/users?{query}"), &token)
                .await;
            assert_eq!(response.status(), 200, "{query}");
            response.json::<Value>().await.unwrap()
        }
    };
    let emails = |body: &Value| -> Vec<String> {
        body["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["email"].as_str().unwrap().to_owned())
            .collect()
    };
    // By first or last name, whatever the case; by email; by phone, as typed with spaces.
    let body = search("query=gr".into()).await;
    assert_eq!(body["total"], json!(2));
    let body = search("query=HOPP".into()).await;
    assert_eq!(emails(&body), [people[0].email.clone()]);
    let body = search(format!("query={}", &people[2].email[..14])).await;
    assert_eq!(emails(&body), [people[2].email.clone()]);
    let spaced = format!("{} {}", &people[1].phone[..5], &people[1].phone[5..]);
    let body = search(format!("query={}", urlencode(&spaced))).await;
    assert_eq!(emails(&body), [people[1].email.clone()]);
    assert_eq!(search("query=zzz".into()).await["total"], json!(0));

    // Everyone (the admin too), one per page: each page differs and together they are all.
    let all = search("per_page=100&sort=email".into()).await;
    let total = all["total"].as_u64().unwrap();
    assert_eq!(total, 4);
    let mut paged = Vec::new();
    for page in 1..=total {
        let body = search(format!("per_page=1&page={page}&sort=email")).await;
        assert_eq!(body["total"], json!(total));
        paged.extend(emails(&body));
    }
    assert_eq!(paged, emails(&all));
    let mut sorted = paged.clone();
    sorted.sort();
    assert_eq!(paged, sorted, "sort=email orders by email");
    assert_eq!(
        emails(&search("page=99".into()).await),
        Vec::<String>::new()
    );
    let newest = emails(&search("sort=-created_at".into()).await);
    let oldest = emails(&search("sort=created_at".into()).await);
    assert_eq!(newest.iter().rev().cloned().collect::<Vec<_>>(), oldest);
    let by_name = search("sort=name".into()).await;
    assert_eq!(by_name["users"][3]["last_name"], json!("Turing"));

    for bad in [
        "per_page=101",
        "per_page=0",
        "per_page=",
        "sort=",
        "page=0",
        "page=x",
        "sort=password",
    ] {
        let response = app
            .get_with_token(&format!("/api/v1/admin/users?{bad}"), &token)
            .await;
        let (status, body) = error_code(response).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("validation_failed")),
            "{bad}"
        );
    }
}

fn urlencode(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}

async fn ending_sessions_and_resending_the_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (admin_person, admin_token) = admin(&app).await;
    let (user, id, token) = member(&app).await;
    let second = app.token_for(&user).await;
    let response = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/admin/users/{id}/sessions"),
        &admin_token,
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap()["ended"], json!(2));
    for t in [&token, &second] {
        assert_eq!(app.get_with_token("/api/v1/session", t).await.status(), 401);
    }
    // An admin ending their own sessions keeps the one asking.
    let other_admin_session = app.token_for(&admin_person).await;
    let admin_id = app
        .store
        .find_user_by_email(&admin_person.email)
        .await
        .unwrap()
        .unwrap()
        .id;
    let response = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/admin/users/{admin_id}/sessions"),
        &admin_token,
        None,
    )
    .await;
    assert_eq!(response.json::<Value>().await.unwrap()["ended"], json!(1));
    assert_eq!(
        app.get_with_token("/api/v1/session", &admin_token)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get_with_token("/api/v1/session", &other_admin_session)
            .await
            .status(),
        401
    );

    // Resending: only to an unverified address, and not twice within the minute.
    let resend = |id: String| {
        let app = &app;
        let admin_token = admin_token.clone();
        async move {
            send(
                app,
                reqwest::Method::POST,
                &format!("/api/v1/admin/users/{id}/verification/resend"),
                &admin_token,
                None,
            )
            .await
        }
    };
    let (status, body) = error_code(resend(id.clone()).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("already_verified"))
    );
    let pending = Person::new();
    let first_code = app.register_and_read_code(&pending).await;
    let pending_id = app
        .store
        .find_user_by_email(&pending.email)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    app.advance(Duration::from_secs(61));
    assert_eq!(resend(pending_id.clone()).await.status(), 202);
    let mails = app.mailbox.wait_for(&pending.email, 2).await;
    let new_code = mails.last().unwrap().code().unwrap();
    assert_ne!(new_code, first_code);
    assert_eq!(resend(pending_id).await.status(), 429);
    assert_eq!(app.verify(&pending.email, &new_code).await.status(), 200);
}

async fn the_audit_log_filters_by_user_and_kind(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, token) = admin(&app).await;
    let (user, id, _) = member(&app).await;
    app.password_login(&user.email, "wrong password, twice")
        .await;
    let log = |query: String| {
        let app = &app;
        let token = token.clone();
        async move {
            let response = app
                .get_with_token(&format!("/api/v1/admin/audit?{query}"), &token)
                .await;
            assert_eq!(response.status(), 200, "{query}");
            response.json::<Value>().await.unwrap()
        }
    };
    let mine = log(format!("user_id={id}")).await;
    let kinds: Vec<&str> = mine["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    // Newest first.
    assert_eq!(
        kinds,
        [
            "login_failed",
            "login_succeeded",
            "email_verified",
            "registered"
        ]
    );
    let failed = log("kind=login_failed".into()).await;
    assert!(
        failed["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "login_failed")
    );
    let first = log("per_page=2".into()).await;
    assert_eq!(first["next_page"], json!(2));
    let second = log("per_page=2&page=2".into()).await;
    assert_ne!(first["events"][0]["id"], second["events"][0]["id"]);
    for bad in [
        "kind=nonsense",
        "kind=",
        "user_id=42",
        "user_id=",
        "per_page=1000",
    ] {
        let response = app
            .get_with_token(&format!("/api/v1/admin/audit?{bad}"), &token)
            .await;
        assert_eq!(response.status(), 422, "{bad}");
    }
}

async fn cross_origin_admin_writes_with_the_cookie_are_refused(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (admin_person, _) = admin(&app).await;
    let cookie = cookie_of(
        &app.password_login(&admin_person.email, &admin_person.password)
            .await,
    );
    let (_, id, token) = member(&app).await;
    let response = app
        .client
        .post(app.url(&format!("/api/v1/admin/users/{id}/disable")))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.get_with_token("/api/v1/session", &token).await.status(),
        200
    );
    // The same request from Latch's own origin goes through.
    let response = app
        .client
        .post(app.url(&format!("/api/v1/admin/users/{id}/disable")))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.get_with_token("/api/v1/session", &token).await.status(),
        401
    );
}

async fn the_command_line_grants_and_revokes_admin(db: Db) {
    let app = TestApp::spawn(&db).await;
    let person = Person::new();
    app.verified(&person).await;
    let token = app.token_for(&person).await;
    let latch = |args: &[&str], database_url: &str| {
        Command::new(env!("CARGO_BIN_EXE_latch"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .output()
            .unwrap()
    };
    let run = |args: &[&str]| latch(args, db.url());

    let granted = run(&["admin", "grant", &person.email.to_uppercase()]);
    assert_eq!(granted.status.code(), Some(0), "{granted:?}");
    assert!(String::from_utf8_lossy(&granted.stdout).contains("is now an admin"));
    // The live session is an admin's at its next check.
    assert_eq!(
        roles_in_session_check(&app, &token).await,
        ["user", "admin"]
    );
    let again = run(&["admin", "grant", &person.email]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("already"));

    let unknown = run(&["admin", "grant", "nobody@example.com"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account has"));
    for usage in [
        &["admin", "promote", "a@example.com"][..],
        &["admin", "grant"],
        &["admin", "grant", "not-an-email"],
    ] {
        assert_eq!(run(usage).status.code(), Some(2), "{usage:?}");
    }
    let port = crate::support::free_port();
    let unreachable = latch(
        &["admin", "grant", &person.email],
        &format!("postgres://latch@127.0.0.1:{port}/latch"),
    );
    assert_eq!(unreachable.status.code(), Some(3), "{unreachable:?}");
    assert!(String::from_utf8_lossy(&unreachable.stderr).contains("cannot reach the database"));

    let revoked = run(&["admin", "revoke", &person.email]);
    assert_eq!(revoked.status.code(), Some(0), "{revoked:?}");
    assert_eq!(roles_in_session_check(&app, &token).await, ["user"]);
    let kinds = app
        .store
        .audit_kinds(
            app.store
                .find_user_by_email(&person.email)
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    assert_eq!(kinds.iter().filter(|k| *k == "roles_changed").count(), 2);
}
