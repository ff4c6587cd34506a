//! Normalisation and folding, with a map back to raw byte offsets.
//!
//! Matching runs over a *folded* copy of the text: lower case, no
//! diacritics (đ→d), every run of white space one space, no space around
//! dashes, no quote marks. The raw text is never changed; a [`Folded`] keeps
//! for every folded byte the raw range it came from, so a match in folded
//! text maps back to an exact raw span. Combining marks (NFD input) are
//! attached to the base letter before them, so spans never split a letter
//! from its marks.

use crate::Span;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// Text folded for matching, with the raw range behind each folded byte.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// Raw start of the unit that produced folded byte `i`.
    starts: Vec<u32>,
    /// Raw end of the unit that produced folded byte `i` (marks included).
    ends: Vec<u32>,
}

/// What the previous emitted unit was, for the space and dash rules.
#[derive(PartialEq, Clone, Copy)]
enum Prev {
    Start,
    Space,
    Newline,
    Dash,
    Other,
}

impl Folded {
    /// Fold `raw`. Linear in its length.
    pub fn new(raw: &str) -> Folded {
        let mut f = Folded {
            text: String::with_capacity(raw.len()),
            starts: Vec::with_capacity(raw.len()),
            ends: Vec::with_capacity(raw.len()),
        };
        let mut prev = Prev::Start;
        let mut last_unit = 0usize; // folded index where the last unit starts
        let bytes = raw.as_bytes();
        let mut next = 0usize;
        while next < bytes.len() {
            let i = next;
            // The common case first: a run of ASCII letters and digits, in bulk.
            if bytes[i].is_ascii_alphanumeric() {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                last_unit = f.text.len() + (j - i - 1);
                f.text
                    .extend(bytes[i..j].iter().map(|b| b.to_ascii_lowercase() as char));
                f.starts.extend((i as u32)..(j as u32));
                f.ends.extend((i as u32 + 1)..=(j as u32));
                prev = Prev::Other;
                next = j;
                continue;
            }
            let c = raw[i..].chars().next().expect("on a char boundary");
            let end = i + c.len_utf8();
            next = end;
            if is_combining_mark(c) {
                // Belongs to the letter before it: widen that unit.
                if prev == Prev::Other {
                    for e in &mut f.ends[last_unit..] {
                        *e = end as u32;
                    }
                }
                continue;
            }
            if c == '\n' || c == '\u{2029}' {
                if prev == Prev::Space {
                    f.pop_unit(last_unit);
                }
                if prev != Prev::Newline {
                    last_unit = f.text.len();
                    f.push('\n', i, end);
                    prev = Prev::Newline;
                }
                continue;
            }
            if c.is_whitespace() {
                if matches!(prev, Prev::Other) {
                    last_unit = f.text.len();
                    f.push(' ', i, end);
                    prev = Prev::Space;
                }
                continue;
            }
            if is_dash(c) {
                if prev == Prev::Space {
                    f.pop_unit(last_unit);
                }
                last_unit = f.text.len();
                f.push('-', i, end);
                prev = Prev::Dash;
                continue;
            }
            if is_quote(c) {
                continue;
            }
            last_unit = f.text.len();
            if c.is_ascii() {
                f.push(c.to_ascii_lowercase(), i, end);
            } else if c == 'đ' || c == 'Đ' {
                f.push('d', i, end);
            } else if let Some(b) = fold_latin(c) {
                // Latin letters with diacritics (all of Vietnamese): a table, no decomposition.
                f.push(b as char, i, end);
            } else {
                let mut any = false;
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        for l in d.to_lowercase() {
                            f.push(l, i, end);
                            any = true;
                        }
                    }
                });
                if !any {
                    continue;
                }
            }
            prev = Prev::Other;
        }
        f
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        let n = c.len_utf8();
        self.text.push(c);
        for _ in 0..n {
            self.starts.push(start as u32);
            self.ends.push(end as u32);
        }
    }

    fn pop_unit(&mut self, at: usize) {
        self.text.truncate(at);
        self.starts.truncate(at);
        self.ends.truncate(at);
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Map the folded range `[start, end)` back to the raw span it covers.
    /// `start < end` and both on folded character boundaries.
    pub fn to_raw(&self, start: usize, end: usize) -> Span {
        debug_assert!(start < end && end <= self.text.len());
        Span::new(self.starts[start] as usize, self.ends[end - 1] as usize)
    }

    /// The raw offset where folded byte `i` starts (or `raw_len` past the end).
    pub fn raw_start(&self, i: usize, raw_len: usize) -> usize {
        self.starts.get(i).map_or(raw_len, |&s| s as usize)
    }

    /// The folded offset of the first folded byte whose raw start is at or
    /// after `raw` (binary search; `starts` is non-decreasing).
    pub fn from_raw(&self, raw: usize) -> usize {
        self.starts.partition_point(|&s| (s as usize) < raw)
    }
}

/// The folded ASCII letter of a Latin letter with diacritics, from a table
/// built once (U+00C0..U+024F and Latin Extended Additional U+1E00..U+1EFF).
fn fold_latin(c: char) -> Option<u8> {
    static TABLE: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let mut t = vec![0u8; 0x1F00];
        for cp in (0xC0u32..0x250).chain(0x1E00..0x1F00) {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            let mut base: Vec<char> = Vec::new();
            decompose_canonical(ch, |d| {
                if !is_combining_mark(d) {
                    base.push(d)
                }
            });
            let lower: Vec<char> = base.iter().flat_map(|b| b.to_lowercase()).collect();
            if let [one] = lower.as_slice() {
                if one.is_ascii_alphabetic() {
                    t[cp as usize] = *one as u8;
                }
            }
        }
        t[0x110] = b'd'; // Đ
        t[0x111] = b'd'; // đ
        t
    });
    let cp = c as usize;
    TABLE.get(cp).copied().filter(|&b| b != 0)
}

/// Fold a short string (a query, a name) to its matching key.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

/// Fold and keep only letters and digits, one space between words: the key
/// under which names are compared ("Takaichi Sanae" = "takaichi sanae").
pub fn name_key(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    for w in f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A dash of any width (hyphen, en dash, em dash, minus).
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// A quotation mark, straight or curly, or a guillemet. The apostrophe is
/// one too: "Japan's" folds to "japans".
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{2018}'..='\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{203A}'
    )
}

/// Unicode NFC.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// NFC plus one placement of Vietnamese tone marks, so that "hoà" and "hòa",
/// "thuỷ" and "thủy" give the same string. The traditional placement is
/// kept (on the first vowel of an open "oa", "oe", "uy"), the one most
/// Vietnamese press uses. Diacritics are otherwise kept: this is the key
/// for exact matching, [`fold`] is the one that forgives missing marks.
pub fn normalize_vietnamese(s: &str) -> String {
    let nfd: Vec<char> = s.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(nfd.len());
    let mut i = 0;
    while i < nfd.len() {
        if !nfd[i].is_alphabetic() {
            out.push(nfd[i]);
            i += 1;
            continue;
        }
        // One syllable: a run of letters and marks.
        let mut j = i;
        while j < nfd.len() && (nfd[j].is_alphabetic() || is_combining_mark(nfd[j])) {
            j += 1;
        }
        out.extend(retone(&nfd[i..j]));
        i = j;
    }
    out.into_iter().nfc().collect()
}

/// Move the tone of an open "oa"/"oe"/"uy" syllable to its first vowel.
fn retone(syl: &[char]) -> Vec<char> {
    let tone = syl.iter().copied().find(|c| TONES.contains(c));
    let Some(tone) = tone else {
        return syl.to_vec();
    };
    let bare: Vec<char> = syl.iter().copied().filter(|c| !TONES.contains(c)).collect();
    let letters: Vec<(usize, char)> = bare
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| !is_combining_mark(*c))
        .collect();
    let n = letters.len();
    if n < 2 {
        return syl.to_vec();
    }
    let (a_idx, a) = letters[n - 2];
    let (_, b) = letters[n - 1];
    let pair = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let open_pair = matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y'));
    // "qu" + y: the u belongs to the consonant, the tone stays on y.
    let after_q = n >= 3 && letters[n - 3].1.eq_ignore_ascii_case(&'q');
    // Only plain vowels (no circumflex, breve or horn in between).
    let plain = bare[a_idx + 1..].iter().all(|c| !is_combining_mark(*c));
    if !open_pair || after_q || !plain {
        return syl.to_vec();
    }
    let mut v = bare;
    v.insert(a_idx + 1, tone);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_of<'a>(raw: &'a str, f: &Folded, needle: &str) -> &'a str {
        let at = f.as_str().find(needle).expect("needle in folded text");
        f.to_raw(at, at + needle.len()).slice(raw).unwrap()
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Nhật Bản hỗ trợ"), "nhat ban ho tro");
        assert_eq!(fold("Đỗ Hùng Việt"), "do hung viet");
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("ASEAN - Nhật Bản"), "asean-nhat ban");
        assert_eq!(fold("ASEAN–Nhật  Bản"), "asean-nhat ban");
        assert_eq!(fold("bằng \"0\""), "bang 0");
        assert_eq!(fold("a\n\n  b"), "a\nb");
    }

    #[test]
    fn maps_back_to_raw() {
        let raw = "Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28";
        let f = Folded::new(raw);
        assert_eq!(raw_of(raw, &f, "asean-nhat ban"), "ASEAN - Nhật Bản");
        assert_eq!(raw_of(raw, &f, "hoi nghi"), "Hội nghị");
    }

    #[test]
    fn nfd_marks_stay_with_their_letter() {
        let raw: String = "Việt Nam".nfd().collect();
        let f = Folded::new(&raw);
        assert_eq!(f.as_str(), "viet nam");
        let s = raw_of(&raw, &f, "viet");
        assert_eq!(nfc(s), "Việt");
    }

    #[test]
    fn tone_placement() {
        assert_eq!(normalize_vietnamese("hoà bình"), "hòa bình");
        assert_eq!(normalize_vietnamese("thuỷ"), "thủy");
        assert_eq!(normalize_vietnamese("Khoá"), "Khóa");
        assert_eq!(
            normalize_vietnamese("hoàng"),
            "hoàng",
            "closed syllable untouched"
        );
        assert_eq!(normalize_vietnamese("quý"), "quý", "qu + y untouched");
        assert_eq!(normalize_vietnamese("thuở"), "thuở", "horn vowel untouched");
    }

    #[test]
    fn name_keys() {
        assert_eq!(name_key("Phạm Minh Chính"), name_key("Pham Minh Chinh"));
        assert_eq!(name_key("(JAIF 3.0)"), "jaif 3 0");
    }
}
