//! Chaos tests: the deployment of `deploy/` (HAProxy, three Latch instances, PostgreSQL or a
//! Patroni cluster) started with `deploy/local.sh` as an operator would, then hurt while
//! clients use it: instances restarted and killed, the database stopped or failed over, the
//! mail server and SMS gateway down. Each test checks what clients saw and what was kept and
//! sent, and prints its figures (`FIGURES …`, copied into docs/DEPLOY.md).
//!
//! Run on their own, one at a time (they share the machine's two cores and time the outages):
//! `cargo test --features ssr --test chaos -- --test-threads=1 --nocapture`. They need
//! HAProxy, PostgreSQL's server binaries, Patroni and etcd: `.ci/lib.sh`'s `ensure_deploy_tools`
//! installs them, and a test without them fails rather than skips.
#![cfg(feature = "ssr")]

mod cluster;
mod database;
mod load;
#[path = "../api/support/process.rs"]
mod process;
mod providers;
mod restarts;
#[path = "../api/support/sms.rs"]
#[allow(dead_code)]
mod sms;
#[path = "../api/support/smtp.rs"]
#[allow(dead_code)]
mod smtp;
