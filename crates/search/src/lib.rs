//! Full-text search of hoptac: a tantivy index kept beside the store.
//!
//! The store is the truth; the index is derived from it and can always be
//! rebuilt from it ([`SearchIndex::rebuild`]). It records, in its commit
//! payload, the last store `seq` it holds and the id of the store's first
//! document; [`SearchIndex::sync`] compares those and the document counts
//! with the store and catches up (or rebuilds) before anything is searched,
//! so a document stored but not indexed (a killed ingest, an index that was
//! busy, another machine writing to the same PostgreSQL) is indexed on the
//! next ingest or search, never silently missed.
//!
//! Where the index lives is [`index_dir`]'s rule: `X.db.index/` beside a
//! SQLite store `X.db`; for PostgreSQL, `<data dir>/index/pg-<hash>/`, the
//! hash being of the URL with its password redacted.
//!
//! What is indexed, per stored document:
//! - one `doc` entry: the text under three analyzers ([`analyzer`]): exact
//!   (diacritics kept, tone placement unified), folded (no diacritics,
//!   đ→d) and, for English documents, stemmed; language, date, entities,
//!   partners and year as filters and facets.
//! - one `sent` entry per sentence that holds facts: the sentence under the
//!   same analyzers, the kinds of its facts, and the facts themselves
//!   (stored), so `--kind figure "thương mại"` answers from the index.
#![deny(missing_docs)]

pub mod analyzer;
mod query;
mod rank;
mod scan;
mod snippet;

pub use query::{DocHit, Facets, FactHit, SearchRequest, SearchResults};
pub use snippet::{Highlighter, Snippet};

use hoptac_model::Fact;
use hoptac_store::{FeedDocument, Store, StoreError};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Bumped whenever the schema or the analyzers change: an index of another
/// format is rebuilt from the store.
pub const INDEX_FORMAT: u32 = 4;

/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The index said no.
    #[error("search index at {path}: {source}")]
    Index {
        /// The index directory.
        path: String,
        /// Why.
        source: tantivy::TantivyError,
    },
    /// Another process is writing the index.
    #[error("search index at {0} is being written by another process; it will catch up on the next ingest or search")]
    Busy(String),
    /// The store said no.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file-system error.
    #[error("search index at {path}: {source}")]
    Io {
        /// The index directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A query that cannot be run.
    #[error("bad query: {0}")]
    Query(String),
}

/// Result alias.
pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// Where the index of the store at `location` lives (see the crate docs).
/// `data_dir` is the user's hoptac data directory.
pub fn index_dir(location: &str, data_dir: &Path) -> PathBuf {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        let key = blake3::hash(hoptac_store::redact(location).as_bytes()).to_hex();
        return data_dir.join("index").join(format!("pg-{}", &key[..16]));
    }
    let path = location
        .strip_prefix("sqlite://")
        .or_else(|| location.strip_prefix("sqlite:"))
        .unwrap_or(location);
    let path = path.split('?').next().unwrap_or(path);
    PathBuf::from(format!("{path}.index"))
}

/// Entity id → the partner (a country id) it belongs to, for the partner
/// facet. Built from the gazetteer ([`partners_from_gazetteer`]).
pub type Partners = HashMap<String, String>;

/// Entity id → partner country id, from the gazetteer: a country whose
/// `member` is `partner` is its own partner; any entry with a `partner`
/// attribute (a mechanism, fund, initiative...) belongs to that one.
pub fn partners_from_gazetteer(gaz: &hoptac_extract::Gazetteer) -> Partners {
    let mut out = Partners::new();
    for e in gaz.entries() {
        if e.kind == "country" && e.attr("member") == Some("partner") {
            out.insert(e.id.clone(), e.id.clone());
        } else if let Some(p) = e.attr("partner") {
            out.insert(e.id.clone(), p.to_string());
        }
    }
    out
}

/// The fields of the index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub id: Field,
    pub kind_of: Field,
    pub exact: Field,
    pub folded: Field,
    pub stem: Field,
    pub s_exact: Field,
    pub s_folded: Field,
    pub s_stem: Field,
    pub lang: Field,
    pub day: Field,
    pub entity: Field,
    pub fact_kind: Field,
    pub dup: Field,
    pub facet: Field,
    pub title: Field,
    pub start: Field,
    pub sentence: Field,
    pub facts: Field,
}

fn schema() -> (Schema, Fields) {
    let mut sb = Schema::builder();
    let text_with = |name: &str, option: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(name)
                .set_index_option(option),
        )
    };
    let text = |name: &str| text_with(name, IndexRecordOption::WithFreqsAndPositions);
    // Stems are only ever searched word by word (phrases use the folded
    // field): no positions.
    let stems = || text_with(analyzer::STEM, IndexRecordOption::WithFreqs);
    let f = Fields {
        id: sb.add_text_field("id", STRING | STORED | FAST),
        kind_of: sb.add_text_field("entry", STRING),
        exact: sb.add_text_field("exact", text(analyzer::EXACT)),
        folded: sb.add_text_field("folded", text(analyzer::FOLDED)),
        stem: sb.add_text_field("stem", stems()),
        // Sentences have fields of their own, so a document query never
        // has to filter sentence entries out (and the other way round).
        s_exact: sb.add_text_field("s_exact", text(analyzer::EXACT)),
        s_folded: sb.add_text_field("s_folded", text(analyzer::FOLDED)),
        s_stem: sb.add_text_field("s_stem", stems()),
        lang: sb.add_text_field("lang", STRING | STORED),
        day: sb.add_u64_field("day", INDEXED | FAST | STORED),
        entity: sb.add_text_field("entity", STRING),
        fact_kind: sb.add_text_field("fact_kind", STRING),
        dup: sb.add_text_field("dup", STRING),
        facet: sb.add_facet_field("facet", FacetOptions::default()),
        title: sb.add_text_field("title", STORED),
        start: sb.add_u64_field("start", STORED),
        sentence: sb.add_text_field("sentence", STORED),
        facts: sb.add_text_field("facts", STORED),
    };
    (sb.build(), f)
}

/// What the index remembers about the store, in its commit payload.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Payload {
    format: u32,
    /// The highest store `seq` indexed (all below it are indexed too).
    seq: i64,
    /// The id of the store's first document: a new store at the same path
    /// is not mistaken for the old one.
    first: Option<String>,
}

/// One document as it goes into the index.
#[derive(Debug, Clone)]
pub struct IndexDoc<'a> {
    /// Content id.
    pub id: &'a str,
    /// The stored text.
    pub text: &'a str,
    /// Title.
    pub title: Option<&'a str>,
    /// Language code.
    pub lang: Option<&'a str>,
    /// Publication date, YYYY-MM-DD.
    pub published: Option<String>,
    /// A near-duplicate of another stored document.
    pub duplicate: bool,
    /// Facts in document order.
    pub facts: &'a [Fact],
    /// Entities mentioned.
    pub entities: Vec<String>,
}

impl<'a> From<&'a FeedDocument> for IndexDoc<'a> {
    fn from(d: &'a FeedDocument) -> Self {
        IndexDoc {
            id: &d.id,
            text: &d.text,
            title: d.title.as_deref(),
            lang: d.lang.as_deref(),
            published: d.published.clone(),
            duplicate: d.duplicate_of.is_some(),
            facts: &d.facts,
            entities: d.entities.clone(),
        }
    }
}

/// What [`SearchIndex::sync`] did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SyncReport {
    /// Documents added to catch up with the store.
    pub added: usize,
    /// The index was rebuilt from the store, and why.
    pub rebuilt: Option<String>,
    /// Documents in the index after.
    pub documents: u64,
}

/// The search index of one store.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter<TantivyDocument>>,
    fields: Fields,
    path: PathBuf,
    partners: Partners,
    /// Ids added since the last commit (so a catch-up does not add them twice).
    pending: HashSet<String>,
    /// What the payload will say at the next commit.
    payload: Payload,
}

/// Memory the index writer may use before it flushes a segment.
const WRITER_BUDGET: usize = 192 * 1024 * 1024;

/// Segments of more entries than this are not merged any further.
///
/// A merge holds much of its segments in memory at once: in a 1M-article
/// ingest the default policy merged eight flushed segments (about 370,000
/// entries each, what the writer's budget holds) into one, and the
/// process's peak went from 1.2 to 2.6 GiB while it ran. Segments the size
/// the budget flushes are left as they are (an index of 1M articles then
/// has about 16), while the small segments of small commits (uploads, a
/// server catching up) still merge, so they do not pile up.
const MERGE_MAX_DOCS: usize = 200_000;

fn merge_policy() -> tantivy::merge_policy::LogMergePolicy {
    let mut p = tantivy::merge_policy::LogMergePolicy::default();
    p.set_max_docs_before_merge(MERGE_MAX_DOCS);
    p
}

impl SearchIndex {
    /// Open the index at `dir`, creating it if needed. An index of another
    /// format (or one that cannot be opened) is replaced by an empty one,
    /// which [`sync`](Self::sync) then fills from the store.
    pub fn open(dir: &Path, partners: Partners) -> Result<SearchIndex> {
        let shown = dir.display().to_string();
        let io = |source| SearchError::Io {
            path: shown.clone(),
            source,
        };
        let tv = |source| SearchError::Index {
            path: shown.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema();
        let index = match Index::open_in_dir(dir) {
            Ok(ix) if ix.schema() == schema && read_payload(&ix).format == INDEX_FORMAT => ix,
            _ if dir.join("meta.json").exists() => {
                tracing::warn!(index = %shown, "search index of another format: starting a new one");
                std::fs::remove_dir_all(dir).map_err(io)?;
                std::fs::create_dir_all(dir).map_err(io)?;
                Index::create_in_dir(dir, schema).map_err(tv)?
            }
            _ => Index::create_in_dir(dir, schema).map_err(tv)?,
        };
        for (name, a) in analyzer::analyzers() {
            index.tokenizers().register(name, a);
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tv)?;
        let payload = read_payload(&index);
        Ok(SearchIndex {
            index,
            reader,
            writer: None,
            fields,
            path: dir.to_path_buf(),
            partners,
            pending: HashSet::new(),
            payload,
        })
    }

    /// The index directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: tantivy::TantivyError) -> SearchError {
        SearchError::Index {
            path: self.path.display().to_string(),
            source,
        }
    }

    fn writer(&mut self) -> Result<&mut IndexWriter<TantivyDocument>> {
        if self.writer.is_none() {
            let w = self
                .index
                .writer_with_num_threads(1, WRITER_BUDGET)
                .map_err(|e| match e {
                    tantivy::TantivyError::LockFailure(..) => {
                        SearchError::Busy(self.path.display().to_string())
                    }
                    e => self.err(e),
                })?;
            w.set_merge_policy(Box::new(merge_policy()));
            // What other processes committed before we took the lock (no
            // one can commit while we hold it): `add` asks the reader
            // whether an id is indexed already.
            self.reader.reload().map_err(|e| self.err(e))?;
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer just opened"))
    }

    /// Add one stored document (replacing any entry with its id). Seen by
    /// searches after the next [`commit`](Self::commit).
    pub fn add(&mut self, d: &IndexDoc) -> Result<()> {
        let f = self.fields;
        let docs = self.entries(d);
        let id = Term::from_field_text(f.id, d.id);
        // The writer first: taking it brings the reader up to date.
        self.writer()?;
        // Replace only what may be there: tantivy keeps every delete until
        // the next commit as a query of its own (about a kilobyte each), so
        // deleting each new document's id before adding it made a
        // million-article ingest hold a gigabyte of deletes that matched
        // nothing.
        let present = self.pending.contains(d.id)
            || self
                .reader
                .searcher()
                .doc_freq(&id)
                .map_err(|e| self.err(e))?
                > 0;
        let w = self.writer()?;
        if present {
            w.delete_term(id);
        }
        for doc in docs {
            w.add_document(doc).map_err(|e| SearchError::Index {
                path: String::new(),
                source: e,
            })?;
        }
        self.pending.insert(d.id.to_string());
        Ok(())
    }

    fn entries(&self, d: &IndexDoc) -> Vec<TantivyDocument> {
        let f = self.fields;
        let english = d.lang == Some("en");
        let day = d.published.as_deref().and_then(day_number);
        let mut partners: Vec<&str> = d
            .entities
            .iter()
            .filter_map(|e| self.partners.get(e).map(String::as_str))
            .collect();
        partners.sort_unstable();
        partners.dedup();
        let common = |doc: &mut TantivyDocument| {
            doc.add_text(f.id, d.id);
            if let Some(l) = d.lang {
                doc.add_text(f.lang, l);
            }
            if let Some(day) = day {
                doc.add_u64(f.day, day);
            }
            for e in &d.entities {
                doc.add_text(f.entity, e);
            }
            if d.duplicate {
                doc.add_text(f.dup, "1");
            }
        };
        let mut out = Vec::new();
        let mut doc = TantivyDocument::default();
        common(&mut doc);
        doc.add_text(f.kind_of, "doc");
        doc.add_text(f.exact, d.text);
        doc.add_text(f.folded, d.text);
        if english {
            doc.add_text(f.stem, d.text);
        }
        if let Some(t) = d.title {
            doc.add_text(f.title, t);
        }
        if let Some(day) = day {
            doc.add_facet(f.facet, format!("/year/{}", day / 10_000).as_str());
        }
        doc.add_facet(
            f.facet,
            format!("/lang/{}", d.lang.unwrap_or("unknown")).as_str(),
        );
        for p in &partners {
            doc.add_facet(f.facet, format!("/partner/{p}").as_str());
        }
        for e in &d.entities {
            doc.add_facet(f.facet, format!("/entity/{e}").as_str());
        }
        out.push(doc);

        // One entry per sentence that holds facts.
        let sents = hoptac_text::sentences(d.text);
        let mut by_sentence: BTreeMap<(usize, usize), Vec<&Fact>> = BTreeMap::new();
        for fact in d.facts {
            let s = sents
                .get(fact.sentence)
                .filter(|s| s.contains(fact.span))
                .or_else(|| sents.iter().find(|s| s.contains(fact.span)))
                .map_or((fact.span.start(), fact.span.end()), |s| {
                    (s.start(), s.end())
                });
            by_sentence.entry(s).or_default().push(fact);
        }
        for ((start, end), facts) in by_sentence {
            let text = &d.text[start..end];
            let mut doc = TantivyDocument::default();
            common(&mut doc);
            doc.add_text(f.kind_of, "sent");
            doc.add_text(f.s_exact, text);
            doc.add_text(f.s_folded, text);
            if english {
                doc.add_text(f.s_stem, text);
            }
            let mut kinds: Vec<&str> = facts.iter().map(|x| x.kind()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            for k in kinds {
                doc.add_text(f.fact_kind, k);
            }
            doc.add_u64(f.start, start as u64);
            doc.add_text(f.sentence, text);
            doc.add_text(
                f.facts,
                serde_json::to_string(&facts).unwrap_or_else(|_| "[]".into()),
            );
            out.push(doc);
        }
        out
    }

    /// Make everything added visible, and remember that the store is
    /// indexed up to `seq`.
    fn commit_at(&mut self, seq: i64, first: Option<String>) -> Result<()> {
        self.payload = Payload {
            format: INDEX_FORMAT,
            seq,
            first,
        };
        let payload = serde_json::to_string(&self.payload).unwrap_or_default();
        let path = self.path.display().to_string();
        let tv = |source| SearchError::Index {
            path: path.clone(),
            source,
        };
        let w = self.writer()?;
        let mut pc = w.prepare_commit().map_err(tv)?;
        pc.set_payload(&payload);
        pc.commit().map_err(tv)?;
        self.pending.clear();
        self.reader.reload().map_err(tv)?;
        Ok(())
    }

    /// Number of stored documents the index holds (near-duplicates included).
    pub fn documents(&self) -> Result<u64> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind_of, "doc"),
            IndexRecordOption::Basic,
        );
        let n = self
            .reader
            .searcher()
            .search(&q, &Count)
            .map_err(|e| self.err(e))?;
        Ok(n as u64)
    }

    /// Bring the index level with the store: add what the store has beyond
    /// the index's mark (skipping what this process already added), commit,
    /// then check the counts; a store that is not the one indexed, or
    /// counts that still differ, lead to a rebuild. Call it before a search
    /// and at the end of an ingest.
    pub async fn sync(&mut self, store: &Store) -> Result<SyncReport> {
        let first = store.first_document_id().await?;
        if self.payload.format == INDEX_FORMAT
            && self.payload.first.is_some()
            && self.payload.first != first
        {
            return self
                .rebuild(store, "the store is not the one indexed")
                .await;
        }
        let after = store.document_seqs_after(self.payload.seq).await?;
        let mut todo: Vec<String> = Vec::new();
        let mut last = self.payload.seq;
        for (seq, id) in after {
            last = last.max(seq);
            if !self.pending.contains(&id) {
                todo.push(id);
            }
        }
        let mut added = 0;
        for chunk in todo.chunks(2000) {
            for d in store.feed_documents(chunk).await? {
                self.add(&IndexDoc::from(&d))?;
                added += 1;
            }
        }
        if added > 0
            || !self.pending.is_empty()
            || last != self.payload.seq
            || self.payload.first != first
        {
            self.commit_at(last, first.clone())?;
        }
        let stored = store.document_count().await? as u64;
        let indexed = self.documents()?;
        if stored != indexed {
            return self
                .rebuild(
                    store,
                    &format!("the store holds {stored} documents, the index {indexed}"),
                )
                .await;
        }
        Ok(SyncReport {
            added,
            rebuilt: None,
            documents: indexed,
        })
    }

    /// Empty the index and fill it again from the store.
    pub async fn rebuild(&mut self, store: &Store, why: &str) -> Result<SyncReport> {
        tracing::warn!(index = %self.path.display(), why, "rebuilding the search index from the store");
        let path = self.path.display().to_string();
        let w = self.writer()?;
        w.delete_all_documents()
            .map_err(|source| SearchError::Index {
                path: path.clone(),
                source,
            })?;
        self.pending.clear();
        let first = store.first_document_id().await?;
        let all = store.document_seqs_after(0).await?;
        let last = all.last().map_or(0, |(s, _)| *s);
        let ids: Vec<String> = all.into_iter().map(|(_, id)| id).collect();
        let mut added = 0;
        for chunk in ids.chunks(2000) {
            for d in store.feed_documents(chunk).await? {
                self.add(&IndexDoc::from(&d))?;
                added += 1;
            }
        }
        self.commit_at(last, first)?;
        Ok(SyncReport {
            added,
            rebuilt: Some(why.to_string()),
            documents: self.documents()?,
        })
    }

    /// Size of the index directory in bytes.
    pub fn size_on_disk(&self) -> u64 {
        fn walk(p: &Path) -> u64 {
            std::fs::read_dir(p)
                .map(|rd| {
                    rd.flatten()
                        .map(|e| match e.metadata() {
                            Ok(m) if m.is_dir() => walk(&e.path()),
                            Ok(m) => m.len(),
                            Err(_) => 0,
                        })
                        .sum()
                })
                .unwrap_or(0)
        }
        walk(&self.path)
    }

    /// Let go of the writer (after its merges), so another process (an
    /// `hoptac ingest` beside a running server) may write the index; the
    /// next [`sync`](Self::sync) that has something to add opens it again.
    pub fn release_writer(&mut self) -> Result<()> {
        if let Some(w) = self.writer.take() {
            w.wait_merging_threads().map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Wait for background merges to finish and release the writer lock.
    pub fn close(mut self) -> Result<()> {
        if let Some(w) = self.writer.take() {
            w.wait_merging_threads().map_err(|e| self.err(e))?;
        }
        Ok(())
    }
}

fn read_payload(index: &Index) -> Payload {
    index
        .load_metas()
        .ok()
        .and_then(|m| m.payload)
        .and_then(|p| serde_json::from_str(&p).ok())
        .unwrap_or_default()
}

/// "2025-10-26" → 20251026.
pub(crate) fn day_number(s: &str) -> Option<u64> {
    let d = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day_of(d))
}

pub(crate) fn day_of(d: chrono::NaiveDate) -> u64 {
    use chrono::Datelike;
    d.year().max(0) as u64 * 10_000 + d.month() as u64 * 100 + d.day() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_lives_beside_a_sqlite_store_and_under_the_data_dir_for_postgres() {
        let data = Path::new("/home/u/.local/share/hoptac");
        assert_eq!(
            index_dir("/tmp/s.db", data),
            PathBuf::from("/tmp/s.db.index")
        );
        assert_eq!(
            index_dir("sqlite:///tmp/s.db?mode=rwc", data),
            PathBuf::from("/tmp/s.db.index")
        );
        let a = index_dir("postgres://u:secret@h/db", data);
        let b = index_dir("postgres://u:other@h/db", data);
        assert_eq!(a, b, "the password does not change the index");
        assert!(a.starts_with(data.join("index")));
        assert_ne!(a, index_dir("postgres://u@h/db2", data));
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("2025-10-26"), Some(20251026));
        assert_eq!(day_number("2025-10-26T08:00:00Z"), Some(20251026));
        assert_eq!(day_number("26/10/2025"), None);
    }
}
