//! Snippets: the best sentence of a text for a query, with the matched
//! words marked by byte spans into the stored text.

use crate::analyzer::{self, Mode};
use hoptac_text::Span;
use std::collections::HashSet;
use tantivy::tokenizer::TextAnalyzer;

/// A passage of a stored text with the words that matched.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Snippet {
    /// Where the passage is in the stored text.
    pub span: Span,
    /// The passage (exactly `span` of the stored text).
    pub text: String,
    /// The matched words, as spans into the stored text (inside `span`).
    pub highlights: Vec<Span>,
}

impl Snippet {
    /// The passage with every highlight wrapped in `open`/`close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8);
        let base = self.span.start();
        let mut at = 0;
        for h in &self.highlights {
            let (s, e) = (h.start() - base, h.end() - base);
            out.push_str(&self.text[at..s]);
            out.push_str(open);
            out.push_str(&self.text[s..e]);
            out.push_str(close);
            at = e;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// What a query's words look like under the folded and stemmed analyzers.
#[derive(Clone)]
pub struct Highlighter {
    folded: HashSet<String>,
    stems: HashSet<String>,
    stemmer: TextAnalyzer,
}

/// A snippet is at most about this many bytes (cut at word boundaries).
const MAX_SNIPPET: usize = 320;

impl Highlighter {
    /// The highlighter of a query text.
    pub fn new(query: &str) -> Highlighter {
        let mut stemmer = analyzer::analyzers()[2].1.clone();
        let folded = analyzer::analyze(query, Mode::Folded)
            .into_iter()
            .map(|t| t.text)
            .collect();
        let stems = analyzer::terms_of(&mut stemmer, query)
            .into_iter()
            .map(|t| t.2)
            .collect();
        Highlighter {
            folded,
            stems,
            stemmer,
        }
    }

    /// Spans (relative to `text`) of the words that match the query.
    pub fn matches(&mut self, text: &str, english: bool) -> Vec<Span> {
        let folded = analyzer::analyze(text, Mode::Folded);
        let stems = if english {
            analyzer::terms_of(&mut self.stemmer, text)
        } else {
            vec![]
        };
        folded
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                self.folded.contains(&t.text)
                    || stems
                        .get(*i)
                        .is_some_and(|s| s.0 == t.offset_from && self.stems.contains(&s.2))
            })
            .map(|(_, t)| Span::new(t.offset_from, t.offset_to))
            .collect()
    }

    /// The best passage of `text` (a stored text, or a sentence of one
    /// starting at `base` in it): the sentence with the most distinct query
    /// words, clipped around its first match. `None` if nothing matches.
    pub fn snippet(&mut self, text: &str, base: usize, english: bool) -> Option<Snippet> {
        let hits = self.matches(text, english);
        if hits.is_empty() {
            return None;
        }
        let sentences = hoptac_text::sentences(text);
        let best = sentences
            .iter()
            .map(|s| {
                let inside: Vec<&Span> = hits.iter().filter(|h| s.contains(**h)).collect();
                let distinct: HashSet<String> = inside
                    .iter()
                    .map(|h| hoptac_text::fold(&text[h.start()..h.end()]))
                    .collect();
                (distinct.len(), inside.len(), *s)
            })
            .filter(|x| x.1 > 0)
            // Most distinct words, then most matches, then the earliest.
            .max_by(|a, b| {
                (a.0, a.1)
                    .cmp(&(b.0, b.1))
                    .then(b.2.start().cmp(&a.2.start()))
            })
            .map(|x| x.2)
            .unwrap_or_else(|| Span::new(hits[0].start(), hits[0].end()));
        let span = clip(text, best, &hits);
        let highlights = hits
            .iter()
            .filter(|h| span.contains(**h))
            .map(|h| h.shift(base))
            .collect();
        Some(Snippet {
            span: span.shift(base),
            text: text[span.start()..span.end()].to_string(),
            highlights,
        })
    }
}

/// Cut a long sentence to about [`MAX_SNIPPET`] bytes: the window with
/// the most distinct matched words (then the most matches), started a
/// little before a match, cut at spaces, never inside a character.
fn clip(text: &str, s: Span, hits: &[Span]) -> Span {
    if s.len() <= MAX_SNIPPET {
        return s;
    }
    let inside: Vec<Span> = hits.iter().copied().filter(|h| s.contains(*h)).collect();
    let mut best = (0usize, 0usize, s.start());
    for h in &inside {
        let from = h.start().saturating_sub(MAX_SNIPPET / 4).max(s.start());
        let to = from + MAX_SNIPPET;
        let within: Vec<&Span> = inside
            .iter()
            .filter(|x| x.start() >= from && x.end() <= to)
            .collect();
        let distinct: HashSet<String> = within
            .iter()
            .map(|x| hoptac_text::fold(&text[x.start()..x.end()]))
            .collect();
        if (distinct.len(), within.len()) > (best.0, best.1) {
            best = (distinct.len(), within.len(), from);
        }
    }
    let first = inside
        .iter()
        .find(|h| h.start() >= best.2)
        .map_or(s.start(), |h| h.start());
    let mut start = best.2;
    while start > s.start() && !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > s.start() {
        if let Some(sp) = text[start..first].find(' ') {
            start += sp + 1;
        }
    }
    let mut end = (start + MAX_SNIPPET).min(s.end());
    while end < s.end() && !text.is_char_boundary(end) {
        end += 1;
    }
    if end < s.end() {
        if let Some(sp) = text[start..end].rfind(' ') {
            if start + sp > first {
                end = start + sp;
            }
        }
    }
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_query_marks_the_words_with_diacritics() {
        let text = "Mở đầu bài viết. Hai bên cam kết giảm phát thải ròng về 0. Kết thúc.";
        let mut h = Highlighter::new("phat thai rong");
        let s = h.snippet(text, 100, false).unwrap();
        assert_eq!(s.text, "Hai bên cam kết giảm phát thải ròng về 0.");
        assert_eq!(
            s.marked("[", "]"),
            "Hai bên cam kết giảm [phát] [thải] [ròng] về 0."
        );
        let words: Vec<&str> = s
            .highlights
            .iter()
            .map(|h| &text[h.start() - 100..h.end() - 100])
            .collect();
        assert_eq!(words, vec!["phát", "thải", "ròng"]);
        assert_eq!(s.span.start() - 100, text.find("Hai").unwrap());
    }

    #[test]
    fn english_stems_match() {
        let mut h = Highlighter::new("cooperate");
        let s = h.snippet("Deeper cooperation on energy.", 0, true).unwrap();
        assert_eq!(s.marked("[", "]"), "Deeper [cooperation] on energy.");
    }

    #[test]
    fn long_sentences_are_clipped_on_char_boundaries() {
        let text =
            "Đây là một câu rất dài ".repeat(40) + "về Nhật Bản và " + &"thêm chữ ".repeat(40);
        let mut h = Highlighter::new("nhat ban");
        let s = h.snippet(&text, 0, false).unwrap();
        assert!(s.text.len() <= MAX_SNIPPET + 8);
        assert_eq!(&text[s.span.start()..s.span.end()], s.text);
        assert_eq!(s.highlights.len(), 2);
    }
}
