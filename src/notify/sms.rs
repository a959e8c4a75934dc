//! SMS delivery: a JSON webhook, Twilio's Messages API, or the terminal in development.

use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use url::Url;
use uuid::Uuid;

use super::DeliveryError;

/// Which SMS gateway to use, as `SMS_PROVIDER` and its variables name it.
#[derive(Clone, Debug)]
pub enum SmsConfig {
    Log,
    Webhook {
        url: Url,
    },
    Twilio {
        account_sid: String,
        auth_token: SecretString,
        from: String,
        api_base: Url,
    },
}

#[derive(Clone)]
pub enum SmsSender {
    Log,
    /// POSTs `{"to": "+15551234567", "body": "…"}`; any 2xx is success.
    Webhook {
        client: reqwest::Client,
        url: Url,
    },
    /// `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, basic auth.
    Twilio {
        client: reqwest::Client,
        messages_url: Url,
        account_sid: String,
        auth_token: SecretString,
        from: String,
    },
}

/// A provider that has not answered in this time is treated as down and retried later.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

impl SmsSender {
    pub fn new(config: &SmsConfig) -> Result<Self, String> {
        let client = || {
            reqwest::Client::builder()
                .timeout(HTTP_TIMEOUT)
                .user_agent(concat!("latch/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| format!("cannot build the HTTP client: {e}"))
        };
        Ok(match config {
            SmsConfig::Log => SmsSender::Log,
            SmsConfig::Webhook { url } => SmsSender::Webhook {
                client: client()?,
                url: url.clone(),
            },
            SmsConfig::Twilio {
                account_sid,
                auth_token,
                from,
                api_base,
            } => {
                let path = format!("2010-04-01/Accounts/{account_sid}/Messages.json");
                let mut base = api_base.clone();
                if !base.path().ends_with('/') {
                    base.set_path(&format!("{}/", base.path()));
                }
                SmsSender::Twilio {
                    client: client()?,
                    messages_url: base
                        .join(&path)
                        .map_err(|e| format!("TWILIO_API_BASE: {e}"))?,
                    account_sid: account_sid.clone(),
                    auth_token: auth_token.clone(),
                    from: from.clone(),
                }
            }
        })
    }

    /// Sends one SMS. The webhook gets `id` (the outbox row's) as an idempotency key: a message
    /// sent again after a crash between the gateway's OK and the outbox's record carries the
    /// same one.
    pub async fn send(&self, id: Uuid, to: &str, body: &str) -> Result<(), DeliveryError> {
        match self {
            SmsSender::Log => {
                println!(
                    "----- SMS (SMS_PROVIDER=log) -----\nTo: {to}\n\n{body}\n----------------------------------"
                );
                Ok(())
            }
            SmsSender::Webhook { client, url } => {
                let response = client
                    .post(url.clone())
                    .json(&serde_json::json!({ "id": id, "to": to, "body": body }))
                    .send()
                    .await
                    .map_err(request_failed)?;
                classify(response.status(), String::new)
            }
            SmsSender::Twilio {
                client,
                messages_url,
                account_sid,
                auth_token,
                from,
            } => {
                let response = client
                    .post(messages_url.clone())
                    .basic_auth(account_sid, Some(auth_token.expose_secret()))
                    .form(&[("To", to), ("From", from.as_str()), ("Body", body)])
                    .send()
                    .await
                    .map_err(request_failed)?;
                let status = response.status();
                if status.is_success() {
                    return Ok(());
                }
                // Twilio explains refusals as {"code": 21211, "message": "…", "status": 400}.
                let detail = response
                    .json::<serde_json::Value>()
                    .await
                    .ok()
                    .map(|v| format!("{} {}", v["code"], v["message"]))
                    .unwrap_or_default();
                classify(status, || detail)
            }
        }
    }
}

fn request_failed(e: reqwest::Error) -> DeliveryError {
    let kind = if e.is_timeout() {
        "timed out"
    } else {
        "failed"
    };
    // `without_url`: the URL may carry credentials.
    DeliveryError::Transient(format!("request {kind}: {}", e.without_url()))
}

/// 2xx delivered; 429 and 5xx are the provider's trouble (retry); other 4xx refuse this message
/// for good (a bad number, bad credentials), so retrying cannot help.
fn classify(status: StatusCode, detail: impl FnOnce() -> String) -> Result<(), DeliveryError> {
    if status.is_success() {
        Ok(())
    } else if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        Err(DeliveryError::Transient(format!(
            "HTTP {status} {}",
            detail()
        )))
    } else {
        Err(DeliveryError::Permanent(format!(
            "HTTP {status} {}",
            detail()
        )))
    }
}
