//! Figures and ratios.
//!
//! - Money and percentages: "236,6 tỷ USD", "1.200 tỷ đồng", "hơn 2,5
//!   triệu USD", "USD 236.6 billion", "US$17.5bn", "95%". Vietnamese writes
//!   decimals with a comma and thousands with a dot; English the reverse.
//! - Ranks: "lớn thứ tư" = 4, "fourth-largest".
//! - Durations: "hơn 50 năm thiết lập quan hệ", "more than 50 years of".
//! - Counts: "3 trọng tâm hợp tác", "five priorities" (digits only).
//! - Ratios: "108/130 dòng hành động", "108 out of 130 action lines"; a
//!   day/month such as "26/10" is a date, not a ratio.
//!
//! The subject is the nearest term the gazetteer knows before the number
//! in the same clause ("kim ngạch thương mại hai chiều" = two-way trade);
//! the year is the nearest "năm 2024" / "in 2024" before it in the sentence.

use crate::dates::FoundDate;
use crate::doc::{Doc, Reach};
use crate::fact;
use hoptac_model::{Fact, FactBody, Figure, Ratio};
use hoptac_text::{Lang, Span};
use regex::Regex;
use std::sync::LazyLock;

// Digits are ASCII `[0-9]`, not `\d`: `\d` takes any script's digits
// ("١٢"), which the number parsers refuse (a date's parse was unwrapped, a
// panic), and number patterns are searched only around ASCII digits.
static VI_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(hon|gan|khoang|tren|duoi|xap xi|it nhat|toi|len toi) )?([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]+))? ?(nghin ty|ngan ty|ty|trieu|nghin|ngan)? ?(usd|do la my|do la uc|do la singapore|dong|vnd|yen|nhan dan te|won|aud|krw|cny|sgd|euro|eur|bang anh|%|phan tram)(?-u:\b)?").unwrap()
});
static EN_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)(more than|over|nearly|almost|about|around|some|approximately|up to|at least) )?((?-u:\b)us\$ ?|(?-u:\b)[as]\$ ?|(?-u:\b)(?:usd|jpy|yen|eur|aud|krw|cny|sgd|gbp|vnd) ?|\$|€|£|¥)?(?-u:\b)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?(?: ?(trillion|billion|bn|million|mn|m|thousand))?(?: (us dollars|australian dollars|singapore dollars|dollars|usd|aud|sgd|krw|won|cny|yuan|yen|euros|pounds|dong|vnd|percent|per cent)|(%))?(?-u:\b)?").unwrap()
});
static VI_RANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:lon|quan trong|hang dau|dung) thu (nhat|hai|ba|tu|bon|nam|sau|bay|tam|chin|muoi|[0-9]{1,2})|(lon nhat|dung dau|dung thu nhat))(?-u:\b)").unwrap()
});
static EN_RANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[0-9]{1,2}(?:st|nd|rd|th))[- ]largest|(largest|biggest|top))(?-u:\b)").unwrap()
});
/// What a bare superlative ranks: a partner, a market, a source, an
/// investor or donor ("đối tác thương mại lớn nhất", "largest trading
/// partner"). Vietnamese puts the noun before the word, English after.
static RANKED_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(doi tac|thi truong|nha dau tu|nha tai tro|nguon)[a-z ]{0,24} $|^ (?:trading |trade |development |investment |export |import )?(partner|market|investor|donor|source)").unwrap()
});

static VI_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(hon|gan|khoang|tren|suot|sau hon|sau) )([0-9]{1,3}) nam(?-u:\b)|(?-u:\b)([0-9]{1,3}) nam (?:thiet lap quan he|quan he|hop tac)").unwrap()
});
static EN_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:(more than|over|nearly|some|almost) )?([0-9]{1,3}) (years) (?:of|since)(?-u:\b)",
    )
    .unwrap()
});
static RATIO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([0-9]{1,4}) ?/ ?([0-9]{1,4})(?-u:\b)").unwrap());
static EN_RATIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,4}) (?:out of|of the|of) ([0-9]{1,4})(?-u:\b)").unwrap()
});
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,3}) (trong tam|uu tien|linh vuc|du an|sang kien|tru cot|dong hanh dong|chuong trinh|bien phap|dinh huong|de xuat|nuoc thanh vien|quoc gia thanh vien|van kien|priorities|priority areas|areas|projects|initiatives|pillars|action lines|programmes|programs|measures|proposals|member states|documents)(?-u:\b)").unwrap()
});

// How far a number pattern reaches around its digits (longest qualifier
// before, longest scale, unit or noun after), so that it is searched only
// around digits: see `Doc::number_matches`. The tests check each against
// a search of the whole text. Patterns with a rare literal in front (the
// regex engine skips to it) or that stop at every number are cheaper in
// one pass over the whole text, and stay so (measured pattern by pattern).
const VI_MONEY_REACH: Reach = Reach {
    before: 12,
    after: 24,
};
const VI_YEARS_REACH: Reach = Reach {
    before: 12,
    after: 28,
};
const COUNT_REACH: Reach = Reach {
    before: 2,
    after: 26,
};

/// What counted nouns count, in English.
fn counted_en(noun: &str) -> &'static str {
    match noun {
        "trong tam" => "cooperation priorities",
        "uu tien" | "priorities" | "priority areas" => "priorities",
        "linh vuc" | "areas" => "areas",
        "du an" | "projects" => "projects",
        "sang kien" | "initiatives" => "initiatives",
        "tru cot" | "pillars" => "pillars",
        "dong hanh dong" | "action lines" => "action lines",
        "actions" | "action points" => "actions",
        "hoat dong" | "activities" => "activities",
        "muc tieu" | "targets" => "targets",
        "cam ket" | "commitments" => "commitments",
        "chuong trinh" | "programmes" | "programs" => "programmes",
        "bien phap" | "measures" => "measures",
        "dinh huong" => "directions",
        "de xuat" | "proposals" => "proposals",
        "van kien" | "documents" => "documents",
        _ => "member states",
    }
}

fn qualifier_en(q: &str) -> &'static str {
    match q {
        "hon" | "tren" | "more than" | "over" | "sau hon" => "more than",
        "gan" | "nearly" | "almost" | "xap xi" => "nearly",
        "khoang" | "about" | "around" | "some" | "approximately" => "about",
        "duoi" => "less than",
        "it nhat" | "at least" => "at least",
        "toi" | "len toi" | "up to" => "up to",
        "suot" => "throughout",
        _ => "after",
    }
}

fn vi_ordinal(s: &str) -> Option<f64> {
    Some(match s {
        "nhat" => 1.0,
        "hai" => 2.0,
        "ba" => 3.0,
        "tu" | "bon" => 4.0,
        "nam" => 5.0,
        "sau" => 6.0,
        "bay" => 7.0,
        "tam" => 8.0,
        "chin" => 9.0,
        "muoi" => 10.0,
        n => return n.parse().ok(),
    })
}

fn en_ordinal(s: &str) -> Option<f64> {
    Some(match s {
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        n => return n.trim_end_matches(char::is_alphabetic).parse().ok(),
    })
}

/// Parse "236,6" (vi) or "236.6" (en) with the integer and fraction parts.
fn number(int: &str, frac: Option<&str>, thousands: char) -> Option<f64> {
    let digits: String = int.chars().filter(|&c| c != thousands).collect();
    let s = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    s.parse().ok()
}

fn scale(word: Option<&str>) -> f64 {
    match word {
        Some("nghin ty" | "ngan ty" | "trillion") => 1e12,
        Some("ty" | "billion" | "bn") => 1e9,
        Some("trieu" | "million" | "mn" | "m") => 1e6,
        Some("nghin" | "ngan" | "thousand") => 1e3,
        _ => 1.0,
    }
}

fn unit(word: &str) -> &'static str {
    match word {
        "usd" | "do la my" | "us$" | "$" | "us dollars" | "dollars" => "USD",
        "dong" | "vnd" => "VND",
        "yen" | "jpy" | "¥" => "JPY",
        "euro" | "eur" | "euros" | "€" => "EUR",
        "aud" | "a$" | "do la uc" | "australian dollars" => "AUD",
        "sgd" | "s$" | "do la singapore" | "singapore dollars" => "SGD",
        "krw" | "won" => "KRW",
        "cny" | "yuan" | "nhan dan te" => "CNY",
        "gbp" | "£" | "pounds" | "bang anh" => "GBP",
        _ => "percent",
    }
}

/// A money or percent figure: the number times its scale word, in base units.
fn money_figure(v: f64, unit: &str, scale_word: Option<&str>, qualifier: Option<String>) -> Figure {
    let value = if unit == "percent" {
        v
    } else {
        v * scale(scale_word)
    };
    Figure {
        value,
        unit: unit.into(),
        subject: None,
        year: None,
        qualifier,
        ..Default::default()
    }
}

/// Extract figures and ratios; spans inside `exclude` (meeting names) are skipped.
pub fn extract(doc: &Doc, dates: &[FoundDate], exclude: &[Span]) -> Vec<Fact> {
    let mut found: Vec<(usize, usize, Figure)> = Vec::new();
    let ft = doc.ft();
    let mut add = |s: usize, e: usize, fig: Figure| {
        if !found.iter().any(|(a, b, _)| *a < e && s < *b) {
            found.push((s, e, fig));
        }
    };
    let q = |c: &regex::Captures, i: usize| c.get(i).map(|m| qualifier_en(m.as_str()).to_string());
    // Each language's number format first; the other only where the text
    // shows a sign of it ("US$" in Vietnamese, "tỷ" in English). The English
    // pattern stops at every bare number, so running it blind on Vietnamese
    // text costs a third of this stage.
    // (Each sign is looked for only in the language that needs it; a page
    // mixing languages has both formats, each paragraph's own.)
    let vi_style = || {
        doc.is_mixed()
            || ft.contains(" ty ")
            || ft.contains(" trieu ")
            || ft.contains(" nghin ")
            || ft.contains(" ngan ")
    };
    let en_style = || {
        doc.is_mixed()
            || ft.contains('$')
            || ft.contains(" billion")
            || ft.contains(" million")
            || ft.contains("bn")
            || ft.contains("percent")
    };
    let money: Vec<&Regex> = match doc.lang {
        Lang::Vi => std::iter::once(&*VI_MONEY)
            .chain(en_style().then_some(&*EN_MONEY))
            .collect(),
        Lang::En => std::iter::once(&*EN_MONEY)
            .chain(vi_style().then_some(&*VI_MONEY))
            .collect(),
    };
    for re in money {
        let vi = std::ptr::eq(re, &*VI_MONEY);
        // The English pattern stops at every bare number: searched windowed,
        // it costs more than in one pass (measured). A bare number ("2024",
        // "1,200.5") has no currency, scale or unit, so it is skipped below
        // anyway: its groups are not captured (the search without groups is
        // the same search, and capturing from a match's start finds it again).
        let matches: Box<dyn Iterator<Item = regex::Captures>> = if vi {
            Box::new(doc.number_matches(re, VI_MONEY_REACH))
        } else {
            Box::new(
                re.find_iter(ft)
                    .filter(|m| {
                        !m.as_str()
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
                    })
                    .filter_map(|m| re.captures_at(ft, m.start())),
            )
        };
        for c in matches {
            let m = c.get(0).unwrap();
            let fig = if vi {
                let Some(v) = number(&c[2], c.get(3).map(|x| x.as_str()), '.') else {
                    continue;
                };
                let u = unit(&c[5]);
                // Folding makes "dòng" (line) look like "đồng" (the currency): check the raw letter.
                let g5 = c.get(5).unwrap();
                let raw_unit = doc.slice(doc.raw_span(g5.start(), g5.end()));
                if u == "VND" && !raw_unit.starts_with(['đ', 'Đ', 'V']) {
                    continue;
                }
                money_figure(v, u, c.get(4).map(|x| x.as_str()), q(&c, 1))
            } else {
                let cur = c.get(2).map(|x| x.as_str().trim());
                let after = c.get(6).or(c.get(7)).map(|x| x.as_str());
                let Some(u) = cur.or(after).map(unit) else {
                    continue;
                };
                let Some(v) = number(&c[3], c.get(4).map(|x| x.as_str()), ',') else {
                    continue;
                };
                // "m" alone is too ambiguous without a currency before it.
                if c.get(5).is_some_and(|s| s.as_str() == "m") && cur.is_none() {
                    continue;
                }
                money_figure(v, u, c.get(5).map(|x| x.as_str()), q(&c, 1))
            };
            // The qualifier word is not part of the number's span.
            let s = c.get(1).map_or(m.start(), |g| g.end() + 1);
            add(s, m.end(), fig);
        }
    }
    for (re, vi) in [(&*VI_RANK, true), (&*EN_RANK, false)] {
        for c in re.captures_iter(ft) {
            let m = c.get(0).unwrap();
            let v = match (c.get(1), c.get(2)) {
                (Some(n), _) if vi => vi_ordinal(n.as_str()),
                (Some(n), _) => en_ordinal(n.as_str()),
                // "lớn nhất", "largest": first, when it ranks a partner or
                // a market, not "one of the largest" or "the largest ever".
                (None, Some(w)) => {
                    let before = crate::tail(&ft[..m.start()], 40);
                    let after = crate::head(&ft[m.end()..], 24);
                    let among = ["one of", "among", "mot trong", "trong so"]
                        .iter()
                        .any(|x| before.contains(x));
                    let ranked = RANKED_NOUN.is_match(if vi { before } else { after })
                        || w.as_str() == "dung dau";
                    (!among && ranked).then_some(1.0)
                }
                _ => None,
            };
            if let Some(v) = v {
                add(
                    m.start(),
                    m.end(),
                    Figure {
                        value: v,
                        unit: "rank".into(),
                        ..Default::default()
                    },
                );
            }
        }
    }
    for c in doc.number_matches(&VI_YEARS, VI_YEARS_REACH) {
        let m = c.get(0).unwrap();
        let (n, qual) = match (c.get(2), c.get(3)) {
            (Some(n), _) => (n, q(&c, 1)),
            (None, Some(n)) => (n, None),
            _ => continue,
        };
        let v: f64 = n.as_str().parse().unwrap_or(0.0);
        if v > 0.0 {
            let s = c.get(1).map_or(m.start(), |g| g.end() + 1);
            add(
                s,
                m.end(),
                Figure {
                    value: v,
                    unit: "years".into(),
                    qualifier: qual,
                    ..Default::default()
                },
            );
        }
    }
    for c in EN_YEARS.captures_iter(ft) {
        let m = c.get(0).unwrap();
        let v: f64 = c[2].parse().unwrap_or(0.0);
        let s = c.get(1).map_or(m.start(), |g| g.end() + 1);
        // The span ends at "years": "of" / "since" only tell it is a duration.
        add(
            s,
            c.get(3).map_or(m.end(), |g| g.end()),
            Figure {
                value: v,
                unit: "years".into(),
                qualifier: q(&c, 1),
                ..Default::default()
            },
        );
    }
    for c in doc.number_matches(&COUNT, COUNT_REACH) {
        let m = c.get(0).unwrap();
        // "108/130 dòng hành động", "108 out of 130 action lines" are ratios, handled below.
        let before = crate::tail(&ft[..m.start()], 12);
        if before.ends_with('/')
            || before.ends_with(" of ")
            || before.ends_with("/ ")
            || before.ends_with(" tren ")
            || before.ends_with(" tong so ")
        {
            continue;
        }
        let v: f64 = c[1].parse().unwrap_or(0.0);
        add(
            m.start(),
            m.end(),
            Figure {
                value: v,
                unit: "count".into(),
                subject: Some(counted_en(&c[2]).into()),
                ..Default::default()
            },
        );
    }
    let mut facts: Vec<Fact> = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    found.sort_by_key(|f| f.0);
    for (s, e, mut fig) in found {
        let span = trimmed(doc, s, e);
        if exclude.iter().any(|x| x.contains(span)) {
            continue;
        }
        if fig.subject.is_none() && fig.unit == "percent" {
            // "95% dòng hành động", "95 percent of the action lines".
            let after = ft[e..]
                .trim_start_matches(" of the")
                .trim_start_matches(" of");
            fig.subject = COUNTED_AFTER
                .captures(after)
                .map(|c| counted_en(c.get(1).unwrap().as_str()).to_string());
        }
        if fig.subject.is_none() && fig.unit == "rank" {
            // "fourth largest trading partner", "second largest source of FDI".
            fig.subject = subject_after(doc, e);
        }
        if fig.subject.is_none() {
            fig.subject = subject_before(doc, s);
        }
        if fig.unit == "years" {
            // A duration: "hơn 50 năm thiết lập quan hệ", "50 years of relations".
            let t = hoptac_text::fold(doc.slice(span));
            let near = crate::head(&ft[e..], 40);
            let relations = [
                "quan he",
                "relations",
                "hop tac",
                "cooperation",
                "friendship",
            ];
            if relations.iter().any(|r| t.contains(r) || near.contains(r)) {
                fig.subject = Some("years of relations".into());
            }
            fig.year = None;
        } else {
            fig.year = year_before(doc, dates, s, span);
        }
        let key = (
            format!("{}{}", fig.value, fig.unit),
            fig.subject.clone().unwrap_or_default(),
        );
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        facts.push(fact(doc, span, FactBody::Figure(fig)));
    }
    facts.extend(ratios(doc, dates));
    facts
}

fn trimmed(doc: &Doc, s: usize, e: usize) -> Span {
    let span = doc.raw_span(s, e);
    hoptac_text::trim_span(doc.raw, span, &[',', '.'])
}

/// A gazetteer term a few words after folded offset `at`, no punctuation
/// between: the noun an English rank qualifies.
fn subject_after(doc: &Doc, at: usize) -> Option<String> {
    let ft = doc.ft();
    let first = doc.hits.partition_point(|h| h.folded.0 < at);
    doc.hits[first..]
        .iter()
        .take_while(|h| h.folded.0 <= at + 24)
        .find(|h| {
            doc.entry(h).kind == "term"
                && !ft[at..h.folded.0].contains([',', '.', ';', ':', '(', ')'])
        })
        .map(|h| doc.entry(h).name_en.clone())
}

/// The nearest gazetteer term before folded offset `at`, in its clause.
fn subject_before(doc: &Doc, at: usize) -> Option<String> {
    let (s, _) = doc.sentence_folded(doc.folded.raw_start(at, doc.raw.len()));
    let ft = doc.ft();
    let clause_start = ft[s..at].rfind([';', ':']).map_or(s, |i| s + i);
    // Hits are left to right and do not overlap: only those starting in
    // the clause before `at` can qualify.
    let from = doc.hits.partition_point(|h| h.folded.0 < clause_start);
    let to = doc.hits.partition_point(|h| h.folded.0 < at);
    doc.hits[from..to.max(from)]
        .iter()
        .rfind(|h| doc.entry(h).kind == "term" && h.folded.1 <= at && at - h.folded.1 < 60)
        .map(|h| doc.entry(h).name_en.clone())
}

/// The year written right after the figure ("USD 239.4 billion in 2023"),
/// else the nearest year before it in its sentence, else a year soon after.
fn year_before(doc: &Doc, dates: &[FoundDate], at: usize, span: Span) -> Option<i32> {
    let (s, e) = doc.sentence_folded(span.start());
    let fe = doc.folded.from_raw(span.end());
    let right_after = dates
        .iter()
        .find(|d| d.folded.0 >= fe && d.folded.0 - fe <= 5 && d.folded.1 <= e && d.end.is_none());
    if let Some(y) = right_after.and_then(|d| crate::dates::year_of(&d.value)) {
        return Some(y);
    }
    let before = dates.iter().rfind(|d| {
        d.folded.0 >= s && d.folded.1 <= at && d.end.is_none() && !d.value.starts_with("--")
    });
    let after = dates
        .iter()
        .find(|d| d.folded.0 >= at && d.folded.1 <= e && d.folded.0 - at < 24 && d.end.is_none());
    before
        .or(after)
        .and_then(|d| crate::dates::year_of(&d.value))
}

fn ratios(doc: &Doc, dates: &[FoundDate]) -> Vec<Fact> {
    let ft = doc.ft();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (re, en) in [
        (&*RATIO, false),
        (&*EN_RATIO, true),
        (&*VI_RATIO_WORDS, true),
    ] {
        for c in re.captures_iter(ft) {
            let m = c.get(0).unwrap();
            let (Ok(n), Ok(d)) = (c[1].parse::<u64>(), c[2].parse::<u64>()) else {
                continue;
            };
            if n > d || d == 0 {
                continue;
            }
            // Part of a longer number or date: "12/2023", "26/10/2025".
            let next = ft[m.end()..].chars().next();
            if next == Some('/')
                || m.start() > 0 && matches!(ft.as_bytes()[m.start() - 1], b'/' | b'.' | b',')
            {
                continue;
            }
            if dates
                .iter()
                .any(|x| x.folded.0 <= m.start() && m.end() <= x.folded.1)
            {
                continue;
            }
            let after = &ft[m.end()..];
            let noun = COUNTED_AFTER
                .captures(after)
                .map(|c| counted_en(c.get(1).unwrap().as_str()).to_string());
            // Without a counted noun, only numbers that cannot be a day/month.
            if noun.is_none() && (en || n <= 31 && d <= 12) {
                continue;
            }
            if seen.contains(&(n, d)) {
                continue;
            }
            seen.push((n, d));
            let span = doc.raw_span(m.start(), m.end());
            out.push(fact(
                doc,
                span,
                FactBody::Ratio(Ratio {
                    numerator: n,
                    denominator: d,
                    subject: noun,
                }),
            ));
        }
    }
    out
}

/// The counted noun right after a number, maybe behind a determiner: "95%
/// số dòng hành động" (the number of), "các", "95 per cent of its action
/// lines".
static COUNTED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:so |cac |tong so |the |its |their )?(dong hanh dong|du an|sang kien|chuong trinh|bien phap|hoat dong|muc tieu|cam ket|action lines|action points|actions|projects|activities|measures|initiatives|programmes|commitments|targets)").unwrap()
});

/// "120 trên tổng số 130 dòng hành động", "120 trên 130 ...": a ratio in
/// words (with a counted noun, like the English "of the").
static VI_RATIO_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,4}) tren (?:tong so )?([0-9]{1,4})(?-u:\b)").unwrap()
});

/// Every pattern searched with [`Doc::number_matches`], with its reach.
#[cfg(test)]
pub(crate) fn number_patterns() -> Vec<(&'static Regex, Reach)> {
    vec![
        (&VI_MONEY, VI_MONEY_REACH),
        (&VI_YEARS, VI_YEARS_REACH),
        (&COUNT, COUNT_REACH),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use chrono::NaiveDate;

    fn figs(text: &str, lang: Lang) -> Vec<(String, f64, String, Option<i32>)> {
        let mut g = Gazetteer::default();
        g.add_csv("t.csv", "id,kind,name_en,acronym,vi,en,attrs\ntrade,term,two-way trade,,kim ngạch thương mại hai chiều,two-way trade,\n").unwrap();
        g.compile();
        let doc = Doc::new(text, lang, NaiveDate::from_ymd_opt(2025, 10, 26), &g);
        let dates = crate::dates::find(&doc);
        extract(&doc, &dates, &[])
            .into_iter()
            .map(|f| {
                assert_eq!(f.span.slice(text), Some(f.text.as_str()));
                match f.body {
                    FactBody::Figure(x) => (f.text, x.value, x.unit, x.year),
                    FactBody::Ratio(r) => (
                        f.text,
                        r.numerator as f64 / r.denominator as f64,
                        "ratio".into(),
                        None,
                    ),
                    _ => unreachable!(),
                }
            })
            .collect()
    }

    #[test]
    fn vietnamese_money_rank_years_counts() {
        let got = figs(
            "Nhật Bản là đối tác lớn thứ tư, với kim ngạch thương mại hai chiều năm 2024 đạt 236,6 tỷ USD và vốn đạt 17,5 tỷ USD; \
             dự án 1.200 tỷ đồng. Sau hơn 50 năm thiết lập quan hệ, Thủ tướng đề xuất 3 trọng tâm hợp tác.",
            Lang::Vi,
        );
        let vals: Vec<(f64, &str, Option<i32>)> =
            got.iter().map(|g| (g.1, g.2.as_str(), g.3)).collect();
        assert_eq!(
            vals,
            vec![
                (4.0, "rank", None),
                (236.6e9, "USD", Some(2024)),
                (17.5e9, "USD", Some(2024)),
                (1.2e12, "VND", Some(2024)),
                (50.0, "years", None),
                (3.0, "count", None)
            ]
        );
        assert_eq!(got[1].0, "236,6 tỷ USD");
    }

    fn units(text: &str, lang: Lang) -> Vec<(String, f64, String)> {
        figs(text, lang)
            .into_iter()
            .map(|(t, v, u, _)| (t, v, u))
            .collect()
    }

    #[test]
    fn other_currencies_in_both_number_formats() {
        let got = units(
            "Canberra set aside A$1.5 billion and AUD 300 million, Seoul KRW 2,500 billion, Beijing 12.4 billion yuan, Singapore S$80 million, London £45 million.",
            Lang::En,
        );
        let u: Vec<(&str, f64)> = got.iter().map(|g| (g.2.as_str(), g.1)).collect();
        assert_eq!(
            u,
            vec![
                ("AUD", 1.5e9),
                ("AUD", 300e6),
                ("KRW", 2500e9),
                ("CNY", 12.4e9),
                ("SGD", 80e6),
                ("GBP", 45e6)
            ]
        );
        assert_eq!(got[0].0, "A$1.5 billion");
        let got = units(
            "Hàn Quốc cam kết 1.200 tỷ won, Australia dành 2,3 tỷ AUD và Trung Quốc 15 tỷ nhân dân tệ.",
            Lang::Vi,
        );
        let u: Vec<(&str, f64)> = got.iter().map(|g| (g.2.as_str(), g.1)).collect();
        assert_eq!(u, vec![("KRW", 1.2e12), ("AUD", 2.3e9), ("CNY", 15e9)]);
    }

    #[test]
    fn superlatives_rank_first_and_duration_spans_end_at_years() {
        let got = units(
            "Trung Quốc là đối tác thương mại lớn nhất của ASEAN, còn Hàn Quốc đứng thứ năm.",
            Lang::Vi,
        );
        let r: Vec<(&str, f64)> = got.iter().map(|g| (g.0.as_str(), g.1)).collect();
        assert_eq!(r, vec![("lớn nhất", 1.0), ("đứng thứ năm", 5.0)]);
        let got = units("China is ASEAN's largest trading partner.", Lang::En);
        assert_eq!(got, vec![("largest".to_string(), 1.0, "rank".to_string())]);
        // Not a rank: "one of the largest", or a superlative of nothing ranked.
        assert!(units(
            "Japan is one of the largest investors in the region.",
            Lang::En
        )
        .is_empty());
        assert!(units("Đây là dự án lớn nhất từ trước đến nay.", Lang::Vi).is_empty());
        let got = units("The two sides marked 35 years of relations.", Lang::En);
        assert_eq!(got[0].0, "35 years");
    }

    #[test]
    fn ratios_in_words() {
        let got = figs(
            "Đến nay đã hoàn thành 96 trên tổng số 110 dòng hành động, và 40 trên 52 dự án.",
            Lang::Vi,
        );
        let r: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(r, vec!["96 trên tổng số 110", "40 trên 52"]);
        let got = figs(
            "So far 61 of the 70 actions and 9 out of 12 projects are complete.",
            Lang::En,
        );
        let r: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(r, vec!["61 of the 70", "9 out of 12"]);
    }

    #[test]
    fn a_percentage_of_action_lines_behind_a_determiner() {
        let subjects = |text: &str, lang: Lang| -> Vec<Option<String>> {
            let g = Gazetteer::default();
            let doc = Doc::new(text, lang, None, &g);
            extract(&doc, &crate::dates::find(&doc), &[])
                .into_iter()
                .filter_map(|f| match f.body {
                    FactBody::Figure(x) if x.unit == "percent" => Some(x.subject),
                    _ => None,
                })
                .collect()
        };
        let al = Some("action lines".to_string());
        assert_eq!(
            subjects(
                "Kế hoạch đã hoàn thành 92% số dòng hành động và 80% các dự án.",
                Lang::Vi
            ),
            vec![al.clone(), Some("projects".into())]
        );
        assert_eq!(
            subjects(
                "The plan had 93 per cent of its action lines addressed.",
                Lang::En
            ),
            vec![al]
        );
        // A percentage of something else is not a count of lines.
        assert_eq!(
            subjects("Thuế giảm 5% so với năm trước.", Lang::Vi),
            vec![None]
        );
    }

    #[test]
    fn ratios_not_dates() {
        let got = figs(
            "Chiều 26/10, đã triển khai 108/130 dòng hành động, tức 3/5 dự án.",
            Lang::Vi,
        );
        let r: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(r, vec!["108/130", "3/5"]);
    }

    #[test]
    fn a_year_right_after_the_figure_is_its_own() {
        let got = figs("Two-way trade peaked at USD 268.5 billion in 2022, before easing to USD 239.4 billion in 2023.", Lang::En);
        let years: Vec<Option<i32>> = got.iter().map(|g| g.3).collect();
        assert_eq!(years, vec![Some(2022), Some(2023)]);
        let got = figs("Năm 2022, kim ngạch thương mại hai chiều đạt 268,5 tỷ USD, sau đó giảm còn 239,4 tỷ USD năm 2023.", Lang::Vi);
        let years: Vec<Option<i32>> = got.iter().map(|g| g.3).collect();
        assert_eq!(years, vec![Some(2022), Some(2023)]);
    }

    #[test]
    fn an_english_rank_qualifies_the_noun_after_it() {
        let mut g = Gazetteer::default();
        g.add_csv("t.csv", "id,kind,name_en,acronym,vi,en,attrs\ntp,term,trading partner,,đối tác thương mại,,\nfdi,term,foreign direct investment,FDI,vốn đầu tư trực tiếp nước ngoài,,\n").unwrap();
        g.compile();
        for (text, lang, want) in [
            ("Japan is ASEAN's fourth-largest trading partner and its second largest source of foreign direct investment.", Lang::En, vec!["trading partner", "foreign direct investment"]),
            ("Nhật Bản là đối tác thương mại lớn thứ tư của ASEAN.", Lang::Vi, vec!["trading partner"]),
        ] {
            let doc = Doc::new(text, lang, None, &g);
            let got: Vec<String> = extract(&doc, &[], &[])
                .into_iter()
                .filter_map(|f| match f.body {
                    FactBody::Figure(x) if x.unit == "rank" => x.subject,
                    _ => None,
                })
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_bare_dollar_sign_is_usd() {
        // "$" after a space is no word boundary: the sign must still count.
        let got = figs(
            "Two-way trade amounted to $236.6 billion in 2024 and (€1.2bn) more.",
            Lang::En,
        );
        let vals: Vec<(f64, &str)> = got.iter().map(|g| (g.1, g.2.as_str())).collect();
        assert_eq!(vals, vec![(236.6e9, "USD"), (1.2e9, "EUR")]);
        assert_eq!(got[0].0, "$236.6 billion");
    }

    #[test]
    fn english_money() {
        let got = figs("Two-way trade reached USD 236.6 billion in 2024, FDI US$17.5bn, and 95 percent; 108 out of 130 action lines.", Lang::En);
        let vals: Vec<(f64, &str)> = got.iter().map(|g| (g.1, g.2.as_str())).collect();
        assert_eq!(
            vals,
            vec![
                (236.6e9, "USD"),
                (17.5e9, "USD"),
                (95.0, "percent"),
                (108.0 / 130.0, "ratio")
            ]
        );
    }
}
