//! Tokens with byte spans: syllables and words, numbers, punctuation.
//!
//! Vietnamese is written one syllable per space-separated unit, so a
//! "word" token here is a syllable in Vietnamese and a word in English;
//! multi-syllable words are found later by the gazetteer. Numbers keep
//! their inner separators ("236,6", "1.200", "26/10", "3.0"). Every
//! non-space character is in exactly one token, so tokens and the white
//! space between them rebuild the text.

use crate::Span;
use unicode_normalization::char::is_combining_mark;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with their marks), possibly with digits: "Việt", "G20".
    Word,
    /// Digits with inner `.`, `,` or `/` between digits.
    Number,
    /// Any other single non-space character.
    Punct,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the raw text.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
}

/// Does `c` continue a word: a letter or digit, or a combining mark.
/// The same as `c.is_alphanumeric() || is_combining_mark(c)`, answered
/// without the Unicode tables for ASCII and for the Latin letters
/// Vietnamese is written in (every syllable's letters go through here).
#[inline]
fn continues_word(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        0xd7 | 0xf7 => false,
        0xc0..=0x24f | 0x1e00..=0x1eff => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Tokenise `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            let mut has_letter = false;
            while let Some(&(k, d)) = chars.peek() {
                let inner_sep = matches!(d, '.' | ',' | '/')
                    && text[k + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_ascii_digit());
                if d.is_ascii_digit() || inner_sep {
                    end = k + d.len_utf8();
                    chars.next();
                } else if d.is_alphabetic() || is_combining_mark(d) {
                    has_letter = true;
                    end = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if has_letter {
                TokenKind::Word
            } else {
                TokenKind::Number
            }
        } else if c.is_alphanumeric() {
            while let Some(&(k, d)) = chars.peek() {
                if continues_word(d) {
                    end = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            TokenKind::Word
        } else {
            // A lone mark after a space still travels with its punctuation.
            while let Some(&(k, d)) = chars.peek() {
                if is_combining_mark(d) {
                    end = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            TokenKind::Punct
        };
        out.push(Token {
            span: Span::new(i, end),
            kind,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_word_test_is_the_unicode_one() {
        for c in (0..=0x2fffu32)
            .chain(0x1e00..=0x1fff)
            .filter_map(char::from_u32)
        {
            assert_eq!(
                continues_word(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    fn show(t: &str) -> Vec<&str> {
        tokens(t).iter().map(|k| k.span.slice(t).unwrap()).collect()
    }

    #[test]
    fn numbers_keep_separators() {
        assert_eq!(
            show("đạt 236,6 tỷ USD."),
            vec!["đạt", "236,6", "tỷ", "USD", "."]
        );
        assert_eq!(
            show("ngày 26/10, 1.200"),
            vec!["ngày", "26/10", ",", "1.200"]
        );
        assert_eq!(show("(JAIF 3.0)"), vec!["(", "JAIF", "3.0", ")"]);
    }

    #[test]
    fn kinds() {
        let t = "G20 họp 2024 !";
        let k: Vec<TokenKind> = tokens(t).iter().map(|x| x.kind).collect();
        assert_eq!(
            k,
            vec![
                TokenKind::Word,
                TokenKind::Word,
                TokenKind::Number,
                TokenKind::Punct
            ]
        );
    }
}
