//! What `/oauth2/authorize` and `/oauth2/logout` show.

/// What `/oauth2/authorize` and `/oauth2/logout` show, loaded before they render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthView {
    /// A request that cannot go back to any app (unknown app, unregistered redirect URI): the
    /// page says why, with status 400.
    Invalid(String),
    /// "Allow {app} to …?": the scopes (message ids of their words), the request echoed as
    /// hidden fields.
    Consent {
        client_name: String,
        scopes: Vec<String>,
        fields: Vec<(String, String)>,
    },
    /// "Log out of Latch?", asked when the app sent no id_token naming this user.
    Logout {
        client_name: Option<String>,
        fields: Vec<(String, String)>,
    },
    /// Logged out, and the app named no address to go back to.
    LoggedOut,
}
