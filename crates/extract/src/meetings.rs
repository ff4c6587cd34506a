//! Meetings: "Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28", "Diễn đàn
//! ASEAN-Nhật Bản thường niên lần thứ 39 tại Bangkok (Thái Lan)", "Hội nghị
//! Cấp cao kỷ niệm 50 năm quan hệ ASEAN-Nhật Bản (Tokyo, tháng 12/2023)",
//! "the 28th ASEAN-Japan Summit in Kuala Lumpur".
//!
//! Built from parts the gazetteer knows: a meeting type ("Hội nghị Cấp
//! cao" = Summit, "Diễn đàn" = Forum...) or a named mechanism, the parties
//! (ASEAN, a partner), an ordinal, an anniversary. Vietnamese puts the
//! parties after the type, English before. The series is "<parties> <type>"
//! in English; the ordinal, date and place make one meeting of it.
//!
//! A mention becomes a meeting fact when it names one meeting: it has an
//! ordinal, an anniversary, or a date or place attached. Other mentions
//! ("tại hội nghị", "chuỗi Hội nghị Cấp cao ASEAN") are folded into the
//! meeting of the same series already found, or dropped.

use crate::dates::FoundDate;
use crate::doc::Doc;
use crate::fact;
use crate::gazetteer::Hit;
use hoptac_model::{Fact, FactBody, Meeting};
use regex::Regex;
use std::sync::LazyLock;

const PARTY_KINDS: &[&str] = &["country", "organisation"];
const PLACE_KINDS: &[&str] = &["place", "country"];

static VI_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:thuong nien |thuong ky |cap bo truong |truc tuyen )?lan thu (\d{1,3}|nhat|hai|ba|tu|bon|nam|sau|bay|tam|chin|muoi)(?-u:\b)").unwrap()
});
static EN_ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3})(?:st|nd|rd|th) $").unwrap());
static ANNIVERSARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:ky niem )?(\d{1,3}) nam (?:thiet lap )?(?:quan he )?(?:doi tac )?(?:huu nghi va hop tac )?").unwrap()
});
static EN_ANNIVERSARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:for|on|marking|to commemorate|commemorating) the (\d{1,3})(?:st|nd|rd|th) (?:year|anniversary)").unwrap()
});
static RELATIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^ (?:friendship and cooperation|dialogue relations|diplomatic relations|relations)",
    )
    .unwrap()
});
static YEAR_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ ((?:19|20)\d{2})(?-u:\b)").unwrap());
static PLACE_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?(?:,? )?(?:(?:was|is|will be|were) )?(?:(?:held|convened|hosted|dien ra|duoc to chuc|to chuc|khai mac) )?(?:tai|o|in|at) (?:(?:thu do|thanh pho|tp\.?|the capital|the capital city of|capital) )?$").unwrap()
});

/// The word for a capital or city between "tại"/"in" and a place name.
static CAPITAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:thu do|thanh pho|tp\.?|the capital|the capital city of|capital) $").unwrap()
});

fn vi_number(s: &str) -> Option<u32> {
    Some(match s {
        "nhat" => 1,
        "hai" => 2,
        "ba" => 3,
        "tu" | "bon" => 4,
        "nam" => 5,
        "sau" => 6,
        "bay" => 7,
        "tam" => 8,
        "chin" => 9,
        "muoi" => 10,
        n => return n.parse().ok(),
    })
}

/// "28th", "1st", "12th".
pub fn ordinal_en(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A parsed meeting mention.
#[derive(Clone)]
struct Parse {
    /// Parties or a named mechanism: enough to name a series.
    named: bool,
    folded: (usize, usize),
    series: String,
    commemorative: bool,
    ordinal: Option<u32>,
    anniversary: Option<u32>,
    year: Option<String>,
    has_parties: bool,
}

/// Extract meeting facts.
pub fn extract(doc: &Doc, dates: &[FoundDate]) -> Vec<Fact> {
    let mut facts: Vec<(Fact, Parse)> = Vec::new();
    let ft = doc.ft();
    // Named mentions first ("39th ASEAN-Japan Forum"), so that bare ones
    // ("the 39th Forum" in a headline) join them instead of standing alone.
    let parses: Vec<Parse> = doc
        .hits_of(&["meeting_type", "mechanism"])
        .filter_map(|h| parse(doc, h))
        .collect();
    let ordered = parses
        .iter()
        .filter(|p| p.named)
        .chain(parses.iter().filter(|p| !p.named));
    for p in ordered {
        let p = p.clone();
        let span = doc.raw_span(p.folded.0, p.folded.1);
        let before = crate::tail(&ft[..p.folded.0], 12);
        let generic = before.ends_with("chuoi ")
            || before.ends_with("cac ")
            || before.ends_with("nhung ")
            || before.ends_with("series of ");
        let attached = place_after(doc, p.folded.1);
        let attached_place = attached.is_some();
        let in_sentence = attached.or_else(|| place_in_sentence(doc, span.start()));
        let place = in_sentence
            .clone()
            .or_else(|| dateline_place(doc, span.start()));
        let date = date_for(doc, dates, &p);
        // A meeting the sentence dates to the day and places ("Chiều 10/7,
        // tại Kuala Lumpur, ... dự Hội nghị Bộ trưởng Ngoại giao ASEAN -
        // Nhật Bản"): one meeting even without an ordinal.
        let dated_and_placed = in_sentence.is_some() && day_in_sentence(doc, dates, span.start());
        let specific = p.ordinal.is_some()
            || p.anniversary.is_some()
            || (p.has_parties && (attached_place || p.year.is_some() || dated_and_placed));
        // A mention of a meeting already found: same series and, when it
        // has one, same ordinal.
        let same = facts.iter_mut().rev().find(|(_, q)| {
            (q.series == p.series
                || !p.has_parties
                    && q.commemorative == p.commemorative
                    && q.series.ends_with(&p.series))
                && (p.ordinal.is_none() || q.ordinal == p.ordinal)
                && (p.anniversary.is_none() || q.anniversary == p.anniversary)
        });
        if let Some((f, _)) = same {
            if let FactBody::Meeting(m) = &mut f.body {
                if m.date.is_none() {
                    m.date = date;
                }
                // A later mention's own sentence may say where ("The 28th
                // Summit was convened on 26 October in Kuala Lumpur").
                if m.place.is_none() {
                    m.place = in_sentence;
                }
            }
            f.mentions.push(span);
            continue;
        }
        if generic || !specific || !p.named {
            continue;
        }
        let name_en = match (p.ordinal, p.anniversary) {
            (Some(n), _) => format!("{} {}", ordinal_en(n), p.series),
            (None, Some(a)) => format!(
                "{} for the {} Anniversary of Relations",
                p.series,
                ordinal_en(a)
            ),
            (None, None) => p.series.clone(),
        };
        let date_year = date.as_deref().map(|d| crate::head(d, 4).to_string());
        let mut f = fact(
            doc,
            span,
            FactBody::Meeting(Meeting {
                name: doc.slice(span).to_string(),
                name_en: Some(name_en),
                series: Some(p.series.clone()),
                ordinal: p.ordinal,
                date,
                place,
            }),
        );
        f.entity = Some(meeting_id(&p, date_year.as_deref()));
        facts.push((f, p));
    }
    facts.into_iter().map(|(f, _)| f).collect()
}

/// The meeting's entity id: series and ordinal, anniversary or year. A
/// meeting named by none of them takes the year of its date, so this
/// year's Foreign Ministers' Meeting is not last year's.
fn meeting_id(p: &Parse, date_year: Option<&str>) -> String {
    let slug: String = p
        .series
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    match (p.ordinal, p.anniversary, &p.year) {
        (Some(n), _, _) => format!("meeting-{slug}-{n}"),
        (None, Some(a), _) => format!("meeting-{slug}-anniversary-{a}"),
        (None, None, Some(y)) => format!("meeting-{slug}-{y}"),
        _ => match date_year {
            Some(y) => format!("meeting-{slug}-{y}"),
            None => format!("meeting-{slug}"),
        },
    }
}

/// Parties joined by dashes starting at folded `at`: "asean-nhat ban".
fn parties_after<'d>(doc: &'d Doc, mut at: usize) -> (Vec<&'d Hit>, usize) {
    let ft = doc.ft().as_bytes();
    let mut out = Vec::new();
    while let Some(h) = doc.hit_at(at, PARTY_KINDS) {
        out.push(h);
        at = h.folded.1;
        if at < ft.len() && (ft[at] == b'-' || ft[at] == b'+') {
            at += 1;
        } else {
            break;
        }
    }
    (out, at)
}

/// Parties ending at folded `at`, read leftwards: "asean-japan summit".
fn parties_before<'d>(doc: &'d Doc, mut at: usize) -> (Vec<&'d Hit>, usize) {
    let ft = doc.ft().as_bytes();
    let mut out = Vec::new();
    while let Some(h) = doc.hit_ending_at(at, PARTY_KINDS) {
        out.insert(0, h);
        at = h.folded.0;
        if at > 0 && ft[at - 1] == b'-' {
            at -= 1;
        } else {
            break;
        }
    }
    (out, at)
}

/// English names of parties, ASEAN first: "ASEAN-Japan".
fn parties_en(doc: &Doc, parties: &[&Hit]) -> String {
    let mut names: Vec<String> = Vec::new();
    for h in parties {
        let e = doc.entry(h);
        let n = e
            .acronym
            .clone()
            .filter(|a| a == "ASEAN" || a == "EU")
            .unwrap_or_else(|| e.name_en.clone());
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.sort_by_key(|n| n != "ASEAN");
    names.join("-")
}

fn parse(doc: &Doc, h: &Hit) -> Option<Parse> {
    let ft = doc.ft();
    let e = doc.entry(h);
    let commemorative =
        e.name_en.to_ascii_lowercase().contains("commemorative") || e.id.contains("commemorative");
    let (mut start, mut end) = h.folded;
    let (type_en, base_series) = if e.kind == "mechanism" {
        let t = e
            .attr("meeting_type")
            .and_then(|t| doc.gaz.get(t))
            .map(|t| t.name_en.clone());
        (t, Some(e.name_en.clone()))
    } else {
        (Some(e.name_en.clone()), None)
    };
    // Vietnamese: anniversary and parties after the type.
    let mut anniversary = None;
    if let Some(c) = ANNIVERSARY.captures(&ft[end..]) {
        if commemorative || c.get(0).unwrap().as_str().contains("ky niem") {
            anniversary = c[1].parse().ok();
            end += c.get(0).unwrap().end();
            if end > 0 && ft.as_bytes()[end - 1] == b' ' {
                end -= 1;
            }
        }
    }
    let mut en_parties: Vec<&Hit> = Vec::new();
    if let Some(c) = EN_ANNIVERSARY.captures(&ft[end..]) {
        anniversary = c[1].parse().ok();
        end += c.get(0).unwrap().end();
        // "... for the 50th Year of ASEAN-Japan Friendship and Cooperation"
        if ft[end..].starts_with(" of ") {
            let (more, pend) = parties_after(doc, end + 4);
            if !more.is_empty() {
                en_parties = more;
                end = pend;
                if let Some(c) = RELATIONS.find(&ft[end..]) {
                    end += c.end();
                }
            }
        }
    }
    // "Hội nghị Cấp cao ASEAN" (a mechanism) + "-Nhật Bản": ASEAN with a partner.
    let mut partners_of_mechanism: Vec<&Hit> = Vec::new();
    if e.kind == "mechanism" && ft.as_bytes().get(end) == Some(&b'-') {
        let (more, pend) = parties_after(doc, end + 1);
        if !more.is_empty() {
            partners_of_mechanism = more;
            end = pend;
            if matches!(ft.as_bytes()[end - 1], b'-' | b'+') {
                end -= 1;
            }
        }
    }
    // English: "EU-ASEAN Ministerial Meeting", where "ASEAN Ministerial
    // Meeting" is the mechanism and the partner is written before it.
    if e.kind == "mechanism"
        && partners_of_mechanism.is_empty()
        && e.name_en.starts_with("ASEAN ")
        && start > 0
        && ft.as_bytes()[start - 1] == b'-'
    {
        let (before, pstart) = parties_before(doc, start - 1);
        if !before.is_empty()
            && before
                .iter()
                .all(|h| doc.entry(h).acronym.as_deref() != Some("ASEAN"))
        {
            partners_of_mechanism = before;
            start = pstart;
        }
    }
    let (mut parties, pend) = if en_parties.is_empty() {
        parties_after(doc, end)
    } else {
        (en_parties, end)
    };
    if !parties.is_empty() && pend != end {
        end = pend;
        if end > 0 && matches!(ft.as_bytes()[end - 1], b'-' | b'+') {
            end -= 1;
        }
    }
    // English: parties before the type.
    if parties.is_empty() {
        let (before, pstart) = parties_before(doc, start);
        if !before.is_empty() {
            parties = before;
            start = pstart;
        }
    }
    // "ASEAN+3", "ASEAN với các Đối tác" are not partners we can name.
    let has_parties = !parties.is_empty() || !partners_of_mechanism.is_empty();
    let mut ordinal = None;
    // "Hội nghị Quan chức Cao cấp ASEAN - Hàn Quốc (SOM ASEAN - Hàn Quốc)
    // lần thứ 30": the short name in brackets comes before the ordinal.
    if let Some(close) = bracket_before_ordinal(&ft[end..]) {
        if VI_ORDINAL.is_match(&ft[end + close..]) {
            end += close;
        }
    }
    if let Some(c) = VI_ORDINAL.captures(&ft[end..]) {
        ordinal = vi_number(&c[1]);
        end += c.get(0).unwrap().end();
    } else if let Some(c) = EN_ORDINAL.captures(crate::tail(&ft[..start], 8)) {
        ordinal = c[1].parse().ok();
        start -= c.get(0).unwrap().len();
    }
    let mut year = None;
    if let Some(c) = YEAR_AFTER.captures(&ft[end..]) {
        if ordinal.is_none() && anniversary.is_none() {
            year = Some(c[1].to_string());
            end += c.get(0).unwrap().end();
        }
    }
    let type_en = type_en.unwrap_or_else(|| e.name_en.clone());
    let series = match (base_series, has_parties) {
        (Some(b), false) => b,
        (Some(b), true) if !partners_of_mechanism.is_empty() && b.starts_with("ASEAN ") => b
            .replacen(
                "ASEAN",
                &format!("ASEAN-{}", parties_en(doc, &partners_of_mechanism)),
                1,
            ),
        (Some(b), true) => {
            let p = parties_en(doc, &parties);
            if b.starts_with("ASEAN ") && p.starts_with("ASEAN-") {
                b.replacen("ASEAN", &p, 1)
            } else {
                b
            }
        }
        (None, true) => format!("{} {}", parties_en(doc, &parties), type_en),
        (None, false) => type_en,
    };
    Some(Parse {
        named: has_parties || e.kind == "mechanism",
        folded: (start, end),
        series,
        commemorative,
        ordinal,
        anniversary,
        year,
        has_parties,
    })
}

/// The length of " (...)" at the start of `rest` when the bracket is a
/// short name (at most 40 bytes, no nested bracket).
fn bracket_before_ordinal(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix(" (")?;
    let close = inner.find(')')?;
    (close > 0 && close <= 40 && !inner[..close].contains('(')).then_some(close + 3)
}

/// "tại Bangkok (Thái Lan)", "in Kuala Lumpur, Malaysia", "(Tokyo, ...)" right after.
fn place_after(doc: &Doc, end: usize) -> Option<String> {
    let ft = doc.ft();
    let rest = &ft[end..];
    // Look for the place hit within a short window after an introducer or a bracket.
    let window_end = (end + 28).min(ft.len());
    for h in doc
        .hits_of(PLACE_KINDS)
        .filter(|h| h.folded.0 >= end && h.folded.0 <= window_end)
    {
        let between = &ft[end..h.folded.0];
        if PLACE_INTRO.is_match(between)
            || between == " ("
            || between == " " && rest.starts_with(" (")
        {
            return Some(place_name(doc, h));
        }
    }
    None
}

/// The first "tại X" / "in X" of the sentence.
fn place_in_sentence(doc: &Doc, raw_pos: usize) -> Option<String> {
    let (s, e) = doc.sentence_folded(raw_pos);
    let ft = doc.ft();
    doc.hits_of(PLACE_KINDS)
        .filter(|h| h.folded.0 >= s && h.folded.1 <= e && doc.entry(h).kind == "place")
        .find(|h| {
            let before = crate::tail(&ft[s..h.folded.0], 24);
            // "tại Thủ đô Viêng Chăn", "in the capital Jakarta".
            let before = CAPITAL_WORD
                .find(before)
                .map_or(before, |m| &before[..m.start()]);
            before.ends_with("tai ") || before.ends_with(" in ") || before.ends_with(" at ")
        })
        .map(|h| place_name(doc, h))
}

/// "Kuala Lumpur, Malaysia": the place and the country it belongs to.
pub fn place_name(doc: &Doc, h: &Hit) -> String {
    let e = doc.entry(h);
    if e.kind == "country" {
        return e.name_en.clone();
    }
    match e.attr("country").and_then(|c| doc.country_name(c)) {
        Some(country) => format!("{}, {}", e.name_en, country),
        None => e.name_en.clone(),
    }
}

/// Does the sentence at raw `pos` hold a date precise to the day?
fn day_in_sentence(doc: &Doc, dates: &[FoundDate], pos: usize) -> bool {
    let (s, e) = doc.sentence_folded(pos);
    dates
        .iter()
        .any(|d| d.folded.0 >= s && d.folded.1 <= e && d.end.is_none() && d.value.len() == 10)
}

fn date_for(doc: &Doc, dates: &[FoundDate], p: &Parse) -> Option<String> {
    let (s, e) = doc.sentence_folded(doc.raw_span(p.folded.0, p.folded.1).start());
    let ft = doc.ft();
    // A date in a bracket right after the name: "(Tokyo, tháng 12/2023)".
    if ft[p.folded.1..].starts_with(" (") {
        let close = ft[p.folded.1..]
            .find(')')
            .map_or(p.folded.1, |i| p.folded.1 + i);
        if let Some(d) = dates
            .iter()
            .find(|d| d.folded.0 > p.folded.1 && d.folded.1 <= close && d.end.is_none())
        {
            return Some(d.value.clone());
        }
    }
    let in_sentence = dates.iter().filter(|d| {
        d.folded.0 >= s && d.folded.1 <= e && d.end.is_none() && !d.value.starts_with("--")
    });
    let nearest = in_sentence.min_by_key(|d| {
        if d.folded.0 > p.folded.1 {
            d.folded.0 - p.folded.1
        } else {
            p.folded.0.saturating_sub(d.folded.1)
        }
    });
    nearest
        .map(|d| d.value.clone())
        .or_else(|| p.year.clone())
        .or_else(|| lede_date(doc, dates, doc.raw_span(p.folded.0, p.folded.1).start()))
}

/// The place of a dateline ("TOKYO, Dec. 17 -", "Kuala Lumpur, 26/10 -"),
/// for the meeting a story leads with (named in its first three sentences).
fn dateline_place(doc: &Doc, raw_pos: usize) -> Option<String> {
    if doc.sentence_of(raw_pos) > 2 {
        return None;
    }
    let ft = doc.ft();
    let line_start = ft
        .char_indices()
        .find(|&(_, c)| c.is_alphanumeric())
        .map_or(0, |(i, _)| i);
    let h = doc.hit_at(line_start, PLACE_KINDS)?;
    ft[h.folded.1..]
        .starts_with(", ")
        .then(|| place_name(doc, h))
}

/// The day the story is about, for the meeting it leads with: a full date
/// in the first sentence (dateline or lede), when the meeting is named in
/// the first three sentences.
fn lede_date(doc: &Doc, dates: &[FoundDate], raw_pos: usize) -> Option<String> {
    if doc.sentence_of(raw_pos) > 2 {
        return None;
    }
    let first = doc.sentences.first()?;
    let fe = doc.folded.from_raw(first.end());
    dates
        .iter()
        .find(|d| d.folded.1 <= fe && d.value.len() == 10)
        .map(|d| d.value.clone())
}

#[cfg(test)]
mod tests {
    use crate::Extractor;
    use hoptac_model::{DocumentMeta, FactBody, Meeting};

    fn meetings(text: &str, published: &str) -> Vec<Meeting> {
        let meta = DocumentMeta {
            published: crate::parse_date(published),
            ..Default::default()
        };
        Extractor::builtin()
            .analyze(text, &meta)
            .facts
            .into_iter()
            .filter_map(|f| match f.body {
                FactBody::Meeting(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn ordinal_after_the_short_name_in_brackets() {
        let m = meetings(
            "Ngày 5/4/2024, tại Bắc Kinh (Trung Quốc), Thứ trưởng dự Hội nghị Quan chức Cao cấp ASEAN - Trung Quốc (SOM ASEAN - Trung Quốc) lần thứ 29.",
            "2024-04-06",
        );
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(
            m[0].name_en.as_deref(),
            Some("29th ASEAN-China Senior Officials' Meeting")
        );
        assert_eq!(m[0].ordinal, Some(29));
        assert_eq!(m[0].place.as_deref(), Some("Beijing, China"));
        assert_eq!(m[0].date.as_deref(), Some("2024-04-05"));
    }

    #[test]
    fn a_place_after_the_word_for_capital() {
        let m = meetings(
            "Chiều 7/9, tại Thủ đô Gia-các-ta (Indonesia), Hội nghị Cấp cao ASEAN - Ấn Độ lần thứ 20 đã diễn ra.",
            "2023-09-08",
        );
        assert_eq!(m[0].place.as_deref(), Some("Jakarta, Indonesia"), "{m:?}");
        let m = meetings(
            "Leaders met in the capital Jakarta for the 20th ASEAN-India Summit on 7 September 2023.",
            "2023-09-08",
        );
        assert_eq!(m[0].place.as_deref(), Some("Jakarta, Indonesia"), "{m:?}");
    }

    #[test]
    fn a_meeting_dated_and_placed_in_its_sentence_needs_no_ordinal() {
        let m = meetings(
            "Sáng 27/7, tại Viêng Chăn (Lào), Bộ trưởng Ngoại giao dự Hội nghị Bộ trưởng Ngoại giao ASEAN - Hàn Quốc (PMC+1).",
            "2024-07-28",
        );
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].date.as_deref(), Some("2024-07-27"));
        assert_eq!(m[0].place.as_deref(), Some("Vientiane, Lao PDR"));
        // Named in passing, with neither date nor place: no meeting.
        let m = meetings(
            "Hai bên sẽ trao đổi thêm tại Hội nghị Bộ trưởng Ngoại giao ASEAN - Hàn Quốc.",
            "2024-07-28",
        );
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn english_ordinal_meeting_of_a_partner_named_first() {
        let m = meetings(
            "Foreign ministers gathered in Brussels on 14 December 2022 for the 23rd EU-ASEAN Ministerial Meeting.",
            "2022-12-15",
        );
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].ordinal, Some(23));
        // The same series as "Hội nghị Bộ trưởng Ngoại giao ASEAN - EU".
        assert_eq!(
            m[0].series.as_deref(),
            Some("ASEAN-EU Foreign Ministers' Meeting")
        );
        assert!(m[0]
            .place
            .as_deref()
            .is_some_and(|p| p.starts_with("Brussels")));
        assert_eq!(m[0].date.as_deref(), Some("2022-12-14"));
    }

    #[test]
    fn vietnamese_summit_with_ordinal_place_and_date() {
        let m = meetings("Sáng 10/10, Thủ tướng dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 27 tại Viêng Chăn (Lào).", "2024-10-11");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].series.as_deref(), Some("ASEAN-Japan Summit"));
        assert_eq!(m[0].name_en.as_deref(), Some("27th ASEAN-Japan Summit"));
        assert_eq!(m[0].date.as_deref(), Some("2024-10-10"));
        assert_eq!(m[0].place.as_deref(), Some("Vientiane, Lao PDR"));
    }

    #[test]
    fn repeated_mentions_are_one_meeting() {
        let m = meetings(
            "Diễn đàn ASEAN - Hàn Quốc lần thứ 31 diễn ra tại Seoul. Phát biểu tại Diễn đàn ASEAN-Hàn Quốc lần thứ 31, các trưởng đoàn nhất trí.",
            "2025-06-01",
        );
        assert_eq!(m.len(), 1);
        assert_eq!(
            m[0].series.as_deref(),
            Some("ASEAN-Republic of Korea Forum")
        );
        assert_eq!(m[0].place.as_deref(), Some("Seoul, Republic of Korea"));
    }

    #[test]
    fn commemorative_summit_without_ordinal() {
        let m = meetings("Các nước đánh giá cao Hội nghị Cấp cao kỷ niệm 50 năm quan hệ ASEAN - Nhật Bản (Tokyo, tháng 12/2023).", "2024-03-01");
        assert_eq!(m.len(), 1);
        assert_eq!(
            m[0].series.as_deref(),
            Some("ASEAN-Japan Commemorative Summit")
        );
        assert_eq!(m[0].ordinal, None);
        assert_eq!(m[0].date.as_deref(), Some("2023-12"));
        assert_eq!(m[0].place.as_deref(), Some("Tokyo, Japan"));
    }

    #[test]
    fn series_mentions_are_not_meetings() {
        let m = meetings("Tiếp tục chuỗi Hội nghị Cấp cao ASEAN với các Đối tác tại Kuala Lumpur, tại hội nghị các nước thảo luận.", "2025-10-26");
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn a_meeting_without_number_is_told_apart_by_its_year() {
        let ids = |text: &str, published: &str| -> Vec<Option<String>> {
            let g = crate::Extractor::builtin();
            let meta = hoptac_model::DocumentMeta {
                published: crate::parse_date(published),
                ..Default::default()
            };
            g.analyze(text, &meta)
                .facts
                .into_iter()
                .filter(|f| f.kind() == "meeting")
                .map(|f| f.entity)
                .collect()
        };
        let a = ids("Ministers met at the ASEAN-Japan Foreign Ministers' Meeting in Vientiane on 26 July 2024.", "2024-07-27");
        let b = ids(
            "The ASEAN-Japan Foreign Ministers' Meeting was held in Kuala Lumpur on 10 July 2025.",
            "2025-07-11",
        );
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 1);
        assert_ne!(a, b);
    }

    #[test]
    fn held_in_a_place() {
        for (text, place) in [
            ("The ASEAN-Japan Foreign Ministers' Meeting was held in Vientiane on 26 July 2024.", "Vientiane, Lao PDR"),
            ("Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản diễn ra tại Viêng Chăn ngày 26/7/2024.", "Vientiane, Lao PDR"),
        ] {
            let m = meetings(text, "2024-07-27");
            assert_eq!(m.len(), 1, "{text}: {m:?}");
            assert_eq!(m[0].place.as_deref(), Some(place), "{text}");
            assert_eq!(m[0].date.as_deref(), Some("2024-07-26"), "{text}");
        }
    }

    #[test]
    fn a_later_mention_says_where() {
        // An official statement: the heading names the meeting, the first
        // paragraph where it was held.
        let m = meetings("CHAIRMAN'S STATEMENT OF THE 28TH ASEAN-JAPAN SUMMIT\n\n1. The 28th ASEAN-Japan Summit was convened on 26 October 2025 in Kuala Lumpur, Malaysia.", "2025-10-26");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].date.as_deref(), Some("2025-10-26"));
        assert_eq!(m[0].place.as_deref(), Some("Kuala Lumpur, Malaysia"));
        let m = meetings("Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 27\n\nTối 10/10, Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 27 đã diễn ra tại Viêng Chăn.", "2024-10-10");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].place.as_deref(), Some("Vientiane, Lao PDR"));
    }

    #[test]
    fn english_meetings() {
        let m = meetings("Leaders met at the 26th ASEAN-Republic of Korea Summit in Kuala Lumpur, Malaysia, on 27 October 2025.", "2025-10-28");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].ordinal, Some(26));
        assert_eq!(m[0].date.as_deref(), Some("2025-10-27"));
        assert_eq!(m[0].place.as_deref(), Some("Kuala Lumpur, Malaysia"));
    }
}
