//! Builds the whole application from a `Config` and a bound listener: store, secret, notifiers,
//! outbox worker, routes. The caller binds (`bind` does it for `LATCH_ADDR`), so tests can bind
//! port 0 themselves and know the port before the configuration is made.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use secrecy::ExposeSecret;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::api;
use crate::app::{App, shell};
use crate::auth::{Auth, Clock, SystemClock};
use crate::config::Config;
use crate::http::extract::TrustedProxies;
use crate::http::page_data;
use crate::http::security;
use crate::notify::outbox::{OutboxFaults, OutboxSignal, OutboxWorker};
use crate::notify::{Mailer, SmsSender};
use crate::shutdown::{DRAIN_LIMIT, Phase, Shutdown};
use crate::state::{AppState, TaskHealth};
use crate::store::{self, Store};
use crate::task_health::supervise;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Store(#[from] store::Error),
    #[error("{0}")]
    Notify(String),
    #[error("brand: {0}")]
    Brand(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    worker: JoinHandle<()>,
    sweeper: JoinHandle<()>,
    state: AppState,
    faults: OutboxFaults,
    sweep_health: TaskHealth,
}

/// Binds `addr` (the configured `LATCH_ADDR`) for [`Application::build`].
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { addr, source })
}

impl Application {
    /// Builds the application to serve on `listener`, already bound (see [`bind`]).
    pub async fn build(config: Config, listener: TcpListener) -> Result<Self, StartupError> {
        Self::build_with_clock(config, listener, Arc::new(SystemClock)).await
    }

    /// Like `build`, with the clock injected: tests pass one they can move forward.
    pub async fn build_with_clock(
        config: Config,
        listener: TcpListener,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StartupError> {
        let store = Store::connect(&config.database_url).await?;
        let secret = match &config.secret {
            Some(secret) => secret.expose_secret().as_bytes().to_vec(),
            None => store
                .server_secret(&crate::auth::random_token())
                .await?
                .into_bytes(),
        };
        let mailer = Mailer::new(config.smtp_url.as_ref(), &config.mail_from)
            .map_err(|e| StartupError::Notify(e.to_string()))?;
        let sms = SmsSender::new(&config.sms).map_err(StartupError::Notify)?;

        let signal = OutboxSignal::default();
        let shutdown = Shutdown::default();
        let outbox_health = TaskHealth::new(clock.clone());
        let faults = OutboxFaults::default();
        let worker = Arc::new(OutboxWorker::new(
            store.clone(),
            mailer,
            sms,
            clock.clone(),
            signal.clone(),
            outbox_health.clone(),
            faults.clone(),
        ));
        let worker = tokio::spawn(supervise(
            "outbox worker",
            outbox_health.clone(),
            shutdown.clone(),
            {
                let shutdown = shutdown.clone();
                move || worker.clone().run(shutdown.clone())
            },
        ));
        let sweep_health = TaskHealth::new(clock.clone());

        let auth = Auth::new(
            store,
            clock,
            &secret,
            signal,
            config.public_url.clone(),
            config.policy.clone(),
        )
        .with_upstreams(Arc::new(
            crate::upstream::Upstreams::new(&config.providers, &config.public_url)
                .map_err(|e| StartupError::Notify(e.to_string()))?,
        ));
        auth.load_brand(&config.brand)
            .await
            .map_err(|e| StartupError::Brand(e.to_string()))?;
        let sweeper = tokio::spawn(supervise(
            "sweep",
            sweep_health.clone(),
            shutdown.clone(),
            {
                let auth = auth.clone();
                let health = sweep_health.clone();
                move || sweep_periodically(auth.clone(), health.clone())
            },
        ));
        let local_addr = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: config.addr,
            source,
        })?;

        let leptos = LeptosOptions::builder()
            .output_name("latch")
            .site_root(config.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(local_addr)
            .hash_files(crate::assets::enabled())
            .build();
        let state = AppState::new(crate::state::Shared {
            leptos,
            auth,
            config: Arc::new(config),
            outbox: outbox_health,
            shutdown,
            pages: crate::app::pages::PAGES,
        });
        let router = routes(state.clone());
        Ok(Application {
            listener,
            router,
            worker,
            sweeper,
            state,
            faults,
            sweep_health,
        })
    }

    #[allow(
        clippy::expect_used,
        reason = "the listener was bound before the app was built"
    )]
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn auth(&self) -> &Auth {
        &self.state.auth
    }

    /// The outbox worker's liveness and restart count.
    pub fn outbox_health(&self) -> TaskHealth {
        self.state.outbox.clone()
    }

    /// The sweep's restart count.
    pub fn sweep_health(&self) -> TaskHealth {
        self.sweep_health.clone()
    }

    /// Test hook: makes the outbox worker panic (see [`OutboxFaults`]).
    #[doc(hidden)]
    pub fn outbox_faults(&self) -> OutboxFaults {
        self.faults.clone()
    }

    /// Serves until `signal` completes, then shuts down gracefully (`crate::shutdown`):
    /// `/readyz` answers 503 and the outbox worker claims no more messages at once; the
    /// listener closes `LATCH_SHUTDOWN_DELAY` later; requests in flight and the worker's send
    /// in hand get until [`DRAIN_LIMIT`] after that, then are dropped (the worker's message
    /// given back). Undelivered messages stay in the outbox for the other instances or the
    /// next start.
    pub async fn run_until(
        self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let shutdown = self.state.shutdown.clone();
        let delay = self.state.config.shutdown_delay;
        let stop_accepting = {
            let shutdown = shutdown.clone();
            async move {
                signal.await;
                shutdown.advance(Phase::Draining);
                tracing::info!(
                    delay_s = delay.as_secs(),
                    "shutting down: /readyz answers 503; the listener closes after the delay"
                );
                tokio::time::sleep(delay).await;
                tracing::info!("listener closed; finishing the requests in flight");
            }
        };
        let deadline = tokio::spawn({
            let shutdown = shutdown.clone();
            async move {
                shutdown.reached(Phase::Draining).await;
                tokio::time::sleep(delay + DRAIN_LIMIT).await;
                shutdown.advance(Phase::Abandoning);
            }
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let serve = axum::serve(self.listener, service)
            .with_graceful_shutdown(stop_accepting)
            .into_future();
        let served = tokio::select! {
            served = serve => served,
            () = shutdown.reached(Phase::Abandoning) => {
                tracing::warn!(limit_s = DRAIN_LIMIT.as_secs(), "requests still in flight at the drain's limit; dropping them");
                Ok(())
            }
        };
        // Also when the server stopped on its own: the worker must not outlive it.
        shutdown.advance(Phase::Draining);
        self.sweeper.abort();
        finish_worker(self.worker, &shutdown).await;
        deadline.abort();
        self.state.auth.store().close().await;
        tracing::info!("shut down");
        served
    }
}

/// Waits for the outbox worker to finish the message it is sending, until the drain's limit;
/// then it gives the message back (a database round trip) and is stopped.
async fn finish_worker(mut worker: JoinHandle<()>, shutdown: &Shutdown) {
    tokio::select! {
        _ = &mut worker => return,
        () = shutdown.reached(Phase::Abandoning) => {}
    }
    tracing::warn!(
        "the outbox worker is still sending at the drain's limit; it gives its message back"
    );
    if tokio::time::timeout(WORKER_RELEASE_LIMIT, &mut worker)
        .await
        .is_err()
    {
        worker.abort();
    }
}

/// How long the outbox worker gets to give its message back once the drain's time is up.
const WORKER_RELEASE_LIMIT: Duration = Duration::from_secs(3);

/// Clears out expired and spent rows every ten minutes; several instances doing it too is
/// harmless (the deletes are idempotent). Every two seconds, keeps SQLite's write-ahead log
/// bounded (`Store::bound_wal`).
async fn sweep_periodically(auth: Auth, health: TaskHealth) {
    const TICK: std::time::Duration = std::time::Duration::from_secs(2);
    const SWEEP_EVERY: u32 = 300;
    let mut every = tokio::time::interval(TICK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ticks = 0u32;
    loop {
        every.tick().await;
        if ticks.is_multiple_of(SWEEP_EVERY) {
            match auth.sweep().await {
                Ok(0) => {}
                Ok(rows) => tracing::debug!(rows, "swept expired rows"),
                Err(e) => tracing::warn!(error = %e, "sweeping expired rows failed"),
            }
        }
        ticks = ticks.wrapping_add(1);
        // Messages are written with the brand this instance holds; this keeps it fresh when
        // no page is asked for.
        auth.brand().await;
        if let Err(e) = auth.bound_wal().await {
            tracing::warn!(error = %e, "checkpointing the write-ahead log failed");
        }
        health.alive();
    }
}

fn routes(state: AppState) -> Router {
    let trusted = TrustedProxies(Arc::new(state.config.trusted_proxies.clone()));
    let https = state.config.is_https();
    let session_layer = crate::http::sessions::layer(state.auth.clone(), https);

    // The browser bundle: the Brotli or gzip copy the build made at its highest level, when the
    // browser accepts it (the compression layer below would use a faster, weaker one).
    let bundle = tower_http::services::ServeDir::new(state.config.site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let mut router = Router::new()
        .nest_service("/pkg", bundle)
        .merge(api::router())
        .route(
            "/fn/{*fn_name}",
            post(server_fn).layer(RequestBodyLimitLayer::new(api::BODY_LIMIT)),
        )
        .merge(pages(&state))
        .route("/locale", post(crate::http::language::pick))
        .route("/branding/{file}", get(crate::http::branding::stylesheet))
        .fallback(
            leptos_axum::file_and_error_handler::<AppState, _>(shell).layer(
                axum::middleware::from_fn_with_state(state.clone(), page_data::load),
            ),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::same_origin_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::language::negotiate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::sessions::load_current,
        ))
        .with_state(state)
        .layer(session_layer)
        .layer(Extension(trusted));

    router = router
        .layer(axum::middleware::from_fn(security::cache_policy))
        .layer(CompressionLayer::new());
    for (name, value) in security::default_headers() {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    if https {
        // Two years, the HSTS preload list's minimum.
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    router
}

/// The hosted pages, each rendered with its [`crate::page_data::PageData`] loaded first.
fn pages(state: &AppState) -> Router<AppState> {
    Router::new()
        .leptos_routes_with_context(
            state,
            generate_route_list(App),
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = state.leptos.clone();
                move || shell(options.clone())
            },
        )
        // Trips to other identity providers: plain links and their callbacks (Apple's is a
        // form POST).
        .route("/auth/{provider}", get(crate::http::upstream::start))
        .route(
            "/auth/{provider}/connect",
            post(crate::http::upstream::connect),
        )
        .route(
            "/auth/{provider}/callback",
            get(crate::http::upstream::callback_get).post(crate::http::upstream::callback_post),
        )
        // The consent and logout pages' forms; their GETs are the pages above.
        .route("/oauth2/authorize", post(crate::http::oauth::decide))
        .route("/oauth2/logout", post(crate::http::oauth::confirm_logout))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_data::load,
        ))
}

async fn server_fn(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), request)
        .await
}
