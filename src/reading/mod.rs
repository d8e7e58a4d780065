//! The one reading path: how bytes become text, and how a file, a MIME part or an archive
//! member is scrubbed by what it is. `scrub`, package intake (bodies, attachments, archive
//! members, forwarded messages) and the output verifier all read through here, so a format
//! read in one place is read in all of them.
//!
//! Results are always written as UTF-8, whatever the input's encoding (UTF-16 and UTF-32 logs,
//! Windows code pages, ISO and KOI8 charsets included).

pub mod charset;
mod content;
mod document;
pub mod layers;
pub mod mime;

pub use content::{classify, is_text_name, looks_like_mail, Content, TextFormat};
pub use document::{
    safe_file_name, scrub_document, scrub_ndjson, scrub_plain, scrub_text, FileOutcome, Rejected, Survivor, TextOutcome,
};
