//! Email delivery: lettre's async SMTP transport, or the terminal in development.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::DeliveryError;

#[derive(Clone)]
pub enum Mailer {
    /// `SMTP_URL` is set: plain (`smtp://host:port`), STARTTLS (`?tls=required`) or implicit
    /// TLS (`smtps://`), with credentials from the URL; lettre parses all of these.
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// No `SMTP_URL`: print each email to standard output, for development only
    /// (config refuses this when `PUBLIC_URL` is https).
    Log { from: Mailbox },
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MailerSetupError(String);

/// Long enough for a slow server, short enough that one dead connection does not stall the
/// outbox for long.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

impl Mailer {
    pub fn new(smtp_url: Option<&SecretString>, from: &str) -> Result<Self, MailerSetupError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| MailerSetupError(format!("MAIL_FROM: {e}")))?;
        Ok(match smtp_url {
            None => Mailer::Log { from },
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(|e| MailerSetupError(format!("SMTP_URL: {e}")))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build();
                Mailer::Smtp { transport, from }
            }
        })
    }

    /// Sends one message. `id` (the outbox row's) becomes its `Message-ID`: a message sent
    /// again after a crash between the server's OK and the outbox's record of it carries the
    /// same id, so mail systems that collapse duplicates show it once.
    pub async fn send(
        &self,
        id: Uuid,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), DeliveryError> {
        match self {
            Mailer::Log { from } => {
                println!(
                    "----- email (SMTP_URL not set) -----\nFrom: {from}\nTo: {to}\nSubject: {subject}\n\n{body}\n------------------------------------"
                );
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let to: Mailbox = to
                    .parse()
                    .map_err(|e| DeliveryError::Permanent(format!("bad recipient: {e}")))?;
                let message = Message::builder()
                    .message_id(Some(format!("<{id}@{}>", from.email.domain())))
                    .from(from.clone())
                    .to(to)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body.to_owned())
                    .map_err(|e| DeliveryError::Permanent(format!("cannot build message: {e}")))?;
                transport.send(message).await.map(drop).map_err(|e| {
                    if e.is_permanent() {
                        DeliveryError::Permanent(e.to_string())
                    } else {
                        DeliveryError::Transient(e.to_string())
                    }
                })
            }
        }
    }
}
