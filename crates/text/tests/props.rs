//! Properties that must hold for any input, not only for news.

use hoptac_text::{fold, sentences, tokens, Folded};
use proptest::prelude::*;

/// Strings rich in what breaks naive code: Vietnamese letters precomposed
/// and decomposed, combining marks alone, dashes, quotes, newlines, digits.
fn awkward() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Việt",
        "Vie\u{0323}\u{0302}t",
        "\u{0301}",
        "đ",
        "Đ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "-",
        " – ",
        "“",
        "”",
        "\"",
        ".",
        "…",
        "?",
        "236,6",
        "26/10",
        "1.200",
        "TP.",
        "A.",
        "ASEAN",
        "日本",
        "é",
        "(",
        ")",
        "\u{a0}",
        "\t",
        "x",
        "Ảnh: TTXVN.",
        "./.",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn folded_ranges_slice_raw_text(raw in any::<String>(), raw2 in awkward()) {
        for raw in [raw, raw2] {
            let f = Folded::new(&raw);
            let ft = f.as_str();
            for (i, c) in ft.char_indices() {
                let span = f.to_raw(i, i + c.len_utf8());
                prop_assert!(span.slice(&raw).is_some(), "{span:?} in {raw:?}");
            }
            if !ft.is_empty() {
                prop_assert!(f.to_raw(0, ft.len()).slice(&raw).is_some());
            }
        }
    }

    #[test]
    fn sentences_are_ordered_nonempty_slices(raw in awkward()) {
        let mut last = 0;
        for s in sentences(&raw) {
            let t = s.slice(&raw);
            prop_assert!(t.is_some());
            prop_assert!(!t.unwrap().trim().is_empty());
            prop_assert!(s.start() >= last);
            last = s.end();
        }
    }

    #[test]
    fn tokens_and_space_rebuild_the_text(raw in any::<String>(), raw2 in awkward()) {
        for raw in [raw, raw2] {
            let mut rebuilt = String::new();
            let mut at = 0;
            for t in tokens(&raw) {
                let gap = &raw[at..t.span.start()];
                prop_assert!(gap.chars().all(char::is_whitespace), "gap {gap:?}");
                rebuilt.push_str(gap);
                rebuilt.push_str(t.span.slice(&raw).unwrap());
                at = t.span.end();
            }
            prop_assert!(raw[at..].chars().all(char::is_whitespace));
            rebuilt.push_str(&raw[at..]);
            prop_assert_eq!(rebuilt, raw);
        }
    }

    #[test]
    fn folding_is_idempotent(raw in awkward()) {
        let once = fold(&raw);
        prop_assert_eq!(fold(&once), once.clone());
    }
}
