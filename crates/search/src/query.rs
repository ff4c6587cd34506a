//! Queries: the user's words, filters, ranking and facets.
//!
//! Every word of the query must match (in any of the three analyzers);
//! an exact-diacritics match scores double a folded one, so "Nhật Bản"
//! ranks documents that write "Nhật Bản" above those with "Nhất Bàn" or
//! "nhat ban", while "nhat ban" finds them all. Words in double quotes must
//! appear as a phrase; the whole query as a phrase earns a bonus, since a
//! Vietnamese word is several syllables ("phát thải ròng").

use crate::analyzer::{self, Mode};
use crate::snippet::{Highlighter, Snippet};
use crate::{day_of, Result, SearchError, SearchIndex};
use hoptac_store::Store;
use hoptac_text::Span;
use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

/// A search.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The words; `"..."` for a phrase.
    pub query: String,
    /// Only documents in this language.
    pub lang: Option<String>,
    /// Published on or after.
    pub from: Option<chrono::NaiveDate>,
    /// Published on or before.
    pub to: Option<chrono::NaiveDate>,
    /// Only documents that mention this entity id.
    pub entity: Option<String>,
    /// Only facts of this kind (meeting, figure, ...): the answer is then
    /// fact hits, not documents.
    pub kind: Option<String>,
    /// How many hits of each sort.
    pub limit: usize,
    /// Hits of each sort to skip first (the next page: documents, or with
    /// a kind the matching sentences, ranked as without it).
    pub offset: usize,
    /// Include near-duplicates (left out by default: one story once).
    pub duplicates: bool,
    /// Count facets (year, language, partner, entity) over all matches.
    pub facets: bool,
}

/// A matching document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocHit {
    /// Content id.
    pub id: String,
    /// Relevance (BM25 with boosts; higher is better).
    pub score: f32,
    /// Title.
    pub title: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The best passage, with byte spans into the stored text.
    pub snippet: Option<Snippet>,
}

/// A fact whose sentence matches.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FactHit {
    /// The document it is in.
    pub doc_id: String,
    /// Relevance of its sentence.
    pub score: f32,
    /// The fact as extracted (kind, text, span into the stored text, ...).
    pub fact: serde_json::Value,
    /// The sentence, with the matched words.
    pub sentence: Snippet,
}

/// Counts of matching documents.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facets {
    /// By publication year.
    pub year: Vec<(String, u64)>,
    /// By language.
    pub lang: Vec<(String, u64)>,
    /// By partner (country id) of the entities they mention.
    pub partner: Vec<(String, u64)>,
    /// By entity mentioned (the 20 most frequent).
    pub entity: Vec<(String, u64)>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Documents matched (or, with a kind, sentences with such facts).
    pub total: usize,
    /// Best documents first (empty when a fact kind was asked for).
    pub documents: Vec<DocHit>,
    /// Best fact hits first.
    pub facts: Vec<FactHit>,
    /// Counts of matching documents (when asked for).
    pub facets: Option<Facets>,
}

/// Which entries a query runs on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entries {
    Documents,
    Sentences,
}

pub(crate) const EXACT_BOOST: f32 = 2.0;
pub(crate) const PHRASE_BOOST: f32 = 1.5;

/// One unquoted word of a query, as terms.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Its folded form: it must match this (or the stem).
    pub folded: Term,
    /// Its English stem, for an ASCII word where English documents may be.
    pub stem: Option<Term>,
    /// Its exact form: a bonus of [`EXACT_BOOST`].
    pub exact: Term,
}

/// A query's words and phrases, as terms of one kind of entry.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    pub words: Vec<Word>,
    /// Quoted phrases: folded (must match) and exact (a bonus) terms.
    pub phrases: Vec<(Vec<Term>, Vec<Term>)>,
    /// Every folded term in order: the whole query as a phrase earns
    /// [`PHRASE_BOOST`].
    pub all_folded: Vec<Term>,
}

impl Words {
    /// The whole query's phrase bonus applies (more than one word).
    pub fn has_phrase_bonus(&self) -> bool {
        self.all_folded.len() > 1
    }
}

impl SearchIndex {
    /// The words and quoted phrases of `q`, as the terms of `entries`.
    pub(crate) fn words(&self, q: &str, entries: Entries, lang: Option<&str>) -> Result<Words> {
        let f = self.fields;
        let (exact_f, folded_f, stem_f) = match entries {
            Entries::Documents => (f.exact, f.folded, f.stem),
            Entries::Sentences => (f.s_exact, f.s_folded, f.s_stem),
        };
        // Only English documents have stems: a Vietnamese-only search, or a
        // word with diacritics, need not look there.
        let stems = lang.is_none_or(|l| l == "en");
        let mut stemmer = analyzer::analyzers()[2].1.clone();
        let mut out = Words::default();
        for (i, part) in q.split('"').enumerate() {
            let exact = analyzer::analyze(part, Mode::Exact);
            let folded = analyzer::analyze(part, Mode::Folded);
            if folded.is_empty() || exact.len() != folded.len() {
                continue;
            }
            let ex: Vec<Term> = exact
                .iter()
                .map(|t| Term::from_field_text(exact_f, &t.text))
                .collect();
            let fo: Vec<Term> = folded
                .iter()
                .map(|t| Term::from_field_text(folded_f, &t.text))
                .collect();
            out.all_folded.extend(fo.iter().cloned());
            if i % 2 == 1 && fo.len() > 1 {
                // A quoted phrase: the syllables in this order.
                out.phrases.push((fo, ex));
                continue;
            }
            for (k, tok) in folded.iter().enumerate() {
                let word = &part[tok.offset_from..tok.offset_to];
                let stem = (stems && word.is_ascii())
                    .then(|| analyzer::terms_of(&mut stemmer, word).into_iter().next())
                    .flatten()
                    .map(|(_, _, stem)| Term::from_field_text(stem_f, &stem));
                out.words.push(Word {
                    folded: fo[k].clone(),
                    stem,
                    exact: ex[k].clone(),
                });
            }
        }
        if out.words.is_empty() && out.phrases.is_empty() {
            return Err(SearchError::Query(format!(
                "{q:?} has no words to search for"
            )));
        }
        Ok(out)
    }

    /// The text part of a query: one clause per word (exact, folded or
    /// stemmed), phrases for quoted parts, a bonus for the whole phrase.
    pub(crate) fn text_query(&self, w: &Words) -> Box<dyn Query> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Each word (or quoted phrase) must match its folded form (or an
        // English stem); the exact form only adds to the score. An exact
        // match implies the folded one (the same text is in both fields),
        // so this matches and scores as "folded or exact" per word, but
        // the conjunction runs over single posting lists instead of
        // unions.
        for (fo, ex) in &w.phrases {
            must.push((Occur::Must, Box::new(PhraseQuery::new(fo.clone()))));
            must.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new(ex.clone())),
                    EXACT_BOOST,
                )),
            ));
        }
        for word in &w.words {
            let required: Box<dyn Query> = match &word.stem {
                Some(stem) => Box::new(BooleanQuery::new(vec![
                    (Occur::Should, term_query(word.folded.clone())),
                    (Occur::Should, term_query(stem.clone())),
                ])),
                None => term_query(word.folded.clone()),
            };
            must.push((Occur::Must, required));
            must.push((
                Occur::Should,
                Box::new(BoostQuery::new(term_query(word.exact.clone()), EXACT_BOOST)),
            ));
        }
        // The whole query as a phrase earns a bonus (on the folded field
        // only: the exact terms already rank marks above their absence).
        if w.has_phrase_bonus() {
            must.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new(w.all_folded.clone())),
                    PHRASE_BOOST,
                )),
            ));
        }
        Box::new(BooleanQuery::new(must))
    }

    fn full_query(&self, r: &SearchRequest, entries: Entries) -> Result<BooleanQuery> {
        let words = self.words(&r.query, entries, r.lang.as_deref())?;
        Ok(self.query_of(&words, r, entries))
    }

    /// The whole query (words and filters) for tantivy: the reference
    /// ranking, fact hits, and the check of quoted phrases (`rank.rs`).
    pub(crate) fn query_of(&self, w: &Words, r: &SearchRequest, entries: Entries) -> BooleanQuery {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.text_query(w))];
        // Filters decide what matches, not how well: they score nothing
        // (a term query would add its BM25, which for an entity varies
        // with how many entities a document names).
        let filter = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                )),
                0.0,
            ))
        };
        if let Some(l) = &r.lang {
            clauses.push((Occur::Must, filter(f.lang, l)));
        }
        if let Some(e) = &r.entity {
            clauses.push((Occur::Must, filter(f.entity, e)));
        }
        if let (Some(k), Entries::Sentences) = (&r.kind, entries) {
            clauses.push((Occur::Must, filter(f.fact_kind, k)));
        }
        if r.from.is_some() || r.to.is_some() {
            let bound = |d: Option<chrono::NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_u64(f.day, day_of(d))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(RangeQuery::new(bound(r.from), bound(r.to))),
                    0.0,
                )),
            ));
        }
        if !r.duplicates {
            clauses.push((Occur::MustNot, filter(f.dup, "1")));
        }
        BooleanQuery::new(clauses)
    }

    /// Rank documents (without snippets or a total): `[(score, id)]`, the
    /// ids read from a fast field, not the document store. This is what
    /// `hoptac bench-search` times: the two-pass ranking of `rank.rs`.
    pub fn top_documents(&self, r: &SearchRequest) -> Result<Vec<(f32, String)>> {
        let searcher = self.reader.searcher();
        let top = self.rank_documents(&searcher, r)?.top;
        self.ids_of(&searcher, top)
    }

    /// [`top_documents`](Self::top_documents) by tantivy's own top-k over
    /// the whole query, scoring every match: the reference the pruned
    /// ranking is compared with (`hoptac bench-search` reports how often the
    /// two top 10s agree).
    pub fn top_documents_unpruned(&self, r: &SearchRequest) -> Result<Vec<(f32, String)>> {
        let q = self.full_query(r, Entries::Documents)?;
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&q, &top_docs(r.limit.max(1), r.offset))
            .map_err(|e| self.err(e))?;
        self.ids_of(&searcher, top)
    }

    /// The facet counts of `r`'s matches as the sweep gives them, and as
    /// tantivy's facet collector gives them over the whole query: the
    /// reference the sweep's counting is tested against. Each as (root,
    /// value) → matches, sorted.
    #[allow(clippy::type_complexity)]
    pub fn facet_counts_both(
        &self,
        r: &SearchRequest,
    ) -> Result<(Vec<((String, String), u64)>, Vec<((String, String), u64)>)> {
        let searcher = self.reader.searcher();
        let r = SearchRequest {
            facets: true,
            ..r.clone()
        };
        let mut swept: Vec<_> = self
            .rank_documents(&searcher, &r)?
            .facets
            .unwrap_or_default()
            .into_iter()
            .collect();
        swept.sort();
        let q = self.full_query(&r, Entries::Documents)?;
        let mut fc = tantivy::collector::FacetCollector::for_field("facet");
        for root in ["/year", "/lang", "/partner", "/entity"] {
            fc.add_facet(root);
        }
        let counts = searcher.search(&q, &fc).map_err(|e| self.err(e))?;
        let mut full = Vec::new();
        for root in ["/year", "/lang", "/partner", "/entity"] {
            for (f, n) in counts.get(root) {
                if let [root, value] = f.to_path()[..] {
                    full.push(((root.to_string(), value.to_string()), n));
                }
            }
        }
        full.sort();
        Ok((swept, full))
    }

    fn ids_of(
        &self,
        searcher: &tantivy::Searcher,
        top: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<(f32, String)>> {
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let seg = searcher.segment_reader(addr.segment_ord);
            let mut id = String::new();
            if let Some(col) = seg.fast_fields().str("id").map_err(|e| self.err(e))? {
                if let Some(ord) = col.term_ords(addr.doc_id).next() {
                    col.ord_to_str(ord, &mut id)
                        .map_err(|e| self.err(e.into()))?;
                }
            }
            out.push((score, id));
        }
        Ok(out)
    }

    /// How many documents match (for the benchmark's quality comparison).
    pub fn count_documents(&self, r: &SearchRequest) -> Result<usize> {
        Ok(self.rank_documents(&self.reader.searcher(), r)?.total)
    }

    fn stored(&self, addr: DocAddress) -> Result<TantivyDocument> {
        self.reader.searcher().doc(addr).map_err(|e| self.err(e))
    }

    fn text_of(&self, d: &TantivyDocument, field: Field) -> Option<String> {
        d.get_first(field)
            .and_then(|v| v.as_str().map(str::to_string))
    }

    /// Search: documents (with snippets from the stored texts) or fact
    /// hits, and facets. Catches up with the store first.
    pub async fn search(&mut self, store: &Store, r: &SearchRequest) -> Result<SearchResults> {
        self.sync(store).await?;
        self.query(store, r).await
    }

    /// [`search`](Self::search) without catching up first: for a caller
    /// that keeps the index in sync itself (the server: one writer, many
    /// readers at once).
    pub async fn query(&self, store: &Store, r: &SearchRequest) -> Result<SearchResults> {
        let mut out = SearchResults {
            query: r.query.clone(),
            ..Default::default()
        };
        let mut hl = Highlighter::new(&r.query);
        let searcher = self.reader.searcher();
        let limit = r.limit.max(1);
        if r.kind.is_none() {
            // The page and the total from one sweep over the matches
            // (`rank.rs`); the facets count the same matches.
            let ranked = self.rank_documents(&searcher, r)?;
            let top = ranked.top;
            let total = ranked.total;
            let counts = ranked.facets;
            out.total = total;
            let mut ids = Vec::new();
            for (score, addr) in top {
                let d = self.stored(addr)?;
                let id = self.text_of(&d, self.fields.id).unwrap_or_default();
                ids.push(id.clone());
                out.documents.push(DocHit {
                    id,
                    score,
                    title: self.text_of(&d, self.fields.title),
                    lang: self.text_of(&d, self.fields.lang),
                    published: d
                        .get_first(self.fields.day)
                        .and_then(|v| v.as_u64())
                        .map(|n| format!("{:04}-{:02}-{:02}", n / 10_000, n / 100 % 100, n % 100)),
                    snippet: None,
                });
            }
            // Snippets from the stored text: their spans index exactly it.
            for hit in &mut out.documents {
                let doc = store.document(&hit.id).await?;
                let english = hit.lang.as_deref() == Some("en");
                hit.snippet = hl.snippet(&doc.text, 0, english);
            }
            if let Some(c) = counts {
                let list = |root: &str, k: usize| -> Vec<(String, u64)> {
                    let mut v: Vec<(String, u64)> = c
                        .iter()
                        .filter(|((r, _), _)| r == root)
                        .map(|((_, value), n)| (value.clone(), *n))
                        .collect();
                    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    v.truncate(k);
                    v
                };
                let mut year = list("year", usize::MAX);
                year.sort();
                out.facets = Some(Facets {
                    year,
                    lang: list("lang", usize::MAX),
                    partner: list("partner", usize::MAX),
                    entity: list("entity", 20),
                });
            }
        }
        // Fact hits: sentences holding facts (of the kind asked) that match.
        let q = self.full_query(r, Entries::Sentences)?;
        let (top, total) = searcher
            .search(&q, &(top_docs(limit, r.offset), Count))
            .map_err(|e| self.err(e))?;
        if r.kind.is_some() {
            out.total = total;
        }
        for (score, addr) in top {
            let d = self.stored(addr)?;
            let f = self.fields;
            let doc_id = self.text_of(&d, f.id).unwrap_or_default();
            let sentence = self.text_of(&d, f.sentence).unwrap_or_default();
            let start = d.get_first(f.start).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
            let english = self.text_of(&d, f.lang).as_deref() == Some("en");
            let facts: Vec<serde_json::Value> =
                serde_json::from_str(&self.text_of(&d, f.facts).unwrap_or_default())
                    .unwrap_or_default();
            let snippet = hl.snippet(&sentence, start, english).unwrap_or(Snippet {
                span: Span::new(start, start + sentence.len()),
                text: sentence,
                highlights: vec![],
            });
            for fact in facts {
                if r.kind.as_deref().is_some_and(|k| fact["kind"] != k) {
                    continue;
                }
                out.facts.push(FactHit {
                    doc_id: doc_id.clone(),
                    score,
                    fact,
                    sentence: snippet.clone(),
                });
            }
        }
        out.facts.truncate(limit);
        Ok(out)
    }
}

fn top_docs(limit: usize, offset: usize) -> TopDocs {
    TopDocs::with_limit(limit).and_offset(offset)
}

pub(crate) fn term_query(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
}
