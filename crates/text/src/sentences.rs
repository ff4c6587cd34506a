//! Sentence splitting for Vietnamese and English news.
//!
//! Every line is at least its own sentence (headlines, headings in capitals
//! and photo captions such as "Ảnh: TTXVN." stand on lines of their own).
//! Inside a line, a sentence ends at `.`, `!`, `?` or `…` (and any closing
//! quotes or brackets after it) when white space follows and the next word
//! can start a sentence. It does not end after an abbreviation ("TP.",
//! "PGS.TS.", "ThS.", "Mr.", "U.S."), an initial ("V."), or inside a number
//! ("236,6", "1.200", "26/10" have no space after the dot anyway).

use crate::Span;

/// Abbreviations after which a dot does not end a sentence (compared
/// case-sensitively, without the dot; chains such as "PGS.TS" are split).
const ABBREVIATIONS: &[&str] = &[
    // Vietnamese
    "TP", "Tp", "PGS", "GS", "TS", "ThS", "BS", "CN", "KS", "NXB", "Q", "P", "TT", "Th", "St", "ĐH",
    "ĐHQG", "UBND", "HĐND", "Cty", "Tr", "tr", "v.v", "vv", // English
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "No", "Nos", "vs", "etc", "e.g", "i.e",
    "Gen", "Col", "Lt", "Capt", "Sen", "Rep", "Gov", "Amb", "H.E", "Co", "Ltd", "Inc", "Corp",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "approx",
    "U.S", "U.K", "U.N", "p", "pp", "para", "Art", "Vol", "ed",
];

/// Split `text` into sentence spans (trimmed, never empty, in order).
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut out);
        line_start += line.len();
    }
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = crate::span::trim_span(text, Span::new(start, end), &[]);
    if !s.is_empty() {
        out.push(s);
    }
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let line = &text[start..end];
    let bytes = line.as_bytes();
    let mut sent_start = 0;
    // Scan bytes for terminators: '.', '!', '?' and the lead byte of '…'
    // (U+2026); everything else is skipped without decoding.
    let mut pos = 0;
    while let Some(i) = find_terminator(bytes, pos) {
        let c = if bytes[i] != 0xE2 {
            bytes[i] as char
        } else if line[i..].starts_with('…') {
            '…'
        } else {
            pos = i + 1;
            continue;
        };
        let (j, ends) = boundary_at(line, i, c);
        // The next terminator is looked for after the run.
        pos = j;
        if ends {
            push_trimmed(text, start + sent_start, start + j, out);
            sent_start = j;
        }
    }
    push_trimmed(text, start + sent_start, end, out);
}

/// At a terminator `c` at byte `i` of `line`: the end of its run of
/// terminators and closers ("?!", ".”", ".)", "./."), and whether a sentence
/// ends there — white space follows, the word before a dot is not an
/// abbreviation or an initial, and the next word can start a sentence.
fn boundary_at(line: &str, i: usize, c: char) -> (usize, bool) {
    let bytes = line.as_bytes();
    let mut j = i + c.len_utf8();
    while let Some(d) = line[j..].chars().next() {
        if matches!(
            d,
            '.' | '!' | '?' | '…' | '"' | '”' | '’' | ')' | ']' | '»' | '/'
        ) {
            j += d.len_utf8();
        } else {
            break;
        }
    }
    if j >= line.len() || !bytes[j].is_ascii_whitespace() && !line[j..].starts_with('\u{a0}') {
        return (j, false);
    }
    if c == '.' && !ends_sentence_before(line, i) {
        return (j, false);
    }
    let starts = line[j..].trim_start().chars().next().is_some_and(|nc| {
        nc.is_uppercase()
            || nc.is_ascii_digit()
            || matches!(nc, '"' | '“' | '‘' | '(' | '[' | '-' | '–' | '•' | '*')
    });
    (j, starts)
}

/// The first byte at or after `from` that is '.', '!', '?' or 0xE2 (the
/// lead byte of '…'). Eight bytes at a time: a word holds one of them
/// exactly when one of its bytes xor the target is zero.
fn find_terminator(bytes: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(LO) & !v & HI != 0;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if has_zero(w ^ (LO * u64::from(b'.')))
            || has_zero(w ^ (LO * u64::from(b'!')))
            || has_zero(w ^ (LO * u64::from(b'?')))
            || has_zero(w ^ (LO * 0xE2))
        {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
        .map(|k| i + k)
}

/// Whether `word` is in [`ABBREVIATIONS`]: a set built once, since a
/// scan of the list at every dot was a third of splitting's time.
fn is_abbreviation(word: &str) -> bool {
    static SET: std::sync::LazyLock<std::collections::HashSet<&str>> =
        std::sync::LazyLock::new(|| ABBREVIATIONS.iter().copied().collect());
    // No abbreviation is longer than "approx" (6 bytes).
    word.len() <= 6 && SET.contains(word)
}

/// Whether the dot at `dot` can end a sentence, judged by the word before it.
fn ends_sentence_before(line: &str, dot: usize) -> bool {
    let before = &line[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .map_or(0, |(k, c)| k + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    // "PGS.TS" → the last piece "TS"; "U.S" is listed whole.
    if is_abbreviation(word) {
        return false;
    }
    let last = word.rsplit('.').next().unwrap_or(word);
    if is_abbreviation(last) {
        return false;
    }
    // A single capital letter is an initial ("Nguyễn V. A."), but a
    // Vietnamese one-letter word with a tone mark is not ("Đông Nam Á.",
    // "nước Ý."): initials are plain letters, and Đ.
    let mut cs = last.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        if c.is_ascii_uppercase() || c == 'Đ' {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitting loop as it was before the byte scan: every char looked
    /// at in turn, the reference the byte scan must agree with (the decision
    /// at a terminator, `boundary_at`, is shared).
    fn reference_split_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
        let line = &text[start..end];
        let mut sent_start = 0;
        let mut iter = line.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            let (j, ends) = boundary_at(line, i, c);
            // Skip what the loop already consumed.
            while iter.peek().is_some_and(|&(k, _)| k < j) {
                iter.next();
            }
            if ends {
                push_trimmed(text, start + sent_start, start + j, out);
                sent_start = j;
            }
        }
        push_trimmed(text, start + sent_start, end, out);
    }

    #[test]
    fn abbreviations_fit_the_length_check() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 6));
    }

    fn reference(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            reference_split_line(text, line_start, line_start + line.len(), &mut out);
            line_start += line.len();
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_agrees_with_the_reference(
            raw in proptest::prelude::any::<String>(),
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "Việt", " ", "\n", ".", "…", "?!", "!", ".”", ".)", "./.", "TP.", "A.", "Mr.",
                "U.S.", "236,6", "\u{a0}", "“", "(", "-", "a", "B", "5", "\u{2026}x", "\u{2030}",
            ]), 0..40),
        ) {
            for raw in [raw, pieces.concat()] {
                proptest::prop_assert_eq!(sentences(&raw), reference(&raw));
            }
        }
    }

    fn split(t: &str) -> Vec<&str> {
        sentences(t)
            .into_iter()
            .map(|s| s.slice(t).unwrap())
            .collect()
    }

    #[test]
    fn vietnamese_news() {
        let t = "Kim ngạch đạt 236,6 tỷ USD, tăng 1.200 tỷ đồng. Ngày 26/10, hội nghị khai mạc.";
        assert_eq!(
            split(t),
            vec![
                "Kim ngạch đạt 236,6 tỷ USD, tăng 1.200 tỷ đồng.",
                "Ngày 26/10, hội nghị khai mạc."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        let t = "PGS.TS. Nguyễn Văn A phát biểu tại TP. Hồ Chí Minh. Ông Nguyễn V. B. cũng dự.";
        assert_eq!(
            split(t),
            vec![
                "PGS.TS. Nguyễn Văn A phát biểu tại TP. Hồ Chí Minh.",
                "Ông Nguyễn V. B. cũng dự."
            ]
        );
        let e = "Mr. Tanaka met Dr. Lee in the U.S. on Monday. They agreed.";
        assert_eq!(
            split(e),
            vec![
                "Mr. Tanaka met Dr. Lee in the U.S. on Monday.",
                "They agreed."
            ]
        );
    }

    #[test]
    fn a_one_letter_word_with_a_tone_mark_ends_a_sentence() {
        let t = "Hợp tác với các nước Đông Nam Á. Tổng Thư ký phát biểu sau đó.";
        assert_eq!(
            split(t),
            vec![
                "Hợp tác với các nước Đông Nam Á.",
                "Tổng Thư ký phát biểu sau đó."
            ]
        );
        assert_eq!(split("Ông Trần Đ. Long dự.").len(), 1);
    }

    #[test]
    fn lines_captions_and_headings() {
        let t = "TIÊU ĐỀ IN HOA\nThủ tướng phát biểu. Ảnh: TTXVN.\n\nĐoạn hai kết thúc./.";
        assert_eq!(
            split(t),
            vec![
                "TIÊU ĐỀ IN HOA",
                "Thủ tướng phát biểu.",
                "Ảnh: TTXVN.",
                "Đoạn hai kết thúc./."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        let t = "Ông nói: “Hợp tác là chìa khóa.” Sau đó hội nghị bế mạc.";
        assert_eq!(
            split(t),
            vec![
                "Ông nói: “Hợp tác là chìa khóa.”",
                "Sau đó hội nghị bế mạc."
            ]
        );
    }

    #[test]
    fn lowercase_after_dot_does_not_split() {
        let t = "giai đoạn 2026 - 2030. và tiếp tục";
        assert_eq!(split(t).len(), 1);
    }
}
