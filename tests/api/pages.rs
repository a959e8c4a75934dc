//! The hosted pages as a browser without JavaScript uses them: plain form posts to the server
//! functions, redirects, and errors shown beside their fields with the input kept.
use std::time::Duration;

use crate::support::{Db, Person, TestApp};

db_tests!(
    signup_page_labels_every_field,
    signup_form_without_javascript_registers_and_goes_to_verification,
    signup_errors_come_back_beside_their_fields_with_input_kept,
    verify_form_without_javascript_verifies,
    the_account_page_sends_a_visitor_without_a_session_to_log_in,
    files_never_touch_the_session,
    pages_show_who_is_logged_in,
    only_the_forms_are_islands,
);

/// Posts a form the way a browser without JavaScript does.
async fn post_form(
    app: &TestApp,
    action: &str,
    from_page: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(action))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url(from_page))
        .form(fields)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn signup_page_labels_every_field(db: Db) {
    let app = TestApp::spawn(&db).await;
    let html = app.get("/signup").await.text().await.unwrap();
    for (name, label) in [
        ("first_name", "First name"),
        ("last_name", "Last name"),
        ("email", "Email"),
        ("phone", "Phone"),
        ("password", "Password"),
    ] {
        assert!(
            html.contains(&format!("<label for=\"field-{name}\">{label}")),
            "label for {name}"
        );
        assert!(html.contains(&format!("name=\"{name}\"")), "input {name}");
    }
    assert!(
        html.contains("action=\"/fn/register\""),
        "the form posts without JavaScript"
    );
    assert!(html.contains("method=\"post\""));
}

async fn signup_form_without_javascript_registers_and_goes_to_verification(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let response = post_form(
        &app,
        "/fn/register",
        "/signup",
        &[
            ("first_name", &ada.first_name),
            ("last_name", &ada.last_name),
            ("email", &ada.email),
            ("phone", &ada.phone),
            ("password", &ada.password),
        ],
    )
    .await;
    assert_eq!(response.status(), 302);
    let to = location(&response);
    assert!(to.starts_with("/verify-email?email="), "{to}");

    let page = app.get(&to).await.text().await.unwrap();
    assert!(
        page.contains(&format!("value=\"{}\"", ada.email)),
        "email pre-filled"
    );
    assert!(app.mailbox.last_code_for(&ada.email).await.len() == 6);
}

async fn signup_errors_come_back_beside_their_fields_with_input_kept(db: Db) {
    let app = TestApp::spawn(&db).await;
    let response = post_form(
        &app,
        "/fn/register",
        "/signup",
        &[
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("email", "not-an-email"),
            ("phone", "+12015550123"),
            ("password", "secret-password-that-must-not-leak"),
        ],
    )
    .await;
    assert_eq!(response.status(), 302);
    let to = location(&response);
    assert!(
        !to.contains("secret-password"),
        "a password never goes into a URL: {to}"
    );
    let to = to.strip_prefix(&app.base).unwrap_or(&to).to_owned();
    let page = app.get(&to).await.text().await.unwrap();
    let error_at = page
        .find("Must be a valid email address.")
        .expect("the email error is on the page");
    let email_input = page.find("id=\"field-email\"").expect("email input");
    let phone_input = page.find("id=\"field-phone\"").expect("phone input");
    assert!(
        email_input < error_at && error_at < phone_input,
        "the error sits beside its field"
    );
    assert!(page.contains("value=\"Ada\""), "first name kept");
    assert!(
        page.contains("value=\"not-an-email\""),
        "the bad email kept for fixing"
    );
    assert!(page.contains("value=\"+12015550123\""), "phone kept");
    assert!(
        !page.contains("secret-password"),
        "the password is not echoed"
    );
}

async fn verify_form_without_javascript_verifies(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let code = app.register_and_read_code(&ada).await;
    let page = format!("/verify-email?email={}", ada.email);

    let wrong = post_form(
        &app,
        "/fn/verify_email",
        &page,
        &[("email", &ada.email), ("code", "000000")],
    )
    .await;
    let to = location(&wrong);
    let to = to.strip_prefix(&app.base).unwrap_or(&to).to_owned();
    let html = app.get(&to).await.text().await.unwrap();
    assert!(html.contains("That code is wrong or has expired"), "{html}");

    let right = post_form(
        &app,
        "/fn/verify_email",
        &page,
        &[("email", &ada.email), ("code", &code)],
    )
    .await;
    assert_eq!(right.status(), 302);
    let to = location(&right);
    assert!(to.starts_with("/verify-email?verified=1"), "{to}");
    let html = app.get(&to).await.text().await.unwrap();
    assert!(html.contains("Your email is verified"));
    assert!(
        app.store
            .find_user_by_email(&ada.email)
            .await
            .unwrap()
            .unwrap()
            .email_verified_at
            .is_some()
    );
}

/// A browser holding `token` as its session cookie asks for `path`.
async fn get_as(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    app.get_with_cookie(path, &format!("latch_session={token}"))
        .await
}

async fn the_account_page_sends_a_visitor_without_a_session_to_log_in(db: Db) {
    let app = TestApp::spawn(&db).await;
    for (path, cookie) in [
        ("/account", None),
        ("/account", Some("latch_session=not-a-session")),
        ("/account/", None),
    ] {
        let mut request = app.client.get(app.url(path));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 302, "{path} {cookie:?}");
        assert_eq!(location(&response), "/login", "{path} {cookie:?}");
    }
}

async fn pages_show_who_is_logged_in(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;

    let home = get_as(&app, "/", &token).await.text().await.unwrap();
    assert!(
        home.contains(&format!("<a href=\"/account\">{}</a>", ada.first_name)),
        "the header names the logged-in user"
    );
    assert!(
        home.contains("action=\"/fn/log_out\""),
        "with a logout button"
    );

    let account = get_as(&app, "/account", &token).await;
    assert_eq!(account.status(), 200);
    let account = account.text().await.unwrap();
    assert!(account.contains("Your account"));
    assert!(
        account.contains(&ada.email),
        "the page is rendered with the account's data"
    );
    assert!(account.contains("</html>"));

    let anonymous = app.get("/").await.text().await.unwrap();
    assert!(anonymous.contains("<a href=\"/login\">Log in</a>"));
    assert!(!anonymous.contains(&ada.first_name));
}

/// Every page must arrive whole while other servers, each on its own runtime (as every test
/// here has), render or shut down in the same process. Pages once read the session through a
/// `Resource` inside `<Suspense>`; so placed, Leptos 0.8 left a response open after its first
/// bytes in every run of this test. The renderer is what is tested, not the database, so SQLite
/// alone.
#[test]
fn pages_finish_while_other_servers_start_and_stop() {
    let pages = [
        "/",
        "/signup",
        "/verify-email",
        "/login",
        "/login/otp",
        "/forgot-password",
    ];
    let threads: Vec<_> = (0..4)
        .map(|thread| {
            std::thread::spawn(move || {
                for round in 0..8 {
                    let runtime = tokio::runtime::Builder::new_multi_thread()
                        .worker_threads(2)
                        .enable_all()
                        .build()
                        .unwrap();
                    runtime.block_on(async {
                        let app = TestApp::spawn(&Db::sqlite()).await;
                        for i in 0..pages.len() {
                            let path = pages[(thread + round + i) % pages.len()];
                            let body = tokio::time::timeout(Duration::from_secs(60), async {
                                app.get(path).await.text().await
                            })
                            .await
                            .unwrap_or_else(|_| panic!("{path} never finished"))
                            .unwrap();
                            assert!(body.contains("</html>"), "{path} arrived whole");
                        }
                    });
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("every page finished");
    }
}

/// Files (some publicly cacheable for a year) are answered without loading the session, so no
/// answer for a file can carry a session cookie, not even the removal of a dead one.
async fn files_never_touch_the_session(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let live = app.token_for(&ada).await;
    let dead = app.token_for(&ada).await;
    let response = app
        .client
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&dead)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    for token in [&live, &dead] {
        for path in [
            "/favicon.svg",
            "/pkg/latch.css",
            "/pkg/latch.AAAAAAAAAAAAAAAAAAAAAA.wasm",
        ] {
            let response = get_as(&app, path, token).await;
            assert!(
                response.headers().get("set-cookie").is_none(),
                "{path} answered with a cookie"
            );
        }
    }
    // A page, by contrast, does look: a dead session's cookie is removed there.
    let page = get_as(&app, "/", &dead).await;
    assert!(
        page.headers().get("set-cookie").is_some(),
        "the page clears a dead cookie"
    );
}

/// Pages render on the server; only forms are sent to the browser as islands, and no page
/// preloads the WASM (Chromium fetches a preload even with JavaScript off).
async fn only_the_forms_are_islands(db: Db) {
    let app = TestApp::spawn(&db).await;
    let islands = |html: &str| html.matches("<leptos-island").count();
    for (path, forms) in [
        ("/", 0),
        ("/signup", 1),
        ("/login", 1),
        ("/verify-email?email=ada%40example.com", 2),
        ("/login/otp?phone=%2B12015550123", 2),
    ] {
        let html = app.get(path).await.text().await.unwrap();
        assert_eq!(islands(&html), forms, "{path}: {html}");
        assert!(!html.contains(r#"rel="preload""#), "{path}: {html}");
    }
}
