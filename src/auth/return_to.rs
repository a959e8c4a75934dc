//! Where a browser may be sent after logging in: only to origins the operator listed
//! (`ALLOWED_RETURN_ORIGINS`), or back to Latch's own admin pages or an app's authorization
//! request as a path (`/admin…`, `/oauth2/authorize?…`, where a visitor is sent to log in from). Anything else — other origins, scheme-relative `//host`,
//! `/\host`, `javascript:`/`data:` URLs, `user@host` tricks, unparsable input — is ignored.

use url::Url;

/// The URL to follow, normalised, or `None` to fall back to the account page.
pub fn safe_return_to(raw: &str, allowed_origins: &[String]) -> Option<String> {
    let raw = raw.trim();
    // Browsers drop tabs and newlines inside URLs; refusing them avoids any parser disagreement.
    if raw.is_empty() || raw.len() > 2048 || raw.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    // A path on this origin: it starts with one `/` and a letter, so no browser reads a host in it.
    if raw == "/admin" || raw.starts_with("/admin/") || raw.starts_with("/admin?") {
        return Some(raw.to_owned());
    }
    // Back to an app's authorization request after logging in (OpenID Connect).
    if raw.starts_with("/oauth2/authorize?") {
        return Some(raw.to_owned());
    }
    let url = Url::parse(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let origin = url.origin().ascii_serialization();
    allowed_origins.contains(&origin).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec![
            "https://app.example.com".into(),
            "http://localhost:5173".into(),
        ]
    }

    #[test]
    fn allowed_origins_are_followed() {
        assert_eq!(
            safe_return_to("https://app.example.com/welcome?x=1#top", &allowed()).as_deref(),
            Some("https://app.example.com/welcome?x=1#top")
        );
        assert_eq!(
            safe_return_to("HTTPS://APP.EXAMPLE.COM", &allowed()).as_deref(),
            Some("https://app.example.com/")
        );
        assert!(safe_return_to("http://localhost:5173/cb", &allowed()).is_some());
        for own in [
            "/admin",
            "/admin/users/42",
            "/admin?query=ada&page=2",
            "/oauth2/authorize?client_id=a&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
        ] {
            assert_eq!(safe_return_to(own, &[]).as_deref(), Some(own));
        }
    }

    #[test]
    fn everything_else_is_refused() {
        for raw in [
            "https://evil.example/",
            "http://app.example.com/",
            "https://app.example.com:8443/",
            "https://app.example.com.evil.example/",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://app.example.com@evil.example/",
            "https://user:pass@app.example.com/",
            "https://app.example.com\t@evil.example/",
            "https://app.example.com\\@evil.example/",
            "/account",
            "/administrator",
            "//admin",
            "/admin\\evil.example",
            "/oauth2/authorize",
            "/oauth2/authorizeX?",
            "//oauth2/authorize?x=1",
            " /admin\t/",
            "",
            "not a url",
            "https://",
        ] {
            assert_eq!(safe_return_to(raw, &allowed()), None, "{raw:?}");
        }
        assert_eq!(safe_return_to("https://app.example.com/", &[]), None);
    }
}
