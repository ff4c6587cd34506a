//! Ranking documents: a sweep over every match, then the phrase bonus on
//! the best few.
//!
//! A document's score is tantivy's for the whole query
//! ([`SearchIndex::query_of`]): BM25 of each word's folded form (and
//! English stem), twice that of its exact form, and for a query of several
//! words 1.5 times the BM25 of the whole query as a phrase. Two passes:
//!
//! 1. **Sweep** (`scan.rs`): every document matching every word and
//!    filter is visited once, scored by its words (the terms' BM25 with
//!    their boosts, exactly the sum tantivy gives them), counted, and the
//!    best [`window`] kept.
//! 2. **Phrase bonus.** The kept documents get the whole-query phrase
//!    score from their positions, and are sorted by the full score.
//!
//! So the ranking is tantivy's, except that a document outside the window
//! could overtake one inside only through the phrase bonus; the window is
//! many pages, `crates/search/tests/ranking.rs` holds the two rankings
//! equal, and `hoptac bench-search` counts the queries whose top 10
//! differs from the full ranking's ([`SearchIndex::top_documents_unpruned`]).
//!
//! A query with a quoted phrase is decided match by match: the sweep
//! narrows the candidates to documents holding every word (in the date
//! range, language and so on), then each is checked for its phrases from
//! their positions and scored with them ([`Phrases`]); a phrase scores by
//! how often it occurs, which its words' postings do not tell, so there
//! the sweep keeps exactly the page.

use crate::query::{Entries, SearchRequest, Words, EXACT_BOOST, PHRASE_BOOST};
use crate::scan::{self, Check, Kept, List, Plan, Role, SegmentCheck, Swept};
use crate::{day_of, Result, SearchIndex};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Bm25Weight;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term};

/// How many documents the sweep keeps for the phrase bonus: four pages,
/// and never fewer than 100.
pub(crate) fn window(limit: usize, offset: usize) -> usize {
    ((limit.max(1) + offset) * 4).max(100)
}

/// The ranked page, the number of matches and, when asked, their facets.
#[derive(Debug, Default)]
pub(crate) struct Ranked {
    pub top: Vec<(Score, DocAddress)>,
    pub total: usize,
    /// Matches per facet: (root, value), as ("year", "2025").
    pub facets: Option<std::collections::HashMap<(String, String), u64>>,
}

impl SearchIndex {
    /// The sweep's lists for `words` and the filters of `r`; `None` when
    /// the query has more words than the sweep has bits for.
    fn plan<'a>(
        &self,
        searcher: &Searcher,
        w: &Words,
        r: &SearchRequest,
        check: Option<&'a dyn Check>,
        keep: usize,
    ) -> Result<Option<Plan<'a>>> {
        let facets = r.facets.then_some("facet");
        let f = self.fields;
        let bm25 = |t: &Term| Bm25Weight::for_terms(searcher, std::slice::from_ref(t));
        let mut lists = Vec::new();
        let mut groups: u8 = 0;
        let mut group = |lists: &mut Vec<List>, terms: Vec<(Term, Option<Bm25Weight>)>| {
            for (term, weight) in terms {
                lists.push(List {
                    term,
                    weight,
                    role: Role::Required(groups),
                });
            }
            groups = groups.saturating_add(1);
        };
        for word in &w.words {
            let mut terms = vec![(
                word.folded.clone(),
                Some(bm25(&word.folded).map_err(|e| self.err(e))?),
            )];
            if let Some(stem) = &word.stem {
                terms.push((stem.clone(), Some(bm25(stem).map_err(|e| self.err(e))?)));
            }
            group(&mut lists, terms);
            lists.push(List {
                term: word.exact.clone(),
                weight: Some(
                    bm25(&word.exact)
                        .map_err(|e| self.err(e))?
                        .boost_by(EXACT_BOOST),
                ),
                role: Role::Optional,
            });
        }
        // A quoted phrase needs each of its words; the check decides.
        for (folded, _) in &w.phrases {
            for t in folded {
                group(&mut lists, vec![(t.clone(), None)]);
            }
        }
        let facet = |path: String| Term::from_facet(f.facet, &Facet::from(path.as_str()));
        // Filters. The facets are on document entries only (the `lang` and
        // `entity` fields are on every sentence entry as well): shorter lists.
        if let Some(l) = &r.lang {
            let term = if l == "unknown" {
                Term::from_field_text(f.lang, l)
            } else {
                facet(format!("/lang/{l}"))
            };
            group(&mut lists, vec![(term, None)]);
        }
        if let Some(e) = &r.entity {
            group(&mut lists, vec![(facet(format!("/entity/{e}")), None)]);
        }
        // A date range: its years' facets narrow the candidates, and
        // decide it when it runs from a 1 January to a 31 December; else
        // the day column decides.
        let mut whole_years = false;
        if let (Some(from), Some(to)) = (r.from, r.to) {
            use chrono::Datelike;
            let years = from.year()..=to.year();
            if years.clone().count() <= 50 {
                let terms = years.map(|y| (facet(format!("/year/{y}")), None)).collect();
                group(&mut lists, terms);
                whole_years = (from.month(), from.day(), to.month(), to.day()) == (1, 1, 12, 31);
            }
        }
        if !r.duplicates {
            lists.push(List {
                term: Term::from_field_text(f.dup, "1"),
                weight: None,
                role: Role::Excluded,
            });
        }
        if usize::from(groups) > scan::MAX_GROUPS {
            return Ok(None);
        }
        let days = (!whole_years && (r.from.is_some() || r.to.is_some()))
            .then(|| (r.from.map_or(0, day_of), r.to.map_or(u64::MAX, day_of)));
        Ok(Some(Plan {
            lists,
            groups,
            days,
            check,
            keep,
            facets,
        }))
    }

    /// The best documents for `r` (`offset` skipped, `limit` kept), best
    /// first, and how many match, by the two passes above.
    pub(crate) fn rank_documents(&self, searcher: &Searcher, r: &SearchRequest) -> Result<Ranked> {
        let words = self.words(&r.query, Entries::Documents, r.lang.as_deref())?;
        let limit = r.limit.max(1);
        let quoted = !words.phrases.is_empty();
        let weight = |terms: &[Term], boost: Score| -> Result<Bm25Weight> {
            Ok(Bm25Weight::for_terms(searcher, terms)
                .map_err(|e| self.err(e))?
                .boost_by(boost))
        };
        // The whole query as a phrase: a bonus, in the sweep's check when
        // the query is decided there, else on the kept window.
        let bonus = if words.has_phrase_bonus() {
            Some(Phrase {
                terms: words.all_folded.clone(),
                weight: weight(&words.all_folded, PHRASE_BOOST)?,
                required: false,
            })
        } else {
            None
        };
        let check = if quoted {
            let mut list = Vec::new();
            for (folded, exact) in &words.phrases {
                list.push(Phrase {
                    terms: folded.clone(),
                    weight: weight(folded, 1.0)?,
                    required: true,
                });
                list.push(Phrase {
                    terms: exact.clone(),
                    weight: weight(exact, EXACT_BOOST)?,
                    required: false,
                });
            }
            list.extend(bonus.clone());
            Some(Phrases(list))
        } else {
            None
        };
        let keep = if quoted {
            limit + r.offset
        } else {
            window(limit, r.offset)
        };
        let plan = self.plan(
            searcher,
            &words,
            r,
            check.as_ref().map(|c| c as &dyn Check),
            keep,
        )?;
        let Some(plan) = plan else {
            // Too many words for the sweep: tantivy's own top-k, count and
            // facets.
            let full = self.query_of(&words, r, Entries::Documents);
            let top = searcher
                .search(
                    &full,
                    &tantivy::collector::TopDocs::with_limit(limit).and_offset(r.offset),
                )
                .map_err(|e| self.err(e))?;
            let total = searcher
                .search(&full, &tantivy::collector::Count)
                .map_err(|e| self.err(e))?;
            let facets = if r.facets {
                let mut fc = tantivy::collector::FacetCollector::for_field("facet");
                for root in ["/year", "/lang", "/partner", "/entity"] {
                    fc.add_facet(root);
                }
                let counts = searcher.search(&full, &fc).map_err(|e| self.err(e))?;
                let mut out = std::collections::HashMap::new();
                for root in ["/year", "/lang", "/partner", "/entity"] {
                    for (f, n) in counts.get(root) {
                        if let [root, value] = f.to_path()[..] {
                            out.insert((root.to_string(), value.to_string()), n);
                        }
                    }
                }
                Some(out)
            } else {
                None
            };
            return Ok(Ranked { top, total, facets });
        };
        let Swept { top, count, facets } = scan::sweep(searcher, &plan).map_err(|e| self.err(e))?;
        let mut kept: Vec<Kept> = top
            .into_iter()
            .map(|(score, addr)| Kept { score, addr })
            .collect();
        if let (false, Some(bonus)) = (quoted, bonus) {
            Phrases(vec![bonus])
                .add_to(searcher, &mut kept)
                .map_err(|e| self.err(e))?;
            kept.sort();
        }
        Ok(Ranked {
            top: kept
                .into_iter()
                .skip(r.offset)
                .take(limit)
                .map(|k| (k.score, k.addr))
                .collect(),
            total: count,
            facets: r.facets.then_some(facets),
        })
    }
}

/// A phrase a document is scored with: tantivy's phrase query, worked out
/// from positions (how often the terms occur one after another, their idf
/// summed, the field's norm).
#[derive(Clone)]
struct Phrase {
    terms: Vec<Term>,
    weight: Bm25Weight,
    /// A document without it does not match (a quoted phrase); else it
    /// only adds to the score.
    required: bool,
}

/// The phrases of a query, as the sweep's [`Check`].
struct Phrases(Vec<Phrase>);

/// [`Phrases`] on one segment.
struct PhrasesIn {
    lists: Vec<(Vec<Option<SegmentPostings>>, Option<FieldNormReader>)>,
    phrases: Vec<(Bm25Weight, bool)>,
    positions: Vec<Vec<u32>>,
}

impl Check for Phrases {
    fn segment<'s>(
        &'s self,
        seg: &'s SegmentReader,
    ) -> tantivy::Result<Box<dyn SegmentCheck + 's>> {
        let mut lists = Vec::with_capacity(self.0.len());
        let mut longest = 0;
        for p in &self.0 {
            let field = p.terms[0].field();
            let ix = seg.inverted_index(field)?;
            let mut postings = Vec::with_capacity(p.terms.len());
            for t in &p.terms {
                postings.push(ix.read_postings(t, IndexRecordOption::WithFreqsAndPositions)?);
            }
            longest = longest.max(p.terms.len());
            lists.push((postings, seg.get_fieldnorms_reader(field).ok()));
        }
        Ok(Box::new(PhrasesIn {
            lists,
            phrases: self
                .0
                .iter()
                .map(|p| (p.weight.clone(), p.required))
                .collect(),
            positions: vec![Vec::new(); longest],
        }))
    }
}

impl SegmentCheck for PhrasesIn {
    fn check(&mut self, doc: DocId) -> Option<Score> {
        let mut score = 0.0;
        // The required phrases first: a document without one is done.
        for pass in [true, false] {
            for (k, (postings, norms)) in self.lists.iter_mut().enumerate() {
                let (weight, required) = &self.phrases[k];
                if *required != pass {
                    continue;
                }
                let n = count_in(postings, doc, &mut self.positions);
                if n == 0 {
                    if *required {
                        return None;
                    }
                    continue;
                }
                let norm = norms.as_ref().map_or(0, |r| r.fieldnorm_id(doc));
                score += weight.score(norm, n);
            }
        }
        Some(score)
    }
}

impl Phrases {
    /// Add the phrases' scores to each kept document (none required).
    fn add_to(&self, searcher: &Searcher, kept: &mut [Kept]) -> tantivy::Result<()> {
        kept.sort_by_key(|k| k.addr);
        let mut i = 0;
        while i < kept.len() {
            let ord = kept[i].addr.segment_ord;
            let seg = searcher.segment_reader(ord);
            let mut check = self.segment(seg)?;
            while i < kept.len() && kept[i].addr.segment_ord == ord {
                kept[i].score += check.check(kept[i].addr.doc_id).unwrap_or(0.0);
                i += 1;
            }
        }
        Ok(())
    }
}

/// How often the phrase of `postings` occurs in `doc` (postings move on
/// to it; they only move forward).
fn count_in(
    postings: &mut [Option<SegmentPostings>],
    doc: DocId,
    positions: &mut [Vec<u32>],
) -> u32 {
    for (k, p) in postings.iter_mut().enumerate() {
        let Some(p) = p else { return 0 };
        if p.doc() < doc {
            p.seek(doc);
        }
        if p.doc() != doc {
            return 0;
        }
        p.positions(&mut positions[k]);
    }
    phrase_count(&positions[..postings.len()])
}

/// How often the terms occur one after another: the positions `p` with
/// term `k` at `p + k` for every `k`.
fn phrase_count(positions: &[Vec<u32>]) -> u32 {
    let Some(first) = positions.first() else {
        return 0;
    };
    first
        .iter()
        .filter(|&&p| {
            positions[1..]
                .iter()
                .enumerate()
                .all(|(k, ps)| ps.binary_search(&(p + k as u32 + 1)).is_ok())
        })
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_many_pages() {
        assert_eq!(window(10, 0), 100);
        assert_eq!(window(50, 0), 200);
        assert_eq!(window(10, 40), 200);
        assert_eq!(window(0, 0), 100);
    }

    #[test]
    fn phrases_are_counted_where_every_term_follows() {
        // "a b a b": the phrase "a b" twice, "b a" once, "a a" never.
        let a = vec![0, 2];
        let b = vec![1, 3];
        assert_eq!(phrase_count(&[a.clone(), b.clone()]), 2);
        assert_eq!(phrase_count(&[b.clone(), a.clone()]), 1);
        assert_eq!(phrase_count(&[a.clone(), a.clone()]), 0);
        assert_eq!(phrase_count(&[a.clone(), b.clone(), a]), 1);
        assert_eq!(phrase_count(&[]), 0);
    }
}
