//! The `latch` binary as an operator meets it: bad configuration stops it with exit status 2
//! and one line naming the variable; a good one prints where it listens, and with no SMTP
//! server configured the verification email (with its code) appears on standard output.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn latch() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_latch"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

#[test]
fn bad_configuration_exits_2_naming_the_variable() {
    for (variable, value) in [
        ("LATCH_ADDR", "not-an-address"),
        ("PUBLIC_URL", "nope"),
        ("DATABASE_URL", "mysql://localhost/latch"),
        ("LATCH_SECRET", "too-short"),
        ("SMTP_URL", "http://mail.example.com"),
        ("SMS_PROVIDER", "pigeon"),
    ] {
        let output = latch().env(variable, value).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{variable}={value}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(variable), "{stderr}");
    }
    let output = latch().env("SMS_PROVIDER", "twilio").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("TWILIO_ACCOUNT_SID"));
}

#[test]
fn a_person_can_register_with_the_code_printed_in_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = latch()
        .env("LATCH_ADDR", "127.0.0.1:0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/data/latch.db", dir.path().display()),
        )
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_line = |deadline: Instant| {
        lines_rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
    };

    let deadline = Instant::now() + Duration::from_secs(30);
    let base = loop {
        let line = next_line(deadline).expect("the server prints where it listens");
        if let Some(addr) = line.strip_prefix("listening on ") {
            break addr.to_owned();
        }
    };
    assert!(
        dir.path().join("data/latch.db").exists(),
        "the SQLite file and folder are created"
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = reqwest::Client::new();
    let status = runtime.block_on(async {
        client
            .post(format!("{base}/api/v1/register"))
            .json(&serde_json::json!({
                "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com",
                "phone": "+12015550188", "password": "cobol compiler 1959"
            }))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 201);

    let deadline = Instant::now() + Duration::from_secs(15);
    let code = loop {
        let line = next_line(deadline).expect("the email is printed");
        if let Some(rest) = line.strip_prefix("Your verification code is ") {
            break rest.trim().to_owned();
        }
    };
    let status = runtime.block_on(async {
        client
            .post(format!("{base}/api/v1/email/verify"))
            .json(&serde_json::json!({"email": "grace@example.com", "code": code}))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    let _ = child.kill();
    let _ = child.wait();
}
