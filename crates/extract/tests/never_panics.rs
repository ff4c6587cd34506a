//! The extractors on arbitrary and hostile text: they never panic, and
//! every fact's span slices the input on character boundaries and gives
//! back the fact's text.

use hoptac_extract::{Extractor, Gazetteer};
use hoptac_model::{DocumentMeta, Lang};
use proptest::prelude::*;

fn pieces() -> impl Strategy<Value = String> {
    let p = prop::sample::select(vec![
        "Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28",
        " tại Kuala Lumpur (Malaysia)",
        "Thủ tướng Nhật Bản ",
        "Takaichi Sanae",
        "Phạm Minh Chính",
        " đề nghị Nhật Bản ",
        " khẳng định ",
        "(AZEC)",
        "(JAIF 3.0)",
        "(",
        ")",
        "236,6 tỷ USD",
        "108/130 dòng hành động",
        "26/10",
        "tháng 12/2023",
        "năm 2024",
        "lần thứ ",
        "28",
        " ",
        "\n",
        ", ",
        ". ",
        "“",
        "”",
        "\"",
        "thông qua Tuyên bố chung về ",
        "USD 236.6 billion",
        "the 28th ASEAN-Japan Summit",
        "Prime Minister ",
        "of Japan",
        "called on",
        "đ",
        "\u{0301}",
        "Vie\u{0323}\u{0302}t",
        "日本",
        "–",
        "…",
        "./.",
        "hơn 50 năm",
        "lớn thứ tư",
        "3 trọng tâm",
        "(UNCLOS 1982)",
        "Bà",
        "cam kết của",
        "$",
        "%",
        "bn",
        "0",
    ]);
    prop::collection::vec(p, 0..60).prop_map(|v| v.concat())
}

fn check(ex: &Extractor, text: &str, lang: Option<Lang>) -> Result<(), TestCaseError> {
    let meta = DocumentMeta {
        published: chrono::NaiveDate::from_ymd_opt(2025, 10, 26),
        lang,
        ..Default::default()
    };
    let a = ex.analyze(text, &meta);
    for f in &a.facts {
        let s = f.span.slice(text);
        prop_assert_eq!(s, Some(f.text.as_str()), "{:?}", f);
        for m in &f.mentions {
            prop_assert!(m.slice(text).is_some(), "mention {:?} of {:?}", m, f);
        }
    }
    for m in &a.mentions {
        prop_assert!(m.span.slice(text).is_some());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn spans_slice_back_on_news_like_text(text in pieces()) {
        let ex = Extractor::builtin();
        check(&ex, &text, None)?;
        check(&ex, &text, Some(Lang::En))?;
    }

    #[test]
    fn spans_slice_back_on_any_text(text in any::<String>()) {
        check(&Extractor::builtin(), &text, Some(Lang::Vi))?;
    }
}

#[test]
fn empty_gazetteer_still_extracts_numbers() {
    let mut g = Gazetteer::default();
    g.compile();
    let ex = Extractor::with_gazetteer(g);
    let a = ex.analyze(
        "Kim ngạch đạt 236,6 tỷ USD, 108/130 dòng hành động.",
        &DocumentMeta::default(),
    );
    let kinds: Vec<&str> = a.facts.iter().map(|f| f.kind()).collect();
    assert_eq!(kinds, vec!["figure", "ratio"]);
}
