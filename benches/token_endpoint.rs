//! The OpenID Connect token endpoint under load, against a running Latch (benches/run.sh starts
//! one and registers a first-party app with `latch client add`):
//!
//!   token_endpoint BASE SESSION_TOKEN CLIENT_ID CLIENT_SECRET REDIRECT_URI [SECONDS]
//!
//! 1. authorize: 16 concurrent browsers (the session cookie) get codes for SECONDS;
//! 2. exchange: the codes are exchanged for tokens, 16 at a time, each once;
//! 3. refresh: 16 apps each refresh their own token chain for SECONDS.
//!
//! Prints one line per phase: `NAME REQUESTS_PER_SECOND P99_MS FAILURES`. Traffic stays on
//! 127.0.0.1.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 16;

struct Phase {
    latencies: Vec<Duration>,
    failures: usize,
    elapsed: Duration,
}

impl Phase {
    fn print(mut self, name: &str) {
        self.latencies.sort();
        let n = self.latencies.len();
        let p99 = self
            .latencies
            .get((n * 99 / 100).min(n.saturating_sub(1)))
            .copied()
            .unwrap_or_default();
        println!(
            "{name} {:.0} {:.2} {}",
            n as f64 / self.elapsed.as_secs_f64(),
            p99.as_secs_f64() * 1000.0,
            self.failures
        );
    }
}

#[derive(Clone)]
struct Setup {
    http: reqwest::Client,
    base: String,
    cookie: String,
    client_id: String,
    secret: String,
    redirect: String,
}

impl Setup {
    async fn code(&self) -> Option<String> {
        let url = format!(
            "{}/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&scope=openid%20email%20offline_access&state=s",
            self.base,
            self.client_id,
            url::form_urlencoded::byte_serialize(self.redirect.as_bytes()).collect::<String>()
        );
        let response = self
            .http
            .get(url)
            .header("cookie", &self.cookie)
            .send()
            .await
            .ok()?;
        let to = response.headers().get("location")?.to_str().ok()?;
        url::Url::parse(to)
            .ok()?
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
    }

    async fn token(&self, form: &[(&str, &str)]) -> Option<serde_json::Value> {
        let response = self
            .http
            .post(format!("{}/oauth2/token", self.base))
            .basic_auth(&self.client_id, Some(&self.secret))
            .form(form)
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        response.json().await.ok()
    }
}

/// Runs `work` on CONCURRENCY tasks until it returns `None` (nothing left) or `until` passes.
async fn run<F, Fut>(until: Option<Instant>, work: F) -> Phase
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Option<bool>> + Send,
{
    let work = Arc::new(work);
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(0usize));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..CONCURRENCY {
        let (work, latencies, failures) = (work.clone(), latencies.clone(), failures.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                if until.is_some_and(|u| Instant::now() >= u) {
                    return;
                }
                let at = Instant::now();
                match work(worker).await {
                    None => return,
                    Some(true) => latencies.lock().unwrap().push(at.elapsed()),
                    Some(false) => *failures.lock().unwrap() += 1,
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    Phase {
        elapsed: started.elapsed(),
        latencies: Arc::try_unwrap(latencies).unwrap().into_inner().unwrap(),
        failures: *failures.lock().unwrap(),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, token, client_id, secret, redirect, rest @ ..] = args.as_slice() else {
        eprintln!(
            "usage: token_endpoint BASE SESSION_TOKEN CLIENT_ID CLIENT_SECRET REDIRECT_URI [SECONDS]"
        );
        std::process::exit(2);
    };
    let seconds: u64 = rest.first().and_then(|s| s.parse().ok()).unwrap_or(8);
    let setup = Setup {
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(CONCURRENCY)
            .build()
            .unwrap(),
        base: base.clone(),
        cookie: format!("latch_session={token}"),
        client_id: client_id.clone(),
        secret: secret.clone(),
        redirect: redirect.clone(),
    };

    // 1. Codes, as fast as browsers can get them.
    let codes = Arc::new(Mutex::new(Vec::new()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let phase = run(Some(until), {
        let (setup, codes) = (setup.clone(), codes.clone());
        move |_| {
            let (setup, codes) = (setup.clone(), codes.clone());
            async move {
                let code = setup.code().await;
                let got = code.is_some();
                codes.lock().unwrap().extend(code);
                Some(got)
            }
        }
    })
    .await;
    phase.print("authorize");

    // 2. Each code exchanged once (codes live 60 s: the phase above is shorter).
    let refresh_tokens = Arc::new(Mutex::new(Vec::new()));
    let phase = run(None, {
        let (setup, codes, refresh_tokens) = (setup.clone(), codes.clone(), refresh_tokens.clone());
        move |_| {
            let (setup, codes, refresh_tokens) =
                (setup.clone(), codes.clone(), refresh_tokens.clone());
            async move {
                let code = codes.lock().unwrap().pop()?;
                let tokens = setup
                    .token(&[
                        ("grant_type", "authorization_code"),
                        ("code", &code),
                        ("redirect_uri", &setup.redirect),
                    ])
                    .await;
                let refresh = tokens
                    .as_ref()
                    .and_then(|t| t["refresh_token"].as_str().map(str::to_owned));
                let ok = refresh.is_some();
                refresh_tokens.lock().unwrap().extend(refresh);
                Some(ok)
            }
        }
    })
    .await;
    phase.print("exchange");

    // 3. Refresh chains: each worker rotates its own token.
    let chains: Vec<Arc<Mutex<Option<String>>>> = (0..CONCURRENCY)
        .map(|_| Arc::new(Mutex::new(refresh_tokens.lock().unwrap().pop())))
        .collect();
    let chains = Arc::new(chains);
    let until = Instant::now() + Duration::from_secs(seconds);
    let phase = run(Some(until), {
        let setup = setup.clone();
        move |worker| {
            let (setup, chains) = (setup.clone(), chains.clone());
            async move {
                let current = chains[worker].lock().unwrap().clone()?;
                let tokens = setup
                    .token(&[("grant_type", "refresh_token"), ("refresh_token", &current)])
                    .await;
                let next = tokens
                    .as_ref()
                    .and_then(|t| t["refresh_token"].as_str().map(str::to_owned));
                let ok = next.is_some();
                *chains[worker].lock().unwrap() = next;
                Some(ok)
            }
        }
    })
    .await;
    phase.print("refresh");
}
