//! People: a title, maybe a country, then a name. "Thủ tướng Nhật Bản
//! Takaichi Sanae", "Thủ tướng Chính phủ Phạm Minh Chính" (a Vietnamese
//! source's own government), "Thứ trưởng Ngoại giao Takehiro Funakoshi,
//! Trưởng SOM Nhật Bản" (the apposition gives the country), "Prime
//! Minister Takaichi Sanae of Japan", "Japanese Prime Minister ...".
//!
//! The name is the run of capitalised words after the title, stopped by
//! anything the gazetteer knows as another kind of thing. Country comes
//! from the text first, then the gazetteer's people, then the convention
//! that a Vietnamese name in a Vietnamese source is a Vietnamese official.
//! Later mentions by name, in either order or without diacritics, are the
//! same person.

use crate::doc::Doc;
use crate::fact;
use crate::gazetteer::{Entry, Hit};
use hoptac_model::{Fact, FactBody, Person};
use hoptac_text::{fold, name_key, Lang, Span};

/// What the statement extractor needs to resolve "Thủ tướng", "Bà".
#[derive(Debug, Clone)]
pub struct PersonRef {
    /// Name as written in the fact.
    pub name: String,
    /// Folded title words.
    pub title_key: Option<String>,
    /// ISO3.
    pub country: Option<String>,
    /// Every raw span naming them.
    pub spans: Vec<Span>,
    /// Their name words in any order (see `sorted_key`).
    pub key: String,
}

const SURNAMES_VI: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "doan", "trinh", "mai", "luong", "to", "truong", "lam",
    "ha", "cao", "dao", "chu", "ta", "lai", "quach", "thai", "tong", "la", "khuat", "kieu",
    "vuong", "trieu", "luu", "thach", "nong", "giang", "tang",
];

/// Demonyms that put a country before a title in English.
const DEMONYMS_EN: &[(&str, &str)] = &[
    ("japanese", "JPN"),
    ("vietnamese", "VNM"),
    ("malaysian", "MYS"),
    ("thai", "THA"),
    ("indonesian", "IDN"),
    ("singaporean", "SGP"),
    ("philippine", "PHL"),
    ("filipino", "PHL"),
    ("cambodian", "KHM"),
    ("lao", "LAO"),
    ("laotian", "LAO"),
    ("bruneian", "BRN"),
    ("korean", "KOR"),
    ("south korean", "KOR"),
    ("chinese", "CHN"),
    ("australian", "AUS"),
    ("indian", "IND"),
    ("american", "USA"),
    ("russian", "RUS"),
    ("myanmar", "MMR"),
    ("new zealand", "NZL"),
    ("canadian", "CAN"),
    ("british", "GBR"),
];

/// Honorifics written between a title and a name (with their space).
const HONORIFICS: &[&str] = &[
    "Dr. ", "Dr ", "H.E. ", "H.E ", "Mr. ", "Mrs. ", "Ms. ", "Prof. ", "Madam ", "TS. ",
    "PGS.TS. ", "GS.TS. ",
];

/// Words that may follow a title and are not names.
const NOT_NAME: &[&str] = &[
    "chinh phu",
    "bo",
    "nha nuoc",
    "quoc hoi",
    "the",
    "of",
    "and",
    "va",
    "cung",
    "cac",
    "nhung",
];

/// Extract people.
pub fn extract(doc: &Doc) -> (Vec<Fact>, Vec<PersonRef>) {
    let mut facts: Vec<Fact> = Vec::new();
    let mut refs: Vec<PersonRef> = Vec::new();
    let titles: Vec<&Hit> = doc.hits_of(&["title"]).collect();
    for (i, t) in titles.iter().enumerate() {
        // A title directly followed by another title is one compound title.
        if titles
            .get(i + 1)
            .is_some_and(|n| n.folded.0 <= t.folded.1 + 1)
        {
            continue;
        }
        let first_title = titles[..=i]
            .iter()
            .rev()
            .take_while(|x| x.folded.1 + 1 >= t.folded.0 || std::ptr::eq(**x, *t))
            .last()
            .copied()
            .unwrap_or(t);
        if let Some((f, r)) =
            from_title(doc, first_title, t).or_else(|| from_apposition(doc, first_title, t))
        {
            merge(&mut facts, &mut refs, f, r);
        }
    }
    // Known people named without a title.
    for h in doc.hits_of(&["person"]) {
        let e = doc.entry(h);
        let key = sorted_key(doc.slice(h.span));
        let words = doc.slice(h.span).split(' ').count();
        if let Some(r) = refs.iter_mut().find(|r| {
            (r.key == key || doc.gaz.person_by_key(&r.key).is_some_and(|p| p.id == e.id))
                // A fuller mention ("Takaichi Sanae" after "Prime Minister
                // Takaichi") becomes the fact's name, through `merge` below.
                && r.name.split(' ').count() >= words
        }) {
            r.spans.push(h.span);
            if let Some(f) = facts
                .iter_mut()
                .find(|f| matches!(&f.body, FactBody::Person(p) if p.name == r.name))
            {
                if f.span != h.span && !f.span.overlaps(h.span) {
                    f.mentions.push(h.span);
                }
            }
            continue;
        }
        let title_entry = e.attr("title").and_then(|t| doc.gaz.get(t));
        let person = Person {
            name: doc.slice(h.span).to_string(),
            title: None,
            title_en: title_entry.map(|t| t.name_en.clone()),
            country: e.attr("country").map(str::to_string),
        };
        let mut f = fact(doc, h.span, FactBody::Person(person.clone()));
        f.entity = Some(e.id.clone());
        let r = PersonRef {
            key: sorted_key(&person.name),
            name: person.name,
            title_key: title_entry.map(|t| fold(&t.name_en)),
            country: person.country,
            spans: vec![h.span],
        };
        merge(&mut facts, &mut refs, f, r);
    }
    (facts, refs)
}

fn merge(facts: &mut Vec<Fact>, refs: &mut Vec<PersonRef>, mut f: Fact, r: PersonRef) {
    // The same person: the same name words, or the same known person
    // ("Thủ tướng Ishiba" in a headline, "Ishiba Shigeru" in the body).
    let known = |e: &Option<String>| e.as_deref().is_some_and(|id| !id.starts_with("person-"));
    let same = refs.iter().position(|x| x.key == r.key).or_else(|| {
        facts
            .iter()
            .position(|x| known(&x.entity) && x.entity == f.entity && x.kind() == "person")
    });
    let Some(i) = same else {
        facts.push(f);
        refs.push(r);
        return;
    };
    refs[i].spans.extend(r.spans.iter().copied());
    // The fact keeps its most complete mention: the one with more name words.
    let words = |x: &Fact| match &x.body {
        FactBody::Person(p) => p.name.split(' ').count(),
        _ => 0,
    };
    if words(&f) > words(&facts[i]) {
        std::mem::swap(&mut facts[i], &mut f);
        facts[i].mentions.append(&mut f.mentions);
        refs[i].name = r.name.clone();
        refs[i].key = r.key.clone();
    }
    let FactBody::Person(new) = &f.body else {
        return;
    };
    let (new_country, new_title, new_title_en) =
        (new.country.clone(), new.title.clone(), new.title_en.clone());
    if let FactBody::Person(old) = &mut facts[i].body {
        if old.country.is_none() {
            old.country = new_country.clone();
            refs[i].country = new_country;
        }
        if old.title.is_none() {
            old.title = new_title;
            old.title_en = new_title_en;
        }
    }
    // The other mention is recorded by its name; the title is in the fact.
    let name_span = match &f.body {
        FactBody::Person(p) => f
            .text
            .rfind(&p.name)
            .map(|k| Span::new(f.span.start() + k, f.span.start() + k + p.name.len())),
        _ => None,
    };
    facts[i].mentions.push(name_span.unwrap_or(f.span));
}

pub use crate::gazetteer::sorted_name_key as sorted_key;

fn from_title(doc: &Doc, first: &Hit, t: &Hit) -> Option<(Fact, PersonRef)> {
    let raw = doc.raw;
    let ft = doc.ft();
    let title_span = Span::new(first.span.start(), t.span.end());
    let mut pos_f = t.folded.1;
    let mut country: Option<String> = None;
    // English: "Japanese Prime Minister", "Japan's Prime Minister".
    let before = crate::tail(&ft[..first.folded.0], 16);
    for (d, iso) in DEMONYMS_EN {
        if before.strip_suffix(' ').is_some_and(|b| b.ends_with(d)) {
            country = Some(iso.to_string());
        }
    }
    if let Some(c) = doc.hit_ending_at(first.folded.0, &["country"]) {
        if ft[c.folded.1..first.folded.0].starts_with("s ")
            || ft[c.folded.1..first.folded.0] == *" "
        {
            country = doc.entry(c).attr("iso3").map(str::to_string);
        }
    }
    // A country after the title: "Thủ tướng Nhật Bản Takaichi Sanae".
    if let Some(c) = doc.hit_at(pos_f, &["country"]) {
        country = doc.entry(c).attr("iso3").map(str::to_string);
        pos_f = c.folded.1;
    } else if ft[pos_f..].starts_with(" chinh phu") && doc.lang_at(t.span.start()) == Lang::Vi {
        country = doc.home_country_at(t.span.start()).map(str::to_string);
        pos_f += " chinh phu".len();
    }
    // Where an envoy serves: "Đại sứ Nhật Bản tại Việt Nam Ito Naoki",
    // "Japanese Ambassador to Viet Nam Ito Naoki". The post is not the
    // person's country, and the name comes after it.
    for intro in [" tai ", " to "] {
        if ft[pos_f..].starts_with(intro) {
            let at = pos_f + intro.len();
            if let Some(p) = doc
                .hit_at(at, &["country", "place", "organisation"])
                .filter(|h| h.folded.0 == at)
            {
                pos_f = p.folded.1;
                break;
            }
        }
    }

    let name_start_raw = doc.folded.raw_start(pos_f, raw.len());
    let name = name_after(doc, name_start_raw)?;
    let name_text = doc.slice(name);
    // Apposition: ", Trưởng SOM Nhật Bản" / ", Trưởng SOM ASEAN của Việt Nam" / "of Japan".
    let after_f = doc.folded.from_raw(name.end());
    let sent_end = doc.sentence_folded(name.start()).1;
    let rest = &ft[after_f..sent_end];
    let appos_end = after_f
        + rest[1.min(rest.len())..]
            .find([',', ';', '.', ')'])
            .map_or(rest.len(), |i| i + 1);
    if country.is_none() {
        // "X of Japan": the country right after "of"; ", Trưởng SOM Nhật
        // Bản" / ", head of Viet Nam's delegation": the first country of the
        // apposition (never one further on in the sentence).
        let found = if rest.starts_with(" of ") || rest.starts_with(" cua ") {
            let at = after_f + if rest.starts_with(" of ") { 4 } else { 5 };
            doc.hit_at(at, &["country"])
        } else if rest.starts_with(", ") {
            doc.hits_of(&["country"])
                .find(|h| h.folded.0 >= after_f && h.folded.1 <= appos_end)
        } else {
            None
        };
        country = found.and_then(|h| doc.entry(h).attr("iso3").map(str::to_string));
    }
    let known: Option<&Entry> = doc.gaz.person_named(name_text);
    if country.is_none() {
        country = known.and_then(|e| e.attr("country").map(str::to_string));
    }
    let title_entry = doc.entry(t);
    // A title held in one country only: "Thủ tướng Quốc vụ viện" (China);
    // it outweighs the look of the name ("Lý Cường").
    if country.is_none() {
        country = title_entry.attr("country").map(str::to_string);
    }
    if country.is_none() && is_vietnamese_name(name_text) {
        country = source_country(doc, name.start()).map(str::to_string);
    }
    let title_en = if first.entry != t.entry {
        format!("{} {}", doc.entry(first).name_en, title_entry.name_en)
    } else {
        title_entry.name_en.clone()
    };
    let span = Span::new(title_span.start(), name.end());
    let person = Person {
        name: name_text.to_string(),
        title: Some(doc.slice(title_span).to_string()),
        title_en: Some(title_en.clone()),
        country: country.clone(),
    };
    let mut f = fact(doc, span, FactBody::Person(person));
    f.entity = Some(known.map_or_else(
        || format!("person-{}", sorted_key(name_text).replace(' ', "-")),
        |e| e.id.clone(),
    ));
    let r = PersonRef {
        key: sorted_key(name_text),
        name: name_text.to_string(),
        title_key: Some(fold(&title_en)),
        country,
        spans: vec![span, name],
    };
    Some((f, r))
}

/// The country a source speaks from, for its own officials named without
/// one: a Vietnamese paragraph's, or that of the agency credited in an
/// English text's dateline or sign-off ("Hanoi (VNA) -", "... - VNA"):
/// the English edition of a Vietnamese agency names "Deputy Prime Minister
/// Tran Hong Ha" without "of Viet Nam".
fn source_country<'d>(doc: &'d Doc, pos: usize) -> Option<&'d str> {
    if let Some(c) = doc.home_country_at(pos) {
        return Some(c);
    }
    let n = doc.raw.len();
    doc.hits_of(&["agency"])
        .find(|h| h.span.start() < 160 || h.span.end() + 24 >= n)
        .and_then(|h| doc.entry(h).attr("country"))
        // Only a Vietnamese name is told by its form: a Japanese agency's
        // dateline does not make "Tran Hong Ha" Japanese.
        .filter(|c| *c == "VNM")
}

/// A name before its title, the style of official statements: "Anwar
/// Ibrahim, Prime Minister of Malaysia", "Nguyễn Minh Hằng, Thứ trưởng
/// Ngoại giao". Tried only when no name follows the title.
fn from_apposition(doc: &Doc, first: &Hit, t: &Hit) -> Option<(Fact, PersonRef)> {
    let raw = doc.raw;
    let comma = raw[..first.span.start()].strip_suffix(", ")?.len();
    let name = name_before(doc, comma)?;
    let name_text = doc.slice(name);
    let ft = doc.ft();
    let rest = &ft[t.folded.1..];
    let found = if rest.starts_with(" of ") || rest.starts_with(" cua ") {
        doc.hit_at(
            t.folded.1 + if rest.starts_with(" of ") { 4 } else { 5 },
            &["country"],
        )
    } else {
        doc.hit_at(t.folded.1, &["country"])
    };
    let known: Option<&Entry> = doc.gaz.person_named(name_text);
    let country = found
        .and_then(|h| doc.entry(h).attr("iso3"))
        .or_else(|| known.and_then(|e| e.attr("country")))
        .or_else(|| {
            is_vietnamese_name(name_text)
                .then(|| source_country(doc, name.start()))
                .flatten()
        })
        .map(str::to_string);
    let title_span = Span::new(first.span.start(), t.span.end());
    let title_en = if first.entry != t.entry {
        format!("{} {}", doc.entry(first).name_en, doc.entry(t).name_en)
    } else {
        doc.entry(t).name_en.clone()
    };
    let span = Span::new(name.start(), title_span.end());
    let person = Person {
        name: name_text.to_string(),
        title: Some(doc.slice(title_span).to_string()),
        title_en: Some(title_en.clone()),
        country: country.clone(),
    };
    let mut f = fact(doc, span, FactBody::Person(person));
    f.entity = Some(known.map_or_else(
        || format!("person-{}", sorted_key(name_text).replace(' ', "-")),
        |e| e.id.clone(),
    ));
    let r = PersonRef {
        key: sorted_key(name_text),
        name: name_text.to_string(),
        title_key: Some(fold(&title_en)),
        country,
        spans: vec![span, name],
    };
    Some((f, r))
}

/// The name that ends at raw `end`: 2 to 4 capitalised words read
/// leftwards (or one the gazetteer knows as a person), none of them
/// something else the gazetteer knows, nor a sentence's first word that
/// is not a name ("The", "And").
fn name_before(doc: &Doc, end: usize) -> Option<Span> {
    let raw = doc.raw;
    let line_start = raw[..end]
        .rfind(['\n', '.', ';', ':', '(', ','])
        .map_or(0, |i| i + 1);
    let mut start = end;
    let mut words = 0;
    for w in raw[line_start..end].split(' ').rev() {
        let clean = !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || unicode_mark(c));
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if !clean || !capital || words == 4 || NOT_NAME.contains(&fold(w).as_str()) {
            break;
        }
        let at = start - w.len();
        let f_at = doc.folded.from_raw(at);
        if doc
            .hits
            .iter()
            .any(|h| h.span.start() <= at && at < h.span.end() && doc.entry(h).kind != "person")
            || doc.hit_at(f_at, &["title"]).is_some()
        {
            break;
        }
        words += 1;
        start = at;
        if start > line_start {
            start -= 1; // the space before
        }
    }
    let start = start + usize::from(raw[start..end].starts_with(' '));
    if words == 0 || start >= end {
        return None;
    }
    // A sentence's first word is capitalised anyway: "Meanwhile Anwar
    // Ibrahim" drops "Meanwhile" when the rest is a person the gazetteer knows.
    let mut span = Span::new(start, end);
    let text = &raw[start..end];
    if words >= 3 && (raw[..start].trim_end().ends_with(['.', '\n']) || start == line_start) {
        if let Some(sp) = text.find(' ') {
            // "Ông Nguyễn Văn Long, Thứ trưởng...": a form of address is
            // never part of the name.
            let address = matches!(
                fold(&text[..sp]).as_str(),
                "ong" | "ba" | "ngai" | "mr" | "ms"
            );
            if address || doc.gaz.person_named(&text[sp + 1..]).is_some() {
                span = Span::new(start + sp + 1, end);
            }
        }
    }
    (words >= 2 || doc.gaz.person_named(doc.slice(span)).is_some()).then_some(span)
}

/// A name starts at `start` (after spaces): 2 to 4 capitalised words, or
/// one word the gazetteer knows as a person.
fn name_after(doc: &Doc, start: usize) -> Option<Span> {
    let raw = doc.raw;
    let mut s = start + (raw[start..].len() - raw[start..].trim_start_matches(' ').len());
    // An honorific between title and name: "Secretary-General of ASEAN Dr.
    // Kao Kim Hourn", "Ambassador H.E. ...", "Bộ trưởng TS. ...".
    while let Some(h) = HONORIFICS.iter().find(|h| raw[s..].starts_with(*h)) {
        s += h.len();
    }
    let mut end = s;
    let mut words = 0;
    let mut at = s;
    for w in raw[s..].split(' ') {
        // A line break ends the name ("... Saleumxay Kommasith.\n\nThe").
        let (w, line_ends) = match w.find(['\n', '\r']) {
            Some(i) => (&w[..i], true),
            None => (w, false),
        };
        let word = w.trim_end_matches([',', '.', ';', ':', ')', '(', '"', '”']);
        let clean = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || unicode_mark(c));
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if !clean || !capital || words == 4 {
            break;
        }
        // Stop at anything the gazetteer knows that is not a person.
        let f_at = doc.folded.from_raw(at);
        if doc
            .hit_at(
                f_at,
                &[
                    "country",
                    "organisation",
                    "place",
                    "title",
                    "meeting_type",
                    "mechanism",
                    "institution",
                    "agency",
                ],
            )
            .is_some()
        {
            break;
        }
        if NOT_NAME.contains(&fold(word).as_str())
            || word.chars().filter(|c| c.is_uppercase()).count() > 1
                && word.chars().all(|c| !c.is_lowercase())
        {
            break;
        }
        words += 1;
        end = at + word.len();
        if word.len() != w.len() || line_ends {
            break; // punctuation or a line break closes the name
        }
        at += w.len() + 1;
    }
    if words == 0 {
        return None;
    }
    let span = Span::new(s, end);
    let text = &raw[s..end];
    (words >= 2 || doc.gaz.person_named(text).is_some()).then_some(span)
}

/// A combining diacritic (decomposed input).
fn unicode_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// A name whose first word is a common Vietnamese family name and which
/// carries Vietnamese diacritics (or is three syllables long).
pub fn is_vietnamese_name(name: &str) -> bool {
    let first = name_key(name).split(' ').next().unwrap_or("").to_string();
    let has_marks = !name.is_ascii();
    SURNAMES_VI.contains(&first.as_str()) && (has_marks || name.split(' ').count() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn gaz() -> Gazetteer {
        crate::gazetteer::test_gazetteer(
            "japan,country,Japan,,Nhật Bản,,iso3=JPN\n\
             viet-nam,country,Viet Nam,,Việt Nam,Vietnam,iso3=VNM\n\
             asean,organisation,Association of Southeast Asian Nations,ASEAN,,,\n\
             t-pm,title,Prime Minister,,Thủ tướng|Thủ tướng Chính phủ,PM,\n\
             t-dfm,title,Deputy Minister of Foreign Affairs,,Thứ trưởng Ngoại giao|Thứ trưởng,Deputy Foreign Minister,\n\
             t-som,title,SOM Leader,,Trưởng SOM,,\n\
             kishida,person,Kishida Fumio,,Kishida Fumio,Fumio Kishida|Kishida,country=JPN;title=t-pm\n",
        )
    }

    fn people(text: &str, lang: Lang) -> Vec<(String, Option<String>, Option<String>)> {
        let g = gaz();
        let doc = Doc::new(text, lang, None, &g);
        extract(&doc)
            .0
            .into_iter()
            .map(|f| match f.body {
                FactBody::Person(p) => (p.name, p.title_en, p.country),
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn name_before_its_title() {
        let got = people(
            "The meeting was chaired by Kishida Fumio, Prime Minister of Japan, and attended by Nguyễn Minh Hằng, Deputy Foreign Minister of Viet Nam.",
            Lang::En,
        );
        assert_eq!(
            got,
            vec![
                (
                    "Kishida Fumio".into(),
                    Some("Prime Minister".into()),
                    Some("JPN".into())
                ),
                (
                    "Nguyễn Minh Hằng".into(),
                    Some("Deputy Minister of Foreign Affairs".into()),
                    Some("VNM".into())
                ),
            ]
        );
        let got = people(
            "Tham dự có Nguyễn Minh Hằng, Thứ trưởng Ngoại giao. Kishida Fumio, Thủ tướng Nhật Bản, phát biểu khai mạc.",
            Lang::Vi,
        );
        assert_eq!(
            got[0],
            (
                "Nguyễn Minh Hằng".into(),
                Some("Deputy Minister of Foreign Affairs".into()),
                Some("VNM".into())
            )
        );
        assert_eq!(
            got[1],
            (
                "Kishida Fumio".into(),
                Some("Prime Minister".into()),
                Some("JPN".into())
            )
        );
        let got = people(
            "Meanwhile Kishida Fumio, Prime Minister of Japan, spoke.",
            Lang::En,
        );
        assert_eq!(got[0].0, "Kishida Fumio");
        let got = people(
            "Ông Nguyễn Văn Long, Thứ trưởng Ngoại giao Việt Nam, phát biểu.",
            Lang::Vi,
        );
        assert_eq!(got[0].0, "Nguyễn Văn Long");
        assert_eq!(got[0].2.as_deref(), Some("VNM"));
        // Not a name: a place or a lower-case phrase before the comma.
        assert!(people("In Japan, Prime Minister of the day was absent.", Lang::En).is_empty());
        assert!(people("as agreed, Prime Minister of Japan will attend.", Lang::En).is_empty());
    }

    #[test]
    fn honorific_between_title_and_name() {
        let got = people("Prime Minister Dr. Pham Minh Chinh arrived; Deputy Foreign Minister H.E. Nguyen Minh Vu spoke.", Lang::En);
        let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(names, vec!["Pham Minh Chinh", "Nguyen Minh Vu"]);
        let got = people(
            "Thứ trưởng Ngoại giao TS. Nguyễn Minh Vũ phát biểu.",
            Lang::Vi,
        );
        assert_eq!(got[0].0, "Nguyễn Minh Vũ");
    }

    #[test]
    fn a_vietnamese_agencys_english_edition_speaks_for_viet_nam() {
        let g = crate::gazetteer::test_gazetteer(
            "t-dpm,title,Deputy Prime Minister,,Phó Thủ tướng,,\n\
             vna,agency,Vietnam News Agency,VNA,Thông tấn xã Việt Nam,,country=VNM\n\
             kyodo,agency,Kyodo News,,Kyodo,,country=JPN\n",
        );
        let country = |text: &str| {
            let doc = Doc::new(text, Lang::En, None, &g);
            extract(&doc).0.into_iter().find_map(|f| match f.body {
                FactBody::Person(p) => Some(p.country),
                _ => None,
            })
        };
        assert_eq!(
            country("Hanoi (VNA) - Deputy Prime Minister Tran Hong Ha received the delegation."),
            Some(Some("VNM".into()))
        );
        assert_eq!(
            country("Tokyo (Kyodo) - Deputy Prime Minister Tran Hong Ha received the delegation."),
            Some(None)
        );
        assert_eq!(
            country("Deputy Prime Minister Tran Hong Ha received the delegation."),
            Some(None)
        );
    }

    #[test]
    fn a_fuller_mention_names_the_person() {
        let got = people(
            "Prime Minister Kishida arrived. Kishida Fumio then spoke.",
            Lang::En,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "Kishida Fumio");
        assert_eq!(got[0].1.as_deref(), Some("Prime Minister"));
    }

    #[test]
    fn an_envoy_and_the_country_of_the_post() {
        let g = crate::gazetteer::test_gazetteer(
            "japan,country,Japan,,Nhật Bản,,iso3=JPN\n\
             korea,country,Republic of Korea,,Hàn Quốc,Korea,iso3=KOR\n\
             viet-nam,country,Viet Nam,,Việt Nam,Vietnam,iso3=VNM\n\
             india,country,India,,Ấn Độ,,iso3=IND\n\
             asean,organisation,Association of Southeast Asian Nations,ASEAN,,,\n\
             t-amb,title,Ambassador,,Đại sứ,,\n",
        );
        let got = |text: &str, lang: Lang| {
            let doc = Doc::new(text, lang, None, &g);
            extract(&doc)
                .0
                .into_iter()
                .map(|f| match f.body {
                    FactBody::Person(p) => (p.name, p.country),
                    _ => unreachable!(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            got(
                "Đại sứ Hàn Quốc tại Việt Nam Choi Young Sam trao học bổng cho sinh viên.",
                Lang::Vi
            ),
            vec![("Choi Young Sam".to_string(), Some("KOR".to_string()))]
        );
        assert_eq!(
            got(
                "Đại sứ Việt Nam tại Ấn Độ Nguyễn Thanh Hải dự lễ.",
                Lang::Vi
            ),
            vec![("Nguyễn Thanh Hải".to_string(), Some("VNM".to_string()))]
        );
        assert_eq!(
            got(
                "Japanese Ambassador to ASEAN Kiya Masahiko opened the seminar.",
                Lang::En
            ),
            vec![("Kiya Masahiko".to_string(), Some("JPN".to_string()))]
        );
    }

    #[test]
    fn a_title_of_one_country_and_a_demonym() {
        let g = crate::gazetteer::test_gazetteer(
            "china,country,China,,Trung Quốc,,iso3=CHN\n\
             laos,country,Lao PDR,,Lào,Laos,iso3=LAO\n\
             t-pm,title,Prime Minister,,Thủ tướng,Premier,\n\
             t-premier,title,Premier of the State Council,,Thủ tướng Quốc vụ viện,Premier of the State Council,country=CHN\n\
             t-fm,title,Minister for Foreign Affairs,,Bộ trưởng Ngoại giao,Foreign Minister|External Affairs Minister,\n",
        );
        let got = |text: &str, lang: Lang| {
            let doc = Doc::new(text, lang, None, &g);
            extract(&doc)
                .0
                .into_iter()
                .map(|f| match f.body {
                    FactBody::Person(p) => (p.name, p.title_en, p.country),
                    _ => unreachable!(),
                })
                .collect::<Vec<_>>()
        };
        let p = got(
            "Bài phát biểu của Thủ tướng Quốc vụ viện Lý Cường được đăng tải.",
            Lang::Vi,
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "Lý Cường");
        assert_eq!(p[0].1.as_deref(), Some("Premier of the State Council"));
        assert_eq!(p[0].2.as_deref(), Some("CHN"));
        let p = got(
            "The talks were chaired by Lao Foreign Minister Thongsavanh Phomvihane and others.",
            Lang::En,
        );
        assert_eq!(
            p,
            vec![(
                "Thongsavanh Phomvihane".to_string(),
                Some("Minister for Foreign Affairs".to_string()),
                Some("LAO".to_string())
            )]
        );
        // At the end of a paragraph.
        let p = got("The talks were co-chaired by Lao Foreign Minister Thongsavanh Phomvihane.\n\nThe ministers met.", Lang::En);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "Thongsavanh Phomvihane");
    }

    #[test]
    fn title_country_name() {
        let got = people(
            "Thủ tướng Nhật Bản Ishiba Shigeru và Thủ tướng Chính phủ Phạm Minh Chính dự họp.",
            Lang::Vi,
        );
        assert_eq!(
            got,
            vec![
                (
                    "Ishiba Shigeru".into(),
                    Some("Prime Minister".into()),
                    Some("JPN".into())
                ),
                (
                    "Phạm Minh Chính".into(),
                    Some("Prime Minister".into()),
                    Some("VNM".into())
                ),
            ]
        );
    }

    #[test]
    fn apposition_gives_country() {
        let got = people(
            "Thứ trưởng Ngoại giao Mori Takeo, Trưởng SOM Nhật Bản, phát biểu.",
            Lang::Vi,
        );
        assert_eq!(
            got,
            vec![(
                "Mori Takeo".into(),
                Some("Deputy Minister of Foreign Affairs".into()),
                Some("JPN".into())
            )]
        );
    }

    #[test]
    fn known_people_and_vietnamese_names() {
        let got = people("Thủ tướng Fumio Kishida gặp Thứ trưởng Nguyễn Minh Vũ. Sau đó Thứ trưởng Vũ phát biểu.", Lang::Vi);
        assert_eq!(
            got[0],
            (
                "Fumio Kishida".into(),
                Some("Prime Minister".into()),
                Some("JPN".into())
            )
        );
        assert_eq!(got[1].2.as_deref(), Some("VNM"));
        assert_eq!(got.len(), 2, "a one-word later mention is not a new person");
    }

    #[test]
    fn a_surname_in_a_headline_joins_the_full_mention() {
        let got = people("Thủ tướng Kishida thăm Hà Nội\nThủ tướng Nhật Bản Kishida Fumio phát biểu tại hội nghị.", Lang::Vi);
        assert_eq!(
            got,
            vec![(
                "Kishida Fumio".into(),
                Some("Prime Minister".into()),
                Some("JPN".into())
            )]
        );
    }

    #[test]
    fn english_forms() {
        let got = people("Japanese Prime Minister Shigeru Ishiba met Prime Minister Pham Minh Chinh of Viet Nam.", Lang::En);
        assert_eq!(
            got[0],
            (
                "Shigeru Ishiba".into(),
                Some("Prime Minister".into()),
                Some("JPN".into())
            )
        );
        assert_eq!(
            got[1],
            (
                "Pham Minh Chinh".into(),
                Some("Prime Minister".into()),
                Some("VNM".into())
            )
        );
    }
}
