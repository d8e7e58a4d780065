//! CSV: the header row names each column. A column named `nazwisko`, `email` or `pesel` is
//! replaced cell by cell whatever the cells hold; other cells go through the text engine.
//! The delimiter (`;`, `,`, tab, `|`) is taken from the header line.

use super::StructuredError;
use crate::{FieldContext, KindCounts, Scratch, Scrubber};

fn sniff_delimiter(input: &[u8]) -> u8 {
    let first = &input[..memchr::memchr(b'\n', input).unwrap_or(input.len())];
    *[b';', b',', b'\t', b'|'].iter().max_by_key(|d| first.iter().filter(|b| b == d).count()).expect("non-empty")
}

/// Scrub a CSV export: the delimiter is sniffed from the first line, a header naming a kind
/// (`PESEL`, `Nazwisko`) replaces its whole column, other cells are scanned as text with their
/// header as context. Counts per kind are added to `counts`.
pub fn scrub_csv(
    s: &Scrubber,
    input: &[u8],
    scratch: &mut Scratch,
    counts: &mut KindCounts,
) -> Result<Vec<u8>, StructuredError> {
    let delim = sniff_delimiter(input);
    let mut rd = csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(input);
    let mut wr = csv::WriterBuilder::new().delimiter(delim).flexible(true).from_writer(Vec::with_capacity(input.len()));
    let mut columns: Vec<FieldContext> = Vec::new();
    let mut out_rec = csv::ByteRecord::new();
    for (i, rec) in rd.byte_records().enumerate() {
        let rec = rec.map_err(|e| StructuredError::Csv(position_only(&e)))?;
        out_rec.clear();
        if i == 0 {
            columns = rec.iter().map(|h| s.field_context(String::from_utf8_lossy(h).trim())).collect();
        }
        for (c, cell) in rec.iter().enumerate() {
            let ctx = if i == 0 { FieldContext::default() } else { columns.get(c).copied().unwrap_or_default() };
            match ctx.kind {
                Some(kind) if !cell.is_empty() && !s.is_own_token(cell) && s.value_fits(ctx, cell, scratch) => {
                    counts.add_kind(kind, 1);
                    out_rec.push_field(&s.replace_value(kind, cell, scratch));
                }
                _ => {
                    let r = s.scrub_in_field(cell, scratch, ctx);
                    counts.add(&r.findings);
                    out_rec.push_field(&r.text);
                }
            }
        }
        wr.write_byte_record(&out_rec).map_err(|e| StructuredError::Csv(e.to_string()))?;
    }
    wr.into_inner().map_err(|e| StructuredError::Csv(e.to_string()))
}

/// csv errors can quote the offending record; keep only where it was.
fn position_only(e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("malformed record at line {}", p.line()),
        None => "malformed record".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, RulePack};

    #[test]
    fn header_names_scrub_whole_columns() {
        let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        let input = "imie;nazwisko;kwota;uwagi\nXawery;Zzyzx;12,50;PESEL 44051401359\n";
        let mut c = KindCounts::default();
        let out = scrub_csv(&s, input.as_bytes(), &mut Scratch::default(), &mut c).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "imie;nazwisko;kwota;uwagi\n[NAME];[NAME];12,50;PESEL [PESEL]\n");
        assert_eq!(c.get(Kind::Name), 2);
        assert_eq!(c.get(Kind::Pesel), 1);
    }
}
