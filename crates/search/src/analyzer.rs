//! The Vietnamese-aware analyzers, as tantivy tokenizers.
//!
//! Both cut the text with [`hoptac_text::tokens`] (a syllable in
//! Vietnamese, a word in English, numbers with their inner separators kept)
//! and keep only word and number tokens. Offsets are byte offsets into the
//! text given, so highlights index the stored text exactly.
//!
//! - `hoptac_exact`: lower case, NFC, one tone placement
//!   ([`hoptac_text::normalize_vietnamese`]: "hoà" = "hòa"); diacritics kept.
//! - `hoptac_folded`: lower case, no diacritics, đ→d
//!   ([`hoptac_text::fold`]): "nhat ban" = "Nhật Bản" = "NHẬT BẢN".
//! - `hoptac_stem`: the folded tokens through the English Snowball
//!   stemmer; only English documents are indexed with it.
//!
//! NFC comes first on purpose: an NFD "Nhật" must not break into pieces at
//! its combining marks (the pitfall of tantivy's own `SimpleTokenizer`).
//! `hoptac_text::tokens` already keeps marks with their letter.

use hoptac_text::{tokens, TokenKind};
use tantivy::tokenizer::{Language, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer};

/// Tokenizer names registered on the index.
pub const EXACT: &str = "hoptac_exact";
/// See [`EXACT`].
pub const FOLDED: &str = "hoptac_folded";
/// See [`EXACT`].
pub const STEM: &str = "hoptac_stem";

/// Which key a token gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Diacritics kept, tone placement unified.
    Exact,
    /// Diacritics removed, đ→d.
    Folded,
}

/// The term of one token under `mode`.
pub fn term(token: &str, mode: Mode) -> String {
    if token.is_ascii() {
        return token.to_ascii_lowercase();
    }
    match mode {
        Mode::Exact => hoptac_text::normalize_vietnamese(token).to_lowercase(),
        // `fold` also drops quotes and joins dashes, which word tokens do not have.
        Mode::Folded => hoptac_text::fold(token),
    }
}

/// The word and number tokens of `text` with their terms under `mode`.
pub fn analyze(text: &str, mode: Mode) -> Vec<Token> {
    let mut out = Vec::new();
    for t in tokens(text) {
        if t.kind == TokenKind::Punct {
            continue;
        }
        let s = &text[t.span.start()..t.span.end()];
        let key = term(s, mode);
        if key.is_empty() {
            continue;
        }
        out.push(Token {
            offset_from: t.span.start(),
            offset_to: t.span.end(),
            position: out.len(),
            text: key,
            position_length: 1,
        });
    }
    out
}

/// A tantivy tokenizer over [`analyze`].
#[derive(Clone, Debug)]
pub struct VietTokenizer(pub Mode);

/// The tokens of one text, handed out one by one.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream {
            tokens: analyze(text, self.0),
            next: 0,
        }
    }
}

/// The three analyzers, by name.
pub fn analyzers() -> [(&'static str, TextAnalyzer); 3] {
    [
        (EXACT, TextAnalyzer::from(VietTokenizer(Mode::Exact))),
        (FOLDED, TextAnalyzer::from(VietTokenizer(Mode::Folded))),
        (
            STEM,
            TextAnalyzer::builder(VietTokenizer(Mode::Folded))
                .filter(Stemmer::new(Language::English))
                .build(),
        ),
    ]
}

/// The terms `analyzer` gives for `text`, with their byte spans.
pub fn terms_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut ts = analyzer.token_stream(text);
    while ts.advance() {
        let t = ts.token();
        out.push((t.offset_from, t.offset_to, t.text.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, mode: Mode) -> Vec<String> {
        analyze(text, mode).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folded_drops_marks_and_stroke() {
        assert_eq!(
            keys("Nhật Bản, Biển Đông: ĐỖ Hùng Việt", Mode::Folded),
            vec!["nhat", "ban", "bien", "dong", "do", "hung", "viet"]
        );
    }

    #[test]
    fn exact_keeps_marks_but_unifies_tone_placement() {
        assert_eq!(keys("Hoà bình", Mode::Exact), keys("hòa BÌNH", Mode::Exact));
        assert_eq!(keys("thuỷ", Mode::Exact), keys("thủy", Mode::Exact));
        assert_ne!(keys("Nhật", Mode::Exact), keys("Nhất", Mode::Exact));
        assert_eq!(keys("Nhật", Mode::Exact), vec!["nhật"]);
    }

    #[test]
    fn nfd_input_stays_one_token_per_syllable() {
        let nfd: String = {
            use unicode_normalization::UnicodeNormalization;
            "Nhật Bản".nfd().collect()
        };
        assert_eq!(keys(&nfd, Mode::Folded), vec!["nhat", "ban"]);
        assert_eq!(keys(&nfd, Mode::Exact), vec!["nhật", "bản"]);
    }

    #[test]
    fn offsets_slice_the_text_given() {
        let t = "Kim ngạch đạt 236,6 tỷ USD (năm 2024).";
        for tok in analyze(t, Mode::Folded) {
            assert!(t.is_char_boundary(tok.offset_from) && t.is_char_boundary(tok.offset_to));
        }
        let spans: Vec<&str> = analyze(t, Mode::Folded)
            .iter()
            .map(|k| &t[k.offset_from..k.offset_to])
            .collect();
        assert_eq!(
            spans,
            vec!["Kim", "ngạch", "đạt", "236,6", "tỷ", "USD", "năm", "2024"]
        );
    }

    #[test]
    fn stem_analyzer_stems_english() {
        let mut a = analyzers()[2].1.clone();
        let t: Vec<String> = terms_of(&mut a, "Cooperation cooperating")
            .into_iter()
            .map(|x| x.2)
            .collect();
        assert_eq!(t[0], t[1]);
    }
}
