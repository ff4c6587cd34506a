//! `text`: the text layer (`hoptac_text`): folding with its map back to
//! raw offsets, Vietnamese normalisation, sentences, tokens, language id.

use hoptac_text::{
    fold, name_key, nfc, normalize_vietnamese, paragraph_langs, sentences, tokens, trim_span,
    Folded, Lang, Span,
};

/// The whole input is the text.
pub fn text(data: &[u8]) {
    let s = &*crate::lossy(data);

    // Folding: the map sends every folded character to a raw span on
    // character boundaries; `fold` is the same loop.
    let f = Folded::new(s);
    let ft = f.as_str();
    assert_eq!(ft, fold(s), "Folded::new and fold disagree");
    let mut last = 0;
    for (i, c) in ft.char_indices() {
        let r = f.to_raw(i, i + c.len_utf8());
        assert!(
            r.slice(s).is_some(),
            "folded {i} maps to {r:?}, not a slice"
        );
        assert!(r.start() >= last, "folded map goes backwards at {i}");
        last = r.start();
        assert!(
            f.from_raw(r.start()) <= i,
            "from_raw({}) after {i}",
            r.start()
        );
    }
    if !ft.is_empty() {
        assert!(f.to_raw(0, ft.len()).slice(s).is_some());
    }
    for (i, _) in s.char_indices() {
        assert!(f.from_raw(i) <= ft.len());
    }
    assert_eq!(f.from_raw(s.len() + 1), ft.len());

    // Normalisation is stable: applying it again changes nothing.
    let n = nfc(s);
    assert_eq!(nfc(&n), n, "nfc is not idempotent");
    let v = normalize_vietnamese(s);
    assert_eq!(
        normalize_vietnamese(&v),
        v,
        "normalize_vietnamese is not idempotent"
    );
    name_key(s);

    // Sentences: trimmed, non-empty, in order, on character boundaries.
    let mut end = 0;
    for sp in sentences(s) {
        let t = sp
            .slice(s)
            .unwrap_or_else(|| panic!("sentence {sp:?} is not a slice"));
        assert!(!t.is_empty() && t.trim() == t, "sentence {t:?} not trimmed");
        assert!(sp.start() >= end, "sentences overlap at {sp:?}");
        end = sp.end();
    }

    // Tokens: every non-space character in exactly one token, in order.
    let mut end = 0;
    let mut covered = String::new();
    for tok in tokens(s) {
        let t = tok
            .span
            .slice(s)
            .unwrap_or_else(|| panic!("token {tok:?} is not a slice"));
        assert!(!t.is_empty(), "empty token {tok:?}");
        assert!(tok.span.start() >= end, "tokens overlap at {tok:?}");
        assert!(
            s[end..tok.span.start()].trim().is_empty(),
            "text skipped before {tok:?}"
        );
        end = tok.span.end();
        covered.push_str(t);
    }
    assert!(s[end..].trim().is_empty(), "text skipped at the end");
    let no_space = |x: &str| x.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(no_space(&covered), no_space(s));

    // Language runs start at 0, go forward, and lie on character boundaries.
    hoptac_text::detect(s);
    let runs = paragraph_langs(s, Lang::Vi);
    assert_eq!(runs.first().map(|r| r.0), Some(0));
    for w in runs.windows(2) {
        assert!(w[0].0 < w[1].0 && w[0].1 != w[1].1, "runs {w:?}");
    }
    for (at, _) in &runs {
        assert!(s.is_char_boundary(*at));
    }

    let whole = trim_span(s, Span::new(0, s.len()), &['(', ')', '"']);
    assert!(whole.slice(s).is_some());
}
