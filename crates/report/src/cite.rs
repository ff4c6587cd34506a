//! Footnotes: every number and claim of a report points at a [`Source`].
//! A document source is checked against the stored text when it is made
//! (the span must slice it), and carries the sentence around the span so
//! a reader sees the words without opening the store.

use crate::model::Source;
use crate::{ReportError, Result};
use hoptac_store::Store;
use hoptac_text::Span;
use std::collections::HashMap;

/// The list of sources of one report, numbered in order of first citation.
pub struct Citer<'a> {
    store: &'a Store,
    texts: HashMap<String, DocText>,
    sources: Vec<Source>,
    index: HashMap<String, usize>,
}

struct DocText {
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    origin: String,
    text: String,
    sentences: Vec<Span>,
}

impl<'a> Citer<'a> {
    /// An empty list over `store`.
    pub fn new(store: &'a Store) -> Citer<'a> {
        Citer {
            store,
            texts: HashMap::new(),
            sources: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Cite `doc[span]`; the same span cited twice is one footnote.
    pub async fn doc(&mut self, doc: &str, span: Span) -> Result<usize> {
        let key = format!("d:{doc}:{}:{}", span.start(), span.end());
        if let Some(n) = self.index.get(&key) {
            return Ok(*n);
        }
        if !self.texts.contains_key(doc) {
            let d = self.store.document(doc).await?;
            let sentences = hoptac_text::sentences(&d.text);
            self.texts.insert(
                doc.to_string(),
                DocText {
                    title: d.summary.title,
                    published: d.summary.published,
                    url: d.summary.url,
                    origin: d.summary.source,
                    text: d.text,
                    sentences,
                },
            );
        }
        let d = &self.texts[doc];
        let quote = span.slice(&d.text).ok_or_else(|| {
            ReportError::Source(format!(
                "span {}-{} does not slice document {doc} ({} bytes)",
                span.start(),
                span.end(),
                d.text.len()
            ))
        })?;
        // The sentences that hold the span (a span may cross a boundary).
        let cover = d
            .sentences
            .iter()
            .filter(|s| s.start() < span.end().max(span.start() + 1) && s.end() > span.start())
            .fold(None, |acc: Option<Span>, s| {
                Some(acc.map_or(*s, |a| a.cover(*s)))
            })
            .unwrap_or(span)
            .cover(span);
        let sentence = cover.slice(&d.text).unwrap_or(quote);
        let src = Source::Document {
            doc: doc.to_string(),
            title: d.title.clone(),
            published: d.published.clone(),
            url: d.url.clone(),
            origin: d.origin.clone(),
            start: span.start(),
            end: span.end(),
            quote: quote.to_string(),
            sentence: sentence.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        Ok(self.push(key, src))
    }

    /// Cite a number hoptac computed, saying how.
    pub fn derived(&mut self, text: String) -> usize {
        self.push(format!("c:{text}"), Source::Derived { text })
    }

    /// Cite a reference a person recorded.
    pub fn reference(&mut self, text: String) -> usize {
        self.push(format!("r:{text}"), Source::Reference { text })
    }

    fn push(&mut self, key: String, src: Source) -> usize {
        if let Some(n) = self.index.get(&key) {
            return *n;
        }
        self.sources.push(src);
        let n = self.sources.len();
        self.index.insert(key, n);
        n
    }

    /// The sources, numbered from 1.
    pub fn finish(self) -> Vec<Source> {
        self.sources
    }
}
