//! `hoptac token create|list|revoke`: access tokens of `hoptac serve`.

use super::open_store;
use crate::output::{self, opt};
use crate::{Format, Global};
use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};
use hoptac_server::auth::{self, Role};
use std::process::ExitCode;

/// `hoptac token`.
#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(subcommand)]
    cmd: TokenCmd,
}

#[derive(Subcommand, Debug)]
enum TokenCmd {
    /// Make a token and print it once (only its hash is kept).
    Create {
        /// viewer (read), analyst (reviews, statuses, uploads) or admin (tokens, plans).
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Who holds it: recorded as the author of every change made with it.
        #[arg(long)]
        name: String,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by name or id: it stops working at once.
    Revoke {
        /// The token's name or id.
        name: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("{s:?} is not a role: use viewer, analyst or admin"))
}

/// Who runs the command, for the audit log: the OS user.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| "local".to_string())
}

/// `hoptac token ...`.
pub async fn token(g: &Global, a: TokenArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let out = run(g, &store, a.cmd).await;
    store.close().await;
    out
}

async fn run(g: &Global, store: &hoptac_store::Store, cmd: TokenCmd) -> Result<ExitCode> {
    match cmd {
        TokenCmd::Create { role, name } => {
            let (token, info) = auth::create_token_by(store, &name, role, &os_user())
                .await
                .map_err(|e| anyhow!(e))?;
            match g.format {
                Format::Table => {
                    println!("{token}");
                    eprintln!(
                        "token {:?} ({}) created: keep it now, it is not shown again. \
                         Send it as 'Authorization: Bearer TOKEN', or paste it in the dashboard's login form.",
                        info.name, info.role
                    );
                }
                f => output::print(
                    f,
                    &[
                        &serde_json::json!({"token": token, "name": info.name, "role": info.role, "id": info.id}),
                    ],
                    |_| output::table(&[]),
                )?,
            }
        }
        TokenCmd::List => {
            let all = auth::list_tokens(store).await.map_err(|e| anyhow!(e))?;
            output::print(g.format, &all, |rows| {
                let mut t = output::table(&["name", "role", "id", "created", "revoked"]);
                for r in rows {
                    t.add_row(vec![
                        r.name.clone(),
                        r.role.to_string(),
                        r.id.clone(),
                        r.created_at.clone(),
                        opt(&r.revoked_at),
                    ]);
                }
                t
            })?;
        }
        TokenCmd::Revoke { name } => {
            let t = auth::revoke_token(store, &name, &os_user())
                .await
                .map_err(|e| anyhow!(e))?;
            eprintln!(
                "revoked {:?} ({}) at {}",
                t.name,
                t.role,
                t.revoked_at.unwrap_or_default()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
