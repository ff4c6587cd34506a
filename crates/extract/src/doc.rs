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
    /// Folded range of each sentence, computed once (extractors ask for
    /// it at every candidate).
    sentences_folded: Vec<(usize, usize)>,
    /// Language.
    pub lang: Lang,
    /// Where a page mixes languages: `(start byte, language)` runs of
    /// paragraphs (see [`hoptac_text::paragraph_langs`]); empty otherwise.
    pub lang_runs: Vec<(usize, Lang)>,
    /// Publication date, for dates written without a year.
    pub published: Option<NaiveDate>,
    /// Gazetteer hits, left to right.
    pub hits: Vec<Hit>,
    /// Folded ranges of digits lying close together (at most
    /// [`DIGIT_GAP`] bytes apart), left to right: where number patterns
    /// are looked for (see [`Doc::number_matches`]).
    pub digit_runs: Vec<(usize, usize)>,
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
        let digit_runs = digit_runs(folded.as_str().as_bytes());
        let sentences_folded = sentences
            .iter()
            .map(|s| (folded.from_raw(s.start()), folded.from_raw(s.end())))
            .collect();
        Doc {
            raw,
            folded,
            sentences,
            sentences_folded,
            lang,
            lang_runs: Vec::new(),
            published,
            hits,
            digit_runs,
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
        match self.sentences_folded.get(self.sentence_of(pos)) {
            // Computed in `new` from the same spans, unless an extractor
            // changed `sentences` since.
            Some(&f) if self.sentences_folded.len() == self.sentences.len() => f,
            _ => {
                let s = self.sentence_span(pos);
                (
                    self.folded.from_raw(s.start()),
                    self.folded.from_raw(s.end()),
                )
            }
        }
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

    /// Every match of `re` over the folded text, exactly as
    /// `re.captures_iter(self.ft())` finds them, for a number pattern that
    /// keeps within `reach` (every match holds a digit, starts at most
    /// `reach.before` bytes before its first digit, ends at most
    /// `reach.after` bytes after its last, and has at most [`DIGIT_GAP`]
    /// bytes between two of its digits). Only windows around the digits
    /// are searched, instead of the whole text once per pattern.
    ///
    /// Why the matches are the same: every match lies inside one window
    /// (its digits are in one run, and the reach covers the rest), windows
    /// are merged so they do not overlap, a search keeps the context before
    /// its start (so `\b` and `^` see the real text), and a window ends
    /// before a byte that is not a word byte, so a `\b` at its end sees what
    /// it would in the whole text. Tests check it pattern by pattern.
    pub fn number_matches<'r>(
        &'r self,
        re: &'r Regex,
        reach: Reach,
    ) -> impl Iterator<Item = regex::Captures<'r>> + 'r {
        let ft = self.ft();
        number_windows(ft, &self.digit_runs, reach)
            .into_iter()
            .flat_map(move |(s, e)| {
                let hay = &ft[..e];
                let mut pos = Some(s);
                std::iter::from_fn(move || {
                    // Most windows hold no match: look without captures first
                    // (no allocation), then capture from where the match starts.
                    let found = re.find_at(hay, pos?)?;
                    let c = re.captures_at(hay, found.start())?;
                    let m = c.get(0).expect("group 0");
                    // No number pattern matches the empty string; stop rather than loop.
                    pos = (m.end() > m.start()).then_some(m.end());
                    Some(c)
                })
            })
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

/// The most bytes between two digits of one number pattern: "26 september,
/// 2025" has 13.
pub const DIGIT_GAP: usize = 16;

/// How far a number pattern reaches around its digits, in folded bytes
/// (see [`Doc::number_matches`]).
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    /// Most bytes from the start of a match to its first digit.
    pub before: usize,
    /// Most bytes from its last digit to its end.
    pub after: usize,
}

/// Runs of ASCII digits, joined when at most [`DIGIT_GAP`] bytes apart.
fn digit_runs(ft: &[u8]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(k) = ft[i..].iter().position(u8::is_ascii_digit) {
        let s = i + k;
        let mut e = s + 1;
        while e < ft.len() && ft[e].is_ascii_digit() {
            e += 1;
        }
        match out.last_mut() {
            Some(last) if s - last.1 <= DIGIT_GAP => last.1 = e,
            _ => out.push((s, e)),
        }
        i = e;
    }
    out
}

/// The windows to search for a pattern of this reach: each digit run
/// widened by the reach, on character boundaries, the end moved past any
/// word byte (so the window never ends inside a word), overlaps merged.
fn number_windows(ft: &str, runs: &[(usize, usize)], reach: Reach) -> Vec<(usize, usize)> {
    let fb = ft.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for &(s, e) in runs {
        let mut ws = s.saturating_sub(reach.before);
        while !ft.is_char_boundary(ws) {
            ws -= 1;
        }
        let mut we = (e + reach.after).min(fb.len());
        while !ft.is_char_boundary(we) {
            we += 1;
        }
        while we < fb.len() && (fb[we].is_ascii_alphanumeric() || fb[we] == b'_') {
            we += 1;
        }
        match out.last_mut() {
            Some(last) if ws <= last.1 => last.1 = last.1.max(we),
            _ => out.push((ws, we)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Groups = Vec<Vec<Option<(usize, usize)>>>;

    fn groups<'h>(it: impl Iterator<Item = regex::Captures<'h>>) -> Groups {
        it.map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    /// For every number pattern, the windowed search finds what a search
    /// of the whole folded text finds, group by group.
    fn check_windows_agree(raw: &str) -> Result<(), TestCaseError> {
        let gaz = Gazetteer::default();
        let doc = Doc::new(raw, Lang::Vi, None, &gaz);
        let patterns = crate::figures::number_patterns()
            .into_iter()
            .chain(crate::dates::number_patterns());
        for (re, reach) in patterns {
            let whole = groups(re.captures_iter(doc.ft()));
            let windowed = groups(doc.number_matches(re, reach));
            prop_assert_eq!(windowed, whole, "{} in {:?}", re.as_str(), doc.ft());
        }
        Ok(())
    }

    #[test]
    fn windowed_number_search_agrees_on_the_samples() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
        let mut n = 0;
        for e in std::fs::read_dir(dir).expect("data/samples") {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            check_windows_agree(&text).unwrap();
            n += 1;
        }
        assert!(n > 5);
    }

    fn numbery() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "1",
            "26",
            "10",
            "2024",
            "2030",
            "236",
            "1.200",
            "17,5",
            "3.0",
            "/",
            " / ",
            " ",
            " ",
            ", ",
            ".",
            "-",
            " - ",
            " to ",
            "(",
            ")",
            "%",
            "\n",
            "Hà Nội, ",
            "ngày ",
            "chiều ",
            "tháng ",
            " năm ",
            "năm ",
            "giai đoạn ",
            "hơn ",
            "sau hơn ",
            "khoảng ",
            "lên tới ",
            " tỷ",
            " nghìn tỷ",
            " triệu",
            " USD",
            " đồng",
            " đô la Mỹ",
            " phần trăm",
            " dòng hành động",
            " quốc gia thành viên",
            " năm thiết lập quan hệ",
            "approximately ",
            "more than ",
            "US$",
            "$",
            "€",
            " billion",
            " thousand",
            " US dollars",
            " per cent",
            " years of",
            " years since",
            " out of ",
            " of the ",
            " of ",
            "October",
            "Sept.",
            "september",
            " in ",
            "since ",
            "th",
            "st",
            "x",
            "a1",
            "_",
            "日本",
            "Việt",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn windowed_number_search_agrees_everywhere(raw in numbery(), any in any::<String>()) {
            check_windows_agree(&raw)?;
            check_windows_agree(&any)?;
        }
    }
}
