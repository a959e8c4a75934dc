//! The `latch` command line. With no command it runs the server; the operator's commands run
//! against the same `DATABASE_URL`: `latch admin grant|revoke|two-step-off EMAIL`, `latch client
//! add|list|remove` (the apps that may use Latch to log people in) and `latch keys rotate` (the
//! token-signing keys). Each calls one domain command and says what happened on stdout, or why
//! not on stderr. They exit 0 when done (or when there was nothing to do), 1 for an address or
//! app that does not exist, 2 for a wrong command or configuration, 3 when the database cannot
//! be reached.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use secrecy::ExposeSecret;

use crate::auth::admin::OperatorRoleChange;
use crate::auth::oidc::NewClient;
use crate::auth::{Auth, Email, SystemClock};
use crate::config::Config;
use crate::notify::outbox::OutboxSignal;
use crate::store::Store;

/// A self-hosted authentication service. Without a command, serves the hosted pages and the
/// JSON API as the environment configures it (README: configuration).
#[derive(Debug, Parser)]
#[command(name = "latch", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Administrators, and a way back in for someone who lost their second factor.
    #[command(subcommand)]
    Admin(Admin),
    /// The apps that may use Latch to log people in (OpenID Connect clients).
    #[command(subcommand)]
    Client(Client),
    /// The keys that sign id_tokens and access tokens.
    #[command(subcommand)]
    Keys(Keys),
}

#[derive(Debug, Subcommand)]
pub enum Admin {
    /// Gives the account with this address the admin role.
    Grant {
        #[arg(value_parser = email)]
        email: Email,
    },
    /// Takes the admin role away.
    Revoke {
        #[arg(value_parser = email)]
        email: Email,
    },
    /// Turns off the authenticator app of someone who lost it and their recovery codes (they
    /// are emailed).
    TwoStepOff {
        #[arg(value_parser = email)]
        email: Email,
    },
}

#[derive(Debug, Subcommand)]
pub enum Client {
    /// Registers an app; prints its client_id, and its secret unless it is public.
    Add(AddClient),
    /// Lists the registered apps.
    List,
    /// Removes an app and every token it was given.
    Remove { client_id: String },
}

#[derive(Debug, Args)]
pub struct AddClient {
    /// The name people see on the consent page.
    #[arg(long)]
    name: String,
    /// Where Latch may send the browser back with a code (https, or http on loopback).
    #[arg(long = "redirect-uri", value_name = "URI")]
    redirect_uris: Vec<String>,
    /// Where Latch may send the browser after logging out.
    #[arg(long = "post-logout-redirect-uri", value_name = "URI")]
    post_logout_redirect_uris: Vec<String>,
    /// An app that cannot keep a secret (a browser or mobile app): PKCE, no client_secret.
    #[arg(long)]
    public: bool,
    /// The operator's own app: no consent page.
    #[arg(long)]
    first_party: bool,
    /// How its id_tokens are signed.
    #[arg(long, value_name = "RS256|EdDSA")]
    id_token_alg: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Keys {
    /// Signs with new keys from now on; the retired ones stay published for a day.
    Rotate,
}

fn email(raw: &str) -> Result<Email, String> {
    Email::parse(raw).map_err(|why| format!("not an email address: it {why}"))
}

impl AddClient {
    fn parse(&self) -> Result<NewClient, String> {
        fn strs(list: &[String]) -> Vec<&str> {
            list.iter().map(String::as_str).collect()
        }
        NewClient::parse(
            &self.name,
            &strs(&self.redirect_uris),
            &strs(&self.post_logout_redirect_uris),
            self.public,
            self.first_party,
            self.id_token_alg.as_deref(),
        )
        .map_err(|errors| {
            errors
                .iter()
                .flat_map(|(field, messages)| messages.iter().map(move |m| format!("{field}: {m}")))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

/// Runs one of the operator's commands.
pub async fn run(command: Command, config: &Config) -> ExitCode {
    // A new app the domain would refuse is refused before the database is reached.
    let new_client = match &command {
        Command::Client(Client::Add(add)) => match add.parse() {
            Ok(new) => Some(new),
            Err(why) => {
                eprintln!("latch: {why}");
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    let auth = match connect(config).await {
        Ok(auth) => auth,
        Err(code) => return code,
    };
    let code = match command {
        Command::Admin(Admin::Grant { email }) => set_admin(&auth, &email, true).await,
        Command::Admin(Admin::Revoke { email }) => set_admin(&auth, &email, false).await,
        Command::Admin(Admin::TwoStepOff { email }) => two_step_off(&auth, &email).await,
        Command::Client(Client::Add(_)) => match new_client {
            Some(new) => add_client(&auth, new).await,
            None => ExitCode::from(2),
        },
        Command::Client(Client::List) => list_clients(&auth).await,
        Command::Client(Client::Remove { client_id }) => remove_client(&auth, &client_id).await,
        Command::Keys(Keys::Rotate) => rotate_keys(&auth).await,
    };
    auth.store().close().await;
    code
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
            Err(e) => return Err(failed(e)),
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

fn no_account(email: &Email) -> ExitCode {
    eprintln!("latch: no account has the email address {email}");
    ExitCode::from(1)
}

async fn set_admin(auth: &Auth, email: &Email, grant: bool) -> ExitCode {
    let said = match auth.set_admin_by_operator(email, grant).await {
        Ok(Some(OperatorRoleChange::Granted)) => format!("{email} is now an admin"),
        Ok(Some(OperatorRoleChange::AlreadyAdmin)) => format!("{email} was an admin already"),
        Ok(Some(OperatorRoleChange::Revoked { admins_left })) => {
            format!("{email} is no longer an admin ({admins_left} enabled admins left)")
        }
        Ok(Some(OperatorRoleChange::WasNotAdmin)) => format!("{email} was not an admin"),
        Ok(None) => return no_account(email),
        Err(e) => return failed(e),
    };
    println!("{said}");
    ExitCode::SUCCESS
}

async fn two_step_off(auth: &Auth, email: &Email) -> ExitCode {
    match auth.turn_off_two_step_for(email).await {
        Ok(Some(true)) => {
            println!("{email} logs in without an authenticator app now; they were emailed");
            ExitCode::SUCCESS
        }
        Ok(Some(false)) => {
            println!("{email} had no authenticator app");
            ExitCode::SUCCESS
        }
        Ok(None) => no_account(email),
        Err(e) => failed(e),
    }
}

async fn add_client(auth: &Auth, new: NewClient) -> ExitCode {
    match auth.add_client(new).await {
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
    }
}

async fn list_clients(auth: &Auth) -> ExitCode {
    match auth.clients().await {
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
    }
}

async fn remove_client(auth: &Auth, client_id: &str) -> ExitCode {
    match auth.remove_client(client_id).await {
        Ok(true) => {
            println!("removed {client_id} and every token it was given");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            eprintln!("latch: no app is registered as {client_id}");
            ExitCode::from(1)
        }
        Err(e) => failed(e),
    }
}

async fn rotate_keys(auth: &Auth) -> ExitCode {
    match auth.signing_keys().rotate(auth.clock().now()).await {
        Ok(retired) => {
            println!(
                "new signing keys are in use; {retired} retired keys stay published for a day"
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::oidc::Alg;

    fn parse(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("latch").chain(line.split_whitespace()))
    }

    fn new_client(line: &str) -> Result<NewClient, String> {
        match parse(&format!("client add {line}"))
            .map_err(|e| e.to_string())?
            .command
        {
            Some(Command::Client(Client::Add(add))) => add.parse(),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn no_command_is_the_server_and_help_names_every_command() {
        assert!(parse("").unwrap().command.is_none());
        let help = parse("--help").unwrap_err().to_string();
        for command in ["admin", "client", "keys"] {
            assert!(help.contains(command), "{help}");
        }
    }

    #[test]
    fn admin_commands_take_one_email_address() {
        let Some(Command::Admin(Admin::Grant { email })) =
            parse("admin grant Ada@Example.com").unwrap().command
        else {
            panic!("not a grant");
        };
        assert_eq!(email.as_str(), "ada@example.com");
        for bad in [
            "admin promote a@example.com",
            "admin grant",
            "admin grant not-an-email",
            "admin grant a@example.com b@example.com",
            "keys spin",
            "client frobnicate",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn client_add_reads_its_options() {
        let new = new_client(
            "--name Billing --redirect-uri https://billing.example/cb \
             --redirect-uri http://127.0.0.1:5173/cb --post-logout-redirect-uri https://billing.example/ \
             --public --first-party --id-token-alg EdDSA",
        )
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
            assert!(new_client(bad).is_err(), "{bad}");
        }
    }
}
