//! A deterministic corpus of Vietnamese and English news articles about
//! ASEAN's partnerships, written from templates and the gazetteer, with the
//! facts each one states *planted* at known byte spans.
//!
//! - Deterministic: article `i` of seed `s` depends on `(s, i)` only, so a
//!   corpus of any size streams out one article at a time (nothing is held
//!   in memory) and the first N articles of a big corpus are the corpus of
//!   N articles.
//! - Realistic enough to exercise the whole pipeline: meetings with
//!   ordinals, places and dates, people with their titles, money figures,
//!   ratios of action lines, acronyms after their expansion, adopted
//!   documents, requests, in both languages, drawn from the gazetteer's
//!   real partners, people, places, initiatives and documents; filler
//!   sentences on the partnership's topics between them.
//! - The planted facts are a recall test of the extractors at scale:
//!   [`recall`] counts, per kind, the planted facts that an extracted fact
//!   of the same kind overlaps.
//!
//! The sentences are written for this generator (not taken from any
//! article).
#![deny(missing_docs)]

use hoptac_extract::{Extractor, Gazetteer};
use hoptac_model::DocumentMeta;
use hoptac_text::Span;
use std::collections::BTreeMap;

/// A fact the generator wrote into an article.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Planted {
    /// Fact kind, as the extractor names it (meeting, person, figure, ...).
    pub kind: String,
    /// Where it is in `text`.
    pub span: Span,
    /// The words at `span`.
    pub text: String,
}

/// One generated article, as a JSON Lines record `hoptac ingest` reads
/// (`planted` is extra and ignored by the reader).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Headline.
    pub title: String,
    /// Body.
    pub text: String,
    /// YYYY-MM-DD.
    pub published: String,
    /// vi or en.
    pub lang: String,
    /// A made-up URL, unique per article.
    pub url: String,
    /// The facts written into `text`.
    pub planted: Vec<Planted>,
}

/// A deterministic generator (splitmix64): stable across platforms and
/// crate versions, which a benchmark corpus needs.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }
}

/// A gazetteer name in both languages.
#[derive(Debug, Clone)]
struct Name {
    vi: String,
    en: String,
}

#[derive(Debug, Clone)]
struct Person {
    name: String,
    title: Name,
}

#[derive(Debug, Clone)]
struct Acronym {
    acronym: String,
    expansion: Name,
}

/// What the generator draws from.
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    partners: Vec<Name>,
    places: Vec<Name>,
    people: Vec<Person>,
    acronyms: Vec<Acronym>,
    documents: Vec<Name>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Topics in both languages, for filler sentences and requests.
const TOPICS: [(&str, &str); 12] = [
    ("chuyển đổi năng lượng", "energy transition"),
    ("kinh tế số", "the digital economy"),
    ("an ninh lương thực", "food security"),
    ("ứng phó biến đổi khí hậu", "climate change response"),
    ("giao lưu nhân dân", "people-to-people exchanges"),
    ("y tế công cộng", "public health"),
    ("kết nối hạ tầng", "infrastructure connectivity"),
    ("phát triển nguồn nhân lực", "human resource development"),
    ("chuỗi cung ứng", "supply chains"),
    ("an ninh hàng hải", "maritime security"),
    ("đổi mới sáng tạo", "innovation"),
    ("giảm phát thải ròng", "net-zero emissions"),
];

/// Verbs of a request, planted as statements.
const ASKS_VI: [&str; 3] = ["đề nghị", "kêu gọi", "đề xuất"];
/// See [`ASKS_VI`].
const ASKS_EN: [&str; 2] = ["called on", "urged"];

const FILLER_VI: [&str; 8] = [
    "Hai bên đánh giá cao kết quả hợp tác trong lĩnh vực {t} thời gian qua.",
    "Các đại biểu nhất trí tăng cường phối hợp về {t} trong những năm tới.",
    "Nhiều dự án về {t} đã được triển khai tại các nước thành viên.",
    "Các chuyên gia cho rằng {t} sẽ là động lực tăng trưởng mới của khu vực.",
    "Phiên thảo luận tập trung vào {t} và các thách thức chung.",
    "Các nước thành viên chia sẻ kinh nghiệm về {t}.",
    "Hội thảo bên lề thu hút đông đảo doanh nghiệp quan tâm đến {t}.",
    "Đối thoại chính sách về {t} sẽ được tổ chức định kỳ hằng năm.",
];

const FILLER_EN: [&str; 8] = [
    "Both sides praised the progress of cooperation on {t} in recent years.",
    "Delegates agreed to strengthen coordination on {t} in the coming years.",
    "Several projects on {t} are under way in member states.",
    "Experts said {t} would become a new driver of growth for the region.",
    "The discussion focused on {t} and shared challenges.",
    "Member states exchanged experience on {t}.",
    "A side event drew many businesses interested in {t}.",
    "A policy dialogue on {t} will be held every year.",
];

fn first_vi(e: &hoptac_extract::gazetteer::Entry) -> Option<String> {
    e.vi.first().cloned()
}

impl Generator {
    /// A generator over the gazetteer's partners, places, people (with a
    /// title), acronyms and documents.
    pub fn new(gaz: &Gazetteer, seed: u64) -> Generator {
        let mut g = Generator {
            seed,
            partners: vec![],
            places: vec![],
            people: vec![],
            acronyms: vec![],
            documents: vec![],
        };
        let titles: BTreeMap<&str, Name> = gaz
            .entries()
            .iter()
            .filter(|e| e.kind == "title")
            .filter_map(|e| {
                Some((
                    e.id.as_str(),
                    Name {
                        vi: first_vi(e)?,
                        en: e.name_en.clone(),
                    },
                ))
            })
            .collect();
        for e in gaz.entries() {
            let Some(vi) = first_vi(e) else { continue };
            let name = Name {
                vi: vi.clone(),
                en: e.name_en.clone(),
            };
            match e.kind.as_str() {
                "country" if e.attr("member") == Some("partner") => g.partners.push(name),
                "place" if e.attr("country").is_some() => g.places.push(name),
                "person" => {
                    if let Some(t) = e.attr("title").and_then(|t| titles.get(t)) {
                        g.people.push(Person {
                            name: e.name_en.clone(),
                            title: t.clone(),
                        });
                    }
                }
                "document" if e.attr("part").is_none() => g.documents.push(name),
                "initiative" | "fund" | "agreement" | "organisation" => {
                    if let Some(a) = e
                        .acronym
                        .as_deref()
                        .filter(|a| a.len() >= 3 && a.bytes().all(|b| b.is_ascii_uppercase()))
                    {
                        g.acronyms.push(Acronym {
                            acronym: a.to_string(),
                            expansion: name,
                        });
                    }
                }
                _ => {}
            }
        }
        g
    }

    /// Article number `i` (0-based) of this generator's seed.
    pub fn article(&self, i: u64) -> Article {
        let mut rng = Rng::new(self.seed ^ i.wrapping_mul(0xa076_1d64_78bd_642f));
        rng.next_u64();
        let vi = rng.chance(70);
        let partner = rng.pick(&self.partners).clone();
        let place = rng.pick(&self.places).clone();
        let year = rng.range(2015, 2025);
        let (month, day) = (rng.range(1, 12), rng.range(1, 28));
        let ordinal = rng.range(10, 40);
        let person = rng.pick(&self.people).clone();
        let acr = rng.pick(&self.acronyms).clone();
        let doc = rng.pick(&self.documents).clone();
        let (whole, tenth) = (rng.range(2, 480), rng.range(1, 9));
        let total_lines = rng.range(40, 150);
        let done_lines = rng.range(total_lines / 2, total_lines);
        let topic = *rng.pick(&TOPICS);
        let mut w = Writer::default();
        let title;
        if vi {
            let p = &partner.vi;
            title = format!("ASEAN và {p} thúc đẩy hợp tác về {}", topic.0);
            w.text(&format!("Ngày {day}/{month}/{year}, "));
            let meeting = *rng.pick(&[
                "Hội nghị Cấp cao",
                "Hội nghị Bộ trưởng Ngoại giao",
                "Hội nghị Bộ trưởng Kinh tế",
            ]);
            w.plant(
                "meeting",
                &format!("{meeting} ASEAN - {p} lần thứ {ordinal}"),
            );
            w.text(&format!(" đã diễn ra tại {}. ", place.vi));
            self.filler(&mut w, &mut rng, true);
            w.text(&format!("Phát biểu tại hội nghị, {} ", person.title.vi));
            w.plant("person", &person.name);
            w.text(&format!(
                " khẳng định {p} là đối tác quan trọng của khu vực. "
            ));
            w.text(&format!(
                "Năm {}, kim ngạch thương mại hai chiều giữa ASEAN và {p} đạt ",
                year - 1
            ));
            let figure = match rng.range(0, 2) {
                0 => format!("{whole},{tenth} tỷ USD"),
                1 => format!("{whole} triệu USD"),
                _ => format!("{whole}.{tenth}00 tỷ đồng"),
            };
            w.plant("figure", &figure);
            w.text(". ");
            self.filler(&mut w, &mut rng, true);
            w.text("Đến nay, ");
            w.plant("ratio", &format!("{done_lines}/{total_lines}"));
            w.text(" dòng hành động của Kế hoạch hành động đã được triển khai. ");
            w.text(&format!("Hai bên nhất trí thúc đẩy {} (", acr.expansion.vi));
            w.plant("acronym", &acr.acronym);
            w.text("). ");
            w.text("Các nhà lãnh đạo đã thông qua ");
            w.plant("document", &doc.vi);
            w.text(". ");
            w.text(&format!("{} {} ", person.title.vi, person.name));
            let ask = *rng.pick(&ASKS_VI);
            w.plant("statement", ask);
            w.text(&format!(" {p} tiếp tục hỗ trợ ASEAN trong {}. ", topic.0));
            self.filler(&mut w, &mut rng, true);
        } else {
            let p = &partner.en;
            title = format!("ASEAN and {p} step up cooperation on {}", topic.1);
            w.text("The ");
            let meeting = *rng.pick(&[
                "Summit",
                "Foreign Ministers' Meeting",
                "Economic Ministers' Consultations",
            ]);
            w.plant(
                "meeting",
                &format!("{} ASEAN-{p} {meeting}", ordinal_en(ordinal)),
            );
            w.text(&format!(
                " was held in {} on {day} {} {year}. ",
                place.en,
                MONTHS[month as usize - 1]
            ));
            self.filler(&mut w, &mut rng, false);
            w.text(&format!("Speaking at the summit, {} ", person.title.en));
            w.plant("person", &person.name);
            w.text(&format!(" said {p} was a key partner of the region. "));
            w.text(&format!("Two-way trade between ASEAN and {p} reached "));
            let figure = match rng.range(0, 2) {
                0 => format!("US${whole}.{tenth} billion"),
                1 => format!("${whole} million"),
                _ => format!("{whole}.{tenth} billion USD"),
            };
            w.plant("figure", &figure);
            w.text(&format!(" in {}. ", year - 1));
            self.filler(&mut w, &mut rng, false);
            w.text("So far ");
            w.plant("ratio", &format!("{done_lines}/{total_lines}"));
            w.text(" action lines of the Plan of Action have been implemented. ");
            w.text(&format!(
                "Both sides agreed to advance the {} (",
                acr.expansion.en
            ));
            w.plant("acronym", &acr.acronym);
            w.text("). ");
            w.text("The leaders adopted the ");
            w.plant("document", &doc.en);
            w.text(". ");
            w.text(&format!("{} {} ", person.title.en, person.name));
            let ask = *rng.pick(&ASKS_EN);
            w.plant("statement", ask);
            w.text(&format!(" {p} to keep supporting ASEAN on {}. ", topic.1));
            self.filler(&mut w, &mut rng, false);
        }
        Article {
            title,
            text: w.text.trim_end().to_string(),
            published: format!("{year:04}-{month:02}-{day:02}"),
            lang: if vi { "vi" } else { "en" }.into(),
            url: format!("https://corpus.hoptac.example/{}/{i}", self.seed),
            planted: w.planted,
        }
    }

    fn filler(&self, w: &mut Writer, rng: &mut Rng, vi: bool) {
        for _ in 0..rng.range(1, 3) {
            let t = rng.pick(&TOPICS);
            let s = if vi {
                rng.pick(&FILLER_VI).replace("{t}", t.0)
            } else {
                rng.pick(&FILLER_EN).replace("{t}", t.1)
            };
            w.text(&s);
            w.text(" ");
        }
    }
}

fn ordinal_en(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Builds a text and remembers where facts were planted.
#[derive(Default)]
struct Writer {
    text: String,
    planted: Vec<Planted>,
}

impl Writer {
    fn text(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn plant(&mut self, kind: &str, s: &str) {
        let start = self.text.len();
        self.text.push_str(s);
        self.planted.push(Planted {
            kind: kind.into(),
            span: Span::new(start, self.text.len()),
            text: s.into(),
        });
    }
}

/// Planted and found, per fact kind.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Recall {
    /// kind → (planted, found).
    pub by_kind: BTreeMap<String, (u64, u64)>,
    /// Articles read.
    pub articles: u64,
    /// Up to five planted texts missed, per kind, with their sentence.
    pub missed: BTreeMap<String, Vec<String>>,
}

impl Recall {
    /// Add the outcome of one article.
    pub fn add(&mut self, a: &Article, ex: &Extractor) {
        let meta = DocumentMeta {
            lang: a.lang.parse().ok(),
            published: hoptac_extract::parse_date(&a.published),
            ..Default::default()
        };
        let facts = ex.analyze(&a.text, &meta).facts;
        for p in &a.planted {
            let e = self.by_kind.entry(p.kind.clone()).or_default();
            e.0 += 1;
            if facts
                .iter()
                .any(|f| f.kind() == p.kind && f.span.overlaps(p.span))
            {
                e.1 += 1;
            } else {
                let m = self.missed.entry(p.kind.clone()).or_default();
                if m.len() < 5 {
                    let sentence = hoptac_text::sentences(&a.text)
                        .into_iter()
                        .find(|s| s.contains(p.span))
                        .and_then(|s| s.slice(&a.text).map(str::to_string))
                        .unwrap_or_default();
                    m.push(format!("{:?} in {sentence:?}", p.text));
                }
            }
        }
        self.articles += 1;
    }

    /// Found / planted over all kinds.
    pub fn overall(&self) -> f64 {
        let (p, f) = self
            .by_kind
            .values()
            .fold((0, 0), |acc, x| (acc.0 + x.0, acc.1 + x.1));
        if p == 0 {
            0.0
        } else {
            f as f64 / p as f64
        }
    }
}

/// Recall of `ex` on the first `n` articles of `gen`.
pub fn recall(gen: &Generator, ex: &Extractor, n: u64) -> Recall {
    let mut r = Recall::default();
    for i in 0..n {
        r.add(&gen.article(i), ex);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_planted_spans_slice_the_text() {
        let ex = Extractor::builtin();
        let g = Generator::new(ex.gazetteer(), 7);
        assert_eq!(g.article(3), Generator::new(ex.gazetteer(), 7).article(3));
        assert_ne!(g.article(3).text, g.article(4).text);
        assert_ne!(
            g.article(3).text,
            Generator::new(ex.gazetteer(), 8).article(3).text
        );
        let mut langs = BTreeMap::new();
        for i in 0..200 {
            let a = g.article(i);
            *langs.entry(a.lang.clone()).or_insert(0) += 1;
            assert!(a.planted.len() >= 7);
            for p in &a.planted {
                assert_eq!(p.span.slice(&a.text), Some(p.text.as_str()));
            }
            let back: Article = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
            assert_eq!(back, a);
        }
        assert!(langs["vi"] > 100 && langs["en"] > 30, "{langs:?}");
    }

    #[test]
    fn english_ordinals() {
        assert_eq!(ordinal_en(21), "21st");
        assert_eq!(ordinal_en(12), "12th");
        assert_eq!(ordinal_en(33), "33rd");
    }
}
