//! Background tasks (the outbox worker, the sweep): `supervise` restarts one that panics, and
//! its `TaskHealth` says whether it is running, for `/readyz`.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use crate::clock::Clock;
use crate::shutdown::Shutdown;

/// Whether a supervised background task is running: the supervisor marks it down when it
/// panics, the task marks itself up each time it completes a round. Time is the app's clock,
/// so tests can move past the readiness threshold without sleeping.
#[derive(Clone)]
pub struct TaskHealth(Arc<Health>);

struct Health {
    clock: Arc<dyn Clock>,
    /// Milliseconds since the epoch when the task went down, or `UP`.
    down_since: AtomicI64,
    restarts: AtomicU64,
    /// Rounds completed since start: a test waits on it to know the task has looked.
    rounds: AtomicU64,
}

const UP: i64 = i64::MIN;

impl TaskHealth {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        TaskHealth(Arc::new(Health {
            clock,
            down_since: AtomicI64::new(UP),
            restarts: AtomicU64::new(0),
            rounds: AtomicU64::new(0),
        }))
    }

    /// The task completed a round: it runs.
    pub fn alive(&self) {
        self.0.down_since.store(UP, Ordering::Relaxed);
        self.0.rounds.fetch_add(1, Ordering::Relaxed);
    }

    /// How many rounds the task has completed.
    pub fn rounds(&self) -> u64 {
        self.0.rounds.load(Ordering::Relaxed)
    }

    /// The task stopped (panicked). A crash loop keeps the time of the first crash, so a task
    /// that never completes a round again counts as down since then.
    pub fn died(&self) {
        let now = self.0.clock.now().timestamp_millis();
        let _ = self
            .0
            .down_since
            .compare_exchange(UP, now, Ordering::Relaxed, Ordering::Relaxed);
    }

    pub(crate) fn restarted(&self) -> u64 {
        self.0.restarts.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// How many times the supervisor has restarted the task.
    pub fn restarts(&self) -> u64 {
        self.0.restarts.load(Ordering::Relaxed)
    }

    /// How long the task has been down, `None` while it runs.
    pub fn down_for(&self) -> Option<Duration> {
        let since = self.0.down_since.load(Ordering::Relaxed);
        if since == UP {
            return None;
        }
        let now = self.0.clock.now().timestamp_millis();
        Some(Duration::from_millis(
            u64::try_from(now.saturating_sub(since)).unwrap_or(0),
        ))
    }
}

/// First pause before restarting a task that panicked; doubled for each panic in a row.
const RESTART_FIRST: Duration = Duration::from_secs(1);
const RESTART_MAX: Duration = Duration::from_secs(30);
/// A task that ran this long before panicking is restarted after `RESTART_FIRST` again.
const RESTART_RESET: Duration = Duration::from_secs(60);

/// Runs `task` and starts it again whenever it panics (or returns, which it should not, unless
/// the instance is shutting down), with an `error` line and a growing pause, so background work
/// cannot die quietly. `health` is marked down from the panic until the task marks itself alive
/// again. Aborting the supervisor aborts the task with it (the `JoinSet` is dropped).
pub async fn supervise<F, Fut>(
    name: &'static str,
    health: TaskHealth,
    shutdown: Shutdown,
    mut task: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut pause = RESTART_FIRST;
    loop {
        let started = tokio::time::Instant::now();
        let mut running = tokio::task::JoinSet::new();
        running.spawn(task());
        let ended = running.join_next().await;
        if shutdown.is_draining() && matches!(ended, Some(Ok(()))) {
            return;
        }
        health.died();
        if started.elapsed() >= RESTART_RESET {
            pause = RESTART_FIRST;
        }
        match ended {
            Some(Err(e)) if e.is_panic() => {
                let payload = e.into_panic();
                let why = payload
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("(no message)");
                let restarts = health.restarted();
                tracing::error!(
                    task = name,
                    panic = why,
                    restarts,
                    pause_s = pause.as_secs(),
                    "background task panicked; restarting it"
                );
            }
            // Cancelled: the runtime is shutting down.
            Some(Err(_)) => return,
            Some(Ok(())) | None => {
                let restarts = health.restarted();
                tracing::error!(
                    task = name,
                    restarts,
                    "background task stopped; restarting it"
                );
            }
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(RESTART_MAX);
    }
}
