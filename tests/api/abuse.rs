//! Abuse resistance (issue 8): each rule attacked the way a script would — requests sent at
//! once, from many client addresses behind a trusted proxy, alternating destinations — on
//! SQLite and PostgreSQL. The clock is moved, never slept through; a short real pause only lets
//! the outbox deliver what it is going to deliver before a test counts what arrived.
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::support::{Db, Options, Person, TestApp, listen};
use futures::future::join_all;
use reqwest::{Method, Response};
use serde_json::{Value, json};

db_tests!(
    verification_codes_cannot_be_guessed_across_resends,
    alternating_email_changes_issue_at_most_three_codes_per_address,
    contact_changes_answer_alike_whoever_holds_the_address,
    phone_change_guesses_are_capped_across_codes,
    sms_login_guesses_are_capped_per_number_per_day,
    one_account_cannot_pump_sms_to_many_numbers,
    the_sms_budget_stops_all_sms_with_503,
    sms_allowed_countries_refuses_other_numbers,
    forty_parallel_wrong_passwords_check_only_ten,
    forty_parallel_wrong_current_passwords_check_only_ten,
    registration_is_limited_per_ip_before_hashing,
    a_registration_flood_cannot_stall_session_checks_or_logins,
    every_door_that_checks_a_code_counts_per_ip,
    every_door_that_sends_or_resets_counts_per_ip,
    internationalised_domains_are_one_account,
    reset_links_keep_the_public_url_path_prefix,
    the_sweep_purges_stale_unverified_accounts,
    the_sweep_purges_audit_rows_past_their_retention,
);

const MINUTE: Duration = Duration::from_secs(61);
const HOUR: u64 = 3600;

// ---------------------------------------------------------------------------------------------
// A script behind our trusted proxy.

/// Latch behind a trusted proxy on loopback, so `X-Forwarded-For` names the client.
pub(crate) async fn behind_proxy(db: &Db, extra: Vec<(&'static str, String)>) -> TestApp {
    let mut vars = vec![("TRUSTED_PROXIES", "127.0.0.1".to_owned())];
    vars.extend(extra);
    TestApp::spawn_with(
        db,
        Options {
            extra: vars,
            ..Options::default()
        },
    )
    .await
}

/// A client address never used before in this test binary, from 198.18.0.0/15 (the
/// benchmarking range): every request of a botnet may come from somewhere else.
pub(crate) fn fresh_ip() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("198.{}.{}.{}", 18 + (n >> 16) % 2, (n >> 8) & 255, n & 255)
}

/// A request from a client at `ip`, through the proxy. Built at once (the future borrows
/// nothing), so a script can fire many from one closure.
fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    ip: &str,
    token: Option<&str>,
    body: Value,
) -> impl Future<Output = Answer> + use<> {
    let mut request = app
        .client
        .request(method, app.url(path))
        .header("x-forwarded-for", ip)
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    async move { Answer::of(request.send().await.expect("request sent")).await }
}

fn post(app: &TestApp, ip: &str, path: &str, body: Value) -> impl Future<Output = Answer> + use<> {
    send(app, Method::POST, path, ip, None, body)
}

fn post_as(
    app: &TestApp,
    ip: &str,
    token: &str,
    path: &str,
    body: Value,
) -> impl Future<Output = Answer> + use<> {
    send(app, Method::POST, path, ip, Some(token), body)
}

fn patch_me(
    app: &TestApp,
    ip: &str,
    token: &str,
    body: Value,
) -> impl Future<Output = Answer> + use<> {
    send(app, Method::PATCH, "/api/v1/me", ip, Some(token), body)
}

/// What came back: status, error code (if any), `Retry-After` (if any), body.
#[derive(Debug)]
struct Answer {
    status: u16,
    code: Option<String>,
    retry_after: Option<u64>,
    body: Value,
}

impl Answer {
    async fn of(response: Response) -> Answer {
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().parse().expect("Retry-After in seconds"));
        let body: Value = response.json().await.unwrap_or(Value::Null);
        Answer {
            status,
            code: body["error"]["code"].as_str().map(str::to_owned),
            retry_after,
            body,
        }
    }

    fn is(&self, status: u16, code: &str) -> bool {
        self.status == status && self.code.as_deref() == Some(code)
    }

    /// 429 `rate_limited` with a `Retry-After` inside `seconds`.
    #[track_caller]
    fn assert_limited(&self, seconds: std::ops::RangeInclusive<u64>) {
        assert!(self.is(429, "rate_limited"), "expected 429, got {self:?}");
        let wait = self.retry_after.expect("429 carries Retry-After");
        assert!(
            seconds.contains(&wait),
            "Retry-After {wait} not in {seconds:?}"
        );
    }

    #[track_caller]
    fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(self.status, status, "{self:?}");
        self
    }
}

fn count(answers: &[Answer], status: u16, code: &str) -> usize {
    answers.iter().filter(|a| a.is(status, code)).count()
}

/// `n` different wrong guesses at `code`, as a script would try them.
fn guesses(code: &str, n: u32) -> Vec<String> {
    let real: u32 = code.parse().expect("six digits");
    (1..=n)
        .map(|k| format!("{:06}", (real + k * 7919) % 1_000_000))
        .collect()
}

/// The code of the `n`th message (1-based) to `number`.
async fn nth_sms_code(app: &TestApp, number: &str, n: usize) -> String {
    let messages = app.sms.wait_for(number, n).await;
    messages[n - 1].code().expect("a code in the SMS")
}

async fn nth_email_code(app: &TestApp, address: &str, n: usize) -> String {
    let emails = app.mailbox.wait_for(address, n).await;
    emails[n - 1].code().expect("a code in the email")
}

fn sms_total(app: &TestApp, numbers: &[String]) -> usize {
    numbers.iter().map(|n| app.sms.to(n).len()).sum()
}

/// Valid US numbers (201-557-xxxx) that no `Person` of this binary holds.
fn numbers(base: u32, n: u32) -> Vec<String> {
    (0..n).map(|i| format!("+1201557{:04}", base + i)).collect()
}

async fn user_by_email(app: &TestApp, email: &str) -> Option<latch::store::UserRecord> {
    app.store.find_user_by_email(email).await.unwrap()
}

// ---------------------------------------------------------------------------------------------
// 1. Code guessing across codes.

/// Five tries per code and a fresh code a minute would give a script 5 guesses a minute; the
/// failures are counted across codes instead: 10 an hour per (user, purpose), then even the
/// right code of a fresh code is refused until the window ends.
async fn verification_codes_cannot_be_guessed_across_resends(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    let first = app.register_and_read_code(&ada).await;
    let verify = |code: String| {
        post(
            &app,
            &fresh_ip(),
            "/api/v1/email/verify",
            json!({"email": ada.email, "code": code}),
        )
    };

    // Eight guesses at once on the first code (five kill it; all eight count as failures).
    let first_round = join_all(guesses(&first, 8).into_iter().map(verify)).await;
    assert_eq!(
        count(&first_round, 400, "invalid_code"),
        8,
        "{first_round:?}"
    );

    // A fresh code, eight more guesses at once: only two more are checked.
    app.advance(MINUTE);
    post(
        &app,
        &fresh_ip(),
        "/api/v1/email/verify/resend",
        json!({"email": ada.email}),
    )
    .await
    .assert_status(202);
    let second = nth_email_code(&app, &ada.email, 2).await;
    let second_round = join_all(guesses(&second, 8).into_iter().map(verify)).await;
    assert_eq!(
        count(&second_round, 400, "invalid_code"),
        2,
        "{second_round:?}"
    );
    assert_eq!(
        count(&second_round, 429, "rate_limited"),
        6,
        "{second_round:?}"
    );
    for answer in second_round.iter().filter(|a| a.status == 429) {
        answer.assert_limited(HOUR - 200..=HOUR);
    }

    // A fresh code, and the right one: refused all the same, without a word about it.
    app.advance(MINUTE);
    post(
        &app,
        &fresh_ip(),
        "/api/v1/email/verify/resend",
        json!({"email": ada.email}),
    )
    .await
    .assert_status(202);
    let third = nth_email_code(&app, &ada.email, 3).await;
    verify(third).await.assert_limited(HOUR - 200..=HOUR);
    assert!(
        user_by_email(&app, &ada.email)
            .await
            .unwrap()
            .email_verified_at
            .is_none()
    );

    // More resends within the hour: the address gets no more codes (still 202: resend says
    // nothing).
    for _ in 0..4 {
        app.advance(MINUTE);
        post(
            &app,
            &fresh_ip(),
            "/api/v1/email/verify/resend",
            json!({"email": ada.email}),
        )
        .await
        .assert_status(202);
    }
    app.mailbox.wait_for(&ada.email, 3).await;
    app.outbox_drained().await;
    // Three codes an hour to one address, the registration's own code among them.
    assert_eq!(
        app.mailbox.to(&ada.email).len(),
        3,
        "the registration's code and 2 resent codes in the hour, no more"
    );

    // After the hour, a fresh code works.
    app.advance(Duration::from_secs(HOUR));
    let sent = app.mailbox.to(&ada.email).len();
    post(
        &app,
        &fresh_ip(),
        "/api/v1/email/verify/resend",
        json!({"email": ada.email}),
    )
    .await
    .assert_status(202);
    let fresh = nth_email_code(&app, &ada.email, sent + 1).await;
    let verified = verify(fresh).await;
    verified.assert_status(200);
    assert_eq!(verified.body["user"]["email_verified"], true);
}

/// Alternating two addresses must not reset the count of either: 3 codes an hour per address.
/// The security review's probe: a signed-in user asking to move to 10 registered addresses
/// and 20 free ones got `409 email_taken` for exactly the 10 (phones alike, and past the limit
/// a 409 still meant "registered"). Now every answer is the same but for the address, the
/// limit refuses taken and free alike, only free ones get a code, and the owners of taken ones
/// are told someone tried.
async fn contact_changes_answer_alike_whoever_holds_the_address(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let owners: Vec<Person> = (0..10).map(|_| Person::new()).collect();
    for owner in &owners {
        post(&app, &fresh_ip(), "/api/v1/register", owner.json())
            .await
            .assert_status(201);
    }
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let free: Vec<Person> = (0..20).map(|_| Person::new()).collect();
    let same_but_for = |answer: &Answer, field: &str, asked: &str| {
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_eq!(answer.body["pending"][field], asked, "{answer:?}");
        let mut body = answer.body.clone();
        body["pending"][field] = Value::Null;
        body
    };

    // Emails: a taken one, then two free ones, 30 in all; 10 an hour for one account.
    let asks: Vec<(&str, bool)> = (0..30)
        .map(|n| {
            if n % 3 == 0 {
                (owners[n / 3].email.as_str(), true)
            } else {
                (free[n - 1 - n / 3].email.as_str(), false)
            }
        })
        .collect();
    // Each hour's messages are delivered before the clock moves past their lifetime.
    let delivered = |upto: usize| {
        let asks = &asks;
        let app = &app;
        async move {
            for (email, taken) in &asks[..upto] {
                app.mailbox.wait_for(email, 1 + usize::from(*taken)).await;
            }
        }
    };
    let mut first = None;
    for (n, (email, _)) in asks.iter().enumerate() {
        if n > 0 && n % 10 == 0 {
            delivered(n).await;
            app.advance(Duration::from_secs(HOUR + 1));
        }
        let answer = patch_me(
            &app,
            &fresh_ip(),
            &token,
            json!({"email": email, "current_password": ada.password}),
        )
        .await;
        let body = same_but_for(&answer, "email", email);
        assert_eq!(first.get_or_insert(body.clone()), &body, "{email}");
    }
    // The eleventh of the hour is refused, taken or free.
    for email in [&owners[0].email, &Person::new().email] {
        patch_me(
            &app,
            &fresh_ip(),
            &token,
            json!({"email": email, "current_password": ada.password}),
        )
        .await
        .assert_limited(1..=HOUR);
    }
    for (email, taken) in &asks {
        let messages = app.mailbox.wait_for(email, 1 + usize::from(*taken)).await;
        let last = messages.last().unwrap();
        if *taken {
            assert!(
                last.subject().contains("Someone tried"),
                "{}",
                last.subject()
            );
            assert_eq!(last.code(), None, "no code to an address that is taken");
        } else {
            assert!(last.code().is_some(), "a code to a free address");
        }
    }

    // Phones: taken and free alternating, 5 an hour (SMS per account), then 429 for both.
    app.advance(Duration::from_secs(HOUR + 1));
    let phones: Vec<(String, bool)> = (0..10)
        .map(|n| {
            if n % 2 == 0 {
                (owners[n].phone.clone(), true)
            } else {
                (Person::new().phone, false)
            }
        })
        .collect();
    let mut first = None;
    for (n, (phone, _)) in phones.iter().enumerate() {
        if n == 5 {
            for extra in [&owners[1].phone, &Person::new().phone] {
                patch_me(
                    &app,
                    &fresh_ip(),
                    &token,
                    json!({"phone": extra, "current_password": ada.password}),
                )
                .await
                .assert_limited(1..=HOUR);
            }
            for (phone, _) in &phones[..5] {
                app.sms.wait_for(phone, 1).await;
            }
            app.advance(Duration::from_secs(HOUR + 1));
        }
        let answer = patch_me(
            &app,
            &fresh_ip(),
            &token,
            json!({"phone": phone, "current_password": ada.password}),
        )
        .await;
        let body = same_but_for(&answer, "phone", phone);
        assert_eq!(first.get_or_insert(body.clone()), &body, "{phone}");
    }
    for (phone, taken) in &phones {
        let sms = app.sms.wait_for(phone, 1).await;
        assert_eq!(sms.last().unwrap().code().is_some(), !taken, "{phone}");
    }

    // The account page's form answers the same: no "already registered".
    app.advance(Duration::from_secs(HOUR + 1));
    let cookie = format!("latch_session={token}");
    let page = app
        .client
        .post(app.url("/fn/change_email"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .header("x-forwarded-for", fresh_ip())
        .form(&[
            ("email", owners[9].email.as_str()),
            ("current_password", ada.password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(page.status().as_u16() < 400, "{}", page.status());
    let text = page.text().await.unwrap();
    assert!(!text.contains("already registered"), "{text}");
}

async fn alternating_email_changes_issue_at_most_three_codes_per_address(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let (x, y) = (Person::new().email, Person::new().email);

    for round in 0..4 {
        for address in [&x, &y] {
            app.advance(MINUTE);
            let answer = patch_me(
                &app,
                &fresh_ip(),
                &token,
                json!({"email": address, "current_password": ada.password}),
            )
            .await;
            if round < 3 {
                answer.assert_status(200);
                assert_eq!(answer.body["pending"]["email"], address.as_str());
            } else {
                answer.assert_limited(HOUR - 600..=HOUR);
            }
        }
    }
    app.mailbox.wait_for(&x, 3).await;
    app.mailbox.wait_for(&y, 3).await;
    app.outbox_drained().await;
    assert_eq!(app.mailbox.to(&x).len(), 3, "three codes to X in the hour");
    assert_eq!(app.mailbox.to(&y).len(), 3, "three codes to Y in the hour");

    // The window ends: X may get a code again, and it confirms the change.
    app.advance(Duration::from_secs(HOUR));
    patch_me(
        &app,
        &fresh_ip(),
        &token,
        json!({"email": x, "current_password": ada.password}),
    )
    .await
    .assert_status(200);
    let code = nth_email_code(&app, &x, 4).await;
    let confirmed = post_as(
        &app,
        &fresh_ip(),
        &token,
        "/api/v1/me/email/confirm",
        json!({ "code": code }),
    )
    .await;
    confirmed.assert_status(200);
    assert_eq!(confirmed.body["user"]["email"], x.as_str());
}

/// Guessing the confirmation code of a phone change, with a fresh code to another number
/// whenever one dies: 10 failures an hour per user, then even the right code is refused.
async fn phone_change_guesses_are_capped_across_codes(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let [p, q, r]: [String; 3] = numbers(100, 3).try_into().unwrap();
    let change_to = |number: &str| {
        patch_me(
            &app,
            &fresh_ip(),
            &token,
            json!({"phone": number, "current_password": ada.password}),
        )
    };
    let confirm = |code: String| {
        post_as(
            &app,
            &fresh_ip(),
            &token,
            "/api/v1/me/phone/confirm",
            json!({ "code": code }),
        )
    };

    change_to(&p).await.assert_status(200);
    let code_p = nth_sms_code(&app, &p, 1).await;
    let first_round = join_all(guesses(&code_p, 8).into_iter().map(confirm)).await;
    assert_eq!(
        count(&first_round, 400, "invalid_code"),
        8,
        "{first_round:?}"
    );

    app.advance(MINUTE);
    change_to(&q).await.assert_status(200);
    let code_q = nth_sms_code(&app, &q, 1).await;
    let second_round = join_all(guesses(&code_q, 8).into_iter().map(confirm)).await;
    assert_eq!(
        count(&second_round, 400, "invalid_code"),
        2,
        "{second_round:?}"
    );
    assert_eq!(
        count(&second_round, 429, "rate_limited"),
        6,
        "{second_round:?}"
    );

    app.advance(MINUTE);
    change_to(&r).await.assert_status(200);
    let code_r = nth_sms_code(&app, &r, 1).await;
    confirm(code_r).await.assert_limited(HOUR - 200..=HOUR);
    assert_eq!(
        user_by_email(&app, &ada.email)
            .await
            .unwrap()
            .phone
            .as_str(),
        ada.phone,
        "the number did not change"
    );

    // After the hour a fresh code confirms the change.
    app.advance(Duration::from_secs(HOUR));
    change_to(&r).await.assert_status(200);
    let fresh = nth_sms_code(&app, &r, 2).await;
    let confirmed = confirm(fresh).await;
    confirmed.assert_status(200);
    assert_eq!(confirmed.body["user"]["phone"], r.as_str());
}

/// SMS login codes: 10 failures an hour, and 20 a day per number, whatever the hour.
async fn sms_login_guesses_are_capped_per_number_per_day(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let mut sent = 0;
    let mut fresh_code = async || {
        post(
            &app,
            &fresh_ip(),
            "/api/v1/login/otp",
            json!({"phone": ada.phone}),
        )
        .await
        .assert_status(202);
        sent += 1;
        nth_sms_code(&app, &ada.phone, sent).await
    };
    let verify = |code: String| {
        post(
            &app,
            &fresh_ip(),
            "/api/v1/login/otp/verify",
            json!({"phone": ada.phone, "code": code}),
        )
    };

    for hour in 0..2 {
        // Six guesses at once on one code, then six on a fresh one: ten are checked.
        let code = fresh_code().await;
        let first = join_all(guesses(&code, 6).into_iter().map(verify)).await;
        assert_eq!(
            count(&first, 400, "invalid_code"),
            6,
            "hour {hour}: {first:?}"
        );
        app.advance(MINUTE);
        let code = fresh_code().await;
        let second = join_all(guesses(&code, 6).into_iter().map(verify)).await;
        assert_eq!(
            count(&second, 400, "invalid_code"),
            4,
            "hour {hour}: {second:?}"
        );
        assert_eq!(
            count(&second, 429, "rate_limited"),
            2,
            "hour {hour}: {second:?}"
        );
        for answer in second.iter().filter(|a| a.status == 429) {
            answer.assert_limited(HOUR - 200..=HOUR);
        }
        app.advance(Duration::from_secs(HOUR));
    }

    // Third hour: the hourly counters are fresh, but the number has had its 20 failures today.
    let code = fresh_code().await;
    let refused = verify(code).await;
    refused.assert_limited(20 * HOUR..=24 * HOUR);
    app.advance(MINUTE);
    let code = fresh_code().await;
    verify(guesses(&code, 1).remove(0))
        .await
        .assert_limited(20 * HOUR..=24 * HOUR);

    // The next day the owner logs in.
    app.advance(Duration::from_secs(22 * HOUR));
    let code = fresh_code().await;
    let login = verify(code).await;
    login.assert_status(200);
    assert!(login.body["session_token"].is_string());
}

// ---------------------------------------------------------------------------------------------
// 2. SMS pumping.

/// One account changing its number to ten premium-rate numbers at once, from ten addresses:
/// five SMS an hour per account, the rest refused.
async fn one_account_cannot_pump_sms_to_many_numbers(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    // A fresh login: no current_password needed, so no password hashing in the way.
    let token = app.token_for(&ada).await;
    let targets = numbers(200, 10);
    let answers = join_all(
        targets
            .iter()
            .map(|n| patch_me(&app, &fresh_ip(), &token, json!({ "phone": n }))),
    )
    .await;
    assert_eq!(
        answers.iter().filter(|a| a.status == 200).count(),
        5,
        "{answers:?}"
    );
    assert_eq!(count(&answers, 429, "rate_limited"), 5, "{answers:?}");
    for answer in answers.iter().filter(|a| a.status == 429) {
        answer.assert_limited(HOUR - 60..=HOUR);
    }
    app.outbox_drained().await;
    assert_eq!(sms_total(&app, &targets), 5, "five SMS reached the gateway");

    // The account's own number, through the other SMS door (phone verification): the same
    // per-account count.
    post_as(
        &app,
        &fresh_ip(),
        &token,
        "/api/v1/me/phone/verify",
        json!({}),
    )
    .await
    .assert_limited(HOUR - 60..=HOUR);

    // Sequentially, a minute apart, from yet more addresses: still nothing more this hour.
    for n in numbers(300, 3) {
        app.advance(MINUTE);
        patch_me(&app, &fresh_ip(), &token, json!({ "phone": n }))
            .await
            .assert_limited(1..=HOUR);
    }
}

/// A botnet spreading its requests over many addresses and numbers still cannot spend more
/// than `SMS_BUDGET_PER_HOUR`: past it, 503 `sms_unavailable` and nothing queued.
async fn the_sms_budget_stops_all_sms_with_503(db: Db) {
    let app = behind_proxy(&db, vec![("SMS_BUDGET_PER_HOUR", "3".into())]).await;
    let people: Vec<Person> = (0..6).map(|_| Person::new()).collect();
    for person in &people {
        app.verified(person).await;
    }
    let answers = join_all(people.iter().map(|p| {
        post(
            &app,
            &fresh_ip(),
            "/api/v1/login/otp",
            json!({"phone": p.phone}),
        )
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|a| a.status == 202).count(),
        3,
        "{answers:?}"
    );
    assert_eq!(count(&answers, 503, "sms_unavailable"), 3, "{answers:?}");
    // Unknown numbers, other addresses: the budget is global.
    post(
        &app,
        &fresh_ip(),
        "/api/v1/login/otp",
        json!({"phone": numbers(400, 1)[0]}),
    )
    .await
    .assert_status(503);

    // The phone-verification door spends the same budget.
    let refused = answers
        .iter()
        .zip(&people)
        .find(|(a, _)| a.status == 503)
        .map(|(_, p)| p)
        .unwrap();
    let token = app.token_for(refused).await;
    // (Past the number's one-a-minute pace, which the refused request counted.)
    app.advance(MINUTE);
    let verify = post_as(
        &app,
        &fresh_ip(),
        &token,
        "/api/v1/me/phone/verify",
        json!({}),
    )
    .await;
    assert!(verify.is(503, "sms_unavailable"), "{verify:?}");

    let phones: Vec<String> = people.iter().map(|p| p.phone.clone()).collect();
    app.outbox_drained().await;
    assert_eq!(
        sms_total(&app, &phones),
        3,
        "the budget: three SMS this hour"
    );

    // A new hour, a new budget.
    app.advance(Duration::from_secs(HOUR + 1));
    post(
        &app,
        &fresh_ip(),
        "/api/v1/login/otp",
        json!({"phone": refused.phone}),
    )
    .await
    .assert_status(202);
    app.sms.wait_for(&refused.phone, 1).await;
}

/// `SMS_ALLOWED_COUNTRIES=GB`: a US number can neither register nor be changed to.
async fn sms_allowed_countries_refuses_other_numbers(db: Db) {
    let app = behind_proxy(&db, vec![("SMS_ALLOWED_COUNTRIES", "GB".into())]).await;
    let mut american = Person::new();
    american.phone = numbers(500, 1).remove(0);
    let refused = post(&app, &fresh_ip(), "/api/v1/register", american.json()).await;
    refused.assert_status(422);
    assert_eq!(refused.code.as_deref(), Some("validation_failed"));
    assert!(
        refused.body["error"]["fields"]["phone"].is_array(),
        "{refused:?}"
    );
    assert!(user_by_email(&app, &american.email).await.is_none());

    let mut briton = Person::new();
    briton.phone = "+447400123456".into();
    app.verified(&briton).await;
    let token = app.token_for(&briton).await;
    let change = patch_me(
        &app,
        &fresh_ip(),
        &token,
        json!({"phone": numbers(501, 1)[0]}),
    )
    .await;
    change.assert_status(422);
    assert!(
        change.body["error"]["fields"]["phone"].is_array(),
        "{change:?}"
    );

    let uk = "+447400123457";
    let change = patch_me(&app, &fresh_ip(), &token, json!({ "phone": uk })).await;
    change.assert_status(200);
    assert_eq!(change.body["pending"]["phone"], uk);
    app.sms.wait_for(uk, 1).await;
    app.outbox_drained().await;
    assert!(app.sms.to(&numbers(501, 1)[0]).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 3. Parallel password guessing.

/// Runs `attempt` 40 times at once. A script retries `503 busy` (the hasher's queue is full),
/// so those are sent again until every attempt got another answer. Returns the answers and
/// how many `busy` answers were retried.
async fn forty_at_once<F, Fut>(attempt: F) -> (Vec<Answer>, usize)
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Answer>,
{
    let mut answers = join_all((0..40).map(&attempt)).await;
    let mut busy = 0;
    loop {
        let again: Vec<usize> = (0..answers.len())
            .filter(|&i| answers[i].is(503, "busy"))
            .collect();
        if again.is_empty() {
            return (answers, busy);
        }
        for &i in &again {
            assert_eq!(answers[i].retry_after, Some(1));
        }
        busy += again.len();
        let retried = join_all(again.iter().map(|&i| attempt(i))).await;
        for (i, answer) in again.into_iter().zip(retried) {
            answers[i] = answer;
        }
    }
}

/// The failure counter is reserved before argon2, so 40 guesses sent at once are not all
/// checked; email and phone name one account and share it.
async fn forty_parallel_wrong_passwords_check_only_ten(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let login = |identifier: &str, password: String| {
        post(
            &app,
            &fresh_ip(),
            "/api/v1/login/password",
            json!({"identifier": identifier, "password": password}),
        )
    };
    let identifier = |i: usize| {
        if i.is_multiple_of(2) {
            &ada.email
        } else {
            &ada.phone
        }
    };

    let (answers, busy) =
        forty_at_once(|i| login(identifier(i), format!("wrong guess number {i}"))).await;
    let checked = count(&answers, 401, "invalid_credentials");
    let refused = count(&answers, 429, "rate_limited");
    if busy == 0 {
        assert_eq!((checked, refused), (10, 30), "no busy answers: {answers:?}");
    } else {
        // A refund after the window overflowed gives no place back: fewer checked, never more.
        assert!(
            (10 - busy.min(10)..=10).contains(&checked),
            "{busy} busy answers retried: {answers:?}"
        );
        assert_eq!(checked + refused, 40, "{answers:?}");
    }
    for answer in answers.iter().filter(|a| a.status == 429) {
        answer.assert_limited(900 - 60..=900);
    }

    // The right password waits too, by either identifier.
    login(&ada.email, ada.password.clone())
        .await
        .assert_limited(1..=900);
    login(&ada.phone, ada.password.clone())
        .await
        .assert_limited(1..=900);

    // A back-off, not a lock-out: after the window the owner gets in, and the success clears
    // the failures before it.
    app.advance(Duration::from_secs(15 * 60 + 1));
    for i in 0..9 {
        login(identifier(i), format!("another wrong guess {i}"))
            .await
            .assert_status(401);
    }
    login(&ada.phone, ada.password.clone())
        .await
        .assert_status(200);
    for i in 0..10 {
        login(identifier(i), format!("yet another guess {i}"))
            .await
            .assert_status(401);
    }
    login(&ada.email, "the eleventh guess".into())
        .await
        .assert_limited(1..=900);
}

/// The same counter guards `current_password` on `POST /me/password` and `PATCH /me`.
async fn forty_parallel_wrong_current_passwords_check_only_ten(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let (answers, busy) = forty_at_once(|i| {
        post_as(
            &app,
            &fresh_ip(),
            &token,
            "/api/v1/me/password",
            json!({
                "current_password": format!("wrong guess number {i}"),
                "new_password": "a brand new passphrase",
            }),
        )
    })
    .await;
    let checked = count(&answers, 401, "invalid_credentials");
    let refused = count(&answers, 429, "rate_limited");
    if busy == 0 {
        assert_eq!((checked, refused), (10, 30), "no busy answers: {answers:?}");
    } else {
        assert!(
            (10 - busy.min(10)..=10).contains(&checked),
            "{busy} busy answers retried: {answers:?}"
        );
        assert_eq!(checked + refused, 40, "{answers:?}");
    }

    // The right current password now waits, on either door, and so do logins.
    post_as(
        &app,
        &fresh_ip(),
        &token,
        "/api/v1/me/password",
        json!({"current_password": ada.password, "new_password": "a brand new passphrase"}),
    )
    .await
    .assert_limited(1..=900);
    patch_me(
        &app,
        &fresh_ip(),
        &token,
        json!({"email": Person::new().email, "current_password": ada.password}),
    )
    .await
    .assert_limited(1..=900);
    post(
        &app,
        &fresh_ip(),
        "/api/v1/login/password",
        json!({"identifier": ada.email, "password": ada.password}),
    )
    .await
    .assert_limited(1..=900);

    // PATCH /me guesses in parallel in the next window: again ten checked.
    app.advance(Duration::from_secs(15 * 60 + 1));
    let (answers, busy) = forty_at_once(|i| {
        patch_me(
            &app,
            &fresh_ip(),
            &token,
            json!({"email": format!("new.{i}@example.com"), "current_password": format!("wrong {i}")}),
        )
    })
    .await;
    let checked = count(&answers, 401, "invalid_credentials");
    if busy == 0 {
        assert_eq!(checked, 10, "{answers:?}");
    } else {
        assert!(
            (10 - busy.min(10)..=10).contains(&checked),
            "{busy} busy answers retried: {answers:?}"
        );
    }
    assert_eq!(
        count(&answers, 429, "rate_limited"),
        40 - checked,
        "{answers:?}"
    );

    app.advance(Duration::from_secs(15 * 60 + 1));
    post_as(
        &app,
        &fresh_ip(),
        &token,
        "/api/v1/me/password",
        json!({"current_password": ada.password, "new_password": "a brand new passphrase"}),
    )
    .await
    .assert_status(204);
    post(
        &app,
        &fresh_ip(),
        "/api/v1/login/password",
        json!({"identifier": ada.email, "password": "a brand new passphrase"}),
    )
    .await
    .assert_status(200);
}

// ---------------------------------------------------------------------------------------------
// 5. A limit on every door.

/// 10 registrations an hour per address, counted before the password is hashed.
async fn registration_is_limited_per_ip_before_hashing(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ip = fresh_ip();
    for _ in 0..10 {
        post(&app, &ip, "/api/v1/register", Person::new().json())
            .await
            .assert_status(201);
    }
    for _ in 0..2 {
        let late = Person::new();
        post(&app, &ip, "/api/v1/register", late.json())
            .await
            .assert_limited(HOUR - 120..=HOUR);
        assert!(user_by_email(&app, &late.email).await.is_none());
    }
    // Twenty more at once from that address: all refused before hashing, so none waits for
    // the hasher (which would answer some of them 503 busy) and none creates a user.
    let flood: Vec<Person> = (0..20).map(|_| Person::new()).collect();
    let answers = join_all(
        flood
            .iter()
            .map(|p| post(&app, &ip, "/api/v1/register", p.json())),
    )
    .await;
    assert_eq!(count(&answers, 429, "rate_limited"), 20, "{answers:?}");
    for person in &flood {
        assert!(user_by_email(&app, &person.email).await.is_none());
    }
    // Another address is served.
    post(&app, &fresh_ip(), "/api/v1/register", Person::new().json())
        .await
        .assert_status(201);
    app.stop().await;

    // The operator raises the limit (LATCH_LIMIT_REGISTER_IP).
    let raised = behind_proxy(&db, vec![("LATCH_LIMIT_REGISTER_IP", "50".into())]).await;
    let ip = fresh_ip();
    for _ in 0..12 {
        post(&raised, &ip, "/api/v1/register", Person::new().json())
            .await
            .assert_status(201);
    }
}

/// 100 registrations at once: the hasher's queue is bounded, so some get `503 busy` at once
/// instead of queueing everyone behind them; session checks never hash and stay quick.
async fn a_registration_flood_cannot_stall_session_checks_or_logins(db: Db) {
    let app = behind_proxy(&db, vec![("LATCH_LIMIT_REGISTER_IP", "1000".into())]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;

    let crowd: Vec<Person> = (0..100).map(|_| Person::new()).collect();
    let answered = std::sync::atomic::AtomicUsize::new(0);
    let flood = join_all(crowd.iter().map(|p| async {
        let answer = post(&app, &fresh_ip(), "/api/v1/register", p.json()).await;
        answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        answer
    }));
    let meanwhile = async {
        // Once the first registration is answered, the hasher's queue is full or working.
        while answered.load(std::sync::atomic::Ordering::Relaxed) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let bound = Duration::from_secs(10);
        let session = tokio::time::timeout(bound, app.get_with_token("/api/v1/session", &token))
            .await
            .expect("a session check answers within 10 s during the flood");
        assert_eq!(session.status(), 200);
        let login = tokio::time::timeout(
            bound,
            post(
                &app,
                &fresh_ip(),
                "/api/v1/login/password",
                json!({"identifier": ada.email, "password": ada.password}),
            ),
        )
        .await
        .expect("a login answers within 10 s during the flood");
        assert!(
            login.status == 200 || (login.is(503, "busy") && login.retry_after == Some(1)),
            "{login:?}"
        );
    };
    let (answers, ()) = tokio::join!(flood, meanwhile);
    let created = answers.iter().filter(|a| a.status == 201).count();
    let busy = count(&answers, 503, "busy");
    assert_eq!(created + busy, 100, "{answers:?}");
    assert!(busy > 0, "the hashing queue is bounded: {created} created");
    for answer in answers.iter().filter(|a| a.status == 503) {
        assert_eq!(answer.retry_after, Some(1));
    }
    let mut existing = 0;
    for person in &crowd {
        existing += usize::from(user_by_email(&app, &person.email).await.is_some());
    }
    assert_eq!(existing, created, "a busy answer created nobody");
}

/// One address checking codes for many accounts: 60 checks per 15 minutes, one counter for
/// every door that checks a code.
async fn every_door_that_checks_a_code_counts_per_ip(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let ip = fresh_ip();

    // Sixty checks at once, each against another (unknown) address.
    let answers = join_all((0..60).map(|i| {
        post(
            &app,
            &ip,
            "/api/v1/email/verify",
            json!({"email": format!("nobody.{i}@example.com"), "code": "123456"}),
        )
    }))
    .await;
    assert_eq!(count(&answers, 400, "invalid_code"), 60, "{answers:?}");

    let doors: [(&str, Value, bool); 4] = [
        (
            "/api/v1/email/verify",
            json!({"email": "nobody.else@example.com", "code": "123456"}),
            false,
        ),
        (
            "/api/v1/login/otp/verify",
            json!({"phone": numbers(600, 1)[0], "code": "123456"}),
            false,
        ),
        ("/api/v1/me/email/confirm", json!({"code": "123456"}), true),
        ("/api/v1/me/phone/confirm", json!({"code": "123456"}), true),
    ];
    for (path, body, signed_in) in &doors {
        let at = |ip: &str| {
            let token = signed_in.then_some(token.as_str());
            send(&app, Method::POST, path, ip, token, body.clone())
        };
        at(&ip).await.assert_limited(900 - 60..=900);
        // Another address is answered as usual.
        let other = at(&fresh_ip()).await;
        assert!(other.is(400, "invalid_code"), "{path}: {other:?}");
    }
    app.advance(Duration::from_secs(15 * 60 + 1));
    let again = post(
        &app,
        &ip,
        "/api/v1/email/verify",
        json!({"email": "nobody.else@example.com", "code": "123456"}),
    )
    .await;
    assert!(again.is(400, "invalid_code"), "{again:?}");
}

/// Emails carrying a code (resend, email change) 20 an hour per address; reset links 20;
/// reset submissions 20.
async fn every_door_that_sends_or_resets_counts_per_ip(db: Db) {
    let app = behind_proxy(&db, vec![]).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;

    // Resend, twenty at once for twenty addresses, then one more — and an email change.
    let ip = fresh_ip();
    let answers = join_all((0..20).map(|i| {
        post(
            &app,
            &ip,
            "/api/v1/email/verify/resend",
            json!({"email": format!("someone.{i}@example.com")}),
        )
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|a| a.status == 202).count(),
        20,
        "{answers:?}"
    );
    post(
        &app,
        &ip,
        "/api/v1/email/verify/resend",
        json!({"email": "someone.else@example.com"}),
    )
    .await
    .assert_limited(HOUR - 60..=HOUR);
    let new_email = Person::new().email;
    patch_me(&app, &ip, &token, json!({ "email": new_email }))
        .await
        .assert_limited(HOUR - 60..=HOUR);
    app.outbox_drained().await;
    assert!(app.mailbox.to(&new_email).is_empty());
    patch_me(&app, &fresh_ip(), &token, json!({ "email": new_email }))
        .await
        .assert_status(200);
    app.mailbox.wait_for(&new_email, 1).await;

    // Forgot-password: twenty at once, then one more.
    let ip = fresh_ip();
    let answers = join_all((0..20).map(|i| {
        post(
            &app,
            &ip,
            "/api/v1/password/forgot",
            json!({"email": format!("someone.{i}@example.com")}),
        )
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|a| a.status == 202).count(),
        20,
        "{answers:?}"
    );
    post(
        &app,
        &ip,
        "/api/v1/password/forgot",
        json!({"email": ada.email}),
    )
    .await
    .assert_limited(HOUR - 60..=HOUR);
    app.outbox_drained().await;
    assert!(
        app.mailbox
            .to(&ada.email)
            .iter()
            .all(|m| !m.text().contains("reset-password?token=")),
        "no reset link went out"
    );

    // Reset submissions: twenty token guesses at once, then one more. The guesses are shaped
    // like real tokens (43 URL-safe characters); a misshapen one never reaches the counter.
    let ip = fresh_ip();
    let answers = join_all((0..20).map(|i| {
        post(
            &app,
            &ip,
            "/api/v1/password/reset",
            json!({"token": format!("guessed-token-{i:0>29}"), "password": "a brand new passphrase"}),
        )
    }))
    .await;
    assert_eq!(count(&answers, 400, "invalid_token"), 20, "{answers:?}");
    let reset = json!({"token": format!("guessed-token-{:0>29}", 99), "password": "a brand new passphrase"});
    post(&app, &ip, "/api/v1/password/reset", reset.clone())
        .await
        .assert_limited(HOUR - 60..=HOUR);
    let other = post(&app, &fresh_ip(), "/api/v1/password/reset", reset).await;
    assert!(other.is(400, "invalid_token"), "{other:?}");
}

// ---------------------------------------------------------------------------------------------
// 9. Odds and ends.

/// `a@bücher.de` and `a@xn--bcher-kva.de` are one mailbox, so they are one account.
async fn internationalised_domains_are_one_account(db: Db) {
    let app = TestApp::spawn(&db).await;
    let local = format!("idn.{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let mut ada = Person::new();
    ada.email = format!("{local}@bücher.de");
    let ascii = format!("{local}@xn--bcher-kva.de");
    let response = app.register(&ada).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["email"], ascii.as_str());
    let code = app.mailbox.last_code_for(&ascii).await;

    for spelling in [ascii.clone(), format!("{}@BÜCHER.de", local.to_uppercase())] {
        let mut twin = Person::new();
        twin.email = spelling;
        let answer = Answer::of(app.register(&twin).await).await;
        assert!(answer.is(409, "email_taken"), "{answer:?}");
    }
    // The Unicode spelling verifies and logs in to the same account.
    app.verify(&ada.email, &code)
        .await
        .error_for_status()
        .unwrap();
    let login = app.password_login(&ada.email, &ada.password).await;
    assert_eq!(login.status(), 200);
    let login = app.password_login(&ascii, &ada.password).await;
    assert_eq!(login.status(), 200);
}

/// Behind a proxy that serves Latch under `/auth`, the emailed link must keep the prefix.
async fn reset_links_keep_the_public_url_path_prefix(db: Db) {
    let listener = listen().await;
    let port = listener.local_addr().unwrap().port();
    let app = TestApp::spawn_with(
        &db,
        Options {
            listener: Some(listener),
            extra: vec![("PUBLIC_URL", format!("http://127.0.0.1:{port}/auth"))],
            ..Options::default()
        },
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let response = app
        .post_json("/api/v1/password/forgot", &json!({"email": ada.email}))
        .await;
    assert_eq!(response.status(), 202);
    let emails = app.mailbox.wait_for(&ada.email, 2).await;
    let text = emails[1].text();
    let prefix = format!("http://127.0.0.1:{port}/auth/reset-password?token=");
    let start = text
        .find(&prefix)
        .unwrap_or_else(|| panic!("{prefix} in {text}"))
        + prefix.len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    // The proxy strips the prefix; the token behind the link works.
    let reset = app
        .post_json(
            "/api/v1/password/reset",
            &json!({"token": token, "password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(reset.status(), 200);
}

/// An account whose address nobody proved within 7 days is deleted (it may hold someone
/// else's address); verified accounts and their audit trail stay under the default retention.
async fn the_sweep_purges_stale_unverified_accounts(db: Db) {
    let app = TestApp::spawn(&db).await;
    let squatter = Person::new();
    assert_eq!(app.register(&squatter).await.status(), 201);
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_by_email(&app, &ada.email).await.unwrap().id;

    app.advance(Duration::from_secs(6 * 24 * HOUR));
    app.auth.sweep().await.unwrap();
    assert!(
        user_by_email(&app, &squatter.email).await.is_some(),
        "6 days: kept"
    );

    app.advance(Duration::from_secs(2 * 24 * HOUR));
    app.auth.sweep().await.unwrap();
    assert!(
        user_by_email(&app, &squatter.email).await.is_none(),
        "8 days: gone"
    );
    assert!(user_by_email(&app, &ada.email).await.is_some());
    assert_eq!(
        app.store.audit_kinds(ada_id).await.unwrap(),
        ["registered", "email_verified"],
        "a year's retention keeps 8-day-old rows"
    );
    // The address is free for its real owner.
    let mut owner = Person::new();
    owner.email = squatter.email.clone();
    assert_eq!(app.register(&owner).await.status(), 201);
}

/// `AUDIT_RETENTION_DAYS=1`: rows older than a day go, newer ones stay.
async fn the_sweep_purges_audit_rows_past_their_retention(db: Db) {
    let app = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![("AUDIT_RETENTION_DAYS", "1".into())],
            ..Options::default()
        },
    )
    .await;
    let ada = Person::new();
    app.verified(&ada).await;
    let ada_id = user_by_email(&app, &ada.email).await.unwrap().id;
    assert_eq!(app.store.audit_kinds(ada_id).await.unwrap().len(), 2);

    app.advance(Duration::from_secs(2 * 24 * HOUR));
    app.token_for(&ada).await;
    app.auth.sweep().await.unwrap();
    assert_eq!(
        app.store.audit_kinds(ada_id).await.unwrap(),
        ["login_succeeded"],
        "two-day-old rows are gone, today's stays"
    );
    assert!(user_by_email(&app, &ada.email).await.is_some());
}
