//! Where a stopping instance is in its shutdown, shared by `/readyz`, the HTTP server and the
//! outbox worker. On SIGTERM the instance drains: `/readyz` answers 503 at once so the balancer
//! moves traffic away, the listener closes after `LATCH_SHUTDOWN_DELAY`, requests in flight
//! finish, and the outbox worker finishes the message it is sending. Whatever is still running
//! at the deadline is abandoned: the worker gives its message back to the other instances.

use std::sync::Arc;

use tokio::sync::watch;

/// How long requests in flight, then the outbox worker, may take once the listener closes.
pub const DRAIN_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The phases of a shutdown, in order; an instance only moves forward through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Serving,
    /// SIGTERM came: not ready, take no new work, finish what is in hand.
    Draining,
    /// The drain's time is up: drop what is in hand, handing it back where it can be.
    Abandoning,
}

#[derive(Clone)]
pub struct Shutdown(Arc<watch::Sender<Phase>>);

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown(Arc::new(watch::channel(Phase::Serving).0))
    }
}

impl Shutdown {
    /// Moves to `phase` unless the shutdown is there or further already.
    pub fn advance(&self, phase: Phase) {
        self.0.send_if_modified(|now| {
            let moved = *now < phase;
            if moved {
                *now = phase;
            }
            moved
        });
    }

    pub fn is_draining(&self) -> bool {
        *self.0.borrow() >= Phase::Draining
    }

    /// Completes once the shutdown has reached `phase`.
    pub async fn reached(&self, phase: Phase) {
        let mut phases = self.0.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits.
        let _ = phases.wait_for(|now| *now >= phase).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn phases_only_move_forward() {
        let shutdown = Shutdown::default();
        assert!(!shutdown.is_draining());
        shutdown.advance(Phase::Abandoning);
        shutdown.advance(Phase::Draining);
        assert!(shutdown.is_draining());
        // Already past both: neither waits.
        shutdown.reached(Phase::Draining).await;
        shutdown.reached(Phase::Abandoning).await;
    }

    #[tokio::test]
    async fn a_waiter_wakes_when_the_phase_comes() {
        let shutdown = Shutdown::default();
        let waiter = tokio::spawn({
            let shutdown = shutdown.clone();
            async move { shutdown.reached(Phase::Draining).await }
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        shutdown.advance(Phase::Draining);
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("woken")
            .expect("no panic");
    }
}
