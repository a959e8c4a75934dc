//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): when an app's request to log
//! someone out is trusted as it stands, when the person is asked first, and where the browser
//! goes afterwards. Any site can link to the logout address, so only an id_token Latch issued
//! to the app, naming the person logged in here, logs them out without asking.

use uuid::Uuid;

use super::{AuthorizeParams, Client, OAuthError};
use crate::auth::Auth;

/// What a logout request asks, once its parts have been checked.
#[derive(Clone, Debug)]
pub struct LogoutRequest {
    /// The app asking: the audience of a valid hint, or else the `client_id` sent.
    pub client: Option<Client>,
    /// Whom the hint names, when the hint is an id_token of ours for `client`.
    hinted_user: Option<Uuid>,
    /// Back to the app's registered logout address (with its `state`), when it gave one.
    pub target: Option<String>,
    /// A part of the request that did not check out (a `client_id` other than the hint's, a
    /// logout address not registered): the person is asked, and not sent back.
    suspicious: bool,
}

impl LogoutRequest {
    /// Whether the person logged in as `user` is logged out without being asked.
    pub fn trusted_for(&self, user: Uuid) -> bool {
        !self.suspicious && self.hinted_user == Some(user)
    }
}

impl Auth {
    /// Reads a logout request. Nothing here fails on what the request holds; a database that
    /// does not answer is the only error.
    pub async fn logout_request(
        &self,
        params: &AuthorizeParams,
    ) -> Result<LogoutRequest, OAuthError> {
        let hint = match params.get("id_token_hint") {
            Some(hint) => self.id_token_hint(hint).await?,
            None => None,
        };
        let asked_client = params.get("client_id");
        let mut suspicious = false;
        let (client, hinted_user) = match (hint, asked_client) {
            (Some((client, _)), Some(asked)) if client.id != asked => {
                // An id_token of one app sent with another app's id: believe neither.
                suspicious = true;
                (None, None)
            }
            (Some((client, user)), _) => (Some(client), Some(user)),
            (None, Some(asked)) => (self.client(asked).await?, None),
            (None, None) => (None, None),
        };
        let target = match params.get("post_logout_redirect_uri") {
            None => None,
            Some(asked) => {
                match client
                    .as_ref()
                    .and_then(|c| c.registered_post_logout_redirect(asked))
                {
                    Some(uri) => {
                        let mut url = uri.url();
                        if let Some(state) = params.get("state") {
                            url.query_pairs_mut().append_pair("state", state);
                        }
                        Some(url.into())
                    }
                    None => {
                        suspicious = true;
                        None
                    }
                }
            }
        };
        Ok(LogoutRequest {
            client,
            hinted_user,
            target,
            suspicious,
        })
    }
}
