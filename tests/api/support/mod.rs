//! Test support: spawn the real server on port 0 against a fresh database (SQLite file or a new
//! PostgreSQL database), with a real SMTP server as the mail sink; and the request helpers
//! several test modules share.

pub mod process;
pub mod provider;
pub mod sms;
pub mod smtp;

use std::sync::Arc;
use std::time::Duration;

use latch::auth::clock::OffsetClock;
use latch::config::Config;
use latch::startup::Application;
use latch::store::Store;
use serde_json::{Value, json};
use tokio::net::TcpListener;

pub use sms::SmsGateway;
pub use smtp::{Mailbox, SmtpSink};

/// Runs each listed `async fn name(db: Db)` once on SQLite and once on PostgreSQL, as the tests
/// `sqlite::name` and `postgres::name` of the module it is used in (`main.rs` has `#[macro_use]`
/// on `mod support`, so every module declared after it can use it).
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::support::Db::sqlite();
                    super::$name(db.clone()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::Db::postgres(stringify!($name)).await else {
                        return;
                    };
                    super::$name(db.clone()).await;
                    db.drop().await;
                }
            )*
        }
    };
}

/// A fresh, empty database for one test.
#[derive(Clone)]
pub enum Db {
    Sqlite {
        url: String,
        _dir: Arc<tempfile::TempDir>,
    },
    Postgres {
        url: String,
        admin_url: String,
        name: String,
    },
}

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}/data/latch.db", dir.path().display());
        Db::Sqlite {
            url,
            _dir: Arc::new(dir),
        }
    }

    /// A new database on the PostgreSQL server of `TEST_POSTGRES_URL` (default: the local one).
    /// Without a reachable server the test is skipped, loudly — unless
    /// `LATCH_REQUIRE_POSTGRES=1` (CI), where a missing server is a failure.
    pub async fn postgres(test: &str) -> Option<Db> {
        use sqlx::Connection;
        let admin_url =
            std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned());
        let mut conn = match sqlx::PgConnection::connect(&admin_url).await {
            Ok(conn) => conn,
            Err(e) => {
                if std::env::var("LATCH_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                    panic!(
                        "PostgreSQL is required (LATCH_REQUIRE_POSTGRES=1) but {admin_url} is unreachable: {e}"
                    );
                }
                eprintln!(
                    "\n*** SKIPPED on PostgreSQL: {test} — no server at {admin_url} ({e}). \
                     Set TEST_POSTGRES_URL to run it. ***\n"
                );
                return None;
            }
        };
        let name = format!("latch_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let mut url = url::Url::parse(&admin_url).expect("TEST_POSTGRES_URL is a URL");
        url.set_path(&name);
        Some(Db::Postgres {
            url: url.to_string(),
            admin_url,
            name,
        })
    }

    pub fn url(&self) -> &str {
        match self {
            Db::Sqlite { url, .. } | Db::Postgres { url, .. } => url,
        }
    }

    pub async fn drop(&self) {
        use sqlx::Connection;
        if let Db::Postgres {
            admin_url, name, ..
        } = self
            && let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await;
        }
    }
}

/// A person with valid registration details, unique per call.
#[derive(Clone, Debug)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub password: String,
}

impl Person {
    pub fn new() -> Person {
        // Distinct numbers within a test binary (one process), starting at a random point so
        // that runs differ: random draws would collide now and then and fail with 409.
        static NEXT: std::sync::OnceLock<std::sync::atomic::AtomicU32> = std::sync::OnceLock::new();
        let n = NEXT
            .get_or_init(|| std::sync::atomic::AtomicU32::new(rand::random::<u32>() % 10_000))
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            % 10_000;
        let id = uuid::Uuid::new_v4().simple().to_string();
        Person {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: format!("ada.{}@example.com", &id[..12]),
            // +1 201 555 01xx is reserved for fiction, but is not a valid number for the
            // numbering plan; 201-55x-xxxx with a real exchange is.
            phone: format!("+1201556{n:04}"),
            password: "analytical engine 1843".into(),
        }
    }

    pub fn json(&self) -> Value {
        json!({
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "phone": self.phone,
            "password": self.password,
        })
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub mailbox: Mailbox,
    pub smtp: Option<SmtpSink>,
    pub sms: SmsGateway,
    pub clock: Arc<OffsetClock>,
    pub store: Store,
    pub auth: latch::auth::Auth,
    /// The outbox worker's health, whose rounds [`TestApp::outbox_rounds`] waits on.
    pub outbox: latch::state::TaskHealth,
    server: tokio::task::JoinHandle<()>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Settings for one spawned app.
pub struct Options {
    /// Start the SMTP sink now (false: point Latch at a port where nothing listens yet).
    pub smtp_up: bool,
    /// Serve on this listener (default: a new one from [`listen`]), for a test that needs the
    /// port before the app starts, say in its own `PUBLIC_URL`.
    pub listener: Option<TcpListener>,
    pub extra: Vec<(&'static str, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            smtp_up: true,
            listener: None,
            extra: Vec::new(),
        }
    }
}

impl TestApp {
    pub async fn spawn(db: &Db) -> TestApp {
        Self::spawn_with(db, Options::default()).await
    }

    pub async fn spawn_with(db: &Db, options: Options) -> TestApp {
        let mailbox = Mailbox::default();
        let (smtp, smtp_port) = if options.smtp_up {
            let sink = SmtpSink::start(mailbox.clone(), 0).await;
            let port = sink.port;
            (Some(sink), port)
        } else {
            (None, free_port())
        };
        let sms = SmsGateway::default();
        let sms_url = sms.start().await;
        // Bound before the configuration is made, so PUBLIC_URL (Latch's own origin, for the
        // CSRF rule) names its port, and nothing can take the port in between.
        let listener = match options.listener {
            Some(listener) => listener,
            None => listen().await,
        };
        let port = listener.local_addr().expect("a bound listener").port();
        let mut vars: Vec<(&str, String)> = vec![
            ("LATCH_ADDR", format!("127.0.0.1:{port}")),
            ("PUBLIC_URL", format!("http://127.0.0.1:{port}")),
            ("SMS_PROVIDER", "webhook".into()),
            ("SMS_WEBHOOK_URL", sms_url),
            ("ALLOWED_RETURN_ORIGINS", "https://app.example.com".into()),
            ("DATABASE_URL", db.url().to_owned()),
            ("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}")),
            ("MAIL_FROM", "Latch Test <no-reply@latch.test>".into()),
        ];
        vars.extend(options.extra);
        let config = Config::from_lookup(|name| {
            vars.iter()
                .rev()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        })
        .expect("test configuration is valid");

        let clock = Arc::new(OffsetClock::default());
        let app = Application::build_with_clock(config, listener, clock.clone())
            .await
            .expect("the application starts");
        let addr = app.local_addr();
        let store = app.auth().store().clone();
        let auth = app.auth().clone();
        let outbox = app.outbox_health();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let _ = app
                .run_until(async {
                    let _ = stopped.await;
                })
                .await;
        });
        TestApp {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
            mailbox,
            smtp,
            sms,
            clock,
            store,
            auth,
            outbox,
            server,
            stop: Some(stop),
        }
    }

    /// Starts the SMTP sink on the port Latch was told about (after `smtp_up: false`).
    pub async fn start_smtp_on(&mut self, port: u16) {
        self.smtp = Some(SmtpSink::start(self.mailbox.clone(), port).await);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn register(&self, person: &Person) -> reqwest::Response {
        self.post_json("/api/v1/register", &person.json()).await
    }

    /// Registers `person` and returns the code from their verification email.
    pub async fn register_and_read_code(&self, person: &Person) -> String {
        let response = self.register(person).await;
        assert_eq!(
            response.status(),
            201,
            "{}",
            response.text().await.unwrap_or_default()
        );
        self.mailbox.last_code_for(&person.email).await
    }

    pub async fn verify(&self, email: &str, code: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/email/verify",
            &json!({"email": email, "code": code}),
        )
        .await
    }

    pub async fn resend(&self, email: &str) -> reqwest::Response {
        self.post_json("/api/v1/email/verify/resend", &json!({"email": email}))
            .await
    }

    /// Registers `person` and verifies their email, ready to log in.
    pub async fn verified(&self, person: &Person) {
        let code = self.register_and_read_code(person).await;
        let response = self.verify(&person.email, &code).await;
        assert_eq!(
            response.status(),
            200,
            "{}",
            response.text().await.unwrap_or_default()
        );
    }

    pub async fn request_otp(&self, phone: &str) -> reqwest::Response {
        self.post_json("/api/v1/login/otp", &json!({"phone": phone}))
            .await
    }

    pub async fn verify_otp(&self, phone: &str, code: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/login/otp/verify",
            &json!({"phone": phone, "code": code}),
        )
        .await
    }

    pub async fn password_login(&self, identifier: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/login/password",
            &json!({"identifier": identifier, "password": password}),
        )
        .await
    }

    /// Logs `person` in by password and returns the session token.
    pub async fn token_for(&self, person: &Person) -> String {
        let response = self.password_login(&person.email, &person.password).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("JSON");
        body["session_token"].as_str().expect("a token").to_owned()
    }

    pub async fn get_with_token(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent")
    }

    /// A GET carrying `cookie` (a `name=value` pair, see [`cookie_of`]).
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_with_token(&self, path: &str, token: &str, body: Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn forgot_password(&self, email: &str) -> reqwest::Response {
        self.post_json("/api/v1/password/forgot", &json!({"email": email}))
            .await
    }

    pub async fn reset_password(&self, token: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/password/reset",
            &json!({"token": token, "password": password}),
        )
        .await
    }

    /// See [`outbox_drained`].
    pub async fn outbox_drained(&self) {
        outbox_drained(&self.store).await;
    }

    /// Makes `Duration` pass for the server, without sleeping.
    /// Waits until the outbox worker has completed `n` more rounds: it has looked at every
    /// message due, so what it left alone it leaves alone on purpose.
    pub async fn outbox_rounds(&self, n: u64) {
        let until = self.outbox.rounds() + n;
        for _ in 0..3000 {
            if self.outbox.rounds() >= until {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the outbox worker did not complete {n} rounds in 30 s");
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.server).await;
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Waits until the outbox has delivered every message written so far (or given up on it):
/// from then on, what reached the mailbox and the SMS gateway is all that will. Every message
/// is written in the transaction of the request that sends it, so once the requests have
/// answered, this is the moment to count what was sent.
pub async fn outbox_drained(store: &Store) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let waiting = store.undelivered().await.unwrap();
        if waiting == 0 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{waiting} messages still undelivered after 30 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A listener on a free port of 127.0.0.1, for `Options::listener`.
pub async fn listen() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").await.expect("a free port")
}

/// A port nothing listens on now, for what cannot take a listener: a server started later on
/// that port, a `latch` process, or a refused connection. Something else may take it meanwhile.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The session cookie a response sets, as the `name=value` pair a browser sends back.
pub fn cookie_of(response: &reqwest::Response) -> String {
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The token of the reset link in an email's `text`, if it has one.
pub fn reset_token_in(text: &str) -> Option<String> {
    let start = text.find("reset-password?token=")? + "reset-password?token=".len();
    Some(
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect(),
    )
}

/// The error code of an API error body.
pub async fn error_code(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("JSON error body");
    (status, body)
}

/// A wrong code that differs from `code` in every digit.
pub fn wrong_code(code: &str) -> String {
    code.chars()
        .map(|c| {
            let d = c.to_digit(10).expect("digit");
            char::from_digit((d + 1) % 10, 10).expect("digit")
        })
        .collect()
}
