//! Ranking: which action lines and commitments a document is evidence for.
//!
//! Both sides are reduced to a profile: the gazetteer entities they name
//! (the gazetteer resolves "chuyển đổi số" and "digital transformation" to
//! one id, which is what carries the match across languages) and their
//! folded word pairs ("energy transition", "an ninh bien"). A document and
//! a line match on shared *specific* entities — initiatives, agreements,
//! funds, documents, concepts, meetings; countries, organisations, titles
//! and places are in nearly every article and say nothing — and on shared
//! word pairs that are not generic. The score and its reason are shown; a
//! person decides.

use hoptac_extract::Gazetteer;
use hoptac_text::{fold, Folded, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What a line, a commitment or a document names and says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Entity ids.
    pub entities: BTreeSet<String>,
    /// Folded word pairs.
    pub terms: BTreeSet<String>,
}

/// The weight of an entity of a kind in a match: 0 for the kinds every
/// article names.
pub fn kind_weight(kind: &str) -> f64 {
    match kind {
        "initiative" | "agreement" | "fund" | "document" | "mechanism" | "institution"
        | "agency" => 3.0,
        "meeting" => 3.0,
        "concept" => 2.0,
        _ => 0.0,
    }
}

/// Words that never make a term on their own side of a pair.
const STOP: &[&str] = &[
    // English
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "on",
    "with",
    "a",
    "by",
    "through",
    "its",
    "their",
    "at",
    "as",
    "from",
    "that",
    "this",
    "be",
    "will",
    "is",
    "are",
    "was",
    "were",
    "both",
    "sides",
    "two",
    "asean",
    "japan",
    "japanese",
    "cooperation",
    "support",
    "partners",
    "partnership",
    "countries",
    "member",
    "states",
    "new",
    "also",
    "more",
    "further",
    "between",
    "or",
    "under",
    "including",
    "such",
    "other",
    "all",
    "each",
    "within",
    "into",
    "our",
    // Vietnamese syllables that are function words
    "va",
    "cua",
    "cac",
    "nhung",
    "trong",
    "cho",
    "voi",
    "la",
    "de",
    "tu",
    "den",
    "ve",
    "viec",
    "su",
    "duoc",
    "mot",
    "nay",
    "da",
    "dang",
    "se",
    "cung",
    "nhu",
    "khi",
    "tai",
    "theo",
    "o",
    "bang",
    "nham",
    "giua",
    "nhat",
    "ban",
];

/// Word pairs too common in this domain to count.
const GENERIC_PAIRS: &[&str] = &[
    "hop tac",
    "thuc hien",
    "trien khai",
    "tang cuong",
    "ho tro",
    "phat trien",
    "hai ben",
    "cac nuoc",
    "thanh vien",
    "doi tac",
    "quan he",
    "hoi nghi",
    "cap cao",
    "lanh dao",
    "thu tuong",
    "chinh phu",
    "khu vuc",
    "tiep tuc",
    "thuc day",
    "mo rong",
    "action lines",
    "action line",
    "implementation plan",
    "ke hoach",
    "dong hanh",
    "hiep hoi",
];

/// The folded, non-generic word pairs of a text.
pub fn text_terms(s: &str) -> BTreeSet<String> {
    let f = fold(s);
    let words: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // A word inside a generic pair ("hợp tác") pairs with nothing: Vietnamese
    // words are syllables, and "tăng cường hợp tác" must not yield "cuong hop".
    let mut skip: Vec<bool> = words
        .iter()
        .map(|x| STOP.contains(x) || x.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    for i in 1..words.len() {
        let pair = format!("{} {}", words[i - 1], words[i]);
        if GENERIC_PAIRS.contains(&pair.as_str()) {
            skip[i - 1] = true;
            skip[i] = true;
        }
    }
    let mut out = BTreeSet::new();
    for i in 1..words.len() {
        if !skip[i - 1] && !skip[i] {
            out.insert(format!("{} {}", words[i - 1], words[i]));
        }
    }
    out
}

/// The gazetteer entities a text names.
pub fn text_entities(gaz: &Gazetteer, text: &str) -> BTreeSet<String> {
    let folded = Folded::new(text);
    gaz.find(text, &folded)
        .into_iter()
        .map(|h| gaz.entry(h.entry).id.clone())
        .collect()
}

/// An action line's profile: its texts in both languages and its topics
/// (each a gazetteer id, or words looked up in the gazetteer).
pub fn line_profile(
    gaz: &Gazetteer,
    text: &str,
    text_vi: Option<&str>,
    topics: &[String],
) -> Profile {
    let mut p = Profile::default();
    for t in std::iter::once(text).chain(text_vi) {
        p.entities.extend(text_entities(gaz, t));
        p.terms.extend(text_terms(t));
    }
    for t in topics {
        if gaz.get(t).is_some() {
            p.entities.insert(t.clone());
        } else {
            p.entities.extend(text_entities(gaz, t));
            p.terms.extend(text_terms(t));
        }
    }
    p
}

/// Names and kinds of entities, for weights and reasons.
#[derive(Debug, Clone, Default)]
pub struct EntityNames(pub BTreeMap<String, (String, String)>);

impl EntityNames {
    /// Kind of an entity ("" if unknown; meeting ids are meetings).
    pub fn kind(&self, id: &str) -> &str {
        if id.starts_with("meeting-") {
            return "meeting";
        }
        self.0.get(id).map_or("", |(k, _)| k.as_str())
    }

    /// Display name.
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.0.get(id).map_or(id, |(_, n)| n.as_str())
    }

    /// Add what the gazetteer knows.
    pub fn from_gazetteer(gaz: &Gazetteer) -> EntityNames {
        let mut m = BTreeMap::new();
        for e in gaz.entries() {
            let name = match &e.acronym {
                Some(a) => format!("{} ({a})", e.name_en),
                None => e.name_en.clone(),
            };
            m.insert(e.id.clone(), (e.kind.clone(), name));
        }
        EntityNames(m)
    }
}

/// Why two profiles match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// Higher is stronger.
    pub score: f64,
    /// Shared specific entities.
    pub entities: Vec<String>,
    /// Shared word pairs.
    pub terms: Vec<String>,
}

/// The smallest score worth showing a person.
pub const MIN_SCORE: f64 = 3.0;

/// Score how far `doc` is evidence for `item`: shared specific entities by
/// kind, plus half a point per shared word pair (at most 2).
pub fn score(item: &Profile, doc: &Profile, names: &EntityNames) -> Option<Match> {
    let mut s = 0.0;
    let mut entities = Vec::new();
    for e in item.entities.intersection(&doc.entities) {
        let w = kind_weight(names.kind(e));
        if w > 0.0 {
            s += w;
            entities.push(e.clone());
        }
    }
    let terms: Vec<String> = item.terms.intersection(&doc.terms).cloned().collect();
    s += (terms.len() as f64 * 0.5).min(2.0);
    (s >= MIN_SCORE).then_some(Match {
        score: s,
        entities,
        terms,
    })
}

/// The reason in words: "names AZEC, JAIF; says 'energy transition'".
pub fn reason(m: &Match, names: &EntityNames) -> String {
    let mut parts = Vec::new();
    if !m.entities.is_empty() {
        let e: Vec<&str> = m.entities.iter().map(|e| names.name(e)).collect();
        parts.push(format!("both name {}", e.join(", ")));
    }
    if !m.terms.is_empty() {
        let t: Vec<String> = m.terms.iter().take(4).map(|t| format!("'{t}'")).collect();
        parts.push(format!("both say {}", t.join(", ")));
    }
    parts.join("; ")
}

/// The sentence of a document that best supports a match: the one naming
/// most of the shared entities (by their mention spans) and word pairs.
pub fn best_sentence(
    text: &str,
    sentences: &[Span],
    mentions: &[(String, Span)],
    m: &Match,
) -> Option<Span> {
    let mut best: Option<(usize, Span)> = None;
    for s in sentences {
        let mut n = mentions
            .iter()
            .filter(|(e, sp)| s.contains(*sp) && m.entities.contains(e))
            .count()
            * 2;
        if let Some(st) = s.slice(text) {
            let terms = text_terms(st);
            n += m.terms.iter().filter(|t| terms.contains(*t)).count();
        }
        if n > 0 && best.is_none_or(|(b, _)| n > b) {
            best = Some((n, *s));
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_documents_match_across_languages() {
        let gaz = Gazetteer::builtin();
        let names = EntityNames::from_gazetteer(&gaz);
        let line = line_profile(
            &gaz,
            "Promote decarbonisation through the Asia Zero Emission Community",
            Some("Thúc đẩy khử carbon qua Cộng đồng châu Á phát thải ròng bằng 0"),
            &["energy-transition".to_string()],
        );
        assert!(line.entities.contains("azec"));
        let vi = "Các sáng kiến Cộng đồng châu Á phát thải ròng bằng 0 (AZEC) giúp chuyển đổi năng lượng.";
        let doc = Profile {
            entities: text_entities(&gaz, vi),
            terms: text_terms(vi),
        };
        let m = score(&line, &doc, &names).expect("a match");
        assert!(m.entities.contains(&"azec".to_string()), "{m:?}");
        assert!(
            m.entities.contains(&"energy-transition".to_string()),
            "{m:?}"
        );
        let r = reason(&m, &names);
        assert!(r.contains("Asia Zero Emission Community (AZEC)"), "{r}");
        // A document naming only countries and ASEAN is not evidence.
        let plain = "Nhật Bản và ASEAN họp tại Kuala Lumpur.";
        let doc = Profile {
            entities: text_entities(&gaz, plain),
            terms: text_terms(plain),
        };
        assert_eq!(score(&line, &doc, &names), None);
    }

    #[test]
    fn terms_skip_function_words_and_generic_pairs() {
        let t = text_terms("Hai bên tăng cường hợp tác về an ninh biển");
        assert_eq!(t.into_iter().collect::<Vec<_>>(), ["an ninh", "ninh bien"]);
        let t = text_terms("support for the energy transition");
        assert_eq!(t.into_iter().collect::<Vec<_>>(), ["energy transition"]);
    }
}
