//! What the chaos tests run against: `deploy/local.sh` (the whole deployment), or one Latch
//! process on a SQLite file.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::process::LatchProcess;
use crate::sms::SmsGateway;
use crate::smtp::{Mailbox, SmtpSink};

/// Limits high enough that the tests' traffic, all from one address, is never refused: these
/// tests are about failures, not about abuse.
const OPEN_LIMITS: [&str; 9] = [
    "LATCH_LIMIT_REGISTER_IP",
    "LATCH_LIMIT_PASSWORD_LOGIN_IP",
    "LATCH_LIMIT_EMAIL_IP",
    "LATCH_LIMIT_RESET_IP",
    "LATCH_LIMIT_SMS_IP",
    "LATCH_LIMIT_CODE_CHECK_IP",
    "LATCH_LIMIT_PASSWORD_FAILURES",
    "LATCH_LIMIT_CODES_DESTINATION",
    "SMS_BUDGET_PER_HOUR",
];

/// This process's SMTP sink and SMS gateway, and the settings that point Latch at them; both
/// stop when this is dropped.
pub struct StandIns {
    pub mailbox: Mailbox,
    pub providers: Providers,
    _smtp: SmtpSink,
    _sms: SmsGateway,
}

impl StandIns {
    /// `smtp_delay`: how long the sink holds each message before its OK (`SmtpSink::start_slow`).
    pub async fn start(smtp_delay: Duration) -> StandIns {
        let mailbox = Mailbox::default();
        let smtp = SmtpSink::start_slow(mailbox.clone(), 0, smtp_delay).await;
        let sms = SmsGateway::default();
        let providers = Providers {
            smtp_port: smtp.port,
            sms_url: sms.start().await,
        };
        StandIns {
            mailbox,
            providers,
            _smtp: smtp,
            _sms: sms,
        }
    }
}

/// Where this process's SMTP sink and SMS gateway listen, for Latch's settings.
pub struct Providers {
    pub smtp_port: u16,
    pub sms_url: String,
}

impl Providers {
    fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![
            (
                "SMTP_URL".to_owned(),
                format!("smtp://127.0.0.1:{}", self.smtp_port),
            ),
            ("MAIL_FROM".to_owned(), "Latch <no-reply@latch.test>".into()),
            ("SMS_PROVIDER".to_owned(), "webhook".into()),
            ("SMS_WEBHOOK_URL".to_owned(), self.sms_url.clone()),
            // `info`: the outbox's tries and back-off are in the logs the tests read.
            ("RUST_LOG".to_owned(), "info".into()),
            ("NO_COLOR".to_owned(), "1".into()),
        ];
        env.extend(
            OPEN_LIMITS
                .iter()
                .map(|name| ((*name).to_owned(), "100000".to_owned())),
        );
        env
    }
}

/// `deploy/local.sh` on ports of its own and a state folder that goes with it.
pub struct Deployment {
    pub port_base: u16,
    state: tempfile::TempDir,
    env: Vec<(String, String)>,
    ha: bool,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/local.sh")
}

impl Deployment {
    /// `bash deploy/local.sh [--ha] up`, with the instances sending through `providers`.
    pub async fn up(ha: bool, providers: &Providers) -> Deployment {
        let port_base = free_port_base();
        let state = tempfile::Builder::new()
            .prefix("latch-chaos-")
            .tempdir()
            .expect("a state folder");
        // PostgreSQL and Patroni run as `postgres` under root: they must reach their folders.
        std::fs::set_permissions(state.path(), std::fs::Permissions::from_mode(0o755))
            .expect("state folder permissions");
        let mut env = vec![
            ("PORT_BASE".to_owned(), port_base.to_string()),
            ("STATE".to_owned(), state.path().display().to_string()),
            (
                "LATCH_BIN".to_owned(),
                env!("CARGO_BIN_EXE_latch").to_owned(),
            ),
        ];
        env.extend(providers.env());
        let deployment = Deployment {
            port_base,
            state,
            env,
            ha,
        };
        let started = std::time::Instant::now();
        deployment.sh(&["up"]).await;
        println!(
            "deployment{} up in {:.1} s on ports {port_base}..",
            if ha { " (Patroni)" } else { "" },
            started.elapsed().as_secs_f64()
        );
        deployment
    }

    /// Runs `bash deploy/local.sh ARGS`; panics with its output and the logs when it fails.
    pub async fn sh(&self, args: &[&str]) -> String {
        let mut command = tokio::process::Command::new("bash");
        command.arg(script()).args(args);
        if self.ha {
            command.arg("--ha");
        }
        command.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let output = command
            .stdin(Stdio::null())
            .output()
            .await
            .expect("bash runs");
        if !output.status.success() {
            panic!(
                "local.sh {args:?} failed ({}):\n{}\n{}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr),
                self.logs_tail()
            );
        }
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// The address clients use: HAProxy.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port_base)
    }

    /// Instance `n` (1 to 3) directly, past HAProxy.
    pub fn instance_url(&self, n: u16, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port_base + n)
    }

    /// The database as the instances reach it (with `--ha`, the leader through HAProxy).
    pub fn database_url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/postgres",
            self.port_base + 5
        )
    }

    /// With `--ha`, node `n`'s PostgreSQL directly.
    pub fn node_url(&self, n: u16) -> String {
        format!(
            "postgres://postgres:latch-local@127.0.0.1:{}/postgres",
            self.port_base + 10 + n
        )
    }

    /// HAProxy's count of requests it sent again after a connection failure, and of those it
    /// sent to another instance (its statistics' `wretr` and `wredis` for the Latch backend).
    pub async fn haproxy_retries(&self) -> (u64, u64) {
        let csv = reqwest::get(format!("http://127.0.0.1:{}/;csv", self.port_base + 4))
            .await
            .expect("HAProxy's statistics")
            .text()
            .await
            .expect("CSV");
        let row = csv
            .lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|f| f.len() > 16 && f[0] == "latch" && f[1] == "BACKEND")
            .expect("the backend's row");
        (row[15].parse().unwrap_or(0), row[16].parse().unwrap_or(0))
    }

    /// Everything the three instances have logged so far.
    pub fn latch_logs(&self) -> String {
        (1..=3)
            .map(|n| {
                std::fs::read_to_string(self.state.path().join(format!("latch{n}.log")))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn logs_tail(&self) -> String {
        let mut out = String::new();
        if let Ok(entries) = std::fs::read_dir(self.state.path()) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "log")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    let lines: Vec<&str> = text.lines().collect();
                    let tail = lines[lines.len().saturating_sub(15)..].join("\n");
                    out.push_str(&format!("--- {}\n{tail}\n", path.display()));
                }
            }
        }
        out
    }

    /// Fails the test if any instance panicked.
    pub fn assert_no_panic(&self) {
        let logs = self.latch_logs();
        let panics: Vec<&str> = logs.lines().filter(|l| l.contains("panicked")).collect();
        assert!(panics.is_empty(), "an instance panicked: {panics:#?}");
    }
}

impl Drop for Deployment {
    /// Stops everything; removes the state too, unless the test failed: then its logs stay.
    fn drop(&mut self) {
        let failed = std::thread::panicking();
        let mut command = Command::new("bash");
        command
            .arg(script())
            .arg(if failed { "down" } else { "wipe" });
        if failed {
            let kept = self.state.path().to_path_buf();
            eprintln!(
                "the deployment's logs and data are kept in {}",
                kept.display()
            );
            let _ = std::mem::replace(
                &mut self.state,
                tempfile::tempdir().expect("a placeholder folder"),
            )
            .keep();
        }
        if self.ha {
            command.arg("--ha");
        }
        command.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let _ = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A run of 33 free loopback ports for `PORT_BASE`, starting at a random point so that a
/// deployment a developer runs (8080) or an earlier test's lingering sockets are not in the way.
fn free_port_base() -> u16 {
    for _ in 0..100 {
        let base = 20_000 + (rand::random::<u16>() % 400) * 100;
        let free = (0..=32)
            .all(|offset| std::net::TcpListener::bind(("127.0.0.1", base + offset)).is_ok());
        if free {
            return base;
        }
    }
    panic!("no run of 33 free ports found");
}

/// One Latch process on a SQLite file, sending through `providers`.
pub fn sqlite_latch(database_url: &str, providers: &Providers) -> LatchProcess {
    let mut vars: Vec<(&str, String)> = vec![("DATABASE_URL", database_url.to_owned())];
    let env = providers.env();
    vars.extend(env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    LatchProcess::start(&vars)
}

/// Polls `check` every 100 ms until it holds; the time it took, or a panic after `limit`.
pub async fn eventually(
    limit: Duration,
    what: &str,
    mut check: impl AsyncFnMut() -> bool,
) -> Duration {
    let started = tokio::time::Instant::now();
    while !check().await {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    started.elapsed()
}
