//! Which partnership a figure belongs to: "two-way trade in 2024" is an
//! indicator only once we know whose trade it is. ASEAN-Japan trade and
//! ASEAN-Korea trade in the same year are two data points; the same
//! ASEAN-Japan figure in a Vietnamese article and an English release is one.
//!
//! Rules, in order (language-neutral: they read gazetteer hits, not words):
//! 1. the figure's own sentence names ASEAN and one dialogue partner
//!    ("trade between ASEAN and Japan", "kim ngạch ASEAN - Nhật Bản"):
//!    "ASEAN-<partner>";
//! 2. a sentence without ASEAN that names two countries as a pair ("trade
//!    between Vietnam and Japan", "Việt Nam - Nhật Bản"): that bilateral
//!    partnership, "Viet Nam-Japan";
//! 3. otherwise the document's partnership, when the sentence names no
//!    partner or only that one ("Japanese investment in the region"):
//!    the series of the document's first ASEAN meeting with a partner
//!    ("28th ASEAN-Japan Summit" → "ASEAN-Japan"), or else ASEAN and the
//!    partner the document names most;
//! 4. otherwise unknown. A sentence naming two partners ("Japan and
//!    Korea") is left unknown rather than guessed.
//!
//! Names are the gazetteer's English names, as in meeting series, so the
//! partnership of a figure and of a meeting compare equal.

use crate::doc::Doc;
use crate::gazetteer::Entry;
use hoptac_model::{Fact, FactBody};

/// Set `partnership` on every figure of `facts` that has a subject;
/// `doc_level` is [`document_partnership`] of the document.
pub fn attach(doc: &Doc, facts: &mut [Fact], doc_level: Option<&str>) {
    let doc_level = doc_level.map(str::to_string);
    for f in facts.iter_mut() {
        let FactBody::Figure(x) = &mut f.body else {
            continue;
        };
        if x.subject.is_none() || x.partnership.is_some() {
            continue;
        }
        let sentence = doc.sentence_span(f.span.start());
        let (asean, partners) = parties_in(doc, sentence.start(), sentence.end());
        if !asean {
            if let Some(b) = bilateral_in(doc, sentence.start(), sentence.end()) {
                x.partnership = Some(b);
                continue;
            }
        }
        x.partnership = match (asean, partners.as_slice()) {
            (true, [p]) => Some(format!("ASEAN-{}", p.name_en)),
            (_, []) => doc_level.clone(),
            (_, [p]) => doc_level
                .clone()
                .filter(|d| d == &format!("ASEAN-{}", p.name_en)),
            _ => None,
        };
    }
}

/// Two countries named as a pair ("between Vietnam and Japan", "Việt
/// Nam - Nhật Bản", "Vietnam-Japan"): a bilateral partnership, not
/// ASEAN's, named as in the gazetteer, member state first.
fn bilateral_in(doc: &Doc, start: usize, end: usize) -> Option<String> {
    let ft = doc.ft();
    let first = doc.hits.partition_point(|h| h.span.start() < start);
    let countries: Vec<&crate::gazetteer::Hit> = doc.hits[first..]
        .iter()
        .take_while(|h| h.span.start() < end)
        .filter(|h| doc.entry(h).kind == "country")
        .collect();
    countries.windows(2).find_map(|w| {
        let (a, b) = (doc.entry(w[0]), doc.entry(w[1]));
        let between = ft.get(w[0].folded.1..w[1].folded.0)?;
        if a.id == b.id || !matches!(between, "-" | " and " | " va " | " voi " | " with ") {
            return None;
        }
        let member = |e: &Entry| e.attr("member") == Some("asean");
        match (member(a), member(b)) {
            (true, _) => Some(format!("{}-{}", a.name_en, b.name_en)),
            (false, true) => Some(format!("{}-{}", b.name_en, a.name_en)),
            _ => None,
        }
    })
}

/// Is this gazetteer entry a dialogue partner (not a member state)?
fn is_partner(e: &Entry) -> bool {
    e.kind == "country" && e.attr("member") == Some("partner")
}

/// Does the text between raw offsets name ASEAN, and which partners (in
/// first-seen order, each once)?
fn parties_in<'d>(doc: &'d Doc, start: usize, end: usize) -> (bool, Vec<&'d Entry>) {
    let first = doc.hits.partition_point(|h| h.span.start() < start);
    let mut asean = false;
    let mut partners: Vec<&Entry> = Vec::new();
    for h in doc.hits[first..]
        .iter()
        .take_while(|h| h.span.start() < end)
    {
        let e = doc.entry(h);
        if e.id == "asean" {
            asean = true;
        } else if is_partner(e) && !partners.iter().any(|p| p.id == e.id) {
            partners.push(e);
        }
    }
    (asean, partners)
}

/// The partnership a whole document is about, if it says ("ASEAN-Japan").
pub fn document_partnership(doc: &Doc, facts: &[Fact]) -> Option<String> {
    for f in facts {
        let FactBody::Meeting(m) = &f.body else {
            continue;
        };
        let Some(rest) = m.series.as_deref().and_then(|s| s.strip_prefix("ASEAN-")) else {
            continue;
        };
        // "Republic of Korea Summit": the longest partner name followed by a space.
        if let Some(p) = doc
            .gaz
            .entries()
            .iter()
            .filter(|p| {
                is_partner(p)
                    && rest.starts_with(p.name_en.as_str())
                    && rest[p.name_en.len()..].starts_with(' ')
            })
            .max_by_key(|p| p.name_en.len())
        {
            return Some(format!("ASEAN-{}", p.name_en));
        }
    }
    let (asean, _) = parties_in(doc, 0, doc.raw.len());
    if !asean {
        return None;
    }
    let mut counts: Vec<(&Entry, usize)> = Vec::new();
    for h in &doc.hits {
        let e = doc.entry(h);
        if !is_partner(e) {
            continue;
        }
        match counts.iter_mut().find(|(p, _)| p.id == e.id) {
            Some((_, n)) => *n += 1,
            None => counts.push((e, 1)),
        }
    }
    // The partner named most; a tie is no answer.
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    match counts.as_slice() {
        [(p, _)] => Some(format!("ASEAN-{}", p.name_en)),
        [(p, a), (_, b), ..] if a > b => Some(format!("ASEAN-{}", p.name_en)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::Extractor;
    use hoptac_model::{DocumentMeta, FactBody, Lang};

    fn partnerships(text: &str, lang: Lang) -> Vec<(f64, Option<String>)> {
        let meta = DocumentMeta {
            lang: Some(lang),
            published: crate::parse_date("2025-10-26"),
            ..Default::default()
        };
        Extractor::builtin()
            .analyze(text, &meta)
            .facts
            .into_iter()
            .filter_map(|f| match f.body {
                FactBody::Figure(x) if x.subject.is_some() => Some((x.value, x.partnership)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn sentence_names_the_partnership() {
        let got = partnerships(
            "Two-way trade between ASEAN and the Republic of Korea reached USD 208.2 billion in 2024. \
             Two-way trade between ASEAN and Japan reached USD 236.6 billion in 2024.",
            Lang::En,
        );
        assert_eq!(
            got,
            vec![
                (208.2e9, Some("ASEAN-Republic of Korea".into())),
                (236.6e9, Some("ASEAN-Japan".into()))
            ]
        );
        let got = partnerships(
            "Năm 2024, kim ngạch thương mại hai chiều ASEAN - Hàn Quốc đạt 208,2 tỷ USD.",
            Lang::Vi,
        );
        assert_eq!(got, vec![(208.2e9, Some("ASEAN-Republic of Korea".into()))]);
    }

    #[test]
    fn the_documents_meeting_gives_it_otherwise() {
        let got = partnerships(
            "Leaders met at the 27th ASEAN-Japan Summit in Vientiane on 10 October 2024. \
             Japanese foreign direct investment in the region totalled USD 14.5 billion in 2023.",
            Lang::En,
        );
        assert_eq!(got, vec![(14.5e9, Some("ASEAN-Japan".into()))]);
        let got = partnerships(
            "Hội nghị Cấp cao ASEAN - Hàn Quốc lần thứ 26 diễn ra chiều 27/10. \
             Năm 2024, vốn đầu tư trực tiếp nước ngoài đạt 7,6 tỷ USD.",
            Lang::Vi,
        );
        assert_eq!(got, vec![(7.6e9, Some("ASEAN-Republic of Korea".into()))]);
    }

    #[test]
    fn a_pair_of_countries_is_a_bilateral_partnership() {
        let got = partnerships(
            "Leaders met at the 28th ASEAN-Japan Summit in Kuala Lumpur. \
             Two-way trade between Vietnam and Japan hit 46.2 billion USD in 2024.",
            Lang::En,
        );
        assert_eq!(got, vec![(46.2e9, Some("Viet Nam-Japan".into()))]);
        let got = partnerships(
            "Năm 2024, kim ngạch thương mại hai chiều Việt Nam - Nhật Bản đạt 46,2 tỷ USD.",
            Lang::Vi,
        );
        assert_eq!(got, vec![(46.2e9, Some("Viet Nam-Japan".into()))]);
    }

    #[test]
    fn another_partner_in_the_sentence_is_not_the_documents() {
        // A Japan story that compares with Korea: the Korea figure is not Japan's.
        let got = partnerships(
            "Leaders met at the 28th ASEAN-Japan Summit in Kuala Lumpur. \
             Korean foreign direct investment in 2024 was USD 7.6 billion.",
            Lang::En,
        );
        assert_eq!(got, vec![(7.6e9, None)]);
        // Two partners in one sentence: not guessed.
        let got = partnerships(
            "ASEAN's two-way trade with Japan and Korea reached USD 444.8 billion in 2024.",
            Lang::En,
        );
        assert_eq!(got, vec![(444.8e9, None)]);
    }
}
