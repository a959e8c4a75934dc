//! The pages' language: negotiated from `?lang=`, the picker's cookie, `Accept-Language` and
//! the operator's default, among the languages turned on; `<html lang dir>` and the header
//! follow it; the picker (`POST /locale`) remembers it and goes back only to a path here.

use reqwest::header::{CONTENT_LANGUAGE, LOCATION, SET_COOKIE};

use crate::support::{Db, Options, Person, TestApp, cookie_of};

db_tests!(
    a_page_speaks_the_language_the_request_prefers,
    the_picker_remembers_a_language_and_goes_back_only_here,
    with_one_language_on_there_is_no_picker_and_no_other_language,
    a_person_keeps_their_language_in_every_browser,
    the_api_reads_and_sets_a_persons_language,
    the_pages_say_nothing_outside_the_catalogues,
);

async fn three_languages(db: &Db) -> TestApp {
    TestApp::spawn_with(
        db,
        Options {
            extra: vec![("LATCH_LOCALES", "en,pl,ar".to_owned())],
            ..Options::default()
        },
    )
    .await
}

async fn login_page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (String, String) {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    let language = response.headers()[CONTENT_LANGUAGE]
        .to_str()
        .unwrap()
        .to_owned();
    (language, response.text().await.unwrap())
}

async fn a_page_speaks_the_language_the_request_prefers(db: Db) {
    let app = three_languages(&db).await;
    let (language, page) = login_page(
        &app,
        "/login",
        &[("accept-language", "de-AT, pl;q=0.8, en;q=0.5")],
    )
    .await;
    assert_eq!(language, "pl");
    assert!(page.contains(r#"<html lang="pl" dir="ltr""#), "{page}");
    assert!(page.contains("Zaloguj się"), "the header in Polish");
    // Each language offered under its own name, the page's chosen.
    assert!(
        page.contains(r#"<option value="ar" lang="ar">العربية</option>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<option value="pl" lang="pl" selected"#),
        "{page}"
    );

    // `?lang=` over the header; Arabic is written right to left.
    let (language, page) = login_page(&app, "/login?lang=ar", &[("accept-language", "pl")]).await;
    assert_eq!(language, "ar");
    assert!(page.contains(r#"<html lang="ar" dir="rtl""#), "{page}");
    assert!(page.contains("تسجيل الدخول"), "the header in Arabic");

    // OpenID Connect's `ui_locales`: the first language that is on.
    let (language, _) = login_page(&app, "/login?ui_locales=de%20ar%20pl", &[]).await;
    assert_eq!(language, "ar");

    // Nothing usable: the default.
    let (language, page) = login_page(&app, "/login", &[("accept-language", "*;q=0.5, de")]).await;
    assert_eq!(language, "en");
    assert!(page.contains(r#"<html lang="en" dir="ltr""#));
}

async fn the_picker_remembers_a_language_and_goes_back_only_here(db: Db) {
    let app = three_languages(&db).await;
    let pick = |locale: &'static str, return_to: &'static str, origin: String| {
        app.client
            .post(app.url("/locale"))
            .header("origin", origin)
            .form(&[("locale", locale), ("return_to", return_to)])
            .send()
    };
    let picked = pick("ar", "/signup?return_to=%2Faccount", app.base.clone())
        .await
        .unwrap();
    assert_eq!(picked.status(), 303);
    assert_eq!(picked.headers()[LOCATION], "/signup?return_to=%2Faccount");
    let cookie = picked.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("latch_lang=ar;"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    // The cookie over the browser's header.
    let (language, _) = login_page(
        &app,
        "/login",
        &[("cookie", "latch_lang=ar"), ("accept-language", "pl")],
    )
    .await;
    assert_eq!(language, "ar");

    // Anywhere but a path here goes to `/`.
    for elsewhere in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "evil",
    ] {
        let picked = pick("pl", elsewhere, app.base.clone()).await.unwrap();
        assert_eq!(picked.status(), 303);
        assert_eq!(picked.headers()[LOCATION], "/", "{elsewhere}");
    }
    // A language that is not on, or none: refused, no cookie.
    for locale in ["de", "", "ar\r\nSet-Cookie: x=1"] {
        let refused = pick(locale, "/login", app.base.clone()).await.unwrap();
        assert_eq!(refused.status(), 400, "{locale:?}");
        assert!(refused.headers().get(SET_COOKIE).is_none());
        assert!(refused.text().await.unwrap().contains("not available"));
    }
    // Another site cannot post it.
    let forged = pick("ar", "/login", "https://evil.example".to_owned())
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(forged.headers().get(SET_COOKIE).is_none());
}

async fn with_one_language_on_there_is_no_picker_and_no_other_language(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (language, page) = login_page(
        &app,
        "/login?lang=ar",
        &[("cookie", "latch_lang=pl"), ("accept-language", "ar, pl")],
    )
    .await;
    assert_eq!(language, "en");
    assert!(page.contains(r#"<html lang="en" dir="ltr""#));
    assert!(!page.contains(r#"action="/locale""#), "no picker");
    let refused = app
        .client
        .post(app.url("/locale"))
        .header("origin", &app.base)
        .form(&[("locale", "pl"), ("return_to", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
}

/// The language a person signed up in, or last picked, is theirs: a browser of theirs that
/// names no language by `?lang=` or the picker's cookie gets it, whatever its header says.
async fn a_person_keeps_their_language_in_every_browser(db: Db) {
    let app = three_languages(&db).await;
    let ada = Person::new();
    let registered = app
        .client
        .post(app.url("/api/v1/register"))
        .header("accept-language", "pl-PL, en;q=0.5")
        .json(&ada.json())
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201);
    let saved = |app: &TestApp, email: String| {
        let store = app.store.clone();
        async move {
            store
                .find_user_by_email(&email)
                .await
                .unwrap()
                .expect("the account")
                .locale
        }
    };
    assert_eq!(saved(&app, ada.email.clone()).await.as_deref(), Some("pl"));
    // The verification email is in Polish too, through real SMTP.
    let (subject, body) = app.mailbox.wait_for(&ada.email, 1).await[0].decoded();
    assert!(
        subject.starts_with("Twój kod weryfikacyjny Latch: "),
        "{subject}"
    );
    assert!(body.starts_with("Dzień dobry "), "{body}");
    let code = subject.rsplit(' ').next().unwrap().to_owned();
    assert!(
        body.contains(&format!("Twój kod weryfikacyjny to {code}")),
        "{body}"
    );
    assert_eq!(app.verify(&ada.email, &code).await.status(), 200);

    let login = |app: &TestApp| {
        let (email, password) = (ada.email.clone(), ada.password.clone());
        let client = app.client.clone();
        let url = app.url("/api/v1/login/password");
        async move {
            let response = client
                .post(url)
                .json(&serde_json::json!({ "identifier": email, "password": password }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            cookie_of(&response)
        }
    };
    let browser = login(&app).await;
    let (language, _) = login_page(
        &app,
        "/account",
        &[("cookie", &browser), ("accept-language", "ar")],
    )
    .await;
    assert_eq!(language, "pl", "the person's language over the browser's");

    // Picked while signed in: saved on the account, so another browser gets it too.
    let picked = app
        .client
        .post(app.url("/locale"))
        .header("origin", &app.base)
        .header("cookie", &browser)
        .form(&[("locale", "ar"), ("return_to", "/account")])
        .send()
        .await
        .unwrap();
    assert_eq!(picked.status(), 303);
    assert_eq!(saved(&app, ada.email.clone()).await.as_deref(), Some("ar"));
    let elsewhere = login(&app).await;
    let (language, page) = login_page(
        &app,
        "/account",
        &[("cookie", &elsewhere), ("accept-language", "pl")],
    )
    .await;
    assert_eq!(language, "ar");
    assert!(page.contains(r#"dir="rtl""#));
    // Their login code by email comes in Arabic now.
    let asked = app
        .post_json(
            "/api/v1/login/email-code",
            &serde_json::json!({ "email": ada.email }),
        )
        .await;
    assert_eq!(asked.status(), 202);
    let emails = app.mailbox.wait_for(&ada.email, 2).await;
    let (subject, body) = emails[1].decoded();
    assert!(
        subject.starts_with("رمز تسجيل الدخول الخاص بك في Latch: "),
        "{subject}"
    );
    assert!(body.contains("/login/email/code?code="), "{body}");
    // A visitor's pick changes no account.
    let visitor = app
        .client
        .post(app.url("/locale"))
        .header("origin", &app.base)
        .form(&[("locale", "en"), ("return_to", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(visitor.status(), 303);
    assert_eq!(saved(&app, ada.email.clone()).await.as_deref(), Some("ar"));
}

/// `locale` in the user object, and set by `PATCH /api/v1/me` among the languages that are on.
async fn the_api_reads_and_sets_a_persons_language(db: Db) {
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![("LATCH_LOCALES", "en,pl".to_owned())],
            ..Options::default()
        },
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let me: serde_json::Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["user"]["locale"], "en",
        "signed up without a language: the default"
    );
    let patch = |body: serde_json::Value| {
        app.client
            .patch(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let set = patch(serde_json::json!({ "locale": "pl-PL" }))
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let body: serde_json::Value = set.json().await.unwrap();
    assert_eq!(body["user"]["locale"], "pl");
    let me: serde_json::Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["locale"], "pl");

    // Shipped but off, or not a language: 422 on the field, named with any other bad one.
    for bad in ["ar", "xx", "p l"] {
        let (status, body) =
            crate::support::error_code(patch(serde_json::json!({ "locale": bad })).await.unwrap())
                .await;
        assert_eq!(status, 422, "{bad}");
        assert!(body["error"]["fields"]["locale"].is_array(), "{body}");
    }
    let (status, body) = crate::support::error_code(
        patch(serde_json::json!({ "locale": "ar", "first_name": "" }))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["fields"]["locale"].is_array()
            && body["error"]["fields"]["first_name"].is_array(),
        "{body}"
    );
    let me: serde_json::Value = app
        .get_with_token("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["locale"], "pl", "unchanged by refused requests");
}

/// The text a person reads on a page: its text nodes (with `<title>`'s), outside scripts and
/// styles, entities decoded, each trimmed; and its `aria-label`, `placeholder` and `alt`.
fn visible_texts(html: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = html;
    let decode = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&amp;", "&")
    };
    while let Some(open) = rest.find('<') {
        let text = rest[..open].trim();
        if !text.is_empty() {
            texts.push(decode(text));
        }
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = &rest[open..tag_end];
        for attribute in ["aria-label=\"", "placeholder=\"", "alt=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                texts.push(decode(&value[..value.find('"').unwrap_or(0)]));
            }
        }
        rest = &rest[tag_end..];
        for skipped in ["script", "style"] {
            if tag.starts_with(&format!("<{skipped}")) {
                let close = format!("</{skipped}>");
                rest = rest.find(&close).map_or("", |c| &rest[c + close.len()..]);
            }
        }
    }
    texts
}

/// In the pseudo-language every word comes out accented and in `⟦…⟧`: a text with letters
/// and no mark skipped the catalogues. The brand's name and what the visitor typed are
/// no words of Latch's. The anonymous pages and the account's.
async fn the_pages_say_nothing_outside_the_catalogues(db: Db) {
    let app = TestApp::spawn_with(
        &db,
        Options {
            // English first, the default: the person below signs up, and reads their code, in it.
            extra: vec![("LATCH_LOCALES", "en,en-XA".to_owned())],
            ..Options::default()
        },
    )
    .await;
    let pages = [
        "/",
        "/login",
        "/login?reset=1",
        "/signup",
        "/verify-email?email=ada%40example.com",
        "/verify-email?email=ada%40example.com&resent=1",
        "/verify-email?email=ada%40example.com&verified=1",
        "/forgot-password",
        "/forgot-password?sent=1",
        "/reset-password?token=abc",
        "/login/otp",
        "/login/otp?phone=%2B12015550142",
        "/login/email",
        "/login/email/code?code=123456",
        "/login/second-factor",
        "/login/connect",
        "/signup/complete",
        "/oauth2/logout",
        "/no/such/page",
    ];
    let ada = Person::new();
    app.verified(&ada).await;
    crate::admin::grant_admin(&app, &ada.email).await;
    let token = app.token_for(&ada).await;
    let id = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap()
        .id;
    let own_page = format!("/admin/users/{id}");
    let client = app
        .post_with_token(
            "/api/v1/admin/clients",
            &token,
            serde_json::json!({ "name": "Wiki", "redirect_uris": ["https://wiki.example.com/cb"] }),
        )
        .await;
    assert_eq!(client.status(), 201);
    let signed_in = [
        "/admin",
        "/admin?query=zzz",
        own_page.as_str(),
        "/admin/audit",
        "/admin/clients",
        "/admin/branding",
        "/admin/users/00000000-0000-0000-0000-000000000000",
        "/account",
        "/account?done=email-code-sent",
        "/account/security",
        "/account/security?done=totp-off",
        "/account/sessions",
        "/account/confirm?return_to=%2Faccount%2Fsecurity",
    ];
    let mut untranslated = Vec::new();
    for path in pages.iter().chain(&signed_in) {
        let cookie = if signed_in.contains(path) {
            format!("latch_lang=en-XA; latch_session={token}")
        } else {
            "latch_lang=en-XA".to_owned()
        };
        let response = app.get_with_cookie(path, &cookie).await;
        let status = response.status().as_u16();
        assert!(matches!(status, 200 | 404), "{path}: {status}, not a page");
        assert_eq!(response.headers()[CONTENT_LANGUAGE], "en-XA", "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"<html lang="en-XA" dir="ltr""#), "{path}");
        for text in visible_texts(&html) {
            // Not Latch's words: the brand, what the person typed, times (`… UTC`).
            let mut words = text
                .replace("Latch", "")
                .replace("ada@example.com", "")
                .replace("+12015550142", "")
                .replace(&ada.first_name, "")
                .replace(&ada.last_name, "")
                .replace(&ada.email, "")
                .replace(" UTC", "")
                .replace("Wiki", "")
                .replace("https://wiki.example.com/cb", "");
            // The picker names each language in itself.
            // Role names are identifiers, shown as they are.
            let roles = text
                .split([',', ' '])
                .all(|r| ["", "admin", "user"].contains(&r));
            if roles || words.contains("latch_") || text == "English" || text.starts_with("Ëñgłíšh")
            {
                words.clear();
            }
            if words.chars().any(char::is_alphabetic) && !text.contains('⟦') {
                untranslated.push(format!("{path}: {text:?}"));
            }
        }
    }
    assert!(
        untranslated.is_empty(),
        "not from a catalogue:\n{}",
        untranslated.join("\n")
    );
}
