//! The domain types of hoptac: documents, facts and their provenance.
//!
//! A [`Fact`] is something a document states, with the exact [`Span`] of
//! the words it came from, in the text as read. Its kind-specific fields
//! live in [`FactBody`]. These types serialise to the field names of the
//! extraction contract (`shared/eval/CONTRACT.md`); the `wire` crate owns
//! the envelopes around them and tests the names.
#![deny(missing_docs)]

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

pub use hoptac_text::{Lang, Span};

/// The version of the extractors, stored with every fact so a store knows
/// which facts a newer hoptac would extract differently.
pub const EXTRACTOR_VERSION: &str = concat!("hoptac-extract/", env!("CARGO_PKG_VERSION"));

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Headline or title.
    pub title: Option<String>,
    /// Canonical URL, when the source gave one.
    pub url: Option<String>,
    /// Publication date: resolves dates written without a year.
    pub published: Option<NaiveDate>,
    /// Language, when given; detected otherwise.
    pub lang: Option<Lang>,
}

/// One fact, with its provenance inside the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The exact source text: `document[span]`.
    pub text: String,
    /// Byte offsets into the document's text as read.
    pub span: Span,
    /// Further mentions of the same thing in this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Span>,
    /// Index of the sentence the span starts in.
    #[serde(default)]
    pub sentence: usize,
    /// The resolved entity (a gazetteer id, or a derived one), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Remarks from the extractor, e.g. `misspelt-acronym`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// The kind and its fields.
    #[serde(flatten)]
    pub body: FactBody,
}

impl Fact {
    /// The kind's name as the contract prints it.
    pub fn kind(&self) -> &'static str {
        self.body.kind()
    }
}

/// The kind of a fact and its fields (null where unknown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FactBody {
    /// A meeting: summit, forum, ministers' meeting...
    Meeting(Meeting),
    /// A person, with title and country.
    Person(Person),
    /// An acronym defined beside its expansion.
    Acronym(Acronym),
    /// A number with a unit: money, percent, rank, count, years.
    Figure(Figure),
    /// A count out of a total: "108/130 action lines".
    Ratio(Ratio),
    /// An outcome document adopted, signed, endorsed, issued or referenced.
    Document(DocumentRef),
    /// Who affirmed, proposed, requested... what, to whom.
    Statement(Statement),
    /// A date or period, resolved to the calendar.
    Date(DateFact),
}

/// The names of the kinds of fact, in the contract's order (as
/// [`FactBody::kind`] gives them): what `--kind` and `kind=` accept.
pub const FACT_KINDS: [&str; 8] = [
    "meeting",
    "person",
    "acronym",
    "figure",
    "ratio",
    "document",
    "statement",
    "date",
];

impl FactBody {
    /// The kind's name (one of [`FACT_KINDS`]).
    pub fn kind(&self) -> &'static str {
        match self {
            FactBody::Meeting(_) => "meeting",
            FactBody::Person(_) => "person",
            FactBody::Acronym(_) => "acronym",
            FactBody::Figure(_) => "figure",
            FactBody::Ratio(_) => "ratio",
            FactBody::Document(_) => "document",
            FactBody::Statement(_) => "statement",
            FactBody::Date(_) => "date",
        }
    }
}

/// A meeting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// As written.
    pub name: String,
    /// Canonical English, e.g. "28th ASEAN-Japan Summit".
    pub name_en: Option<String>,
    /// The series, e.g. "ASEAN-Japan Summit".
    pub series: Option<String>,
    /// Its number in the series.
    pub ordinal: Option<u32>,
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    pub date: Option<String>,
    /// "City, Country" in English.
    pub place: Option<String>,
}

/// A person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// As written, diacritics kept.
    pub name: String,
    /// Title as written.
    pub title: Option<String>,
    /// Title in English.
    pub title_en: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
}

/// An acronym defined in the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Acronym {
    /// As written inside the text ("AIOP", "JAIF 3.0").
    pub acronym: String,
    /// The entity's own acronym ("AOIP", "JAIF").
    pub canonical: Option<String>,
    /// The words it stands for, as written.
    pub expansion: Option<String>,
    /// Canonical English name of the entity.
    pub entity_en: Option<String>,
}

/// A number with a unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// In base units: "236,6 tỷ USD" is 236600000000.
    #[serde(serialize_with = "whole_if_possible")]
    pub value: f64,
    /// "USD", "VND", "JPY", "percent", "rank", "years", "count"...
    pub unit: String,
    /// What is measured, in English.
    pub subject: Option<String>,
    /// The year the value belongs to.
    pub year: Option<i32>,
    /// "more than", "nearly", "about"... in English.
    pub qualifier: Option<String>,
    /// The partnership the figure belongs to, as in meeting series
    /// ("ASEAN-Japan", "ASEAN-Republic of Korea"): with `subject` and
    /// `year` it names the indicator, so reports of one data point meet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnership: Option<String>,
}

/// A count out of a total.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    /// The count.
    pub numerator: u64,
    /// The total.
    pub denominator: u64,
    /// What is counted.
    pub subject: Option<String>,
}

/// An outcome document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// As written.
    pub name: String,
    /// Canonical English name.
    pub name_en: Option<String>,
    /// "adopted", "signed", "endorsed", "issued" or "referenced".
    pub action: String,
}

/// A statement: who did what speech act, to whom, about what.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// A person's name as in `person`, or a party ("ASEAN", "Japan").
    pub speaker: Option<String>,
    /// "affirm", "propose", "request", "expect", "welcome", "agree", "commit".
    pub act: String,
    /// To whom, when said.
    pub addressee: Option<String>,
    /// What was said, as written.
    pub content: Option<String>,
}

/// A date or a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DateFact {
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    pub value: String,
    /// For periods ("giai đoạn 2026 - 2030"): the end, same format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// Print whole numbers without a fraction ("236600000000", not "2.366e11").
fn whole_if_possible<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

/// A remark about the input that is not an error: the extractors never
/// fail on odd text, they say what they skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Where, if anywhere in particular.
    pub span: Option<Span>,
    /// What.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_serialises_flat_with_kind() {
        let f = Fact {
            text: "236,6 tỷ USD".into(),
            span: Span::new(10, 24),
            mentions: vec![],
            sentence: 2,
            entity: None,
            flags: vec![],
            body: FactBody::Figure(Figure {
                value: 236_600_000_000.0,
                unit: "USD".into(),
                subject: Some("two-way trade".into()),
                year: Some(2024),
                qualifier: None,
                partnership: Some("ASEAN-Japan".into()),
            }),
        };
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["kind"], "figure");
        assert_eq!(v["span"], serde_json::json!([10, 24]));
        assert_eq!(v["value"].to_string(), "236600000000");
        let back: Fact = serde_json::from_value(v).unwrap();
        assert_eq!(back, f);
    }

    #[test]
    fn fact_kinds_lists_every_kind_once_in_order() {
        let bodies = [
            FactBody::Meeting(Default::default()),
            FactBody::Person(Default::default()),
            FactBody::Acronym(Default::default()),
            FactBody::Figure(Default::default()),
            FactBody::Ratio(Default::default()),
            FactBody::Document(Default::default()),
            FactBody::Statement(Default::default()),
            FactBody::Date(Default::default()),
        ];
        let kinds: Vec<&str> = bodies.iter().map(FactBody::kind).collect();
        assert_eq!(kinds, FACT_KINDS);
    }
}

/// A thing in the world that facts refer to: a country, a person, an
/// initiative, a meeting series... Ids come from the gazetteer (`azec`,
/// `japan`) or are derived from the text (`acr:xyz`, `person:...`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id.
    pub id: String,
    /// "country", "initiative", "person"...
    pub kind: String,
    /// Canonical English name.
    pub name_en: Option<String>,
    /// Canonical acronym.
    pub acronym: Option<String>,
}

/// Where a document names an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    /// The entity's id.
    pub entity: String,
    /// Where, in the text as read.
    pub span: Span,
}
