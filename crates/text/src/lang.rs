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

/// Paragraphs shorter than this many letters (a caption, a dateline, a
/// name) take the language of the text around them.
const MIN_PARAGRAPH_LETTERS: usize = 40;

/// The language of each stretch of a text that mixes languages: a
/// Vietnamese page quoting an English statement, an English release with a
/// Vietnamese paragraph. Paragraphs are lines; each long enough to judge is
/// detected on its own (the same two signals as [`detect`], counted without
/// allocating), shorter ones stay with the paragraph before them (the first
/// judged one, at the start). Returns runs `(start
/// byte, language)` in order, the first at 0; a text in one language gives
/// one run of `default`'s or its own language.
pub fn paragraph_langs(text: &str, default: Lang) -> Vec<(usize, Lang)> {
    if !text.trim_end().contains('\n') {
        return vec![(0, default)]; // one paragraph: the document's language
    }
    let mut runs: Vec<(usize, Lang)> = Vec::new();
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        if let Some(l) = judge(line, default) {
            match runs.last() {
                Some(&(_, last)) if last == l => {}
                // The first judged paragraph also covers the short ones before it.
                None => runs.push((0, l)),
                Some(_) => runs.push((at, l)),
            }
        }
        at += line.len();
    }
    if runs.is_empty() {
        runs.push((0, default));
    }
    runs
}

/// One paragraph's language, or `None` when it is too short to say. Runs
/// on every paragraph of every document, so it counts over bytes: ASCII
/// letters directly, other characters decoded.
fn judge(p: &str, default: Lang) -> Option<Lang> {
    let (mut letters, mut vi_letters) = (0usize, 0usize);
    let bytes = p.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            letters += usize::from(b.is_ascii_alphabetic());
            i += 1;
            continue;
        }
        let c = p[i..].chars().next().unwrap_or(' ');
        // A Vietnamese letter is a letter: the Unicode table only for others.
        if is_vietnamese_letter(c) {
            letters += 1;
            vi_letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
        i += c.len_utf8();
    }
    if letters < MIN_PARAGRAPH_LETTERS {
        return None;
    }
    if vi_letters * 100 >= letters * 12 {
        return Some(Lang::Vi);
    }
    if vi_letters == 0 && default == Lang::En {
        // In an English text, a paragraph without a single Vietnamese
        // letter is English: the word count below is only needed to tell
        // English from Vietnamese typed without diacritics in a Vietnamese
        // text, and it is the costly part.
        return Some(Lang::En);
    }
    let (mut en, mut vi) = (0usize, 0usize);
    for w in bytes.split(|b| !b.is_ascii_alphanumeric()) {
        if w.is_empty() || w.len() > 5 {
            continue; // every listed word is at most five letters
        }
        let mut buf = [0u8; 5];
        buf[..w.len()].copy_from_slice(w);
        buf.make_ascii_lowercase();
        let w = &buf[..w.len()];
        en += usize::from(EN_WORDS.iter().any(|x| x.as_bytes() == w));
        vi += usize::from(VI_WORDS.iter().any(|x| x.as_bytes() == w));
    }
    match (en, vi) {
        (0, 0) => None,
        _ if vi > en => Some(Lang::Vi),
        _ => Some(Lang::En),
    }
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
    fn paragraphs_of_a_mixed_page() {
        let t = "Hội nghị Cấp cao ASEAN - Nhật Bản\n\
                 Chiều 26/10, Thủ tướng Phạm Minh Chính dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28.\n\
                 Full text of the statement: The leaders welcomed the progress of the action lines and agreed to work together.\n\
                 (Ảnh: TTXVN)\n\
                 Thủ tướng đề nghị Nhật Bản tiếp tục hỗ trợ các nước ASEAN trong chuyển đổi số.\n";
        let runs = paragraph_langs(t, Lang::Vi);
        let en_start = t.find("Full text").unwrap();
        // The short caption stays with the paragraph before it.
        let vi_again = t.find("Thủ tướng đề nghị").unwrap();
        assert_eq!(
            runs,
            vec![(0, Lang::Vi), (en_start, Lang::En), (vi_again, Lang::Vi)]
        );
        // In a Vietnamese text, a paragraph typed without diacritics is
        // still Vietnamese, and one in English is English.
        let t = "Thu tuong cho biet Viet Nam se tiep tuc hop tac voi cac nuoc trong khu vuc va the gioi.\n\
                 The summit opened in Kuala Lumpur on Sunday with the leaders of the region.\n";
        let en_start = t.find("The summit").unwrap();
        assert_eq!(
            paragraph_langs(t, Lang::Vi),
            vec![(0, Lang::Vi), (en_start, Lang::En)]
        );
        // One language: one run; nothing to judge: the default.
        assert_eq!(
            paragraph_langs(
                "Prime Minister Takaichi Sanae of Japan met the leaders of ASEAN.\nThey agreed to work together on the energy transition of the region.\n",
                Lang::Vi
            ),
            vec![(0, Lang::En)]
        );
        assert_eq!(paragraph_langs("123\n", Lang::Vi), vec![(0, Lang::Vi)]);
    }

    #[test]
    fn english_with_vietnamese_names_is_english() {
        let t = "Deputy Foreign Minister Đỗ Hùng Việt said that the forum was a success for the region and its people.";
        assert_eq!(detect(t), Some(Lang::En));
    }
}
