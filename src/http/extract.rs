//! Request extractors whose failures speak the API's error shape: `ApiJson` (400 for malformed
//! JSON, 413 over the body limit) and `ClientMeta` (client IP and user agent for the audit log).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};

use super::error::ApiError;
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

/// `Json<T>` for a body that may be left out: no body at all, or JSON `null`, is `T::default()`;
/// a body that is there must be JSON, as with [`ApiJson`].
pub struct OptionalJson<T>(pub T);

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    T: serde::de::DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let has_body = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|length| length != "0")
            || req.headers().contains_key(header::TRANSFER_ENCODING);
        if !has_body {
            return Ok(OptionalJson(T::default()));
        }
        let ApiJson(value) = ApiJson::<Option<T>>::from_request(req, state).await?;
        Ok(OptionalJson(value.unwrap_or_default()))
    }
}

/// `Query<T>`, but a query string that does not fit `T` is `400 bad_request` in our shape.
/// Parameters are best taken as text and parsed by the domain, which names the field at fault.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
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
    ///
    /// `forwarded_for` holds every `X-Forwarded-For` line in the order received: several lines
    /// are one comma-separated list (RFC 9110, 5.3), and a proxy may append its own line after
    /// one the client wrote, so reading only the first line would believe the client. Every
    /// address is canonicalised first: an IPv4-mapped `::ffff:10.0.0.2` is the IPv4 peer
    /// `10.0.0.2` (a dual-stack listener reports IPv4 peers that way), so it matches an IPv4
    /// `TRUSTED_PROXIES` entry, and one client cannot count as two for rate limits by writing
    /// its address in both forms.
    pub fn client_ip(&self, peer: Option<IpAddr>, forwarded_for: &[&str]) -> Option<IpAddr> {
        let peer = peer?.to_canonical();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let mut client = peer;
        let hops = forwarded_for.iter().rev().flat_map(|line| line.rsplit(','));
        for hop in hops {
            match parse_hop(hop) {
                Some(ip) if self.trusts(ip) => client = ip,
                Some(ip) => return Some(ip),
                // Garbage where a trusted proxy should have written an address: stop at the
                // last address a trusted proxy vouched for rather than read further left.
                None => return Some(client),
            }
        }
        Some(client)
    }
}

/// One `X-Forwarded-For` entry, canonicalised: `203.0.113.7`, `2001:db8::1`, or with a port
/// as some proxies write it (`203.0.113.7:4711`, `[2001:db8::1]:4711`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
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
        // Every line, in order. A line that is not text stays in the list as an unparsable
        // entry, so the search stops there instead of skipping over it.
        let forwarded_for: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| v.to_str().unwrap_or_default())
            .collect();
        let ip = parts
            .extensions
            .get::<TrustedProxies>()
            .cloned()
            .unwrap_or_default()
            .client_ip(peer, &forwarded_for);
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let locale = parts
            .extensions
            .get::<crate::i18n::RequestLanguage>()
            .map(|l| l.locale.tag().to_owned());
        Ok(ClientMeta(RequestMeta {
            ip,
            user_agent,
            locale,
        }))
    }
}

/// The value of the cookie `name` the request carries, if any and not empty.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
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
            p.client_ip(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_spoofed_hops_are_skipped() {
        let p = proxies(&["10.0.0.0/8"]);
        // The client wrote "6.6.6.6" itself; the proxy appended the real address.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["6.6.6.6, 198.51.100.7"]),
            ip("198.51.100.7")
        );
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["198.51.100.7, 10.0.0.9"]),
            ip("198.51.100.7")
        );
        assert_eq!(p.client_ip(ip("10.0.0.2"), &[]), ip("10.0.0.2"));
        assert_eq!(p.client_ip(ip("10.0.0.2"), &["garbage"]), ip("10.0.0.2"));
    }

    #[test]
    fn an_ipv4_mapped_peer_is_the_ipv4_address() {
        let p = proxies(&["10.0.0.0/8"]);
        // A dual-stack listener reports the IPv4 proxy 10.0.0.2 as ::ffff:10.0.0.2.
        assert_eq!(
            p.client_ip(ip("::ffff:10.0.0.2"), &["198.51.100.7"]),
            ip("198.51.100.7"),
            "the mapped peer is the trusted proxy"
        );
        // Untrusted, it is still reported as IPv4, one key per client for rate limits.
        assert_eq!(
            p.client_ip(ip("::ffff:203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
        // Mapped hops are canonical too, both when trusted and when they are the client.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["::ffff:198.51.100.7, ::ffff:10.0.0.9"]),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn every_forwarded_for_line_is_read_in_order() {
        let p = proxies(&["10.0.0.0/8"]);
        // The client sent its own line; the proxy added a second line with the real address.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["6.6.6.6", "198.51.100.7"]),
            ip("198.51.100.7"),
            "the spoofed first line is ignored"
        );
        // Two proxies, each writing a line: the right-most untrusted entry wins.
        assert_eq!(
            p.client_ip(
                ip("10.0.0.2"),
                &["6.6.6.6, 7.7.7.7", "198.51.100.7, 10.0.0.9", "10.0.0.8"]
            ),
            ip("198.51.100.7")
        );
        // When every later entry is a trusted proxy, the search goes on into earlier lines.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["6.6.6.6, 198.51.100.7", "10.0.0.9"]),
            ip("198.51.100.7")
        );
        // A garbage line stops the search at the last trusted hop; nothing left of it counts.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["6.6.6.6", "", "10.0.0.9"]),
            ip("10.0.0.9")
        );
    }

    #[test]
    fn forwarded_for_entries_may_carry_ports() {
        let p = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["198.51.100.7:4711"]),
            ip("198.51.100.7")
        );
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &["[2001:db8::1]:4711"]),
            ip("2001:db8::1")
        );
    }
}
