//! Outcome documents: "thông qua Tuyên bố chung về ...", "ký Bản ghi nhớ
//! ...", "adopted the Joint Vision Statement on ...". The verb gives the
//! action; the name runs from a document head word ("Tuyên bố", "Kế
//! hoạch", "Joint Statement", "Plan of Action"...) to the end of the
//! phrase. Documents the gazetteer knows but no verb acts on are output
//! as `referenced`.

use crate::dates::FoundDate;
use crate::doc::Doc;
use crate::fact;
use hoptac_model::{DocumentRef, Fact, FactBody};
use hoptac_text::{fold, trim_span, Span};
use regex::Regex;
use std::sync::LazyLock;

/// (folded verb, action).
const VERBS: &[(&str, &str)] = &[
    ("thong qua", "adopted"),
    ("ky ket", "signed"),
    ("ky", "signed"),
    ("tan thanh", "endorsed"),
    ("phe chuan", "endorsed"),
    ("cong bo", "issued"),
    ("ra", "issued"),
    ("ban hanh", "issued"),
    ("adopted", "adopted"),
    ("adopt", "adopted"),
    ("signed", "signed"),
    ("endorsed", "endorsed"),
    ("issued", "issued"),
    ("released", "issued"),
];

/// Words before a document verb that make the act one asked for or to
/// come (folded, with the space before the verb).
const IRREALIS: &[&str] = &[
    " som ", " se ", " chua ", " khong ", " to ", " will ", " would ", " not ",
];

/// (folded head, English head).
const HEADS: &[(&str, &str)] = &[
    ("tuyen bo chung", "Joint Statement"),
    ("tuyen bo tam nhin chung", "Joint Vision Statement"),
    ("tuyen bo tam nhin", "Vision Statement"),
    ("tuyen bo cua chu tich", "Chairman's Statement"),
    ("tuyen bo", "Declaration"),
    ("ke hoach hanh dong", "Plan of Action"),
    ("ke hoach thuc hien", "Implementation Plan"),
    ("ke hoach trien khai", "Implementation Plan"),
    ("ke hoach cong tac", "Work Plan"),
    ("ke hoach", "Plan"),
    ("ban ghi nho", "Memorandum of Understanding"),
    ("nghi dinh thu", "Protocol"),
    ("hiep dinh", "Agreement"),
    ("thoa thuan", "Arrangement"),
    ("chuong trinh hanh dong", "Programme of Action"),
    ("van kien", "Document"),
    ("joint statement", "Joint Statement"),
    ("joint vision statement", "Joint Vision Statement"),
    ("joint declaration", "Joint Declaration"),
    ("declaration", "Declaration"),
    ("plan of action", "Plan of Action"),
    ("implementation plan", "Implementation Plan"),
    ("work plan", "Work Plan"),
    ("memorandum of understanding", "Memorandum of Understanding"),
    ("protocol", "Protocol"),
    ("chairman's statement", "Chairman's Statement"),
    ("chairmans statement", "Chairman's Statement"),
    ("leaders' statement", "Leaders' Statement"),
    ("leaders statement", "Leaders' Statement"),
    ("statement", "Statement"),
];

static VERB_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = VERBS.iter().map(|(v, _)| regex::escape(v)).collect();
    Regex::new(&format!(r"(?-u:\b)(?:da |cung |chinh thuc |have |has |also )?({})(?: (?:va|and) [a-z ]{{3,20}})? (?:the |a |an |its |their |cac |mot )?", alts.join("|"))).unwrap()
});

/// Extract documents.
pub fn extract(doc: &Doc, dates: &[FoundDate]) -> Vec<Fact> {
    let ft = doc.ft();
    let mut out: Vec<Fact> = Vec::new();
    for c in VERB_RE.captures_iter(ft) {
        let m = c.get(0).unwrap();
        let verb = c.get(1).unwrap().as_str();
        let action = VERBS
            .iter()
            .find(|(v, _)| *v == verb)
            .map_or("referenced", |(_, a)| *a);
        // "đề nghị EU sớm phê chuẩn ...", "urged Japan to sign ...", "sẽ
        // ký": asked for or to come, not done by the reported event.
        let before = crate::tail(&ft[..m.start()], 10);
        let action = if IRREALIS.iter().any(|w| before.ends_with(w)) {
            "referenced"
        } else {
            action
        };
        // The head may follow a few words naming the parties: "the ASEAN-Japan Joint Statement".
        let Some((_, head_en)) = head_near(&ft[m.end()..]) else {
            continue;
        };
        let start_raw = doc.folded.raw_start(m.end(), doc.raw.len());
        // Document names are capitalised ("thông qua Tuyên bố chung", "adopted
        // the ASEAN-Japan Joint Statement"); "đề ra kế hoạch" names none.
        if !doc.raw[start_raw..].starts_with(char::is_uppercase) {
            continue;
        }
        let sent = doc.sentence_span(start_raw);
        let mut end_raw = name_end(doc.raw, start_raw, sent.end());
        // A date is not part of the name: "... Implementation Plan on 17 December 2023".
        let (fs, fe) = (m.end(), doc.folded.from_raw(end_raw));
        // A period is the plan's own ("Kế hoạch hành động giai đoạn 2026 -
        // 2030", "Plan of Action 2021-2025"): it stays in the name.
        if let Some(d) = dates
            .iter()
            .find(|d| d.folded.0 > fs && d.folded.0 < fe && d.end.is_none())
        {
            end_raw = doc.folded.raw_start(d.folded.0, doc.raw.len());
            let kept = doc.raw[start_raw..end_raw].trim_end();
            let kept = kept
                .strip_suffix(" on")
                .or_else(|| kept.strip_suffix(" in"))
                .or_else(|| kept.strip_suffix(" ngày"))
                .unwrap_or(kept);
            end_raw = start_raw + kept.len();
        }
        // Nor is the city it was adopted in: "... Implementation Plan in Tokyo".
        end_raw = before_city(doc, start_raw, end_raw);
        let mut prev_entity: Option<String> = None;
        for part in split_names(doc, start_raw, end_raw) {
            let name_span = trim_span(doc.raw, part, &['"', '“', '”']);
            if name_span.len() < 6 || out.iter().any(|f| f.span.overlaps(name_span)) {
                continue;
            }
            let name = doc.slice(name_span).to_string();
            let part_head = head_near(&fold(&name)).map_or(head_en, |(_, h)| h);
            // "the Joint Vision Statement and its Implementation Plan": a bare
            // head after a known document is that document's own part.
            let found = known(doc, &name)
                .or_else(|| prev_entity.as_deref().and_then(|p| child_of(doc, p, &name)));
            prev_entity = found.as_ref().map(|(id, _)| id.clone());
            let name_en = found.as_ref().map_or_else(
                || english_name(doc, name_span.start(), &name, part_head),
                |(_, en)| en.clone(),
            );
            let mut f = fact(
                doc,
                name_span,
                FactBody::Document(DocumentRef {
                    name,
                    name_en: Some(name_en),
                    action: action.into(),
                }),
            );
            f.entity = found.map(|(id, _)| id);
            out.push(f);
        }
    }
    // Known documents named without an adoption verb.
    for h in doc
        .hits_of(&["document"])
        .filter(|h| h.form == crate::gazetteer::Form::Name)
    {
        if out
            .iter()
            .any(|f| f.span.overlaps(h.span) || f.mentions.iter().any(|m| m.overlaps(h.span)))
        {
            continue;
        }
        let e = doc.entry(h);
        if let Some(f) = out.iter_mut().find(|f| f.entity.as_deref() == Some(&e.id)) {
            f.mentions.push(h.span);
            continue;
        }
        let mut f = fact(
            doc,
            h.span,
            FactBody::Document(DocumentRef {
                name: doc.slice(h.span).to_string(),
                name_en: Some(e.name_en.clone()),
                action: "referenced".into(),
            }),
        );
        f.entity = Some(e.id.clone());
        out.push(f);
    }
    out
}

/// The first document head within the next few words (no punctuation before it).
fn head_near(after: &str) -> Option<(&'static str, &'static str)> {
    let window = crate::head(after, 48);
    let stop = window
        .find([',', '.', ';', ':', '(', '\n'])
        .unwrap_or(window.len());
    let window = &window[..stop];
    // Word starts, at most four words in: the head must begin one of them.
    let starts = std::iter::once(0)
        .chain(window.match_indices([' ', '-']).map(|(i, _)| i + 1))
        .take(4);
    for at in starts {
        let rest = &window[at..];
        // At one position, the longest head ("tuyen bo chung" before "tuyen bo").
        let best = HEADS
            .iter()
            .filter(|(h, _)| {
                rest.starts_with(h)
                    && rest[h.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
            .max_by_key(|(h, _)| h.len());
        if let Some((h, en)) = best {
            return Some((h, en));
        }
    }
    None
}

/// Where a document's name ends: the clause's punctuation or a bracket. A
/// colon followed by a capital is a subtitle ("...: Trusted Partners").
fn name_end(raw: &str, start: usize, limit: usize) -> usize {
    let rest = &raw[start..limit];
    for (i, c) in rest.char_indices() {
        if c == ' ' && clause_follows(&rest[i..]) {
            return start + i;
        }
        match c {
            ',' | ';' | '(' | '.' | '\n' => return start + i,
            ':' if !rest[i + 1..]
                .trim_start()
                .starts_with(|c: char| c.is_uppercase()) =>
            {
                return start + i
            }
            _ => {}
        }
    }
    limit
}

/// Verbs that, after "và", open a new clause rather than continue a name.
const VI_CLAUSE_VERBS: &[&str] = &[
    "khang dinh",
    "nhan manh",
    "ghi nhan",
    "keu goi",
    "de nghi",
    "hoan nghenh",
    "nhat tri",
    "cam ket",
    "danh gia",
    "thong qua",
    "ky",
];

/// Does a new clause start at `rest` (which begins with a space)? "...
/// Strategic Partnership and noted that ...", "... which sets out ...",
/// "... và nhấn mạnh ...": the verb of the next clause ends the name.
fn clause_follows(rest: &str) -> bool {
    if rest.starts_with(" which ") || rest.starts_with(" that ") {
        return true;
    }
    // A purpose clause: "... giai đoạn 2026 - 2030 nhằm triển khai ...".
    if [" nhằm ", " để ", " in order to "]
        .iter()
        .any(|p| rest.starts_with(p))
    {
        return true;
    }
    // "... Plan of Action 2026-2030 to deepen ties": a lower-case verb after
    // "to" (names write "to Implement"; "to implement" keeps a name too).
    if let Some(after) = rest.strip_prefix(" to ") {
        let word = after.split([' ', ',', '.']).next().unwrap_or("");
        return word.starts_with(|c: char| c.is_ascii_lowercase())
            && !["implement", "the"].contains(&word);
    }
    if let Some(after) = rest.strip_prefix(" and ") {
        let word = after.split([' ', ',', '.']).next().unwrap_or("");
        return word.len() > 3
            && word.ends_with("ed")
            && word.starts_with(|c: char| c.is_ascii_lowercase());
    }
    if let Some(after) = rest.strip_prefix(" và ") {
        let f = fold(crate::head(after, 24));
        return VI_CLAUSE_VERBS.iter().any(|v| {
            f.strip_prefix(v)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        });
    }
    false
}

/// "X cùng Y", "X và Y", "X and its Y": two documents when Y starts with a head.
fn split_names(doc: &Doc, start: usize, end: usize) -> Vec<Span> {
    let text = &doc.raw[start..end];
    let mut parts = Vec::new();
    let mut from = 0;
    let joins = [" cùng ", " và ", " and its ", " and the ", " and "];
    let mut search = 0;
    while search < text.len() {
        let next = joins
            .iter()
            .filter_map(|j| text[search..].find(j).map(|i| (search + i, j.len())))
            .min_by_key(|(i, _)| *i);
        let Some((i, len)) = next else { break };
        let tail = fold(&text[i + len..]);
        let capital = text[i + len..].starts_with(|c: char| c.is_uppercase());
        if capital && HEADS.iter().any(|(h, _)| tail.starts_with(h)) {
            parts.push(Span::new(start + from, start + i));
            from = i + len;
        }
        search = i + len;
    }
    parts.push(Span::new(start + from, end));
    parts
}

/// The gazetteer's document for a name, when its words match well.
fn known(doc: &Doc, name: &str) -> Option<(String, String)> {
    doc.gaz
        .best_by_words(name, &["document"], 0.7)
        .map(|(i, _)| {
            let e = doc.gaz.entry(i);
            (e.id.clone(), e.name_en.clone())
        })
}

/// `end`, or the start of " in <city>" / " tại <city>" inside the name: a
/// city the gazetteer knows (a place with a country) ends a document's name.
fn before_city(doc: &Doc, start: usize, end: usize) -> usize {
    let first = doc.hits.partition_point(|h| h.span.start() <= start);
    for h in doc.hits[first..]
        .iter()
        .take_while(|h| h.span.start() < end)
    {
        let e = doc.entry(h);
        if e.kind != "place" || e.attr("country").is_none() {
            continue;
        }
        let before = &doc.raw[start..h.span.start()];
        for intro in [" in ", " at ", " tại ", " ở "] {
            if let Some(kept) = before.strip_suffix(intro) {
                return start + kept.len();
            }
        }
    }
    end
}

/// The gazetteer's document whose parent is `parent` and one of whose
/// names begins with `name` ("Implementation Plan", "Kế hoạch thực hiện").
fn child_of(doc: &Doc, parent: &str, name: &str) -> Option<(String, String)> {
    let f = fold(name.trim_start_matches("its ").trim_start_matches("the "));
    if f.len() < 6 {
        return None;
    }
    doc.gaz
        .entries()
        .iter()
        .filter(|e| e.kind == "document" && e.attr("parent") == Some(parent))
        .find(|e| e.names().any(|n| fold(n).starts_with(&f)))
        .map(|e| (e.id.clone(), e.name_en.clone()))
}

/// The gazetteer's name, or the English head word with the English names
/// of what the title mentions: "Joint Statement on ASEAN Outlook on the Indo-Pacific".
fn english_name(doc: &Doc, at: usize, name: &str, head_en: &str) -> String {
    if doc.lang_at(at) == hoptac_text::Lang::En {
        return name.trim_start_matches("the ").to_string();
    }
    let f = fold(name);
    // Names inside the title after its head: a known document's generic
    // words ("Tuyên bố tầm nhìn chung" is also the ASEAN-Japan one's short
    // name) at the start of an unknown one's name are only its head.
    let rest = HEADS
        .iter()
        .filter(|(h, _)| f.starts_with(h))
        .max_by_key(|(h, _)| h.len())
        .map_or(f.as_str(), |(h, _)| &f[h.len()..]);
    const KINDS: &[&str] = &[
        "document",
        "initiative",
        "agreement",
        "organisation",
        "fund",
        "institution",
    ];
    let names: Vec<String> = doc
        .gaz
        .names_inside(rest, KINDS)
        .map(|e| e.name_en.clone())
        .collect();
    let base = match names.last() {
        Some(n) => format!("{head_en} on {n}"),
        None => head_en.to_string(),
    };
    // The plan's period, written the English way: "Plan of Action 2026-2030".
    match PERIOD.captures(&f) {
        Some(c) => format!("{base} {}-{}", &c[1], &c[2]),
        None => base,
    }
}

/// A period in a folded name: "giai doan 2026 - 2030", "(2026-2030)".
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)[0-9]{2}) ?- ?((?:19|20)[0-9]{2})(?-u:\b)").unwrap()
});

#[cfg(test)]
mod tests {
    use crate::Extractor;
    use hoptac_model::{DocumentMeta, DocumentRef, FactBody};

    fn docs(text: &str) -> Vec<DocumentRef> {
        Extractor::builtin()
            .analyze(text, &DocumentMeta::default())
            .facts
            .into_iter()
            .filter_map(|f| match f.body {
                FactBody::Document(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_article_before_the_name_and_a_clause_after_it() {
        let d = docs("The ministers adopted a Joint Statement on Maritime Cooperation and welcomed the new coast guard dialogue.");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].name, "Joint Statement on Maritime Cooperation");
        assert_eq!(d[0].action, "adopted");
        let d = docs("Leaders issued a Joint Declaration on Food Security which sets out five areas of work.");
        assert_eq!(d[0].name, "Joint Declaration on Food Security");
        // "and" inside a name stays.
        let d = docs("The summit adopted the Joint Statement on Peace and Security in the Region.");
        assert_eq!(
            d[0].name,
            "Joint Statement on Peace and Security in the Region"
        );
        let d = docs("Hội nghị thông qua Tuyên bố chung về hợp tác y tế và nhấn mạnh vai trò của khu vực tư nhân.");
        assert_eq!(d[0].name, "Tuyên bố chung về hợp tác y tế");
    }

    #[test]
    fn adopted_signed_and_referenced() {
        let d = docs("Hai bên đã ký Bản ghi nhớ về hợp tác năng lượng sạch, và các nhà lãnh đạo thông qua Tuyên bố chung về tăng cường kết nối (bản tiếng Anh). Văn kiện này dựa trên Tầm nhìn Cộng đồng ASEAN 2045.");
        let got: Vec<(&str, &str)> = d
            .iter()
            .map(|x| (x.name.as_str(), x.action.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Bản ghi nhớ về hợp tác năng lượng sạch", "signed"),
                ("Tuyên bố chung về tăng cường kết nối", "adopted"),
                ("Tầm nhìn Cộng đồng ASEAN 2045", "referenced"),
            ]
        );
        assert_eq!(d[0].name_en.as_deref(), Some("Memorandum of Understanding"));
        assert_eq!(d[2].name_en.as_deref(), Some("ASEAN Community Vision 2045"));
    }

    #[test]
    fn a_plans_period_stays_in_its_name() {
        let d = docs("Hội nghị đã thông qua Kế hoạch hành động giai đoạn 2026 - 2030 nhằm triển khai quan hệ Đối tác Chiến lược Toàn diện.");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].name, "Kế hoạch hành động giai đoạn 2026 - 2030");
        assert_eq!(d[0].name_en.as_deref(), Some("Plan of Action 2026-2030"));
        let d =
            docs("The ministers adopted the ASEAN-India Plan of Action 2026-2030 to deepen ties.");
        assert!(d[0].name.ends_with("Plan of Action 2026-2030"), "{d:?}");
        // A date is still not part of the name.
        let d = docs("Hai bên đã ký Bản ghi nhớ về hợp tác số ngày 12/3/2025 tại Hà Nội.");
        assert_eq!(d[0].name, "Bản ghi nhớ về hợp tác số");
    }

    #[test]
    fn a_document_asked_for_or_to_come_is_not_adopted() {
        let d = docs("Thủ tướng đề nghị Nhật Bản sớm phê chuẩn Hiệp định Đối tác Kinh tế Toàn diện nâng cấp.");
        assert_eq!(d[0].action, "referenced", "{d:?}");
        let d = docs("The leaders urged the ministers to adopt the Work Plan on Rice Reserves.");
        assert_eq!(d[0].action, "referenced", "{d:?}");
        let d = docs("Hai bên đã ký Bản ghi nhớ về hợp tác nông nghiệp.");
        assert_eq!(d[0].action, "signed");
    }

    #[test]
    fn an_unknown_plans_english_name_is_not_a_known_ones() {
        let d = docs("Các nhà lãnh đạo thông qua Tuyên bố tầm nhìn chung của Lãnh đạo ASEAN - Australia về hợp tác biển.");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            !d[0].name_en.as_deref().unwrap_or("").contains("Japan"),
            "{d:?}"
        );
    }

    #[test]
    fn english_adoption() {
        let d = docs("The leaders adopted the Joint Vision Statement on ASEAN-Japan Friendship and Cooperation and its Implementation Plan.");
        assert_eq!(d[0].action, "adopted");
        assert!(d[0].name.starts_with("Joint Vision Statement"));
    }

    #[test]
    fn its_part_resolves_to_the_known_child_document() {
        for text in [
            "ASEAN and Japan adopted the Joint Vision Statement on ASEAN-Japan Friendship and Cooperation and its Implementation Plan in Tokyo.",
            "Các nhà lãnh đạo đã thông qua Tuyên bố Tầm nhìn chung về Hữu nghị và Hợp tác ASEAN - Nhật Bản và Kế hoạch thực hiện tại Tokyo.",
        ] {
            let d = docs(text);
            assert_eq!(d.len(), 2, "{text}: {d:?}");
            assert_eq!(
                d[1].name_en.as_deref(),
                Some("Implementation Plan of the Joint Vision Statement on ASEAN-Japan Friendship and Cooperation"),
                "{text}"
            );
            assert_eq!(d[1].action, "adopted");
        }
        // No parent known: the bare head stays as written.
        let d =
            docs("The ministers adopted the Joint Statement on Digital Trade and its Work Plan.");
        assert_eq!(d.last().unwrap().name_en.as_deref(), Some("Work Plan"));
    }
}
