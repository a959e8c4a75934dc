//! The operator's commands, run by the same binary against the same `DATABASE_URL`:
//! `latch admin grant|revoke EMAIL`, `latch admin two-step-off EMAIL` (for someone who lost
//! their phone and their recovery codes), `latch client add|list|remove` (the apps that may use
//! Latch to log people in) and `latch keys rotate` (the token-signing keys). They exit 0 when
//! done (or when there was nothing to do), 1 for an address or app that does not exist, 2 for
//! a wrong command or configuration, 3 when the database cannot be reached.

use std::process::ExitCode;

use std::sync::Arc;

use secrecy::ExposeSecret;

use crate::auth::oidc::NewClient;
use crate::auth::{AuditKind, Auth, Email, SystemClock};
use crate::config::Config;
use crate::notify::outbox::OutboxSignal;
use crate::store::{AuditEntry, Store};

pub const USAGE: &str = "usage:
  latch admin grant EMAIL | latch admin revoke EMAIL | latch admin two-step-off EMAIL
  latch client add --name NAME --redirect-uri URI [--redirect-uri URI ...]
                   [--post-logout-redirect-uri URI ...] [--public] [--first-party]
                   [--id-token-alg RS256|EdDSA]
  latch client list | latch client remove CLIENT_ID
  latch keys rotate";

/// True when the arguments name a command rather than asking for the server.
pub fn is_command(args: &[String]) -> bool {
    args.first()
        .is_some_and(|a| a == "admin" || a == "client" || a == "keys")
}

/// Runs the command in `args` (without the program name) and says what happened on stdout,
/// or why not on stderr.
pub async fn run(args: &[String], config: &Config) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("client") => return clients(&args[1..], config).await,
        Some("keys") => return keys(&args[1..], config).await,
        _ => {}
    }
    if let [admin, verb, email] = args
        && admin == "admin"
        && verb == "two-step-off"
    {
        return two_step_off(email, config).await;
    }
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

/// What `latch client add` was asked for.
fn parse_new_client(args: &[String]) -> Result<NewClient, String> {
    let mut name = None;
    let mut redirect_uris = Vec::new();
    let mut post_logout_redirect_uris = Vec::new();
    let mut public = false;
    let mut first_party = false;
    let mut id_token_alg = None;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .map(String::as_str)
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--name" => name = Some(value()?),
            "--redirect-uri" => redirect_uris.push(value()?),
            "--post-logout-redirect-uri" => post_logout_redirect_uris.push(value()?),
            "--public" => public = true,
            "--first-party" => first_party = true,
            "--id-token-alg" => id_token_alg = Some(value()?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    let name = name.ok_or("--name is required")?;
    NewClient::parse(
        name,
        &redirect_uris,
        &post_logout_redirect_uris,
        public,
        first_party,
        id_token_alg,
    )
    .map_err(|errors| {
        errors
            .iter()
            .flat_map(|(field, messages)| messages.iter().map(move |m| format!("{field}: {m}")))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// The domain services over the configured database, as the server builds them (the signing
/// keys are sealed under the same secret).
async fn connect(config: &Config) -> Result<Auth, ExitCode> {
    let store = Store::connect(&config.database_url).await.map_err(|e| {
        eprintln!("latch: cannot reach the database: {e}");
        ExitCode::from(3)
    })?;
    let secret = match &config.secret {
        Some(secret) => secret.expose_secret().as_bytes().to_vec(),
        None => match store.server_secret(&crate::auth::random_token()).await {
            Ok(secret) => secret.into_bytes(),
            Err(e) => {
                eprintln!("latch: the database failed: {e}");
                return Err(ExitCode::from(3));
            }
        },
    };
    Ok(Auth::new(
        store,
        Arc::new(SystemClock),
        &secret,
        OutboxSignal::default(),
        config.public_url.clone(),
        config.policy.clone(),
    ))
}

fn failed(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("latch: the database failed: {e}");
    ExitCode::from(3)
}

async fn clients(args: &[String], config: &Config) -> ExitCode {
    let new = match args.first().map(String::as_str) {
        Some("add") => match parse_new_client(&args[1..]) {
            Ok(new) => Some(new),
            Err(why) => {
                eprintln!("latch: {why}\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        Some("list") if args.len() == 1 => None,
        Some("remove") if args.len() == 2 => None,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let auth = match connect(config).await {
        Ok(auth) => auth,
        Err(code) => return code,
    };
    let code = match (new, args[0].as_str()) {
        (Some(new), _) => match auth.add_client(new).await {
            Ok((client, secret)) => {
                println!("client_id: {}", client.id);
                if let Some(secret) = secret {
                    println!("client_secret: {secret}");
                }
                ExitCode::SUCCESS
            }
            Err(crate::auth::Error::Validation(fields)) => {
                for (_, messages) in fields.iter() {
                    for message in messages {
                        eprintln!("latch: {message}");
                    }
                }
                ExitCode::from(2)
            }
            Err(e) => failed(e),
        },
        (None, "list") => match auth.clients().await {
            Ok(clients) => {
                for c in clients {
                    let kind = if c.is_public() {
                        "public"
                    } else {
                        "confidential"
                    };
                    let party = if c.first_party { ", first-party" } else { "" };
                    println!(
                        "{}\t{}\t{kind}{party}, id_token {}\t{}",
                        c.id,
                        c.name,
                        c.id_token_alg.as_str(),
                        c.redirect_uris.join(" ")
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => failed(e),
        },
        (None, _) => match auth.remove_client(&args[1]).await {
            Ok(true) => {
                println!("removed {} and every token it was given", args[1]);
                ExitCode::SUCCESS
            }
            Ok(false) => {
                eprintln!("latch: no app is registered as {}", args[1]);
                ExitCode::from(1)
            }
            Err(e) => failed(e),
        },
    };
    auth.store().close().await;
    code
}

async fn two_step_off(raw_email: &str, config: &Config) -> ExitCode {
    let email = match Email::parse(raw_email) {
        Ok(email) => email,
        Err(why) => {
            eprintln!("latch: `{raw_email}` is not an email address: it {why}");
            return ExitCode::from(2);
        }
    };
    let auth = match connect(config).await {
        Ok(auth) => auth,
        Err(code) => return code,
    };
    let code = match auth.turn_off_two_step_for(&email).await {
        Ok(Some(true)) => {
            println!("{email} logs in without an authenticator app now; they were emailed");
            ExitCode::SUCCESS
        }
        Ok(Some(false)) => {
            println!("{email} had no authenticator app");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("latch: no account has the email address {email}");
            ExitCode::from(1)
        }
        Err(e) => failed(e),
    };
    auth.store().close().await;
    code
}

async fn keys(args: &[String], config: &Config) -> ExitCode {
    if args != ["rotate"] {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let auth = match connect(config).await {
        Ok(auth) => auth,
        Err(code) => return code,
    };
    let code = match auth.signing_keys().rotate(auth.clock().now()).await {
        Ok(retired) => {
            println!(
                "new signing keys are in use; {retired} retired keys stay published for a day"
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(e),
    };
    auth.store().close().await;
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::oidc::Alg;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn client_add_reads_its_options() {
        let new = parse_new_client(&args(
            "--name Billing --redirect-uri https://billing.example/cb \
             --redirect-uri http://127.0.0.1:5173/cb --post-logout-redirect-uri https://billing.example/ \
             --public --first-party --id-token-alg EdDSA",
        ))
        .unwrap();
        assert_eq!(new.name, "Billing");
        assert_eq!(new.redirect_uris.len(), 2);
        assert_eq!(new.post_logout_redirect_uris.len(), 1);
        assert!(new.public && new.first_party);
        assert_eq!(new.id_token_alg, Alg::EdDsa);
    }

    #[test]
    fn client_add_refuses_what_it_cannot_use() {
        for bad in [
            "--redirect-uri https://a.example/cb",
            "--name A",
            "--name A --redirect-uri http://a.example/cb",
            "--name A --redirect-uri https://a.example/cb --id-token-alg HS256",
            "--name A --redirect-uri https://a.example/cb --secret x",
            "--name",
        ] {
            assert!(parse_new_client(&args(bad)).is_err(), "{bad}");
        }
    }
}
