//! A page that mixes languages is read paragraph by paragraph, each with
//! its own language's rules (number formats, a Vietnamese source's own
//! government, English names as written). Our own sentences.

use hoptac_extract::Extractor;
use hoptac_model::{DocumentMeta, FactBody, Lang};

const PAGE: &str = "KUALA LUMPUR, Oct. 26 - Prime Minister Takaichi Sanae of Japan met Southeast Asian leaders at the 28th ASEAN-Japan Summit in Kuala Lumpur on 26 October 2025. Two-way trade between ASEAN and Japan reached USD 236.6 billion in 2024, officials said.\n\n\
The Vietnamese delegation's briefing, as released in Vietnamese:\n\n\
Thứ trưởng Ngoại giao Nguyễn Minh Hằng cho biết kim ngạch thương mại hai chiều ASEAN - Nhật Bản năm 2023 đạt 239,4 tỷ USD và đề nghị Nhật Bản tiếp tục hỗ trợ các nước trong chuyển đổi số.\n";

fn analyze(lang: Option<Lang>) -> Vec<FactBody> {
    let meta = DocumentMeta {
        lang,
        published: hoptac_extract::parse_date("2025-10-26"),
        ..Default::default()
    };
    Extractor::builtin()
        .analyze(PAGE, &meta)
        .facts
        .into_iter()
        .map(|f| f.body)
        .collect()
}

#[test]
fn each_paragraph_is_read_in_its_own_language() {
    let facts = analyze(None);
    let money: Vec<(f64, Option<i32>)> = facts
        .iter()
        .filter_map(|b| match b {
            FactBody::Figure(x) if x.unit == "USD" => Some((x.value, x.year)),
            _ => None,
        })
        .collect();
    assert_eq!(
        money,
        vec![(236.6e9, Some(2024)), (239.4e9, Some(2023))],
        "English decimal point and Vietnamese decimal comma, each in its paragraph"
    );
    let hang = facts
        .iter()
        .find_map(|b| match b {
            FactBody::Person(p) if p.name == "Nguyễn Minh Hằng" => Some(p.clone()),
            _ => None,
        })
        .expect("the Vietnamese paragraph's deputy minister");
    assert_eq!(
        hang.country.as_deref(),
        Some("VNM"),
        "a Vietnamese paragraph's unnamed country is Viet Nam"
    );
    assert_eq!(
        hang.title_en.as_deref(),
        Some("Deputy Minister of Foreign Affairs")
    );
}

#[test]
fn a_language_given_by_the_user_holds_for_the_whole_text() {
    // Told the page is English, hoptac does not assume a Vietnamese source.
    let facts = analyze(Some(Lang::En));
    let hang = facts.iter().find_map(|b| match b {
        FactBody::Person(p) if p.name == "Nguyễn Minh Hằng" => Some(p.clone()),
        _ => None,
    });
    assert_eq!(hang.and_then(|p| p.country), None);
}
