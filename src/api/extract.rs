//! Request extractors whose failures speak the API's error shape: `ApiJson` (400 for malformed
//! JSON, 413 over the body limit) and `ClientMeta` (client IP and user agent for the audit log).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};

use super::ApiError;
use crate::auth::RequestMeta;
use crate::config::IpNet;

/// `Json<T>`, but a bad body is `400 bad_request` / `413 payload_too_large` in our shape.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::PayloadTooLarge)
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::BadRequest(
                "expected a JSON body with Content-Type: application/json".into(),
            )),
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}

/// The proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`), as a request extension.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpNet>>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address: the peer, unless the peer is a trusted proxy, in which case the
    /// right-most `X-Forwarded-For` entry not added by a trusted proxy. Entries left of that
    /// were written by the client and prove nothing.
    pub fn client_ip(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let mut client = peer;
        for hop in forwarded_for.unwrap_or_default().rsplit(',') {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) if self.trusts(ip) => client = ip,
                Ok(ip) => return Some(ip),
                Err(_) => return Some(client),
            }
        }
        Some(client)
    }
}

/// Where the request came from, for the audit log.
pub struct ClientMeta(pub RequestMeta);

impl<S: Send + Sync> FromRequestParts<S> for ClientMeta {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded_for = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        let ip = parts
            .extensions
            .get::<TrustedProxies>()
            .cloned()
            .unwrap_or_default()
            .client_ip(peer, forwarded_for);
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(ClientMeta(RequestMeta { ip, user_agent }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(Arc::new(
            list.iter().map(|s| IpNet::parse(s).unwrap()).collect(),
        ))
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn forwarded_for_is_ignored_from_untrusted_peers() {
        let p = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            p.client_ip(ip("203.0.113.9"), Some("1.2.3.4")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_spoofed_hops_are_skipped() {
        let p = proxies(&["10.0.0.0/8"]);
        // The client wrote "6.6.6.6" itself; the proxy appended the real address.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), Some("6.6.6.6, 198.51.100.7")),
            ip("198.51.100.7")
        );
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), Some("198.51.100.7, 10.0.0.9")),
            ip("198.51.100.7")
        );
        assert_eq!(p.client_ip(ip("10.0.0.2"), None), ip("10.0.0.2"));
        assert_eq!(p.client_ip(ip("10.0.0.2"), Some("garbage")), ip("10.0.0.2"));
    }
}
