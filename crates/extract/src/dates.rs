//! Dates and periods: "Chiều 26/10", "ngày 25/6/2024", "tháng 12/2023",
//! "năm 2024", "giai đoạn 2026 - 2030", "26 October 2025", "June 2024".
//!
//! Matched on folded text (so "Chiều" and "chieu" are one pattern), then
//! resolved against the document's publication date, never the clock: a
//! day and month without a year take the publication year, or the year
//! before when that would put them more than a month after publication.

use crate::doc::{Doc, Reach};
use crate::fact;
use chrono::{Datelike, NaiveDate};
use hoptac_model::{DateFact, Fact, FactBody};
use regex::Regex;
use std::sync::LazyLock;

/// A date found in the text, for other extractors (meetings, figures).
#[derive(Debug, Clone)]
pub struct FoundDate {
    /// Folded range.
    pub folded: (usize, usize),
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    pub value: String,
    /// End of a period.
    pub end: Option<String>,
}

pub(crate) const MONTHS_EN: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

// Digits are ASCII `[0-9]`, not `\d`: `\d` takes any script's digits
// ("١٢"), which the number parsers refuse (a date's parse was unwrapped, a
// panic), and number patterns are searched only around ASCII digits.
static VI_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:ngay|sang|chieu|toi|trua|dem|hom|tu|den|toi) )([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?(?-u:\b)").unwrap()
});
/// A dateline: "Kuala Lumpur, 26/10 -" at the start of a line.
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[^\n,]{2,40}, ([0-9]{1,2})/([0-9]{1,2}) ?-").unwrap());
/// "hôm nay", "chiều nay", "today": the publication date.
static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:hom nay|sang nay|chieu nay|toi nay|trua nay|today|this (?:morning|afternoon|evening))(?-u:\b)").unwrap()
});
static FULL_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?-u:\b)").unwrap());
static VI_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)thang ([0-9]{1,2})(?:(?:/| nam )([0-9]{4}))?(?-u:\b)").unwrap()
});
static VI_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)nam ([0-9]{4})(?-u:\b)").unwrap());
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:giai doan |thoi ky |nhiem ky |period |for |from )?\(?((?:19|20)[0-9]{2}) ?(?:-|to) ?((?:19|20)[0-9]{2})\)?(?-u:\b)").unwrap()
});
static EN_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,2}) (january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?(?:,? ((?:19|20)[0-9]{2}))?(?-u:\b)").unwrap()
});
static EN_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.? ([0-9]{1,2})(?:st|nd|rd|th)?(?:,? ((?:19|20)[0-9]{2}))?(?-u:\b)").unwrap()
});
static NEXT_MONTH_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:next|this coming|coming) (january|february|march|april|may|june|july|august|september|october|november|december)(?-u:\b)").unwrap()
});
/// After "tháng N": " tới" / " sắp tới" that ends the phrase.
static COMING_VI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (?:sap )?toi(?-u:\b)").unwrap());
/// "tới" as "to": "tháng 1 tới tháng 6", "tới nay".
static TO_VI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:sap )?toi (?:thang|nay|ngay|nam|cuoi|het|dau|[0-9])").unwrap()
});
static EN_MY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(january|february|march|april|may|june|july|august|september|october|november|december) ((?:19|20)[0-9]{2})(?-u:\b)").unwrap()
});
static EN_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|since|by|of|year) ((?:19|20)[0-9]{2})(?-u:\b)").unwrap()
});

// How far a pattern reaches around its digits (the longest words before
// and after them), so that it is searched only around digits: see
// `Doc::number_matches`. The tests check each against a search of the
// whole text. A dateline's place is up to 40 characters of 4 bytes. The
// other patterns have a literal the regex engine skips to, and are cheaper
// in one pass over the whole text (measured pattern by pattern).
const DATELINE_REACH: Reach = Reach {
    before: 170,
    after: 4,
};
const PERIOD_REACH: Reach = Reach {
    before: 14,
    after: 3,
};

fn month_of(name: &str) -> u32 {
    MONTHS_EN
        .iter()
        .position(|m| m.starts_with(&name[..3.min(name.len())]))
        .map_or(0, |i| i as u32 + 1)
}

/// Resolve a day and month (and maybe year) against the publication date.
fn resolve_dm(
    day: u32,
    month: u32,
    year: Option<i32>,
    published: Option<NaiveDate>,
) -> Option<String> {
    let year = match (year, published) {
        (Some(y), _) => y,
        (None, Some(p)) => {
            let guess = NaiveDate::from_ymd_opt(p.year(), month, day)?;
            if guess > p + chrono::Days::new(31) {
                p.year() - 1
            } else {
                p.year()
            }
        }
        (None, None) => {
            // No year anywhere: keep the day and month valid, the year unknown.
            NaiveDate::from_ymd_opt(2000, month, day)?;
            return Some(format!("--{month:02}-{day:02}"));
        }
    };
    NaiveDate::from_ymd_opt(year, month, day).map(|d| d.to_string())
}

fn resolve_month(month: u32, year: Option<i32>, published: Option<NaiveDate>) -> Option<String> {
    resolve_month_in(month, year, published, false)
}

/// As [`resolve_month`]; `coming` for "tháng 10 tới", "next October": the
/// first such month after publication (this year, or the next one).
fn resolve_month_in(
    month: u32,
    year: Option<i32>,
    published: Option<NaiveDate>,
    coming: bool,
) -> Option<String> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let year = match (year, published) {
        (Some(y), _) => y,
        (None, Some(p)) if coming && month <= p.month() => p.year() + 1,
        (None, Some(p)) if coming => p.year(),
        (None, Some(p)) if month > p.month() + 1 => p.year() - 1,
        (None, Some(p)) => p.year(),
        (None, None) => return Some(format!("--{month:02}")),
    };
    Some(format!("{year:04}-{month:02}"))
}

/// Find every date; later extractors use them, and each is a `date` fact.
pub fn find(doc: &Doc) -> Vec<FoundDate> {
    let mut out: Vec<FoundDate> = Vec::new();
    let push = |out: &mut Vec<FoundDate>,
                s: usize,
                e: usize,
                value: Option<String>,
                end: Option<String>| {
        if let Some(value) = value {
            if !out.iter().any(|d| d.folded.0 < e && s < d.folded.1) {
                out.push(FoundDate {
                    folded: (s, e),
                    value,
                    end,
                });
            }
        }
    };
    let p = doc.published;
    let num = |c: &regex::Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
    // Most specific first: overlapping later matches are dropped.
    for c in doc.folded_matches(&FULL_DMY) {
        let m = c.get(0).unwrap();
        push(
            &mut out,
            m.start(),
            m.end(),
            resolve_dm(
                num(&c, 1).unwrap() as u32,
                num(&c, 2).unwrap() as u32,
                num(&c, 3),
                p,
            ),
            None,
        );
    }
    let mut dateline: Option<String> = None;
    for c in doc.number_matches(&DATELINE, DATELINE_REACH) {
        let (g, e) = (c.get(1).unwrap(), c.get(2).unwrap());
        let v = resolve_dm(
            num(&c, 1).unwrap() as u32,
            num(&c, 2).unwrap() as u32,
            None,
            p,
        );
        dateline = dateline.or(v.clone());
        push(&mut out, g.start(), e.end(), v, None);
    }
    // "Chiều nay" is the day of the dateline when there is one (a story
    // filed on the 26th and published on the 27th), else of publication.
    if let Some(today) = dateline.or(p.map(|p| p.to_string())) {
        for m in doc.folded_matches(&TODAY) {
            let m = m.get(0).unwrap();
            push(&mut out, m.start(), m.end(), Some(today.clone()), None);
        }
    }
    for c in doc.folded_matches(&VI_DAY) {
        let g = c.get(1).unwrap();
        let e = c.get(0).unwrap().end();
        push(
            &mut out,
            g.start(),
            e,
            resolve_dm(
                num(&c, 1).unwrap() as u32,
                num(&c, 2).unwrap() as u32,
                num(&c, 3),
                p,
            ),
            None,
        );
    }
    for re in [&*EN_DMY, &*EN_MDY] {
        for c in doc.folded_matches(re) {
            let m = c.get(0).unwrap();
            let (d, mo) = if re.as_str() == EN_DMY.as_str() {
                (
                    num(&c, 1).unwrap() as u32,
                    month_of(c.get(2).unwrap().as_str()),
                )
            } else {
                (
                    num(&c, 2).unwrap() as u32,
                    month_of(c.get(1).unwrap().as_str()),
                )
            };
            push(
                &mut out,
                m.start(),
                m.end(),
                resolve_dm(d, mo, num(&c, 3), p),
                None,
            );
        }
    }
    for c in doc.number_matches(&PERIOD, PERIOD_REACH) {
        let (a, b) = (num(&c, 1).unwrap(), num(&c, 2).unwrap());
        if a < b && b - a <= 20 {
            let m = c.get(0).unwrap();
            push(
                &mut out,
                m.start(),
                m.end(),
                Some(format!("{a:04}")),
                Some(format!("{b:04}")),
            );
        }
    }
    for c in doc.folded_matches(&NEXT_MONTH_EN) {
        let m = c.get(0).unwrap();
        push(
            &mut out,
            m.start(),
            m.end(),
            resolve_month_in(month_of(c.get(1).unwrap().as_str()), None, p, true),
            None,
        );
    }
    let ft = doc.ft();
    for c in doc.folded_matches(&VI_MONTH) {
        let m = c.get(0).unwrap();
        // "tháng 10 tới", "tháng 10 sắp tới": the coming October. Not "từ
        // tháng 1 tới tháng 6" (to June) nor "tới nay" (until now).
        let rest = &ft[m.end()..];
        let coming = c.get(2).is_none() && COMING_VI.is_match(rest) && !TO_VI.is_match(rest);
        let end = if coming {
            m.end() + COMING_VI.find(rest).map_or(0, |x| x.end())
        } else {
            m.end()
        };
        push(
            &mut out,
            m.start(),
            end,
            resolve_month_in(num(&c, 1).unwrap() as u32, num(&c, 2), p, coming),
            None,
        );
    }
    for c in doc.folded_matches(&EN_MY) {
        let m = c.get(0).unwrap();
        push(
            &mut out,
            m.start(),
            m.end(),
            resolve_month(month_of(c.get(1).unwrap().as_str()), num(&c, 2), p),
            None,
        );
    }
    for re in [&*VI_YEAR, &*EN_YEAR] {
        for c in doc.folded_matches(re) {
            let g = c.get(1).unwrap();
            let y = num(&c, 1).unwrap();
            if (1900..=2100).contains(&y) {
                push(&mut out, g.start(), g.end(), Some(format!("{y:04}")), None);
            }
        }
    }
    out.sort_by_key(|d| d.folded.0);
    out
}

/// Date facts from the dates found.
pub fn facts(doc: &Doc, dates: &[FoundDate]) -> Vec<Fact> {
    dates
        .iter()
        .filter(|d| !d.value.starts_with("--"))
        .map(|d| {
            let span = doc.raw_span(d.folded.0, d.folded.1);
            fact(
                doc,
                span,
                FactBody::Date(DateFact {
                    value: d.value.clone(),
                    end: d.end.clone(),
                }),
            )
        })
        .collect()
}

/// The year of a date value, if it has one.
pub fn year_of(value: &str) -> Option<i32> {
    value.get(..4).and_then(|y| y.parse().ok())
}

/// Every pattern searched with [`Doc::number_matches`], with its reach.
#[cfg(test)]
pub(crate) fn number_patterns() -> Vec<(&'static Regex, Reach)> {
    vec![(&DATELINE, DATELINE_REACH), (&PERIOD, PERIOD_REACH)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use hoptac_text::Lang;

    fn dates(text: &str, published: &str, lang: Lang) -> Vec<(String, String)> {
        let g = Gazetteer::default();
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        let doc = Doc::new(text, lang, p, &g);
        find(&doc)
            .iter()
            .map(|d| {
                let s = doc.raw_span(d.folded.0, d.folded.1);
                (
                    doc.slice(s).to_string(),
                    d.value.clone() + &d.end.as_ref().map(|e| format!("..{e}")).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn the_coming_month() {
        let got = dates(
            "Hội nghị sẽ diễn ra vào tháng 11 tới tại Manila.",
            "2025-03-20",
            Lang::Vi,
        );
        assert_eq!(
            got,
            vec![("tháng 11 tới".to_string(), "2025-11".to_string())]
        );
        // A month already past this year is next year's.
        let got = dates("Hai bên sẽ ký vào tháng 2 sắp tới.", "2025-09-01", Lang::Vi);
        assert_eq!(got[0].1, "2026-02");
        // "tới" as "to" is not the coming month.
        let got = dates(
            "Từ tháng 1 tới tháng 6, kim ngạch tăng.",
            "2025-09-01",
            Lang::Vi,
        );
        assert_eq!(got[0], ("tháng 1".to_string(), "2025-01".to_string()));
        let got = dates(
            "Leaders will meet in Kuala Lumpur next October.",
            "2025-05-02",
            Lang::En,
        );
        assert_eq!(
            got,
            vec![("next October".to_string(), "2025-10".to_string())]
        );
        let got = dates("The forum returns next March.", "2025-05-02", Lang::En);
        assert_eq!(got[0].1, "2026-03");
    }

    #[test]
    fn other_scripts_digits_are_not_dates() {
        // Arabic-Indic digits between letters once matched `\d` and
        // panicked in the parse; they are not read as numbers.
        assert!(dates("Ngày x١/١/٢٠٢٥x, năm ٢٠٢٤.", "2025-10-26", Lang::Vi).is_empty());
    }

    #[test]
    fn vietnamese_dates_take_the_publication_year() {
        let got = dates(
            "Chiều 26/10, hai bên họp. Tháng 12/2023 tại Tokyo; năm 2024 và giai đoạn 2026 - 2030.",
            "2025-10-27",
            Lang::Vi,
        );
        assert_eq!(
            got,
            vec![
                ("26/10".into(), "2025-10-26".into()),
                ("Tháng 12/2023".into(), "2023-12".into()),
                ("2024".into(), "2024".into()),
                ("giai đoạn 2026 - 2030".into(), "2026..2030".into()),
            ]
        );
    }

    #[test]
    fn late_months_belong_to_the_year_before() {
        let got = dates("Sáng 28/12, hội nghị bế mạc.", "2026-01-05", Lang::Vi);
        assert_eq!(got, vec![("28/12".into(), "2025-12-28".into())]);
    }

    #[test]
    fn ratios_are_not_dates() {
        assert!(dates(
            "đã triển khai 108/130 dòng hành động",
            "2025-10-26",
            Lang::Vi
        )
        .is_empty());
    }

    #[test]
    fn english_dates() {
        let got = dates(
            "on 26 October 2025 in Kuala Lumpur; on June 25, and in March 2023.",
            "2024-06-26",
            Lang::En,
        );
        assert_eq!(
            got,
            vec![
                ("26 October 2025".into(), "2025-10-26".into()),
                ("June 25".into(), "2024-06-25".into()),
                ("March 2023".into(), "2023-03".into()),
            ]
        );
    }
}
