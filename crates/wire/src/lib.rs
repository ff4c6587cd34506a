//! The JSON shapes hoptac prints, defined once for the CLI and (later) the
//! HTTP API. Field names here are a contract (`shared/eval/CONTRACT.md`):
//! add fields freely, never rename or drop one. Byte offsets are UTF-8
//! byte offsets into the document's text as read.
#![deny(missing_docs)]

use hoptac_model::Fact;
use serde::{Deserialize, Serialize};

/// One line of `hoptac extract --format jsonl`: a document and its facts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExtractRecord {
    /// The input as given (`file.jsonl:3` for a line of JSON Lines).
    pub source: String,
    /// "vi" or "en".
    pub lang: Option<String>,
    /// Publication date, "YYYY-MM-DD".
    pub published: Option<String>,
    /// Title, when the input had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Content id of the text.
    pub id: String,
    /// The facts, each with `kind`, `text` and `span`.
    pub facts: Vec<Fact>,
}

/// One line of `hoptac entities --format jsonl`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Stable id.
    pub id: String,
    /// initiative, agreement, person, country, meeting...
    pub kind: String,
    /// Canonical English name.
    pub name_en: Option<String>,
    /// Canonical acronym.
    pub acronym: Option<String>,
    /// Every surface form seen, across documents and languages.
    pub surfaces: Vec<String>,
    /// Distinct original documents naming it.
    pub documents: usize,
    /// Mentions in all.
    pub mentions: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoptac_model::*;

    fn fact(body: FactBody) -> Fact {
        Fact {
            text: "x".into(),
            span: Span::new(0, 1),
            mentions: vec![],
            sentence: 0,
            entity: None,
            flags: vec![],
            body,
        }
    }

    /// The contract's field names, kind by kind: this test fails if a
    /// rename in the domain types would break the contract.
    #[test]
    fn contract_fields() {
        let cases: Vec<(FactBody, &[&str])> = vec![
            (
                FactBody::Meeting(Meeting::default()),
                &["name", "name_en", "series", "ordinal", "date", "place"],
            ),
            (
                FactBody::Person(Person::default()),
                &["name", "title", "title_en", "country"],
            ),
            (
                FactBody::Acronym(Acronym::default()),
                &["acronym", "canonical", "expansion", "entity_en"],
            ),
            (
                FactBody::Figure(Figure::default()),
                &["value", "unit", "subject", "year"],
            ),
            (
                FactBody::Ratio(Ratio::default()),
                &["numerator", "denominator", "subject"],
            ),
            (
                FactBody::Document(DocumentRef::default()),
                &["name", "name_en", "action"],
            ),
            (
                FactBody::Statement(Statement::default()),
                &["speaker", "act", "addressee", "content"],
            ),
        ];
        for (body, fields) in cases {
            let kind = body.kind();
            let v = serde_json::to_value(fact(body)).unwrap();
            assert_eq!(v["kind"], kind);
            assert_eq!(v["text"], "x");
            assert_eq!(v["span"], serde_json::json!([0, 1]));
            for f in fields {
                assert!(v.get(f).is_some(), "{kind} lacks {f}: {v}");
            }
        }
        let rec = ExtractRecord {
            source: "a.txt".into(),
            lang: Some("vi".into()),
            published: None,
            title: None,
            id: "ab".into(),
            facts: vec![],
        };
        let v = serde_json::to_value(rec).unwrap();
        for f in ["source", "lang", "published", "facts"] {
            assert!(v.get(f).is_some(), "record lacks {f}");
        }
        let e = EntityRecord {
            id: "azec".into(),
            kind: "initiative".into(),
            name_en: None,
            acronym: None,
            surfaces: vec![],
            documents: 0,
            mentions: 0,
        };
        let v = serde_json::to_value(e).unwrap();
        for f in ["id", "kind", "name_en", "acronym", "surfaces", "documents"] {
            assert!(v.get(f).is_some(), "entity lacks {f}");
        }
    }
}
