//! `extract`: every extractor, end to end (`Extractor::analyze`) and one
//! by one through their public entry points, on one document context.
//! The invariant: every fact's span (and every mention's) slices the input
//! on character boundaries, and a fact's span gives back its `text`.

use hoptac_extract::doc::Doc;
use hoptac_extract::{
    acronyms, dates, documents, figures, meetings, people, statements, Extractor,
};
use hoptac_model::{DocumentMeta, Fact, Lang};
use std::collections::BTreeSet;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::builtin);

/// First byte: the language given (bits 0-1: none, vi, en) and whether a
/// publication date is known (bit 2); the rest is the text.
pub fn extract(data: &[u8]) {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let text = &*crate::lossy(bytes);
    let lang = match sel & 3 {
        1 => Some(Lang::Vi),
        2 => Some(Lang::En),
        _ => None,
    };
    let published = (sel & 4 == 0).then(|| chrono::NaiveDate::from_ymd_opt(2025, 10, 26).unwrap());
    let ex = &*EXTRACTOR;

    // End to end.
    let meta = DocumentMeta {
        published,
        lang,
        ..DocumentMeta::default()
    };
    let a = ex.analyze(text, &meta);
    for s in &a.sentences {
        assert!(s.slice(text).is_some(), "sentence {s:?} is not a slice");
    }
    let mut prev = (0, 0);
    for f in &a.facts {
        check_fact(text, f, "analyze");
        let key = (f.span.start(), f.span.end());
        assert!(key >= prev, "facts out of order at {:?}", f.span);
        prev = key;
        assert!(
            a.sentences.is_empty() || f.sentence < a.sentences.len(),
            "fact {:?} in sentence {} of {}",
            f.span,
            f.sentence,
            a.sentences.len()
        );
    }
    let ids: BTreeSet<&str> = a.entities.iter().map(|e| e.id.as_str()).collect();
    for m in &a.mentions {
        assert!(m.span.slice(text).is_some(), "mention {m:?} is not a slice");
        assert!(
            ids.contains(m.entity.as_str()),
            "mention of unknown entity {m:?}"
        );
    }

    // One by one, as `analyze` calls them, on the same context.
    let doc = Doc::new(text, lang.unwrap_or(Lang::Vi), published, ex.gazetteer());
    for h in &doc.hits {
        assert!(
            h.span.slice(text).is_some(),
            "gazetteer hit {h:?} is not a slice"
        );
        assert!(
            doc.ft().get(h.folded.0..h.folded.1).is_some(),
            "hit {h:?} folded range"
        );
    }
    let found = dates::find(&doc);
    for d in &found {
        let (s, e) = d.folded;
        assert!(
            s < e && doc.ft().get(s..e).is_some(),
            "date {d:?} folded range"
        );
        assert!(
            doc.folded.to_raw(s, e).slice(text).is_some(),
            "date {d:?} raw span"
        );
    }
    let each = |name: &str, facts: &[Fact]| {
        for f in facts {
            check_fact(text, f, name);
        }
    };
    each("acronyms", &acronyms::extract(&doc));
    each("meetings", &meetings::extract(&doc, &found));
    let (persons, refs) = people::extract(&doc);
    each("people", &persons);
    for r in &refs {
        for s in &r.spans {
            assert!(s.slice(text).is_some(), "person ref {s:?} is not a slice");
        }
    }
    each("figures", &figures::extract(&doc, &found, &[]));
    each("documents", &documents::extract(&doc, &found));
    each("statements", &statements::extract(&doc, &refs, None));
    each("dates", &dates::facts(&doc, &found));
}

fn check_fact(text: &str, f: &Fact, by: &str) {
    assert_eq!(
        f.span.slice(text),
        Some(f.text.as_str()),
        "{by}: the span of {} fact {:?} does not give back its text",
        f.kind(),
        f.text
    );
    for m in &f.mentions {
        assert!(
            m.slice(text).is_some(),
            "{by}: mention {m:?} of {:?}",
            f.text
        );
    }
}
