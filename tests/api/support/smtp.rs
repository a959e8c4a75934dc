//! A small SMTP server that speaks enough real SMTP (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
//! for lettre to deliver to it, keeping each message for the test to read.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

#[derive(Clone, Debug)]
pub struct Email {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body as received (after dot-unstuffing).
    pub data: String,
}

impl Email {
    /// The body with quoted-printable soft line breaks joined, good enough to search text in.
    pub fn text(&self) -> String {
        self.data.replace("=\r\n", "").replace("=3D", "=")
    }

    /// The `Message-ID` header, without its angle brackets.
    pub fn message_id(&self) -> Option<String> {
        self.data.lines().find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("message-id")
                .then(|| value.trim().trim_matches(['<', '>']).to_owned())
        })
    }

    pub fn subject(&self) -> String {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default()
            .to_owned()
    }

    /// The subject and the plain-text body as the person reads them: RFC 2047 encoded words
    /// and the body's base64 or quoted-printable undone (a message in Polish or Arabic).
    pub fn decoded(&self) -> (String, String) {
        let (head, body) = self
            .data
            .split_once("\r\n\r\n")
            .unwrap_or((self.data.as_str(), ""));
        // Folded header lines joined.
        let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
        };
        // RFC 2047: the space between two encoded words is not text; any other is.
        let mut subject = String::new();
        let mut after_encoded = false;
        for word in header("subject").unwrap_or_default().split(' ') {
            let (text, encoded) = decode_word(word);
            let joined = encoded && after_encoded;
            if !subject.is_empty() && !joined {
                subject.push(' ');
            }
            subject.push_str(&text);
            after_encoded = encoded;
        }
        let body = match header("content-transfer-encoding")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "base64" => {
                use base64::Engine;
                let joined: String = body.split_whitespace().collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap_or_default();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            "quoted-printable" => quoted_printable(&body.replace("=\r\n", "")),
            _ => body.to_owned(),
        };
        (subject, body.replace("\r\n", "\n"))
    }

    /// The first run of exactly six digits after "code is ".
    pub fn code(&self) -> Option<String> {
        let text = self.text();
        let start = text.find("code is ")? + "code is ".len();
        let digits: String = text[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        (digits.len() == 6).then_some(digits)
    }
}

/// One RFC 2047 encoded word (`=?utf-8?b?...?=` or `=?utf-8?q?...?=`) decoded, or the text as
/// it is; and whether it was one.
fn decode_word(word: &str) -> (String, bool) {
    let Some(inner) = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?=")) else {
        return (word.to_owned(), false);
    };
    let mut parts = inner.splitn(3, '?');
    let (_charset, encoding, text) = (parts.next(), parts.next(), parts.next());
    let decoded = match (encoding.map(str::to_ascii_lowercase).as_deref(), text) {
        (Some("b"), Some(text)) => {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap_or_default();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        (Some("q"), Some(text)) => quoted_printable(&text.replace('_', " ")),
        _ => return (word.to_owned(), false),
    };
    (decoded, true)
}

fn quoted_printable(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Clone, Default)]
pub struct Mailbox {
    messages: Arc<Mutex<Vec<Email>>>,
    arrived: Arc<Notify>,
}

impl Mailbox {
    fn push(&self, email: Email) {
        self.messages.lock().expect("mailbox lock").push(email);
        self.arrived.notify_waiters();
    }

    pub fn all(&self) -> Vec<Email> {
        self.messages.lock().expect("mailbox lock").clone()
    }

    pub fn to(&self, address: &str) -> Vec<Email> {
        self.all()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits (up to 30 s: a busy CI machine may need the worker's retries) until `address`
    /// has received `count` emails; returns them.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<Email> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let notified = self.arrived.notified();
            let got = self.to(address);
            if got.len() >= count {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "expected {count} email(s) to {address} within 30 s, got {}",
                    self.to(address).len()
                );
            }
        }
    }

    /// The code in the newest email to `address`, waiting for the first one if needed.
    pub async fn last_code_for(&self, address: &str) -> String {
        let emails = self.wait_for(address, 1).await;
        let last = emails.last().expect("at least one email");
        last.code()
            .unwrap_or_else(|| panic!("no 6-digit code in the email: {}", last.data))
    }
}

pub struct SmtpSink {
    pub port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    /// Listens on 127.0.0.1:`port` (0 for any free port).
    pub async fn start(mailbox: Mailbox, port: u16) -> SmtpSink {
        Self::start_slow(mailbox, port, Duration::ZERO).await
    }

    /// Like `start`, but each message is kept `delay` before the server answers for it, like
    /// a server scanning what it receives: the message counts as arrived at once, and a client
    /// that gives up waiting for the answer has still delivered it.
    pub async fn start_slow(mailbox: Mailbox, port: u16, delay: Duration) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("SMTP sink binds");
        let port = listener.local_addr().expect("bound").port();
        // The sessions belong to the accepting task, so stopping the sink (dropping it) closes
        // the connections a client keeps in its pool too: the server is really down.
        let task = tokio::spawn(async move {
            let mut sessions = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                let mailbox = mailbox.clone();
                sessions.spawn(async move {
                    let _ = session(stream, mailbox, delay).await;
                });
                while sessions.try_join_next().is_some() {}
            }
        });
        SmtpSink { port, task }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(stream: TcpStream, mailbox: Mailbox, delay: Duration) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.latch.test ESMTP\r\n").await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            write
                .write_all(b"250-sink.latch.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                .await?;
        } else if upper.starts_with("HELO") {
            write.write_all(b"250 sink.latch.test\r\n").await?;
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&command[10..]);
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&command[8..]));
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                data.push_str(unstuffed);
            }
            mailbox.push(Email {
                from: from.clone(),
                to: std::mem::take(&mut to),
                data,
            });
            tokio::time::sleep(delay).await;
            write.write_all(b"250 OK: queued\r\n").await?;
        } else if upper == "RSET" {
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "NOOP" {
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"502 Command not implemented\r\n").await?;
        }
    }
}

/// `<ada@example.com> SIZE=123` → `ada@example.com`
fn address(arg: &str) -> String {
    let arg = arg.trim();
    let inner = arg
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or(arg, |(a, _)| a);
    inner.to_owned()
}
