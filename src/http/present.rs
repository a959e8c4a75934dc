//! How domain values are shown, by both doors: times as RFC 3339, the user object, a device in
//! words from its user agent, the account page's overview.

use chrono::{DateTime, SecondsFormat, Utc};

use super::sessions::Current;
use crate::auth::admin::{Admin, AuditFilter, LogEvent, ManagedUser, UserSearch};
use crate::auth::{self, AuditEvent, Auth, SessionInfo, User};
use crate::model::{
    AccountPart, AccountView, ActivityItem, AdminPage, AdminView, AppItem, ClientItem, Device,
    IdentityItem, LogItem, ManagedUserItem, PasskeyItem, SessionItem, TotpSetup, TwoStepView,
    UserView,
};

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        UserView {
            id: user.id.to_string(),
            first_name: user.first_name,
            last_name: user.last_name,
            email: user.email.to_string(),
            phone: user.phone.to_string(),
            email_verified: user.email_verified,
            phone_verified: user.phone_verified,
            roles: user.roles,
            created_at: rfc3339(user.created_at),
            updated_at: rfc3339(user.updated_at),
            locale: user.locale,
        }
    }
}

/// "Firefox on Linux": enough to recognise a device, no fingerprinting library needed.
pub fn device(user_agent: Option<&str>) -> Device {
    let Some(ua) = user_agent else {
        return Device::Unknown;
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
    .map(|(_, name)| (*name).to_owned());
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
    .map(|(_, name)| (*name).to_owned());
    match browser {
        Some(browser) => Device::Named { browser, system },
        None => Device::Other { system },
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
            .map_or_else(|| a.raw_kind.clone(), |k| k.message_id()),
        at: rfc3339(a.at),
        ip: a.ip,
        device: device(a.user_agent.as_deref()),
    }
}

/// The account pages' overview for the logged-in `current`; `new_recovery_codes` were made
/// by the form just before this view.
pub async fn account_overview(
    auth: &Auth,
    current: Current,
    part: AccountPart,
    new_recovery_codes: Vec<String>,
) -> Result<AccountView, auth::Error> {
    let Current {
        session: active,
        user,
    } = current;
    // Only what the part shows is read; the rest stays empty. The user came with the session,
    // read in this request; the other reads do not depend on each other, so on PostgreSQL
    // their round trips overlap.
    let (profile, security, sessions) = (
        part == AccountPart::Profile,
        part == AccountPart::Security,
        part == AccountPart::Sessions,
    );
    let (pending, sessions, activity, apps, factors, setup, passkeys, identities) = tokio::try_join!(
        only(profile, auth.pending(user.id)),
        only(sessions, auth.list_sessions(user.id, active.public_id)),
        only(sessions, auth.recent_activity(user.id)),
        only(sessions, auth.connected_apps(user.id)),
        only(security, auth.factors(user.id)),
        only(security, auth.pending_totp(user.id, user.email.as_str())),
        only(security, auth.passkeys(user.id)),
        only(security, auth.identities(user.id)),
    )?;
    let providers = if security {
        auth.providers()
    } else {
        Vec::new()
    };
    let provider_name = |id: &str| {
        providers
            .iter()
            .find(|(p, _)| p == id)
            .map_or_else(|| id.to_owned(), |(_, name)| name.clone())
    };
    let two_step = TwoStepView {
        enabled: factors.totp,
        recovery_codes_left: factors.recovery_codes_left,
        setup: setup.map(|e| TotpSetup {
            secret: e.secret,
            qr_svg: e.qr_svg,
        }),
        new_recovery_codes,
    };
    Ok(AccountView {
        two_step,
        passkeys: passkeys
            .into_iter()
            .map(|p| PasskeyItem {
                id: p.id.to_string(),
                name: p.name,
                created_at: rfc3339(p.created_at),
                last_used_at: p.last_used_at.map(rfc3339),
            })
            .collect(),
        identities: identities
            .into_iter()
            .map(|i| IdentityItem {
                id: i.id.to_string(),
                provider: provider_name(&i.provider),
                email: i.email,
                created_at: rfc3339(i.created_at),
                last_login_at: i.last_login_at.map(rfc3339),
            })
            .collect(),
        providers: providers.clone(),
        user: user.into(),
        pending_email: pending.email,
        pending_phone: pending.phone,
        sessions: sessions.into_iter().map(session_item).collect(),
        activity: activity.into_iter().map(activity_item).collect(),
        apps: apps
            .into_iter()
            .map(|app| AppItem {
                client_id: app.client_id,
                name: app.name,
                allowed: app.scopes.iter().map(|s| s.message_id()).collect(),
            })
            .collect(),
    })
}

/// `read`'s answer when `needed`, else nothing.
async fn only<T: Default>(
    needed: bool,
    read: impl Future<Output = Result<T, auth::Error>>,
) -> Result<T, auth::Error> {
    if needed { read.await } else { Ok(T::default()) }
}

pub fn managed_user_item(managed: ManagedUser) -> ManagedUserItem {
    let user = managed.user;
    ManagedUserItem {
        id: user.id.to_string(),
        name: format!("{} {}", user.first_name, user.last_name),
        email: user.email.to_string(),
        phone: user.phone.to_string(),
        email_verified: user.email_verified,
        roles: user.roles.into_iter().filter(|r| r != "user").collect(),
        disabled: managed.disabled_at.is_some(),
        created_at: rfc3339(user.created_at),
    }
}

/// What changed, in words: `added billing:write; removed admin`.
fn detail_in_words(detail: &serde_json::Value) -> Option<String> {
    let list = |key: &str| -> Option<String> {
        let names: Vec<&str> = detail[key]
            .as_array()?
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        (!names.is_empty()).then(|| format!("{key} {}", names.join(", ")))
    };
    let mut parts: Vec<String> = [list("added"), list("removed")]
        .into_iter()
        .flatten()
        .collect();
    if let Some(by) = detail["by"].as_str() {
        parts.push(format!("by {by}"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

pub fn log_item(event: LogEvent) -> LogItem {
    LogItem {
        what: auth::AuditKind::parse(&event.kind)
            .map_or_else(|| event.kind.clone(), |k| k.message_id()),
        user_id: event.user_id.map(|id| id.to_string()),
        actor_id: event.actor_id.map(|id| id.to_string()),
        detail: event.detail.as_ref().and_then(detail_in_words),
        at: rfc3339(event.at),
        ip: event.ip,
        device: device(event.user_agent.as_deref()),
    }
}

/// A page's query string, read as the JSON API reads its parameters. A page's own GET form
/// sends its empty fields too: those mean "not given".
struct Query(std::collections::HashMap<String, String>);

impl Query {
    fn parse(query: &str) -> Query {
        Query(
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// The admin page `which` for `current` (`id`: the user's, from the path), with the page's
/// query string.
pub async fn admin_view(
    auth: &Auth,
    current: &Current,
    which: AdminPage,
    id: Option<&str>,
    query: &str,
) -> Result<AdminView, auth::Error> {
    let Ok(admin) = Admin::new(&current.user, current.session.authenticated_at) else {
        return Ok(AdminView::Forbidden);
    };
    let query = Query::parse(query);
    let fresh = auth.login_is_recent(current.session.authenticated_at);
    let view = match which {
        AdminPage::Users => users_view(auth, &admin, &query).await,
        AdminPage::Audit => audit_view(auth, &admin, &query).await,
        AdminPage::Clients => clients_view(auth, fresh).await,
        AdminPage::Branding => Ok(branding_view(auth, fresh).await),
        AdminPage::User => user_view(auth, &admin, id, fresh).await,
    };
    match view {
        Err(auth::Error::Validation(errors)) => Ok(AdminView::Invalid(
            errors
                .iter()
                .map(|(field, messages)| format!("{field} {}", messages.join("; ")))
                .collect::<Vec<_>>()
                .join(". "),
        )),
        other => other,
    }
}

async fn users_view(auth: &Auth, admin: &Admin, query: &Query) -> Result<AdminView, auth::Error> {
    let search = UserSearch::parse(
        query.get("query").unwrap_or_default(),
        query.get("page"),
        query.get("per_page"),
        query.get("sort"),
    )?;
    let page = auth.admin_users(admin, &search).await?;
    Ok(AdminView::Users {
        query: query.get("query").unwrap_or_default().to_owned(),
        sort: search.sort.as_str().to_owned(),
        page: search.page,
        per_page: search.per_page,
        total: page.total,
        users: page.users.into_iter().map(managed_user_item).collect(),
    })
}

async fn audit_view(auth: &Auth, admin: &Admin, query: &Query) -> Result<AdminView, auth::Error> {
    let filter = AuditFilter::parse(
        query.get("user_id"),
        query.get("kind"),
        query.get("page"),
        None,
    )?;
    let page = auth.admin_audit(admin, &filter).await?;
    Ok(AdminView::Audit {
        user_id: query.get("user_id").unwrap_or_default().to_owned(),
        kind: query.get("kind").unwrap_or_default().to_owned(),
        kinds: auth::AuditKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), k.message_id()))
            .collect(),
        page: filter.page,
        next_page: page.more.then_some(filter.page + 1),
        events: page.events.into_iter().map(log_item).collect(),
    })
}

async fn branding_view(auth: &Auth, fresh: bool) -> AdminView {
    let brand = auth.brand().await;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    AdminView::Branding {
        brand: crate::model::BrandingForm {
            product_name: brand.name.clone(),
            support_url: text(&brand.support_url),
            support_email: text(&brand.support_email),
            privacy_url: text(&brand.privacy_url),
            terms_url: text(&brand.terms_url),
            footer: text(&brand.footer),
            accent: brand.accent.map(|c| c.hex()).unwrap_or_default(),
            accent_dark: brand.accent_dark.map(|c| c.hex()).unwrap_or_default(),
        },
        fresh,
    }
}

async fn clients_view(auth: &Auth, fresh: bool) -> Result<AdminView, auth::Error> {
    let clients = auth.clients().await?;
    Ok(AdminView::Clients {
        clients: clients
            .into_iter()
            .map(|c| ClientItem {
                public: c.is_public(),
                client_id: c.id,
                name: c.name,
                first_party: c.first_party,
                id_token_alg: c.id_token_alg.as_str().to_owned(),
                redirect_uris: c.redirect_uris,
            })
            .collect(),
        fresh,
        created: None,
    })
}

async fn user_view(
    auth: &Auth,
    admin: &Admin,
    id: Option<&str>,
    fresh: bool,
) -> Result<AdminView, auth::Error> {
    let Some(id) = id.and_then(|id| uuid::Uuid::parse_str(id).ok()) else {
        return Ok(AdminView::NotFound);
    };
    let detail = match auth.admin_user(admin, id).await {
        Ok(detail) => detail,
        Err(auth::Error::NotFound) => return Ok(AdminView::NotFound),
        Err(e) => return Err(e),
    };
    Ok(AdminView::User {
        user: managed_user_item(detail.user),
        sessions: detail.sessions.into_iter().map(session_item).collect(),
        events: detail.events.into_iter().map(log_item).collect(),
        fresh,
    })
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
            Device::Named {
                browser: "Chrome".into(),
                system: Some("Linux".into())
            }
        );
        assert_eq!(
            device(Some(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1"
            )),
            Device::Named {
                browser: "Safari".into(),
                system: Some("iOS".into())
            }
        );
        assert_eq!(
            device(Some("curl/8.5.0")),
            Device::Named {
                browser: "curl".into(),
                system: None
            }
        );
        assert_eq!(
            device(Some("Lynx (Windows)")),
            Device::Other {
                system: Some("Windows".into())
            }
        );
        assert_eq!(device(None), Device::Unknown);
    }
}
