//! The apps that may send people to log in: registered by the operator (`latch client add`),
//! each with the exact URIs a browser may be sent back to.

use chrono::{DateTime, Utc};
use url::Url;

use super::{Alg, random_token, token_hash};
use serde_json::json;

use crate::auth::admin::Admin;
use crate::auth::{AuditKind, Auth, Error, FieldErrors, PasswordAttempt, RequestMeta, Result};
use crate::store::ClientRecord;

/// A URI a browser may be sent back to: absolute, without a fragment, whitespace or control
/// characters, `https`, or `http` on a loopback address only (an app on the developer's own
/// machine). Compared exactly. Every door that stores one (the command line, the admin API
/// and page) and every read of a stored one goes through `parse`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectUri(String, Url);

impl RedirectUri {
    pub fn parse(raw: &str) -> Result<RedirectUri, String> {
        if raw.len() > 2000 {
            return Err("is longer than 2000 characters".into());
        }
        // The URL parser drops tabs and newlines silently: checked first, so what is stored
        // is exactly what was checked.
        if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("holds whitespace or a control character".into());
        }
        let url = Url::parse(raw).map_err(|_| "is not an absolute URL".to_owned())?;
        if url.fragment().is_some() {
            return Err("has a fragment (`#…`)".into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("holds a user name or password".into());
        }
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => return Err("has no host".into()),
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => return Err("is http on a host that is not loopback: use https".into()),
            _ => return Err("is neither https nor http".into()),
        }
        // Stored as given: a redirect_uri in a request must match it character for character.
        Ok(RedirectUri(raw.to_owned(), url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parsed URI, to add a query to.
    pub fn url(&self) -> Url {
        self.1.clone()
    }

    /// `scheme://host:port`, for the pages' form-action policy.
    pub fn origin(&self) -> String {
        self.1.origin().ascii_serialization()
    }
}

/// A list of URIs as stored: a JSON array of strings, so no character of one can make two.
fn stored_list(uris: &[RedirectUri]) -> String {
    serde_json::Value::from(uris.iter().map(RedirectUri::as_str).collect::<Vec<_>>()).to_string()
}

/// A stored list read back, each URI parsed again: one stored before this rule existed that
/// breaks it is left out, and said so.
fn read_list(client_id: &str, stored: &str) -> Vec<RedirectUri> {
    let raw: Vec<String> = serde_json::from_str(stored).unwrap_or_else(|e| {
        tracing::error!(client = client_id, error = %e, "an app's stored URI list does not read");
        Vec::new()
    });
    raw.iter()
        .filter_map(|uri| match RedirectUri::parse(uri) {
            Ok(uri) => Some(uri),
            Err(why) => {
                tracing::warn!(client = client_id, why, "a stored URI of an app is ignored");
                None
            }
        })
        .collect()
}

/// What `latch client add` asks for.
#[derive(Clone, Debug)]
pub struct NewClient {
    pub name: String,
    pub redirect_uris: Vec<RedirectUri>,
    pub post_logout_redirect_uris: Vec<RedirectUri>,
    /// No secret: a browser or mobile app, which must use PKCE.
    pub public: bool,
    /// The operator's own app: no consent page.
    pub first_party: bool,
    pub id_token_alg: Alg,
}

/// At most this many redirect URIs (and as many logout ones) per app.
pub const MAX_URIS: usize = 10;

impl NewClient {
    /// What an operator or admin typed, read in one place for the command line, the admin API
    /// and the admin page: every problem is reported, by field.
    pub fn parse(
        name: &str,
        redirect_uris: &[&str],
        post_logout_redirect_uris: &[&str],
        public: bool,
        first_party: bool,
        id_token_alg: Option<&str>,
    ) -> Result<NewClient, FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Err(why) = parse_name(name) {
            errors.add("name", format!("The name {why}."));
        }
        let mut uris = |field: &'static str, raw: &[&str]| -> Vec<RedirectUri> {
            if raw.len() > MAX_URIS {
                errors.add(field, format!("At most {MAX_URIS} URIs."));
            }
            raw.iter()
                .filter_map(|uri| {
                    RedirectUri::parse(uri)
                        .map_err(|why| errors.add(field, format!("`{uri}` {why}.")))
                        .ok()
                })
                .collect()
        };
        let redirect_uris = uris("redirect_uris", redirect_uris);
        let post_logout_redirect_uris =
            uris("post_logout_redirect_uris", post_logout_redirect_uris);
        if redirect_uris.is_empty() && !errors.iter().any(|(f, _)| f == "redirect_uris") {
            errors.add("redirect_uris", "At least one redirect URI is needed.");
        }
        let id_token_alg = match id_token_alg {
            None => Alg::Rs256,
            Some(raw) => Alg::parse(raw).unwrap_or_else(|| {
                errors.add("id_token_alg", "Must be RS256 or EdDSA.");
                Alg::Rs256
            }),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewClient {
            name: name.trim().to_owned(),
            redirect_uris,
            post_logout_redirect_uris,
            public,
            first_party,
            id_token_alg,
        })
    }
}

/// A registered app.
#[derive(Clone, Debug)]
pub struct Client {
    pub id: String,
    pub name: String,
    secret_hash: Option<Vec<u8>>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub first_party: bool,
    pub id_token_alg: Alg,
    pub created_at: DateTime<Utc>,
}

impl Client {
    pub(crate) fn from_record(record: ClientRecord) -> Client {
        let strings = |stored: &str| -> Vec<String> {
            read_list(&record.id, stored)
                .iter()
                .map(|u| u.as_str().to_owned())
                .collect()
        };
        Client {
            redirect_uris: strings(&record.redirect_uris),
            post_logout_redirect_uris: strings(&record.post_logout_redirect_uris),
            id: record.id,
            name: record.name,
            secret_hash: record.secret_hash,
            first_party: record.first_party,
            id_token_alg: Alg::parse(&record.id_token_alg).unwrap_or(Alg::Rs256),
            created_at: record.created_at,
        }
    }

    /// Confidential clients hold a secret; public ones prove themselves with PKCE alone.
    pub fn is_public(&self) -> bool {
        self.secret_hash.is_none()
    }

    pub fn secret_matches(&self, secret: &str) -> bool {
        self.secret_hash
            .as_deref()
            .is_some_and(|stored| super::same_hash(stored, &token_hash(secret)))
    }

    pub fn allows_redirect(&self, uri: &str) -> bool {
        self.registered_redirect(uri).is_some()
    }

    /// The registered redirect URI that is exactly `asked`.
    pub fn registered_redirect(&self, asked: &str) -> Option<RedirectUri> {
        self.redirect_uris
            .iter()
            .find(|r| *r == asked)
            .and_then(|r| RedirectUri::parse(r).ok())
    }

    /// The registered logout address that is exactly `asked`.
    pub fn registered_post_logout_redirect(&self, asked: &str) -> Option<RedirectUri> {
        self.post_logout_redirect_uris
            .iter()
            .find(|r| *r == asked)
            .and_then(|r| RedirectUri::parse(r).ok())
    }
}

/// A client's name: what the consent page calls the app.
fn parse_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err("must be 1 to 100 printable characters".into());
    }
    Ok(name.to_owned())
}

impl Auth {
    /// Registers an app; returns it and, for a confidential one, its secret (shown only now:
    /// only its hash is kept).
    pub async fn add_client(&self, new: NewClient) -> Result<(Client, Option<String>)> {
        let name = parse_name(&new.name).map_err(|why| {
            Error::Validation(FieldErrors::single("name", format!("The name {why}.")))
        })?;
        if new.redirect_uris.is_empty() {
            return Err(Error::Validation(FieldErrors::single(
                "redirect_uris",
                "At least one redirect URI is needed.",
            )));
        }
        let secret = (!new.public).then(random_token);
        let record = ClientRecord {
            id: format!("latch_{}", &random_token()[..22]),
            name,
            secret_hash: secret.as_deref().map(token_hash),
            redirect_uris: stored_list(&new.redirect_uris),
            post_logout_redirect_uris: stored_list(&new.post_logout_redirect_uris),
            first_party: new.first_party,
            id_token_alg: new.id_token_alg.as_str().to_owned(),
            created_at: self.clock.now(),
        };
        self.store.insert_client(&record).await?;
        Ok((Client::from_record(record), secret))
    }

    pub async fn clients(&self) -> Result<Vec<Client>> {
        Ok(self
            .store
            .clients()
            .await?
            .into_iter()
            .map(Client::from_record)
            .collect())
    }

    pub async fn client(&self, id: &str) -> Result<Option<Client>> {
        Ok(self.store.find_client(id).await?.map(Client::from_record))
    }

    /// Removes an app and everything it was given; false if no app has that id.
    pub async fn remove_client(&self, id: &str) -> Result<bool> {
        Ok(self.store.delete_client(id).await?)
    }

    /// An admin registers an app (a fresh login or the password, as for every admin change);
    /// audited `client_added` on the admin.
    pub async fn admin_add_client(
        &self,
        admin: &Admin,
        new: NewClient,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<(Client, Option<String>)> {
        self.check_fresh(admin, password).await?;
        let (client, secret) = self.add_client(new).await?;
        let mut entry = self.admin_audit_entry(admin, admin.id, AuditKind::ClientAdded, meta);
        entry.detail = Some(json!({"client_id": client.id, "name": client.name}).to_string());
        self.store.record_audit(&entry).await?;
        Ok((client, secret))
    }

    /// An admin removes an app; `NotFound` if there is none. Audited `client_removed`.
    pub async fn admin_remove_client(
        &self,
        admin: &Admin,
        id: &str,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<()> {
        self.check_fresh(admin, password).await?;
        let client = self.client(id).await?.ok_or(Error::NotFound)?;
        if !self.remove_client(id).await? {
            return Err(Error::NotFound);
        }
        let mut entry = self.admin_audit_entry(admin, admin.id, AuditKind::ClientRemoved, meta);
        entry.detail = Some(json!({"client_id": client.id, "name": client.name}).to_string());
        self.store.record_audit(&entry).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_are_https_or_loopback_http() {
        for good in [
            "https://app.example.com/callback",
            "https://app.example.com:8443/cb?tenant=1",
            "http://127.0.0.1:5173/cb",
            "http://[::1]:8080/cb",
            "http://localhost/cb",
        ] {
            assert_eq!(RedirectUri::parse(good).map(|u| u.0).as_deref(), Ok(good));
            let list = [RedirectUri::parse(good).unwrap()];
            assert_eq!(read_list("c", &stored_list(&list)), list);
        }
        for bad in [
            "http://app.example.com/cb",
            "https://app.example.com/cb#frag",
            "https://user:pw@app.example.com/cb",
            "/callback",
            "app.example.com/cb",
            "javascript:alert(1)",
            "ftp://app.example.com/cb",
            "http://localhost.evil.example/cb",
            "http://127.0.0.1.nip.io/cb",
            "",
            // The URL parser would drop these and the old line-per-URI storage split on them.
            "https://app.example.com/cb\nhttps://evil.example/cb",
            "https://app.example.com/cb\r",
            "https://app.example.com/c\tb",
            "https://app.example.com/cb\u{1}",
            "https://app.example.com/cb\u{7f}",
            "https://app.example.com/c b",
            " https://app.example.com/cb",
        ] {
            assert!(RedirectUri::parse(bad).is_err(), "{bad:?}");
        }
        assert!(RedirectUri::parse(&format!("https://a.example/{}", "x".repeat(2000))).is_err());
    }

    #[test]
    fn a_redirect_uri_matches_only_exactly() {
        let client = Client {
            id: "c".into(),
            name: "App".into(),
            secret_hash: Some(token_hash("s3cret")),
            redirect_uris: vec!["https://app.example.com/cb".into()],
            post_logout_redirect_uris: vec!["https://app.example.com/bye".into()],
            first_party: false,
            id_token_alg: Alg::Rs256,
            created_at: Utc::now(),
        };
        assert!(client.allows_redirect("https://app.example.com/cb"));
        for other in [
            "https://app.example.com/cb/",
            "https://app.example.com/cb?x=1",
            "https://APP.example.com/cb",
            "https://app.example.com/c",
            "https://app.example.com/bye",
        ] {
            assert!(!client.allows_redirect(other), "{other}");
        }
        assert!(
            client
                .registered_post_logout_redirect("https://app.example.com/bye")
                .is_some()
        );
        assert!(
            client
                .registered_post_logout_redirect("https://app.example.com/cb")
                .is_none()
        );
        assert!(client.secret_matches("s3cret") && !client.secret_matches("s3cre"));
        assert!(!client.is_public());
    }

    #[test]
    fn names_are_short_and_printable() {
        assert_eq!(parse_name("  Billing  ").as_deref(), Ok("Billing"));
        assert!(parse_name("").is_err() && parse_name("a\nb").is_err());
        assert!(parse_name(&"x".repeat(101)).is_err());
    }
}
