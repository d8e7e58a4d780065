//! `scrubline subject find|export|erase|object`: data-subject requests for the
//! data-protection officer. Each request is recorded in `subject_requests` with its outcome;
//! the identifiers themselves are never stored or logged.

use super::setup::{self, KeyArgs};
use crate::sinks::clickhouse::subjects::{self as store, Action, Found, Requester};
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::subjects::{Identifiers, Subject};
use crate::telemetry::event::format_rfc3339;
use anyhow::{Context, Result};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct SubjectArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    #[command(flatten)]
    pub who: Identifiers,
    /// Who handles the request, recorded in the audit trail (default: the login running the
    /// command, from $USER).
    #[arg(long)]
    pub operator: Option<String>,
    /// Case reference of the request (recorded in the audit trail).
    #[arg(long, default_value = "")]
    pub reference: String,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// Write the export here (JSON) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct EraseArgs {
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// Erase. Without it, only show what would be erased.
    #[arg(long)]
    pub yes: bool,
}

impl SubjectArgs {
    fn subject(&self) -> Result<Subject> {
        let ring = setup::stored_keyring(&self.key)?
            .filter(|r| !r.is_ephemeral())
            .context("the keyring is needed to recognise the person's pseudonyms (--key-file or SCRUBLINE_KEY_FILE)")?;
        let ids = self.who.parse()?;
        Ok(Subject::new(&ring, &ids)?)
    }

    fn requester(&self) -> Requester {
        let operator = self
            .operator
            .clone()
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "unknown".into());
        Requester { operator, reference: self.reference.clone() }
    }
}

/// Run one request and record it, whatever its outcome.
fn request<T>(
    a: &SubjectArgs,
    action: Action,
    work: impl AsyncFnOnce(&clickhouse::Client, &Subject, &str) -> Result<(Found, T)>,
) -> Result<T> {
    let subject = a.subject()?;
    let client = a.clickhouse.db_client();
    let id = store::new_request_id();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async {
        let result = work(&client, &subject, &id).await;
        let (found, outcome) = match &result {
            Ok((f, _)) => (f, Ok(())),
            Err(e) => (&Found::default(), Err(audit_detail(e))),
        };
        store::audit(
            &client,
            &id,
            action,
            &a.requester(),
            &subject,
            found,
            outcome.as_ref().map_err(String::as_str).copied(),
        )
        .await
        .context("recording the request in subject_requests")?;
        eprintln!("request {id} ({}) recorded", action.id());
        result.map(|(_, t)| t)
    })
}

pub fn find(a: &SubjectArgs) -> Result<()> {
    let found = request(a, Action::Find, async |c, s, _| {
        let f = store::find(c, s).await?;
        let packages: Vec<_> = f
            .packages
            .iter()
            .map(|p| {
                serde_json::json!({"package_id": p.package_id, "received_at": format_rfc3339(i64::from(p.received_at)),
                    "license_id": p.license_id, "ticket": p.ticket})
            })
            .collect();
        let shown = serde_json::to_string_pretty(
            &serde_json::json!({"packages": packages, "seat_days": f.seat_days, "remote_help_initiator_days": f.initiator_days}),
        )?;
        Ok((f, shown))
    })?;
    println!("{found}");
    Ok(())
}

pub fn export(a: &ExportArgs) -> Result<()> {
    let json = request(&a.subject, Action::Export, async |c, s, id| {
        let f = store::find(c, s).await?;
        let v = store::export(c, s, id).await?;
        Ok((f, serde_json::to_string_pretty(&v)?))
    })?;
    match &a.out {
        Some(p) => {
            std::fs::write(p, json).with_context(|| format!("writing {}", p.display()))?;
            eprintln!("export written to {}", p.display());
        }
        None => println!("{json}"),
    }
    Ok(())
}

pub fn erase(a: &EraseArgs) -> Result<()> {
    if !a.yes {
        let f = request(&a.subject, Action::Find, async |c, s, _| {
            let f = store::find(c, s).await?;
            let shown = (f.packages.len(), f.seat_days, f.initiator_days);
            Ok((f, shown))
        })?;
        eprintln!(
            "would erase {} package(s), {} seat-day(s) and {} remote-help initiator-day(s); run again with --yes to erase",
            f.0, f.1, f.2
        );
        return Ok(());
    }
    let db = a.subject.clickhouse.database.clone();
    let cluster = a.subject.clickhouse.cluster.clone();
    let erased = request(&a.subject, Action::Erase, async |c, s, _| {
        let f = store::erase(c, &db, cluster.as_deref(), s).await?;
        let shown = (f.packages.len(), f.seat_days, f.initiator_days);
        Ok((f, shown))
    })?;
    eprintln!(
        "erased {} package(s), {} seat-day(s) and {} remote-help initiator-day(s); nothing that refers to the person is left",
        erased.0, erased.1, erased.2
    );
    Ok(())
}

pub fn object(a: &SubjectArgs) -> Result<()> {
    let n = request(a, Action::Object, async |c, s, id| {
        let f = store::find(c, s).await?;
        let n = store::object(c, s, id).await?;
        Ok((f, n))
    })?;
    eprintln!(
        "added {n} pseudonym(s) to the suppression list; workers drop the person's events and packages from their next reload (within a minute)"
    );
    Ok(())
}

/// What the audit trail says about a failure: the kind of failure, never a query or a server
/// message (those can quote the person's pseudonyms, which an erasure must not leave behind).
fn audit_detail(e: &anyhow::Error) -> String {
    match e.downcast_ref::<store::RequestError>() {
        Some(store::RequestError::Client(_))
        | Some(store::RequestError::Mutation(crate::sinks::clickhouse::MutationError::Client(_))) => {
            "ClickHouse error".into()
        }
        Some(other) => other.to_string(),
        None => "error".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_trail_never_quotes_a_server_message() {
        let server =
            clickhouse::error::Error::BadResponse("Code: 62. Syntax error near ['[EMAIL:k1:0123456789abcdef]']".into());
        let e = anyhow::Error::from(store::RequestError::Client(server));
        assert_eq!(audit_detail(&e), "ClickHouse error");
        let e = anyhow::Error::from(store::RequestError::Incomplete { packages: 1, seat_days: 0, initiator_days: 0 });
        assert!(audit_detail(&e).contains("1 package(s)"));
    }
}
