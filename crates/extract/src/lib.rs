//! Fact extraction for hoptac: Vietnamese and English news in, facts with
//! exact spans out. No IO: the text comes in as a string, the knowledge as
//! a [`Gazetteer`] built from data files.
//!
//! The pipeline, visible in [`Extractor::analyze`]:
//!
//! 1. **context** ([`doc::Doc`]): fold the text (keeping a map to raw
//!    offsets), split sentences, detect the language, run the gazetteer;
//! 2. **dates** first, since meetings and figures lean on them;
//! 3. **acronyms**, **meetings**, **people**, **figures and ratios**,
//!    **documents**, then **statements** (which need the people);
//!    figures then learn their **partnership** (`indicators`), so one
//!    indicator reported by several sources is one data point;
//! 4. **entities and mentions**: every gazetteer hit and fact that names a
//!    thing becomes a mention of an entity id, for resolution across
//!    documents and languages.
//!
//! Odd input is never an error: extractors skip what they cannot read.
//! **Invariant**, checked by tests on arbitrary input: every fact's span
//! slices the input on character boundaries and gives back its `text`.
#![deny(missing_docs)]

pub mod acronyms;
pub mod dates;
pub mod doc;
pub mod documents;
pub mod figures;
pub mod gazetteer;
pub mod indicators;
pub mod meetings;
pub mod people;
pub mod statements;

use chrono::NaiveDate;
use doc::Doc;
pub use gazetteer::{Gazetteer, GazetteerError};
use hoptac_model::{DocumentMeta, Entity, Fact, FactBody, Mention};
use hoptac_text::{Lang, Span};
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

/// What one document yields.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The language used (given or detected).
    pub lang: Option<Lang>,
    /// Facts, in document order.
    pub facts: Vec<Fact>,
    /// Entities named.
    pub entities: Vec<Entity>,
    /// Where each is named.
    pub mentions: Vec<Mention>,
    /// Sentence spans.
    pub sentences: Vec<Span>,
}

/// The extractor: a gazetteer behind an `Arc`, cheap to clone and share.
#[derive(Clone)]
pub struct Extractor {
    gaz: Arc<Gazetteer>,
}

static BUILTIN: LazyLock<Extractor> = LazyLock::new(|| Extractor {
    gaz: Arc::new(Gazetteer::builtin()),
});

impl Extractor {
    /// The extractor with the project's own gazetteer.
    pub fn builtin() -> Extractor {
        BUILTIN.clone()
    }

    /// An extractor over a gazetteer (e.g. the built-in one plus a user's file).
    pub fn with_gazetteer(gaz: Gazetteer) -> Extractor {
        Extractor { gaz: Arc::new(gaz) }
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Extract the facts of one document.
    pub fn analyze(&self, text: &str, meta: &DocumentMeta) -> Analysis {
        let lang = meta.lang.or_else(|| hoptac_text::detect(text));
        let mut doc = Doc::new(text, lang.unwrap_or(Lang::Vi), meta.published, &self.gaz);
        if meta.lang.is_none() {
            // A language given by the user holds for the whole text; a
            // detected one is checked paragraph by paragraph.
            let runs = hoptac_text::paragraph_langs(text, doc.lang);
            if runs.len() > 1 {
                doc.lang_runs = runs;
            }
        }
        let dates = dates::find(&doc);
        let mut facts = Vec::new();
        facts.extend(acronyms::extract(&doc));
        let meetings = meetings::extract(&doc, &dates);
        let meeting_spans: Vec<Span> = meetings
            .iter()
            .flat_map(|f| std::iter::once(f.span).chain(f.mentions.iter().copied()))
            .collect();
        facts.extend(meetings);
        let (people, refs) = people::extract(&doc);
        facts.extend(people);
        facts.extend(figures::extract(&doc, &dates, &meeting_spans));
        facts.extend(documents::extract(&doc, &dates));
        // "We", "the Leaders": the collective voice of the meeting's parties.
        let voice = indicators::document_partnership(&doc, &facts);
        facts.extend(statements::extract(&doc, &refs, voice.as_deref()));
        facts.extend(dates::facts(&doc, &dates));
        for f in &mut facts {
            f.sentence = doc.sentence_of(f.span.start());
        }
        facts.sort_by_key(|f| (f.span.start(), f.span.end()));
        indicators::attach(&doc, &mut facts, voice.as_deref());
        let (entities, mentions) = entities_and_mentions(&doc, &facts);
        Analysis {
            lang,
            facts,
            entities,
            mentions,
            sentences: std::mem::take(&mut doc.sentences),
        }
    }
}

/// Every gazetteer hit of a nameable kind and every fact with an entity.
fn entities_and_mentions(doc: &Doc, facts: &[Fact]) -> (Vec<Entity>, Vec<Mention>) {
    // Keyed by borrowed ids (the gazetteer's and the facts'): no copy of
    // an id per mention, only per entity.
    let mut entities: BTreeMap<&str, Entity> = BTreeMap::new();
    let mut mentions: Vec<Mention> = Vec::new();
    // A meeting fact stands for its series and type words: "Hội nghị Cấp cao
    // ASEAN" inside "Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28" is not the ASEAN Summit.
    let meeting_spans: Vec<Span> = facts
        .iter()
        .filter(|f| f.kind() == "meeting")
        .flat_map(|f| std::iter::once(f.span).chain(f.mentions.iter().copied()))
        .collect();
    for h in &doc.hits {
        let e = doc.entry(h);
        if matches!(e.kind.as_str(), "title" | "meeting_type" | "term") {
            continue;
        }
        if e.kind == "mechanism" && meeting_spans.iter().any(|m| m.overlaps(h.span)) {
            continue;
        }
        entities.entry(e.id.as_str()).or_insert_with(|| Entity {
            id: e.id.clone(),
            kind: e.kind.clone(),
            name_en: Some(e.name_en.clone()),
            acronym: e.acronym.clone(),
        });
        mentions.push(Mention {
            entity: e.id.clone(),
            span: h.span,
        });
    }
    for f in facts {
        let Some(id) = &f.entity else { continue };
        let (kind, span) = match &f.body {
            FactBody::Acronym(_) => ("initiative", f.span),
            FactBody::Person(p) => ("person", name_span(f, &p.name)),
            FactBody::Meeting(_) => ("meeting", f.span),
            FactBody::Document(_) => ("document", f.span),
            _ => continue,
        };
        entities.entry(id.as_str()).or_insert_with(|| {
            let (name_en, acronym) = match &f.body {
                FactBody::Acronym(a) => (a.entity_en.clone(), a.canonical.clone()),
                FactBody::Person(p) => (Some(p.name.clone()), None),
                FactBody::Meeting(m) => (m.name_en.clone(), None),
                FactBody::Document(d) => (d.name_en.clone(), None),
                _ => (None, None),
            };
            Entity {
                id: id.clone(),
                kind: doc.gaz.get(id).map_or(kind.to_string(), |e| e.kind.clone()),
                name_en,
                acronym,
            }
        });
        for s in std::iter::once(span).chain(f.mentions.iter().copied()) {
            mentions.push(Mention {
                entity: id.clone(),
                span: s,
            });
        }
    }
    mentions.sort_by_key(|m| (m.span.start(), m.span.end()));
    mentions.dedup();
    (entities.into_values().collect(), mentions)
}

/// The span of the name inside a person fact's span.
fn name_span(f: &Fact, name: &str) -> Span {
    match f.text.rfind(name) {
        Some(i) => Span::new(f.span.start() + i, f.span.start() + i + name.len()),
        None => f.span,
    }
}

/// A fact at `span` with its text.
pub(crate) fn fact(doc: &Doc, span: Span, body: FactBody) -> Fact {
    Fact {
        text: doc.slice(span).to_string(),
        span,
        mentions: vec![],
        sentence: 0,
        entity: None,
        flags: vec![],
        body,
    }
}

/// The last `n` bytes of `s` or fewer, on a character boundary.
pub(crate) fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// The first `n` bytes of `s` or fewer, on a character boundary.
pub(crate) fn head(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// Parse a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}
