//! The Latch server: read the configuration, build the application, serve until Ctrl-C. With
//! arguments, one of the operator's commands (`latch::cli`) instead.

use std::process::ExitCode;

use latch::cli;
use latch::config::Config;
use latch::startup::{self, Application};

#[tokio::main]
async fn main() -> ExitCode {
    fixed_mmap_threshold();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("latch: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if cli::is_command(&args) {
        return cli::run(&args, &config).await;
    }
    if !args.is_empty() {
        eprintln!("{}", cli::USAGE);
        return ExitCode::from(2);
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

/// glibc serves an allocation over its mmap threshold from a mapping of its own, given back to
/// the system when freed; but after such a free it raises the threshold to that size, so the
/// next 19 MiB argon2 area comes from a heap arena that never shrinks. A fixed threshold keeps
/// the hashing memory returnable (docs/BENCHMARKS.md, memory).
fn fixed_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes two integers and takes the allocator lock itself.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
    }
}
