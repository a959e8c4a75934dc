//! How domain values are shown, by both doors: times as RFC 3339, the user object, a device in
//! words from its user agent, the account page's overview.

use chrono::{DateTime, SecondsFormat, Utc};

use super::sessions::Current;
use crate::auth::{self, AuditEvent, Auth, SessionInfo, User};
use crate::model::{AccountView, ActivityItem, SessionItem, UserView};

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        UserView {
            id: user.id.to_string(),
            first_name: user.first_name,
            last_name: user.last_name,
            email: user.email,
            phone: user.phone,
            email_verified: user.email_verified,
            phone_verified: user.phone_verified,
            roles: user.roles,
            created_at: rfc3339(user.created_at),
            updated_at: rfc3339(user.updated_at),
        }
    }
}

/// "Firefox on Linux": enough to recognise a device, no fingerprinting library needed.
pub fn device(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent else {
        return "Unknown device".into();
    };
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map_or("A browser or app", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match system {
        Some(system) => format!("{browser} on {system}"),
        None => browser.to_owned(),
    }
}

pub fn session_item(s: SessionInfo) -> SessionItem {
    SessionItem {
        id: s.public_id.to_string(),
        device: device(s.user_agent.as_deref()),
        ip: s.ip,
        created_at: rfc3339(s.created_at),
        last_seen_at: rfc3339(s.last_seen_at),
        current: s.current,
    }
}

pub fn activity_item(a: AuditEvent) -> ActivityItem {
    ActivityItem {
        what: a
            .kind
            .map_or_else(|| a.raw_kind.clone(), |k| k.describe().to_owned()),
        at: rfc3339(a.at),
        ip: a.ip,
        device: device(a.user_agent.as_deref()),
    }
}

/// The account page's data for the logged-in `current`; `None` when nobody is logged in.
pub async fn account_overview(
    auth: &Auth,
    current: Option<Current>,
) -> Result<Option<AccountView>, auth::Error> {
    let Some(Current {
        session: active,
        user,
    }) = current
    else {
        return Ok(None);
    };
    // The user came with the session, read in this request; the other three reads do not
    // depend on each other, so on PostgreSQL their round trips overlap.
    let (pending, sessions, activity) = tokio::try_join!(
        auth.pending(user.id),
        auth.list_sessions(user.id, active.public_id),
        auth.recent_activity(user.id),
    )?;
    Ok(Some(AccountView {
        user: user.into(),
        pending_email: pending.email,
        pending_phone: pending.phone,
        sessions: sessions.into_iter().map(session_item).collect(),
        activity: activity.into_iter().map(activity_item).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_from_user_agents() {
        assert_eq!(
            device(Some(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
            )),
            "Chrome on Linux"
        );
        assert_eq!(
            device(Some(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1"
            )),
            "Safari on iOS"
        );
        assert_eq!(device(Some("curl/8.5.0")), "curl");
        assert_eq!(device(None), "Unknown device");
    }
}
