//! The outbox worker: delivers queued messages, retrying with backoff until each is sent or its
//! code has expired. Requests only write rows, so an SMTP or SMS outage never fails a request
//! and request timing never depends on a provider.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::{DeliveryError, Mailer, SmsSender};
use crate::auth::Clock;
use crate::store::{OutboxMessage, Store};

/// Wakes the worker as soon as a flow has committed a message, instead of waiting for its poll.
#[derive(Clone, Default)]
pub struct OutboxSignal(Arc<Notify>);

impl OutboxSignal {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// How long a claimed message is this worker's; if the worker dies, another takes it then.
const LEASE: Duration = Duration::from_secs(60);
/// Messages claimed per round trip.
const BATCH: i64 = 16;
/// How often the worker looks for due messages without being woken (retries, other instances).
const POLL: Duration = Duration::from_millis(500);
const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(300);

pub struct OutboxWorker {
    store: Store,
    mailer: Mailer,
    sms: SmsSender,
    clock: Arc<dyn Clock>,
    signal: OutboxSignal,
}

/// Delay before attempt `attempts + 1`: 1 s, 2 s, 4 s … capped at 5 minutes.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    FIRST_RETRY.saturating_mul(1 << exponent).min(MAX_RETRY)
}

impl OutboxWorker {
    pub fn new(
        store: Store,
        mailer: Mailer,
        sms: SmsSender,
        clock: Arc<dyn Clock>,
        signal: OutboxSignal,
    ) -> Self {
        OutboxWorker {
            store,
            mailer,
            sms,
            clock,
            signal,
        }
    }

    /// Runs until the task is aborted.
    pub async fn run(self) {
        loop {
            match self.deliver_due().await {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox: cannot claim messages"),
            }
            tokio::select! {
                _ = self.signal.0.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// Claims and attempts every due message once; returns how many were claimed.
    pub async fn deliver_due(&self) -> Result<usize, crate::store::Error> {
        let now = self.clock.now();
        let lease_until = crate::auth::clock::later(now, LEASE);
        let messages = self
            .store
            .claim_due_messages(now, lease_until, BATCH)
            .await?;
        let claimed = messages.len();
        for message in messages {
            self.deliver(message).await?;
        }
        Ok(claimed)
    }

    async fn deliver(&self, message: OutboxMessage) -> Result<(), crate::store::Error> {
        let now = self.clock.now();
        if message.expires_at <= now {
            tracing::warn!(id = %message.id, channel = %message.channel, "outbox: message expired before delivery");
            return self
                .store
                .mark_message_dead(message.id, "expired before delivery")
                .await;
        }
        let result = match message.channel.as_str() {
            "email" => {
                self.mailer
                    .send(&message.destination, &message.subject, &message.body)
                    .await
            }
            "sms" => self.sms.send(&message.destination, &message.body).await,
            other => Err(DeliveryError::Permanent(format!("unknown channel {other}"))),
        };
        match result {
            Ok(()) => {
                tracing::info!(id = %message.id, channel = %message.channel, attempts = message.attempts, "outbox: delivered");
                self.store.mark_message_sent(message.id).await
            }
            Err(DeliveryError::Permanent(error)) => {
                tracing::warn!(id = %message.id, channel = %message.channel, %error, "outbox: refused for good");
                self.store.mark_message_dead(message.id, &error).await
            }
            Err(DeliveryError::Transient(error)) => {
                let next = crate::auth::clock::later(now, backoff(message.attempts));
                if next >= message.expires_at {
                    tracing::warn!(id = %message.id, channel = %message.channel, %error, "outbox: giving up, the message expires before the next try");
                    return self.store.mark_message_dead(message.id, &error).await;
                }
                tracing::warn!(id = %message.id, channel = %message.channel, attempts = message.attempts, %error, "outbox: will retry");
                self.store
                    .mark_message_for_retry(message.id, next, &error)
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_secs(1));
        assert_eq!(backoff(2), Duration::from_secs(2));
        assert_eq!(backoff(5), Duration::from_secs(16));
        assert_eq!(backoff(20), Duration::from_secs(300));
        assert_eq!(backoff(i32::MAX), Duration::from_secs(300));
        assert_eq!(backoff(0), Duration::from_secs(1));
    }
}
