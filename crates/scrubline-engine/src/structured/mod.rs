//! Structured formats where a field's name tells what its value is. JSON and CSV are parsed
//! here (values under a personal field name are replaced whole, whatever they look like;
//! other values go through the text engine); XML and INI are handled by the text engine's own
//! `key=value` and `<tag>` context.

pub mod csv;
pub mod html;
pub mod json;

/// Why a structured document could not be scrubbed. Messages carry positions and parser
/// reasons, never content.
#[derive(Debug, thiserror::Error)]
pub enum StructuredError {
    /// The JSON parser's reason and position.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// The CSV reader's reason and position.
    #[error("invalid CSV: {0}")]
    Csv(String),
}
