//! Language identification, Vietnamese or English, for news text.
//!
//! Two signals: the share of letters that only Vietnamese uses (ă â đ ê ô
//! ơ ư and the tone-marked vowels), and, for text typed without
//! diacritics, counts of very common function words in each language.

use crate::fold::fold;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language hoptac reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vie" | "vietnamese" => Ok(Lang::Vi),
            "en" | "eng" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?} (expected vi or en)")),
        }
    }
}

const EN_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "on", "for", "with", "that", "was", "by", "its", "as",
    "at", "from", "said", "will", "be", "has", "have", "are", "an", "which",
];
const VI_WORDS: &[&str] = &[
    "cua", "va", "cac", "nhung", "duoc", "trong", "voi", "cho", "la", "co", "da", "nay", "mot",
    "hop", "tac", "nguoi", "khong", "cung", "ve", "tai", "nhat", "nuoc", "hai", "ben", "thu",
];

/// Detect the language of `text`; `None` when it has too few letters to say.
pub fn detect(text: &str) -> Option<Lang> {
    // A sample is enough and keeps this cheap on long documents.
    let sample = match text.char_indices().nth(20_000) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let mut letters = 0usize;
    let mut vi_letters = 0usize;
    for c in sample.chars() {
        // Cheapest test first: ASCII, then the Vietnamese letters (all of
        // them alphabetic), then the Unicode tables.
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
        } else if is_vietnamese_letter(c) {
            letters += 1;
            vi_letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if letters < 3 {
        return None;
    }
    if vi_letters * 100 >= letters * 12 {
        return Some(Lang::Vi);
    }
    let folded = fold(sample);
    let (mut en, mut vi) = (0usize, 0usize);
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if EN_WORDS.contains(&w) {
            en += 1;
        }
        if VI_WORDS.contains(&w) {
            vi += 1;
        }
    }
    if en == 0 && vi == 0 {
        return if vi_letters > 0 { Some(Lang::Vi) } else { None };
    }
    Some(if vi > en { Lang::Vi } else { Lang::En })
}

/// Letters found in Vietnamese and (almost) never in English text.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'â'
            | 'đ'
            | 'ê'
            | 'ô'
            | 'ơ'
            | 'ư'
            | 'Ă'
            | 'Â'
            | 'Đ'
            | 'Ê'
            | 'Ô'
            | 'Ơ'
            | 'Ư'
            | 'à'
            | 'á'
            | 'ả'
            | 'ã'
            | 'ạ'
            | 'è'
            | 'é'
            | 'ẻ'
            | 'ẽ'
            | 'ẹ'
            | 'ì'
            | 'í'
            | 'ỉ'
            | 'ĩ'
            | 'ị'
            | 'ò'
            | 'ó'
            | 'ỏ'
            | 'õ'
            | 'ọ'
            | 'ù'
            | 'ú'
            | 'ủ'
            | 'ũ'
            | 'ụ'
            | 'ỳ'
            | 'ý'
            | 'ỷ'
            | 'ỹ'
            | 'ỵ'
            | 'À'
            | 'Á'
            | 'Ả'
            | 'Ã'
            | 'Ạ'
            | 'È'
            | 'É'
            | 'Ẻ'
            | 'Ẽ'
            | 'Ẹ'
            | 'Ì'
            | 'Í'
            | 'Ỉ'
            | 'Ĩ'
            | 'Ị'
            | 'Ò'
            | 'Ó'
            | 'Ỏ'
            | 'Õ'
            | 'Ọ'
            | 'Ù'
            | 'Ú'
            | 'Ủ'
            | 'Ũ'
            | 'Ụ'
            | 'Ỳ'
            | 'Ý'
            | 'Ỷ'
            | 'Ỹ'
            | 'Ỵ'
            | '\u{1EA0}'..='\u{1EF9}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_are_non_ascii_letters() {
        // `detect` counts them as letters without asking the Unicode tables.
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            if is_vietnamese_letter(c) {
                assert!(c.is_alphabetic() && !c.is_ascii(), "{c:?}");
            }
        }
    }

    #[test]
    fn detects() {
        assert_eq!(
            detect("Thủ tướng Phạm Minh Chính dự Hội nghị Cấp cao ASEAN - Nhật Bản"),
            Some(Lang::Vi)
        );
        assert_eq!(detect("Prime Minister Pham Minh Chinh attended the 28th ASEAN-Japan Summit in Kuala Lumpur."), Some(Lang::En));
        assert_eq!(
            detect("nhat ban ho tro cac nuoc ASEAN trong hop tac"),
            Some(Lang::Vi)
        );
        assert_eq!(detect("123 456"), None);
    }

    #[test]
    fn english_with_vietnamese_names_is_english() {
        let t = "Deputy Foreign Minister Đỗ Hùng Việt said that the forum was a success for the region and its people.";
        assert_eq!(detect(t), Some(Lang::En));
    }
}
