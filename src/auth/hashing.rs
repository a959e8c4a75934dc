//! The password-hashing workers: a fixed set of threads, each owning one argon2 memory area it
//! reuses for every hash, fed by a bounded queue.
//!
//! Why not tokio's blocking pool: each hash there allocated 19 MiB afresh on whichever of up to
//! 512 threads ran it, and the allocator kept the buffers per thread, so memory grew with every
//! burst of logins and never came back (issue 16: 237 MB after 13 logins). Here the memory is
//! one area per worker, allocated on first use, reused while jobs wait, and given back when
//! none does.
//!
//! Why at a lower priority: argon2 is pure CPU. At the request threads' priority, a burst of
//! logins would take every core from the session checks other apps make on each request; a
//! nice value of 10 gives the request threads about nine tenths of a contended core, while the
//! hashes still use every idle core (docs/BENCHMARKS.md).

use std::panic::AssertUnwindSafe;

use argon2::Block;
use flume::{Receiver, Sender, TryRecvError, TrySendError};
use tokio::sync::oneshot;

/// The nice value of the hashing threads (0 is the request threads', 19 the lowest).
const NICE: i32 = 10;

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Why a job did not run.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The queue is full: the caller answers `503 busy` at once rather than wait minutes.
    Busy,
    /// The job panicked, or the workers are gone (the server is shutting down).
    Failed,
}

pub struct Workers {
    queue: Sender<Job>,
}

impl Workers {
    /// `count` threads, and room for `queue_len` jobs waiting for one of them.
    #[allow(
        clippy::expect_used,
        reason = "at start-up: no hashing threads, no server"
    )]
    pub fn start(count: usize, queue_len: usize) -> Workers {
        let (queue, jobs) = flume::bounded::<Job>(queue_len);
        for n in 0..count {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("latch-hash-{n}"))
                .spawn(move || work(&jobs))
                .expect("the system can start a hashing thread");
        }
        Workers { queue }
    }

    /// Whether a job queued now would be refused.
    pub fn is_full(&self) -> bool {
        self.queue.is_full()
    }

    /// Runs `job` on a worker with its memory area and waits for the answer.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, Refused> {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            // The caller may have gone (a cancelled request); the hash is then simply unused.
            let _ = answer.send(job(memory));
        });
        self.queue.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => Refused::Busy,
            TrySendError::Disconnected(_) => Refused::Failed,
        })?;
        answered.await.map_err(|_| Refused::Failed)
    }
}

/// One worker: takes jobs until every `Workers` handle is dropped.
fn work(jobs: &Receiver<Job>) {
    lower_priority();
    let mut memory = Vec::new();
    loop {
        // A burst of logins keeps the queue fed and is served from one area; once it drains,
        // the area (19 MiB) goes back at once. A fresh one costs about 2 ms of page faults on
        // a 14 ms hash, paid only by a login that finds nothing queued before it.
        let job = match jobs.try_recv() {
            Ok(job) => job,
            Err(TryRecvError::Empty) => {
                memory = Vec::new();
                match jobs.recv() {
                    Ok(job) => job,
                    Err(_) => return,
                }
            }
            Err(TryRecvError::Disconnected) => return,
        };
        // A panicking hash drops its answer (the caller sees `Failed`); the worker and its
        // memory stay for the next one.
        if std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut memory))).is_err() {
            tracing::error!("a password hash panicked");
        }
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: gettid and setpriority take no pointers; on Linux, PRIO_PROCESS with a thread id
    // sets that one thread's nice value.
    let result = unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, NICE)
    };
    if result != 0 {
        tracing::warn!(
            error = %std::io::Error::last_os_error(),
            "could not lower the hashing thread's priority"
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[tokio::test]
    async fn a_full_queue_refuses_at_once() {
        let workers = Arc::new(Workers::start(1, 1));
        let (started, has_started) = oneshot::channel::<()>();
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Mutex::new(wait);
        // One job holds the worker, one waits in the queue; the third is refused.
        let holder = Arc::clone(&workers);
        let first = tokio::spawn(async move {
            holder
                .run(move |_| {
                    started.send(()).unwrap();
                    wait.lock().unwrap().recv().unwrap()
                })
                .await
        });
        has_started.await.unwrap();
        assert!(
            workers.queue.try_send(Box::new(|_| {})).is_ok(),
            "one place in the queue"
        );
        assert_eq!(workers.run(|_| 3).await, Err(Refused::Busy));
        release.send(()).unwrap();
        first.await.unwrap().unwrap();
        // Once the worker has taken the queued no-op, there is room again.
        for _ in 0..1000 {
            match workers.run(|_| 4).await {
                Err(Refused::Busy) => tokio::time::sleep(std::time::Duration::from_millis(1)).await,
                answer => return assert_eq!(answer, Ok(4)),
            }
        }
        panic!("the queue never drained");
    }

    #[tokio::test]
    async fn a_worker_keeps_its_memory_while_jobs_wait_and_survives_a_panic() {
        let workers = Arc::new(Workers::start(1, 4));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Mutex::new(wait);
        let (started, has_started) = oneshot::channel::<()>();
        let holder = Arc::clone(&workers);
        let first = tokio::spawn(async move {
            holder
                .run(move |memory| {
                    memory.resize(8, Block::default());
                    started.send(()).unwrap();
                    wait.lock().unwrap().recv().unwrap()
                })
                .await
        });
        has_started.await.unwrap();
        // Queued behind the first: the panic, then a job that sees the first one's area.
        let panicking = {
            let workers = Arc::clone(&workers);
            tokio::spawn(async move { workers.run(|_| -> () { panic!("boom") }).await })
        };
        let second = {
            let workers = Arc::clone(&workers);
            tokio::spawn(async move { workers.run(|memory| memory.len()).await })
        };
        while workers.queue.len() < 2 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        release.send(()).unwrap();
        first.await.unwrap().unwrap();
        assert_eq!(panicking.await.unwrap(), Err(Refused::Failed));
        assert_eq!(second.await.unwrap(), Ok(8), "kept while jobs waited");
        // Once nothing waits, the area goes back: a job sent after the worker found the queue
        // empty gets a fresh one.
        for _ in 0..1000 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            if workers.run(|memory| memory.len()).await == Ok(0) {
                return;
            }
        }
        panic!("the worker never gave its area back");
    }
}
