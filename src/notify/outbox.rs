//! The outbox worker: delivers queued messages, retrying with backoff until each is sent or its
//! code has expired. Requests only write rows, so an SMTP or SMS outage never fails a request
//! and request timing never depends on a provider.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use uuid::Uuid;

use super::{DeliveryError, Mailer, SmsSender};
use crate::clock::{Clock, later};
use crate::shutdown::{Phase, Shutdown};
use crate::store::{Channel, OutboxMessage, Store};
use crate::task_health::TaskHealth;

/// Wakes the worker as soon as a flow has committed a message, instead of waiting for its poll.
#[derive(Clone, Default)]
pub struct OutboxSignal(Arc<Notify>);

impl OutboxSignal {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// How long a claimed message is this worker's without news from it; if the worker dies,
/// another takes the message then.
const LEASE: Duration = Duration::from_secs(60);
/// While a send is in flight the lease is renewed this often, so however slow the server, the
/// message stays this worker's; three renewals in a row can fail before the lease runs out.
const RENEW_EVERY: Duration = Duration::from_secs(15);
/// A send gets this long in all. Lettre's own timeout bounds only the TCP connect, so a server
/// that accepts and then stalls would hold the worker (and, renewed, the lease) forever. Above
/// the 20 to 60 s a slow server takes to accept a message, below a code's lifetime.
const SEND_LIMIT: Duration = Duration::from_secs(120);
/// Messages delivered per round before the worker checks in (liveness, faults).
const ROUND: usize = 16;
/// How often the worker looks for due messages without being woken (retries, other instances).
const POLL: Duration = Duration::from_millis(500);
/// Pauses before each try at recording a delivery's outcome: a blip of the database should not
/// leave a sent message looking unsent.
const RECORD_PAUSES: [Duration; 3] = [
    Duration::ZERO,
    Duration::from_millis(200),
    Duration::from_secs(1),
];
const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(300);

pub struct OutboxWorker {
    store: Store,
    mailer: Mailer,
    sms: SmsSender,
    clock: Arc<dyn Clock>,
    signal: OutboxSignal,
    health: TaskHealth,
    faults: OutboxFaults,
    /// Messages sent whose `sent` mark never reached the database, by id, with the lease
    /// (`attempts`) they were sent under. This worker never sends them again: it writes the
    /// mark when the database answers, or when the message comes back to it after its lease.
    unrecorded: Mutex<HashMap<Uuid, i32>>,
}

/// Test hook: makes the worker panic at the start of its next rounds, to prove that the
/// supervisor restarts it. Reachable only from Rust through `Application`, never from HTTP
/// or the environment.
#[doc(hidden)]
#[derive(Clone, Default)]
pub struct OutboxFaults(Arc<AtomicU32>);

impl OutboxFaults {
    /// The next `rounds` rounds panic; `u32::MAX` until called again with 0.
    pub fn panic_rounds(&self, rounds: u32) {
        self.0.store(rounds, Ordering::SeqCst);
    }

    fn take(&self) -> bool {
        self.0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| match n {
                0 => None,
                u32::MAX => Some(u32::MAX),
                n => Some(n - 1),
            })
            .is_ok()
    }
}

/// What became of one delivery attempt.
enum Outcome {
    Sent,
    Retry {
        at: chrono::DateTime<chrono::Utc>,
        error: String,
    },
    Dead {
        error: String,
    },
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
        health: TaskHealth,
        faults: OutboxFaults,
    ) -> Self {
        OutboxWorker {
            store,
            mailer,
            sms,
            clock,
            signal,
            health,
            faults,
            unrecorded: Mutex::new(HashMap::new()),
        }
    }

    /// Runs until the shutdown begins (then returns once the message in hand is done or given
    /// back) or the task is aborted. Shared (`Arc`) so that a supervisor can start it again
    /// after a panic with what it remembers (`unrecorded`) intact.
    pub async fn run(self: Arc<Self>, shutdown: Shutdown) {
        loop {
            if self.faults.take() {
                panic!("outbox: injected fault (test hook)");
            }
            self.record_unrecorded().await;
            if shutdown.is_draining() {
                tracing::info!("outbox: stopped for the shutdown");
                return;
            }
            let full = match self.deliver_due(&shutdown).await {
                Ok(n) => n == ROUND,
                Err(e) => {
                    tracing::error!(error = %e, "outbox: cannot claim messages");
                    false
                }
            };
            // A round ran to its end: the worker is alive, whatever the database said.
            self.health.alive();
            if full {
                continue;
            }
            tokio::select! {
                _ = self.signal.0.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                () = shutdown.reached(Phase::Draining) => {}
            }
        }
    }

    /// Claims and attempts due messages one at a time, up to a round's worth or until the
    /// shutdown begins; returns how many were claimed. One at a time, because a message
    /// claimed in a batch waits behind the others, and behind a slow server its lease could run
    /// out before its turn (then another instance would claim and send it too). An error on one
    /// message is logged and recorded as its outcome; only a failure to claim ends the round.
    async fn deliver_due(&self, shutdown: &Shutdown) -> Result<usize, crate::store::Error> {
        let mut claimed = 0;
        while claimed < ROUND && !shutdown.is_draining() {
            let now = self.clock.now();
            let Some(message) = self
                .store
                .claim_due_messages(now, later(now, LEASE), 1)
                .await?
                .pop()
            else {
                break;
            };
            claimed += 1;
            self.deliver(message, shutdown).await;
        }
        Ok(claimed)
    }

    async fn deliver(&self, message: OutboxMessage, shutdown: &Shutdown) {
        if self.unrecorded().remove(&message.id).is_some() {
            // Sent before, the mark lost; it came back when its lease ran out. Not again.
            tracing::info!(id = %message.id, channel = %message.channel, "outbox: recording an earlier delivery");
            return self.record(&message, Outcome::Sent).await;
        }
        let now = self.clock.now();
        if message.expires_at <= now {
            tracing::warn!(id = %message.id, channel = %message.channel, "outbox: message expired before delivery");
            let error = "expired before delivery".to_owned();
            return self.record(&message, Outcome::Dead { error }).await;
        }
        let Some(result) = self.send_leased(&message, shutdown).await else {
            // Another worker holds the message now, or will: the outcome is its to record.
            return;
        };
        let outcome = match result {
            Ok(()) => {
                tracing::info!(id = %message.id, channel = %message.channel, attempts = message.attempts, "outbox: delivered");
                Outcome::Sent
            }
            Err(DeliveryError::Permanent(error)) => {
                tracing::warn!(id = %message.id, channel = %message.channel, %error, "outbox: refused for good");
                Outcome::Dead { error }
            }
            Err(DeliveryError::Transient(error)) => {
                let at = later(self.clock.now(), backoff(message.attempts));
                if at >= message.expires_at {
                    tracing::warn!(id = %message.id, channel = %message.channel, %error, "outbox: giving up, the message expires before the next try");
                    Outcome::Dead { error }
                } else {
                    tracing::warn!(id = %message.id, channel = %message.channel, attempts = message.attempts, %error, "outbox: will retry");
                    Outcome::Retry { at, error }
                }
            }
        };
        self.record(&message, outcome).await;
    }

    /// Sends `message` while renewing its lease; `None` when the lease was lost mid-send (the
    /// send is then dropped, so that at most the other worker's copy goes out), or when the
    /// shutdown's time ran out first (the lease is then given back, so another instance sends
    /// the message at once instead of after the lease).
    async fn send_leased(
        &self,
        message: &OutboxMessage,
        shutdown: &Shutdown,
    ) -> Option<Result<(), DeliveryError>> {
        let send = tokio::time::timeout(SEND_LIMIT, self.send(message));
        tokio::select! {
            sent = send => Some(sent.unwrap_or_else(|_| Err(DeliveryError::Transient(format!(
                "no answer within {} s",
                SEND_LIMIT.as_secs()
            ))))),
            () = self.hold_lease(message) => None,
            () = shutdown.reached(Phase::Abandoning) => {
                self.release(message).await;
                None
            }
        }
    }

    /// Gives the lease of `message` back, due now. The server may have taken the message
    /// before the send was dropped, so it can arrive twice: only a send that outlasts the
    /// shutdown's 20 s ends here.
    async fn release(&self, message: &OutboxMessage) {
        let now = self.clock.now();
        match self
            .store
            .renew_message_lease(message.id, message.attempts, now)
            .await
        {
            Ok(_) => {
                tracing::warn!(id = %message.id, channel = %message.channel, "outbox: shutting down mid-send; the message goes back to the queue")
            }
            Err(e) => {
                tracing::warn!(id = %message.id, error = %e, "outbox: shutting down mid-send; the message waits for its lease to run out")
            }
        }
    }

    async fn send(&self, message: &OutboxMessage) -> Result<(), DeliveryError> {
        match Channel::parse(&message.channel) {
            Some(Channel::Email) => {
                self.mailer
                    .send(
                        message.id,
                        &message.destination,
                        &message.subject,
                        &message.body,
                    )
                    .await
            }
            Some(Channel::Sms) => {
                self.sms
                    .send(message.id, &message.destination, &message.body)
                    .await
            }
            None => Err(DeliveryError::Permanent(format!(
                "unknown channel {}",
                message.channel
            ))),
        }
    }

    /// Renews the lease of `message` every `RENEW_EVERY`; returns only when the lease turns
    /// out to be another worker's.
    async fn hold_lease(&self, message: &OutboxMessage) {
        loop {
            tokio::time::sleep(RENEW_EVERY).await;
            let until = later(self.clock.now(), LEASE);
            match self
                .store
                .renew_message_lease(message.id, message.attempts, until)
                .await
            {
                Ok(true) => {}
                Ok(false) => {
                    tracing::warn!(id = %message.id, channel = %message.channel, "outbox: lease lost mid-send; abandoning it");
                    return;
                }
                // The lease still has time; the next renewal tries again.
                Err(e) => {
                    tracing::warn!(id = %message.id, error = %e, "outbox: cannot renew a lease")
                }
            }
        }
    }

    /// Writes the outcome, trying a few times: one failure must neither stop the round nor
    /// make a sent message look unsent. A sent message whose mark never lands is remembered,
    /// so this worker does not send it again.
    async fn record(&self, message: &OutboxMessage, outcome: Outcome) {
        for pause in RECORD_PAUSES {
            tokio::time::sleep(pause).await;
            let written = match &outcome {
                Outcome::Sent => {
                    self.store
                        .mark_message_sent(message.id, message.attempts)
                        .await
                }
                Outcome::Retry { at, error } => {
                    self.store
                        .mark_message_for_retry(message.id, message.attempts, *at, error)
                        .await
                }
                Outcome::Dead { error } => {
                    self.store
                        .mark_message_dead(message.id, message.attempts, error)
                        .await
                }
            };
            match written {
                Ok(true) => return,
                Ok(false) => {
                    tracing::warn!(id = %message.id, channel = %message.channel, "outbox: the lease passed to another worker before the outcome was recorded");
                    return;
                }
                Err(e) => {
                    tracing::warn!(id = %message.id, channel = %message.channel, error = %e, "outbox: cannot record an outcome")
                }
            }
        }
        tracing::error!(id = %message.id, channel = %message.channel, "outbox: gave up recording an outcome");
        if matches!(outcome, Outcome::Sent) {
            self.unrecorded().insert(message.id, message.attempts);
        }
        // A retry or a refusal left unrecorded is harmless: the message is due again when its
        // lease runs out and is attempted afresh.
    }

    /// Writes the marks that failed earlier. One whose lease has passed to another worker is
    /// forgotten: that worker decides now.
    async fn record_unrecorded(&self) {
        let pending: Vec<(Uuid, i32)> = self.unrecorded().iter().map(|(k, v)| (*k, *v)).collect();
        for (id, attempts) in pending {
            match self.store.mark_message_sent(id, attempts).await {
                Ok(_) => {
                    self.unrecorded().remove(&id);
                }
                Err(e) => {
                    tracing::warn!(%id, error = %e, "outbox: still cannot record a delivery");
                    return;
                }
            }
        }
    }

    fn unrecorded(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, i32>> {
        // Nothing panics while holding the lock; if something ever did, the map is still sound.
        self.unrecorded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
