//! The per-document context every extractor reads: raw text, its folded
//! copy with the offset map, sentences, language, date, gazetteer hits.

use crate::gazetteer::{Entry, Gazetteer, Hit};
use chrono::NaiveDate;
use hoptac_text::{Folded, Lang, Span};
use regex::Regex;

/// One document, analysed once, read by every extractor.
pub struct Doc<'a> {
    /// The text as read.
    pub raw: &'a str,
    /// Folded copy for matching.
    pub folded: Folded,
    /// Sentence spans (raw).
    pub sentences: Vec<Span>,
    /// Language.
    pub lang: Lang,
    /// Where a page mixes languages: `(start byte, language)` runs of
    /// paragraphs (see [`hoptac_text::paragraph_langs`]); empty otherwise.
    pub lang_runs: Vec<(usize, Lang)>,
    /// Publication date, for dates written without a year.
    pub published: Option<NaiveDate>,
    /// Gazetteer hits, left to right.
    pub hits: Vec<Hit>,
    /// The gazetteer.
    pub gaz: &'a Gazetteer,
}

impl<'a> Doc<'a> {
    /// Build the context.
    pub fn new(
        raw: &'a str,
        lang: Lang,
        published: Option<NaiveDate>,
        gaz: &'a Gazetteer,
    ) -> Doc<'a> {
        let folded = Folded::new(raw);
        let hits = gaz.find(raw, &folded);
        let sentences = hoptac_text::sentences(raw);
        Doc {
            raw,
            folded,
            sentences,
            lang,
            lang_runs: Vec::new(),
            published,
            hits,
            gaz,
        }
    }

    /// The folded text.
    pub fn ft(&self) -> &str {
        self.folded.as_str()
    }

    /// Raw span of a folded range.
    pub fn raw_span(&self, fs: usize, fe: usize) -> Span {
        self.folded.to_raw(fs, fe)
    }

    /// Raw text of a span.
    pub fn slice(&self, s: Span) -> &'a str {
        &self.raw[s.start()..s.end()]
    }

    /// Index of the sentence containing raw offset `pos` (the last one
    /// starting at or before it).
    pub fn sentence_of(&self, pos: usize) -> usize {
        self.sentences
            .partition_point(|s| s.start() <= pos)
            .saturating_sub(1)
    }

    /// The sentence containing raw offset `pos`, or the whole text.
    pub fn sentence_span(&self, pos: usize) -> Span {
        self.sentences
            .get(self.sentence_of(pos))
            .copied()
            .unwrap_or(Span::new(0, self.raw.len()))
    }

    /// Folded range of the sentence containing raw offset `pos`.
    pub fn sentence_folded(&self, pos: usize) -> (usize, usize) {
        let s = self.sentence_span(pos);
        (
            self.folded.from_raw(s.start()),
            self.folded.from_raw(s.end()),
        )
    }

    /// The entry of a hit.
    pub fn entry(&self, h: &Hit) -> &'a Entry {
        self.gaz.entry(h.entry)
    }

    /// Hits of the given kinds.
    pub fn hits_of<'s>(&'s self, kinds: &'s [&str]) -> impl Iterator<Item = &'s Hit> + 's {
        self.hits
            .iter()
            .filter(move |h| kinds.contains(&self.gaz.entry(h.entry).kind.as_str()))
    }

    /// The hit that starts exactly at folded offset `fs` (after skipping
    /// one space), of one of `kinds`.
    pub fn hit_at(&self, fs: usize, kinds: &[&str]) -> Option<&Hit> {
        let ft = self.ft().as_bytes();
        let at = if fs < ft.len() && ft[fs] == b' ' {
            fs + 1
        } else {
            fs
        };
        let i = self.hits.partition_point(|h| h.folded.0 < at);
        self.hits
            .get(i)
            .filter(|h| h.folded.0 == at && kinds.contains(&self.gaz.entry(h.entry).kind.as_str()))
    }

    /// The hit that ends exactly at folded offset `fe` (before one space).
    pub fn hit_ending_at(&self, fe: usize, kinds: &[&str]) -> Option<&Hit> {
        let ft = self.ft().as_bytes();
        let at = if fe > 0 && ft[fe - 1] == b' ' {
            fe - 1
        } else {
            fe
        };
        self.hits
            .iter()
            .rev()
            .find(|h| h.folded.1 == at && kinds.contains(&self.gaz.entry(h.entry).kind.as_str()))
    }

    /// Regex matches over the folded text, with raw spans.
    pub fn folded_matches<'r>(
        &'r self,
        re: &'r Regex,
    ) -> impl Iterator<Item = regex::Captures<'r>> + 'r {
        re.captures_iter(self.ft())
    }

    /// Country name in English from an ISO3 code.
    pub fn country_name(&self, iso3: &str) -> Option<&'a str> {
        self.gaz.country(iso3).map(|e| e.name_en.as_str())
    }

    /// The language of the paragraph holding raw offset `pos`: a mixed page
    /// reads each paragraph with its own language's rules.
    pub fn lang_at(&self, pos: usize) -> Lang {
        match self.lang_runs.partition_point(|&(s, _)| s <= pos) {
            0 => self.lang,
            i => self.lang_runs[i - 1].1,
        }
    }

    /// Does the page mix languages?
    pub fn is_mixed(&self) -> bool {
        self.lang_runs.len() > 1
    }

    /// ISO3 of the source's own country for the paragraph at `pos` (a
    /// Vietnamese paragraph's "Chính phủ" is Viet Nam's).
    pub fn home_country_at(&self, pos: usize) -> Option<&'static str> {
        match self.lang_at(pos) {
            Lang::Vi => Some("VNM"),
            Lang::En => None,
        }
    }

    /// ISO3 of the source's own country (a Vietnamese text's "Chính phủ").
    pub fn home_country(&self) -> Option<&'static str> {
        match self.lang {
            Lang::Vi => Some("VNM"),
            Lang::En => None,
        }
    }
}
