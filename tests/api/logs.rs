//! The server's own log output, at debug level, over a whole session of flows (sign-up,
//! verification, SMS and password logins, reset, password change, logout), contains no
//! password, code, token or session id.
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{Mailbox, Person, SmsGateway, SmtpSink, cookie_of};
use serde_json::{Value, json};

fn collect(
    mut pipe: impl Read + Send + 'static,
    into: Arc<Mutex<String>>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buffer) {
            if n == 0 {
                break;
            }
            into.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_never_contain_secrets() {
    let mailbox = Mailbox::default();
    let smtp = SmtpSink::start(mailbox.clone(), 0).await;
    let sms = SmsGateway::default();
    let sms_url = sms.start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = crate::support::free_port();
    let base = format!("http://127.0.0.1:{port}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_latch"))
        .env_clear()
        .env("LATCH_ADDR", format!("127.0.0.1:{port}"))
        .env("PUBLIC_URL", &base)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/latch.db", dir.path().display()),
        )
        .env("SMTP_URL", format!("smtp://127.0.0.1:{}", smtp.port))
        .env("SMS_PROVIDER", "webhook")
        .env("SMS_WEBHOOK_URL", &sms_url)
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = Arc::new(Mutex::new(String::new()));
    let readers = [
        collect(child.stdout.take().unwrap(), output.clone()),
        collect(child.stderr.take().unwrap(), output.clone()),
    ];
    for _ in 0..100 {
        if output.lock().unwrap().contains("listening on") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let client = reqwest::Client::new();
    let post = |path: &str, body: Value| client.post(format!("{base}{path}")).json(&body).send();
    let mut secrets: Vec<String> = Vec::new();

    let ada = Person::new();
    secrets.push(ada.password.clone());
    assert_eq!(
        post("/api/v1/register", ada.json()).await.unwrap().status(),
        201
    );
    let code = mailbox.last_code_for(&ada.email).await;
    secrets.push(code.clone());
    post(
        "/api/v1/email/verify",
        json!({"email": ada.email, "code": code}),
    )
    .await
    .unwrap();

    post("/api/v1/login/otp", json!({"phone": ada.phone}))
        .await
        .unwrap();
    let sms_code = sms.last_code_for(&ada.phone).await;
    secrets.push(sms_code.clone());
    let login: Value = post(
        "/api/v1/login/otp/verify",
        json!({"phone": ada.phone, "code": sms_code}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    secrets.push(login["session_token"].as_str().unwrap().to_owned());

    let response = post(
        "/api/v1/login/password",
        json!({"identifier": ada.email, "password": ada.password}),
    )
    .await
    .unwrap();
    let cookie = cookie_of(&response);
    secrets.push(cookie.trim_start_matches("latch_session=").to_owned());
    let token = response.json::<Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();
    secrets.push(token.clone());
    client
        .get(format!("{base}/api/v1/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();

    post("/api/v1/password/forgot", json!({"email": ada.email}))
        .await
        .unwrap();
    let emails = mailbox.wait_for(&ada.email, 2).await;
    let text = emails[1].text();
    let start = text.find("token=").unwrap() + "token=".len();
    let reset_token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    secrets.push(reset_token.clone());
    let new_password = "a brand new passphrase";
    secrets.push(new_password.to_owned());
    post(
        "/api/v1/password/reset",
        json!({"token": reset_token, "password": new_password}),
    )
    .await
    .unwrap();
    // A wrong password is logged as a failure, but never the password itself.
    post(
        "/api/v1/login/password",
        json!({"identifier": ada.email, "password": "my wrong guess 42"}),
    )
    .await
    .unwrap();
    secrets.push("my wrong guess 42".to_owned());
    let token: Value = post(
        "/api/v1/login/password",
        json!({"identifier": ada.email, "password": new_password}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let token = token["session_token"].as_str().unwrap().to_owned();
    secrets.push(token.clone());
    let third_password = "yet another passphrase";
    secrets.push(third_password.to_owned());
    client
        .post(format!("{base}/api/v1/me/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": new_password, "new_password": third_password}))
        .send()
        .await
        .unwrap();
    client
        .delete(format!("{base}/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    // SIGTERM: the server drains and exits; once both pipes are read to their end, every line
    // it wrote is here.
    let stopped = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(stopped.success());
    let _ = child.wait();
    for reader in readers {
        reader.join().unwrap();
    }
    let logs = output.lock().unwrap().clone();
    assert!(logs.lines().count() > 20, "debug logging was on: {logs}");
    for secret in &secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "the logs contain a secret ({} chars)",
            secret.len()
        );
    }
}
