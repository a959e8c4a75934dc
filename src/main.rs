//! The Latch server: read the configuration, build the application, serve until Ctrl-C. With
//! arguments, one of the operator's commands (`latch::cli`) instead.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitCode;

use clap::Parser;
use latch::cli::{self, Cli};
use latch::config::Config;
use latch::startup::{self, Application};

#[tokio::main]
async fn main() -> ExitCode {
    // `--help`, `--version` and a wrong command end here (a wrong one with status 2).
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("latch: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(command) = cli.command {
        return cli::run(command, &config).await;
    }
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log_filter))
        .init();

    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("latch: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> anyhow::Result<()> {
    let dialect = if config.database_url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let listener = startup::bind(config.addr).await?;
    let app = Application::build(config, listener).await?;
    // Scripts (and tests) wait for this exact line to learn the port when LATCH_ADDR ends in :0.
    println!("listening on http://{}", app.local_addr());
    tracing::info!(database = dialect, "Latch is ready");
    // The token-signing keys, made now if this is the first start, so no login waits for them.
    let auth = app.auth().clone();
    tokio::spawn(async move {
        if let Err(e) = auth.signing_keys().ensure(auth.clock().now()).await {
            tracing::error!(error = %e, "the token-signing keys are not usable");
        }
    });
    app.run_until(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// mimalloc, told to give memory back as soon as it is free: with its defaults it kept the
/// argon2 areas of past logins (44 MB idle, 100 MB after 1,000 logins, never returned). With
/// these two options it holds about what glibc did, and it answers the session check 1.24×
/// and `/account` 1.41× as fast (docs/BENCHMARKS.md, allocator).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in its `mimalloc.h`, version 2): the crate names
/// only some of them.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commit arena memory only when used, and return freed pages at once rather than 10 ms (and
/// for arenas 100 ms) later: each login's 19 MiB argon2 area then leaves RSS with the login.
/// mimalloc reads its options when it starts, before `main`, and the first arena keeps what it
/// read: so this runs as a constructor ahead of mimalloc's own (a lower `.init_array` priority
/// runs first). Set from `main` instead, the first arena stayed eagerly committed and was never
/// purged: 93 MB after the logins instead of 65.
#[used]
#[unsafe(link_section = ".init_array.00101")]
static CONFIGURE_ALLOCATOR: extern "C" fn() = allocator_gives_memory_back;

extern "C" fn allocator_gives_memory_back() {
    // SAFETY: mi_option_set stores two integers in mimalloc's option table; it allocates
    // nothing and needs no initialised heap.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}
