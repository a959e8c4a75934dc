//! The operator's commands, run by the same binary against the same `DATABASE_URL`:
//! `latch admin grant EMAIL` and `latch admin revoke EMAIL`. They exit 0 when done (or when
//! there was nothing to do), 1 for an address no account has, 2 for a wrong command or
//! configuration, 3 when the database cannot be reached.

use std::process::ExitCode;

use crate::auth::{AuditKind, Email};
use crate::config::Config;
use crate::store::{AuditEntry, Store};

pub const USAGE: &str = "usage: latch admin grant EMAIL | latch admin revoke EMAIL";

/// True when the arguments name a command rather than asking for the server.
pub fn is_command(args: &[String]) -> bool {
    args.first().is_some_and(|a| a == "admin")
}

/// Runs the command in `args` (without the program name) and says what happened on stdout,
/// or why not on stderr.
pub async fn run(args: &[String], config: &Config) -> ExitCode {
    let (grant, raw_email) = match args {
        [admin, verb, email] if admin == "admin" && verb == "grant" => (true, email),
        [admin, verb, email] if admin == "admin" && verb == "revoke" => (false, email),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let email = match Email::parse(raw_email) {
        Ok(email) => email,
        Err(why) => {
            eprintln!("latch: `{raw_email}` is not an email address: it {why}");
            return ExitCode::from(2);
        }
    };
    let store = match Store::connect(&config.database_url).await {
        Ok(store) => store,
        Err(e) => {
            eprintln!("latch: cannot reach the database: {e}");
            return ExitCode::from(3);
        }
    };
    let outcome = change(&store, grant, &email).await;
    store.close().await;
    match outcome {
        Ok(Some(message)) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("latch: no account has the email address {email}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("latch: the database failed: {e}");
            ExitCode::from(3)
        }
    }
}

/// Grants or revokes `admin`; `None` for an unknown address.
async fn change(
    store: &Store,
    grant: bool,
    email: &Email,
) -> Result<Option<String>, crate::store::Error> {
    let Some(user) = store.find_user_by_email(email.as_str()).await? else {
        return Ok(None);
    };
    let (added, removed): (&[&str], &[&str]) = if grant {
        (&["admin"], &[])
    } else {
        (&[], &["admin"])
    };
    let entry = AuditEntry {
        user_id: Some(user.id),
        actor_id: None,
        kind: AuditKind::RolesChanged.as_str(),
        detail: Some(
            serde_json::json!({"added": added, "removed": removed, "by": "command line"})
                .to_string(),
        ),
        ip: None,
        user_agent: None,
        at: chrono::Utc::now(),
    };
    let message = if grant {
        if store.set_role(user.id, "admin", true, &entry).await? {
            format!("{email} is now an admin")
        } else {
            format!("{email} was an admin already")
        }
    } else if store.set_role(user.id, "admin", false, &entry).await? {
        let left = store.enabled_admins().await?;
        format!("{email} is no longer an admin ({left} enabled admins left)")
    } else {
        format!("{email} was not an admin")
    };
    Ok(Some(message))
}
