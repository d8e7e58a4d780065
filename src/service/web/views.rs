//! What the templates show (`templates/support/`): rows shaped for reading, sizes and times
//! already formatted. Askama escapes every value it prints.

use super::session::Session;
use crate::packages::manifest::{Manifest, PartAction};
use crate::service::{PackageSummary, QuarantineSummary, StoredPackage};
use crate::sinks::clickhouse::subjects::Found;
use askama::Template;
use serde::Deserialize;

pub struct User {
    pub name: String,
    pub role: &'static str,
    pub csrf: String,
    pub dpo: bool,
}

impl User {
    pub fn of(s: &Session) -> User {
        User {
            name: s.principal.name.clone(),
            role: s.principal.role.id(),
            csrf: s.csrf.clone(),
            dpo: s.principal.role == crate::service::auth::Role::Dpo,
        }
    }
}

pub fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// `2026-11-30 14:05` from Unix seconds.
pub fn time(unix: u32) -> String {
    let days = i64::from(unix / 86_400);
    let secs = unix % 86_400;
    format!("{} {:02}:{:02}", crate::calendar::format_date(days), secs / 3600, secs % 3600 / 60)
}

#[derive(Template)]
#[template(path = "support/denied.html")]
pub struct Denied {
    pub user: Option<User>,
    pub heading: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "support/login.html")]
pub struct Login {
    pub user: Option<User>,
    pub csrf: String,
    pub error: Option<String>,
    pub idle_minutes: u64,
}

/// The search form as typed (shown again above the results).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchForm {
    pub license_id: String,
    pub ticket: String,
    pub from: String,
    pub to: String,
    pub subject: String,
}

impl SearchForm {
    pub fn filter(&self) -> crate::service::Filter {
        let given = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
        crate::service::Filter {
            license_id: given(&self.license_id),
            ticket: given(&self.ticket),
            subject: given(&self.subject),
            from: given(&self.from),
            to: given(&self.to),
            limit: Some(200),
        }
    }
}

pub struct PackageRow {
    pub package_id: String,
    pub short_id: String,
    pub received: String,
    pub license_id: String,
    pub ticket: String,
    pub app_version: String,
    pub findings_total: u32,
    pub parts_removed: u16,
    pub size: String,
}

impl From<PackageSummary> for PackageRow {
    fn from(p: PackageSummary) -> Self {
        PackageRow {
            short_id: p.package_id.chars().take(12).collect(),
            received: time(p.received_at),
            size: size(p.bytes_after),
            package_id: p.package_id,
            license_id: p.license_id,
            ticket: p.ticket,
            app_version: p.app_version,
            findings_total: p.findings_total,
            parts_removed: p.parts_removed,
        }
    }
}

pub struct QuarantineRow {
    pub package_id: String,
    pub short_id: String,
    pub received: String,
    pub reason_label: String,
    pub reason: String,
    pub size: String,
}

impl From<QuarantineSummary> for QuarantineRow {
    fn from(q: QuarantineSummary) -> Self {
        QuarantineRow {
            short_id: q.package_id.chars().take(12).collect(),
            received: time(q.received_at),
            size: size(q.bytes),
            package_id: q.package_id,
            reason_label: q.reason_label,
            reason: q.reason,
        }
    }
}

#[derive(Template)]
#[template(path = "support/packages.html")]
pub struct Packages {
    pub user: Option<User>,
    pub q: SearchForm,
    pub error: Option<String>,
    pub packages: Vec<PackageRow>,
    pub show_quarantine: bool,
    pub quarantined: Vec<QuarantineRow>,
}

pub struct PartRow {
    pub path: String,
    pub content_type: String,
    pub before: String,
    pub after: String,
    pub findings: String,
    pub action: &'static str,
    pub reason: String,
    pub removed: bool,
}

pub struct DownloadRow {
    pub number: usize,
    pub name: String,
    pub content_type: String,
    pub size: String,
}

pub struct StoredView {
    pub received: String,
    pub license_id: String,
    pub ticket: String,
    pub app_version: String,
    pub size_before: String,
    pub size_after: String,
    pub findings_total: u32,
    pub findings: Vec<(String, u64)>,
    pub parts: Vec<PartRow>,
    pub dropped_headers: Vec<(String, u64)>,
    pub downloads: Vec<DownloadRow>,
}

impl TryFrom<StoredPackage> for StoredView {
    type Error = serde_json::Error;

    fn try_from(p: StoredPackage) -> Result<Self, Self::Error> {
        let m: Manifest = serde_json::from_str(&p.manifest)?;
        let parts = m
            .parts
            .into_iter()
            .map(|e| PartRow {
                findings: e.findings.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", "),
                removed: e.action == PartAction::Removed,
                action: match e.action {
                    PartAction::Scrubbed => "scrubbed",
                    PartAction::Removed => "removed",
                },
                reason: e.reason.unwrap_or_default(),
                before: size(e.bytes_before),
                after: size(e.bytes_after),
                path: e.path,
                content_type: e.content_type,
            })
            .collect();
        let downloads = super::parts::list(&p.sanitized_eml)
            .into_iter()
            .map(|d| DownloadRow {
                number: d.number,
                size: size(d.bytes as u64),
                name: d.name,
                content_type: d.content_type,
            })
            .collect();
        Ok(StoredView {
            received: time(p.received_at),
            license_id: p.license_id,
            ticket: p.ticket,
            app_version: p.app_version,
            size_before: size(p.bytes_before),
            size_after: size(p.bytes_after),
            findings_total: p.findings_total,
            findings: m.findings.into_iter().collect(),
            parts,
            dropped_headers: m.dropped_headers.into_iter().collect(),
            downloads,
        })
    }
}

#[derive(Template)]
#[template(path = "support/package.html")]
pub struct PackagePage {
    pub user: Option<User>,
    pub package_id: String,
    pub short_id: String,
    pub stored: Option<StoredView>,
    pub quarantine: Option<QuarantineRow>,
}

/// One value per kind: a request names one person.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SubjectForm {
    pub csrf: String,
    pub email: String,
    pub pesel: String,
    pub egn: String,
    pub phone: String,
    pub name: String,
    pub login: String,
    pub seat: String,
    pub reference: String,
}

impl SubjectForm {
    pub fn identifiers(&self) -> crate::subjects::Identifiers {
        let one = |s: &str| if s.trim().is_empty() { Vec::new() } else { vec![s.trim().to_string()] };
        crate::subjects::Identifiers {
            email: one(&self.email),
            pesel: one(&self.pesel),
            egn: one(&self.egn),
            phone: one(&self.phone),
            name: one(&self.name),
            login: one(&self.login),
            seat: one(&self.seat),
        }
    }
}

pub struct SubjectPackage {
    pub package_id: String,
    pub short_id: String,
    pub received: String,
    pub license_id: String,
    pub ticket: String,
}

pub struct SubjectResult {
    pub request_id: String,
    pub packages: Vec<SubjectPackage>,
    pub seat_days: u64,
    pub initiator_days: u64,
}

impl SubjectResult {
    pub fn new(request_id: String, f: Found) -> SubjectResult {
        SubjectResult {
            request_id,
            packages: f
                .packages
                .into_iter()
                .map(|p| SubjectPackage {
                    short_id: p.package_id.chars().take(12).collect(),
                    received: time(p.received_at),
                    package_id: p.package_id,
                    license_id: p.license_id,
                    ticket: p.ticket,
                })
                .collect(),
            seat_days: f.seat_days,
            initiator_days: f.initiator_days,
        }
    }
}

#[derive(Template)]
#[template(path = "support/subjects.html")]
pub struct Subjects {
    pub user: Option<User>,
    pub csrf: String,
    pub error: Option<String>,
    pub result: Option<SubjectResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_in_pages() {
        let page = Denied { user: None, heading: "x".into(), message: "<script>alert(1)</script>".into() };
        let html = page.render().unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"), "{html}");
    }

    #[test]
    fn sizes_and_times_read_well() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(time(86_400 + 3_660), "1970-01-02 01:01");
    }
}
