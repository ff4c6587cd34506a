//! Evidence for a status: a stored document (with an optional byte span,
//! checked against the stored text), a stored fact, or an external
//! reference.
//!
//! Written as:
//! - `DOC` or `DOC:START-END`: a document id or a unique prefix of it (at
//!   least 4 hex characters) and a half-open byte range into its text. The
//!   range must lie within the text and on character boundaries.
//! - `fact:ID`: a stored fact (its document and span come with it).
//! - `https://...`: the stored document with that URL if there is one,
//!   otherwise an external reference.
//! - `ref:TEXT`: an external reference in words (a report, a letter).
//!
//! With a document and no span, a quote (`--quote`) finds the span: the
//! first place the text says it, exactly, or else ignoring case and
//! diacritics.

use crate::TrackerError;
use hoptac_text::{fold, Folded, Span};
use serde::Serialize;

/// Evidence as written by a person, before it is checked against the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceSpec {
    /// A stored document, by id or prefix, with an optional byte range.
    Document {
        /// Id or prefix.
        doc: String,
        /// `[start, end)` bytes.
        span: Option<(usize, usize)>,
    },
    /// A stored fact by its id.
    Fact(i64),
    /// A URL: a stored document's, or an external one.
    Url(String),
    /// An external reference in words.
    Reference(String),
}

impl EvidenceSpec {
    /// Parse what a person wrote.
    pub fn parse(s: &str) -> Result<EvidenceSpec, TrackerError> {
        let s = s.trim();
        let bad = |why: &str| {
            TrackerError::Invalid(format!(
                "evidence {s:?}: {why}. Give a document id (at least 4 hex characters of it, \
                 optionally :START-END), fact:ID, a URL, or ref:TEXT"
            ))
        };
        if let Some(id) = s.strip_prefix("fact:") {
            return id
                .trim()
                .parse::<i64>()
                .map(EvidenceSpec::Fact)
                .map_err(|_| bad("a fact id is a number"));
        }
        if let Some(r) = s.strip_prefix("ref:") {
            let r = r.trim();
            if r.is_empty() {
                return Err(bad("the reference is empty"));
            }
            return Ok(EvidenceSpec::Reference(r.to_string()));
        }
        if s.starts_with("http://") || s.starts_with("https://") {
            return Ok(EvidenceSpec::Url(s.to_string()));
        }
        let (doc, span) = match s.split_once(':') {
            Some((d, r)) => {
                let Some((a, b)) = r.split_once('-') else {
                    return Err(bad("a span is written START-END, e.g. 120-245"));
                };
                let (Ok(a), Ok(b)) = (a.trim().parse::<usize>(), b.trim().parse::<usize>()) else {
                    return Err(bad("a span is two byte offsets, START-END"));
                };
                if a >= b {
                    return Err(bad("a span's start must be before its end"));
                }
                (d, Some((a, b)))
            }
            None => (s, None),
        };
        if doc.len() < 4 || !doc.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad("not a document id"));
        }
        Ok(EvidenceSpec::Document {
            doc: doc.to_ascii_lowercase(),
            span,
        })
    }
}

/// Evidence as stored in the history, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Evidence {
    /// `document`, `fact` or `reference`.
    pub kind: String,
    /// The document's full id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Byte span into the document's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The fact's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<i64>,
    /// An external reference (URL or words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The text of the span, so the history reads on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

impl Evidence {
    /// One line for a table: `3f2a9c1b:120-245 "quote…"`.
    pub fn short(&self) -> String {
        let mut s = match (&self.doc, self.span, &self.reference) {
            (Some(d), Some(sp), _) => {
                format!("{}:{}-{}", &d[..d.len().min(8)], sp.start(), sp.end())
            }
            (Some(d), None, _) => d[..d.len().min(8)].to_string(),
            (None, _, Some(r)) => r.clone(),
            _ => String::new(),
        };
        if let Some(f) = self.fact {
            s = format!("fact:{f} {s}");
        }
        if let Some(q) = &self.quote {
            let q: String = q.chars().take(60).collect();
            s.push_str(&format!(
                " \"{q}{}\"",
                if q.len() < self.quote.as_ref().map_or(0, String::len) {
                    "…"
                } else {
                    ""
                }
            ));
        }
        s
    }
}

/// Check a byte span against a document's text: inside it, not empty, and
/// on character boundaries. The message names the document and the place.
pub fn check_span(
    doc_id: &str,
    text: &str,
    start: usize,
    end: usize,
) -> Result<Span, TrackerError> {
    let short = &doc_id[..doc_id.len().min(12)];
    if start >= end {
        return Err(TrackerError::Invalid(format!(
            "span {start}-{end} of document {short} is empty: the start must be before the end"
        )));
    }
    if end > text.len() {
        return Err(TrackerError::Invalid(format!(
            "span {start}-{end} lies outside document {short}: its text is {} bytes long",
            text.len()
        )));
    }
    for at in [start, end] {
        if !text.is_char_boundary(at) {
            let mut s = at;
            while !text.is_char_boundary(s) {
                s -= 1;
            }
            let ch = text[s..].chars().next().unwrap_or(' ');
            return Err(TrackerError::Invalid(format!(
                "span {start}-{end} of document {short} does not fall on character boundaries: \
                 byte {at} is inside {ch:?} (bytes {s}-{})",
                s + ch.len_utf8()
            )));
        }
    }
    Ok(Span::new(start, end))
}

/// Where `quote` first occurs in `text`: exactly, or else ignoring case,
/// diacritics and spacing (so "Nhat Ban ho tro" finds "Nhật Bản hỗ trợ").
pub fn find_quote(text: &str, quote: &str) -> Option<Span> {
    let q = quote.trim();
    if q.is_empty() {
        return None;
    }
    if let Some(i) = text.find(q) {
        return Some(Span::new(i, i + q.len()));
    }
    let folded = Folded::new(text);
    let fq = fold(q);
    if fq.is_empty() {
        return None;
    }
    let i = folded.as_str().find(&fq)?;
    Some(folded.to_raw(i, i + fq.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_specs_parse() {
        assert_eq!(
            EvidenceSpec::parse("3F2A9c:10-20").unwrap(),
            EvidenceSpec::Document {
                doc: "3f2a9c".into(),
                span: Some((10, 20))
            }
        );
        assert_eq!(
            EvidenceSpec::parse("3f2a").unwrap(),
            EvidenceSpec::Document {
                doc: "3f2a".into(),
                span: None
            }
        );
        assert_eq!(
            EvidenceSpec::parse("fact:12").unwrap(),
            EvidenceSpec::Fact(12)
        );
        assert_eq!(
            EvidenceSpec::parse("ref:JCC report, March 2025").unwrap(),
            EvidenceSpec::Reference("JCC report, March 2025".into())
        );
        assert!(matches!(
            EvidenceSpec::parse("https://asean.org/x").unwrap(),
            EvidenceSpec::Url(_)
        ));
        for bad in [
            "3f2",
            "report",
            "3f2a:20-10",
            "3f2a:10",
            "fact:x",
            "3f2a:a-b",
            "ref:",
        ] {
            let e = EvidenceSpec::parse(bad).unwrap_err().to_string();
            assert!(e.contains(bad.trim()), "{e}");
        }
    }

    #[test]
    fn spans_must_lie_within_the_text_on_char_boundaries() {
        let t = "Nhật Bản hỗ trợ ASEAN";
        assert_eq!(
            check_span("abcd1234", t, 0, 6).unwrap().slice(t),
            Some("Nhật")
        );
        let e = check_span("abcd1234", t, 0, 500).unwrap_err().to_string();
        assert!(e.contains("lies outside document abcd1234"), "{e}");
        let e = check_span("abcd1234", t, 0, 3).unwrap_err().to_string();
        assert!(
            e.contains("does not fall on character boundaries: byte 3 is inside 'ậ'"),
            "{e}"
        );
        assert!(check_span("abcd1234", t, 4, 4).is_err());
    }

    #[test]
    fn quotes_are_found_with_or_without_diacritics() {
        let t = "Hôm nay, Nhật Bản hỗ trợ ASEAN về chuyển đổi số.";
        let s = find_quote(t, "Nhật Bản hỗ trợ").unwrap();
        assert_eq!(s.slice(t), Some("Nhật Bản hỗ trợ"));
        let s = find_quote(t, "nhat ban ho tro").unwrap();
        assert_eq!(s.slice(t), Some("Nhật Bản hỗ trợ"));
        assert_eq!(find_quote(t, "Hàn Quốc"), None);
    }
}
