//! Statements: who affirmed, proposed, requested, expected, welcomed,
//! agreed or committed what, to whom.
//!
//! A speech-act verb ("khẳng định", "đề xuất", "đề nghị", "trông đợi",
//! "hoan nghênh", "nhất trí", "cam kết", "mong muốn", "kêu gọi"; "affirmed",
//! "proposed", "called on", "urged", "welcomed", "agreed", "pledged") opens
//! a statement. The speaker is found before it in the clause: a person's
//! name, a title that refers back ("Thủ tướng", "Bà", "Thứ trưởng"), or a
//! party ("các nhà lãnh đạo ASEAN" = ASEAN). A bare title in a Vietnamese
//! source is that source's own official when there is one ("Thủ tướng" is
//! Viet Nam's Prime Minister, "Thủ tướng Nhật Bản" Japan's). The addressee
//! is the party right after the verb ("urged the EU", "đề nghị phía Nhật
//! Bản", "kêu gọi các nước ASEAN"); "đề nghị" with an addressee is a
//! request, without one (or to "hai bên") a proposal. One affirms,
//! welcomes, agrees or commits a content, not to a party. A reporting verb
//! ("cho biết", "thông báo", "said", "announced") is a commitment only
//! when a giving verb in the future ("sẽ cung cấp", "would mobilise") or a
//! readiness ("sẵn sàng", "ready to") follows; otherwise it is no statement.

use crate::doc::Doc;
use crate::fact;
use crate::people::PersonRef;
use hoptac_model::{Fact, FactBody, Statement};
use hoptac_text::{fold, trim_span, Lang, Span};
use regex::Regex;
use std::sync::LazyLock;

/// (folded verb, act). Longest first where one is a prefix of another.
const VERBS: &[(&str, &str)] = &[
    ("tai khang dinh", "affirm"),
    ("khang dinh", "affirm"),
    ("nhan manh", "affirm"),
    ("de xuat", "propose"),
    ("kien nghi", "propose"),
    ("de nghi", "request"),
    ("yeu cau", "request"),
    ("keu goi", "request"),
    ("trong doi", "expect"),
    ("mong doi", "expect"),
    ("ky vong", "expect"),
    ("mong muon", "expect"),
    ("hoan nghenh", "welcome"),
    ("nhat tri", "agree"),
    ("thong nhat", "agree"),
    ("dong y", "agree"),
    ("cam ket", "commit"),
    ("reaffirmed", "affirm"),
    ("affirmed", "affirm"),
    ("stressed", "affirm"),
    ("emphasised", "affirm"),
    ("emphasized", "affirm"),
    ("proposed", "propose"),
    ("suggested", "propose"),
    ("called on", "request"),
    ("called for", "request"),
    ("urged", "request"),
    ("requested", "request"),
    ("asked", "request"),
    ("expected", "expect"),
    ("hoped", "expect"),
    ("welcomed", "welcome"),
    ("agreed", "agree"),
    ("pledged", "commit"),
    ("committed", "commit"),
    ("reiterated", "affirm"),
    ("encouraged", "request"),
    ("looked forward to", "expect"),
    ("khuyen khich", "request"),
    ("cho biet", "commit"),
    ("thong bao", "commit"),
    ("said", "commit"),
    ("announced", "commit"),
];

/// Verbs that only report ("cho biết", "said", "thông báo", "announced"):
/// a statement only when what follows is a pledge, a giving verb in the
/// future ("cho biết Hàn Quốc sẽ cung cấp", "said the EU would mobilise")
/// or a readiness ("sẵn sàng", "was ready to"); then it is a commitment.
const REPORTING: &[&str] = &["cho biet", "thong bao", "said", "announced"];

/// Future markers, then the giving verbs that make a report a pledge (folded).
const FUTURE: &[&str] = &["se", "will", "would"];
const PLEDGE_VERBS: &[&str] = &[
    "cung cap",
    "ho tro",
    "danh",
    "tai tro",
    "dong gop",
    "huy dong",
    "dao tao",
    "thanh lap",
    "lap",
    "mo rong",
    "tiep tuc",
    "ung ho",
    "xay dung",
    "dau tu",
    "tang cuong",
    "provide",
    "support",
    "contribute",
    "mobilise",
    "mobilize",
    "fund",
    "finance",
    "train",
    "establish",
    "set up",
    "expand",
    "double",
    "continue",
    "offer",
    "invest",
    "allocate",
    "launch",
    "work with",
    "help",
];
const READY: &[&str] = &["san sang", "ready to", "stands ready", "stood ready"];

/// Does the folded content after a reporting verb pledge something? The
/// future marker must come within its first words, and a giving verb
/// right after it (one adverb between at most: "sẽ tiếp tục", "will also").
fn pledges(content: &str) -> bool {
    // Its first 14 words (folded text has one space between words),
    // looked at in place: reporting verbs are frequent in news.
    let end = content
        .match_indices(' ')
        .nth(13)
        .map_or(content.len(), |(i, _)| i);
    let head = &content[..end];
    let at_word = |i: usize| i == 0 || head.as_bytes()[i - 1] == b' ';
    if READY
        .iter()
        .any(|r| head.match_indices(r).any(|(i, _)| at_word(i)))
    {
        return true;
    }
    let verb_at = |rest: &str| {
        PLEDGE_VERBS.iter().any(|v| {
            rest.strip_prefix(v)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        })
    };
    let mut at = 0;
    for w in head.split(' ') {
        at += w.len() + 1;
        if FUTURE.contains(&w) && at <= content.len() {
            let rest = &content[at..];
            // The verb right after the marker, or after one adverb ("sẽ
            // thêm", "will also"); "cung" is also the start of "cung cấp".
            if verb_at(rest)
                || ["also ", "further ", "cung ", "them "]
                    .iter()
                    .find_map(|a| rest.strip_prefix(a))
                    .is_some_and(verb_at)
            {
                return true;
            }
        }
    }
    false
}

static VERB_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = VERBS.iter().map(|(v, _)| regex::escape(v)).collect();
    Regex::new(&format!(r"(?-u:\b)({})(?-u:\b)", alts.join("|"))).unwrap()
});

/// Words before a verb that make it a noun ("các cam kết", "sự đồng ý").
const NOMINAL: &[&str] = &[
    "cac", "nhung", "moi", "su", "loi", "viec", "the", "its", "their", "a", "an",
];

/// Articles between a verb and its addressee (folded, with their spaces).
/// "phía" (the side of) is the Vietnamese way: "đề nghị phía Nhật Bản".
const ARTICLES: &[&str] = &[" the ", " phia "];

/// Party phrases (folded) and the party they name.
const GROUPS: &[(&str, &str)] = &[
    ("cac nha lanh dao asean", "ASEAN"),
    ("lanh dao cac nuoc asean", "ASEAN"),
    ("cac nuoc asean", "ASEAN"),
    ("cac nuoc thanh vien asean", "ASEAN"),
    ("asean leaders", "ASEAN"),
    ("asean member states", "ASEAN"),
];

/// Subjects that speak for everyone at the meeting: in an ASEAN-Japan
/// chairman's statement "We" and "the Leaders" are ASEAN and Japan
/// together. (Folded, at the start of the clause.)
const COLLECTIVE: &[&str] = &[
    "we",
    "the leaders",
    "leaders",
    "the ministers",
    "ministers",
    "the meeting",
    "the two sides",
    "both sides",
    "the sides",
    "hai ben",
    "cac ben",
    "cac nha lanh dao",
    "cac bo truong",
    "hoi nghi",
];

/// The collective subject opening the folded clause `text`, if any.
fn collective_subject(text: &str) -> bool {
    let t = text.trim_start_matches([' ', ',', '\n']);
    // After a numbered paragraph's "5. " or a lead-in ("In Kuala Lumpur, ").
    let t = t.rsplit_once(", ").map_or(t, |(_, tail)| tail);
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    COLLECTIVE.iter().any(|c| {
        t.strip_prefix(c).is_some_and(|rest| {
            let rest = rest.trim_start();
            // The verb comes next, maybe after "also", "further", "cung", "da".
            rest.is_empty()
                || ["also", "further", "cung", "da", "deu", "have", "had"]
                    .iter()
                    .any(|a| {
                        rest == *a || rest.strip_prefix(a).is_some_and(|r| r.trim().is_empty())
                    })
        })
    })
}

/// Extract statements. `voice` names who "We" and "the Leaders" are (the
/// document's partnership, e.g. "ASEAN-Japan"); without it such
/// statements have no speaker and are left out.
pub fn extract(doc: &Doc, people: &[PersonRef], voice: Option<&str>) -> Vec<Fact> {
    let ft = doc.ft();
    let mut out: Vec<Fact> = Vec::new();
    let mut last_speaker: Option<(usize, String)> = None;
    let mut covered_until = 0usize;
    for c in VERB_RE.captures_iter(ft) {
        let m = c.get(1).unwrap();
        let (s, e) = (m.start(), m.end());
        let verb = m.as_str();
        let act = VERBS
            .iter()
            .find(|(v, _)| *v == verb)
            .map_or("affirm", |(_, a)| *a);
        let before = crate::tail(&ft[..s], 8);
        if NOMINAL.iter().any(|n| ends_with_word(before, n)) {
            continue;
        }
        if ft[e..].starts_with(" cua ") || ft[e..].starts_with(" of ") {
            continue; // "cam kết của Thủ tướng": a noun
        }
        let reporting = REPORTING.contains(&verb);
        if reporting {
            let (_, se) = doc.sentence_folded(doc.folded.raw_start(s, doc.raw.len()));
            let rest = ft[e..se.max(e)].trim_start_matches([' ', ':', ',']);
            // "said" after its content ("..., officials said.") or without
            // a pledge in what follows reports no statement.
            if !pledges(rest) {
                continue;
            }
        }
        let raw_start = doc.folded.raw_start(s, doc.raw.len());
        let sent_idx = doc.sentence_of(raw_start);
        let (ss, se) = doc.sentence_folded(raw_start);
        // Inside the content of a statement already taken, unless a new clause starts.
        let clause_marker = crate::tail(&ft[ss..s], 14);
        // "... and called on Australia to ...", "... và kêu gọi ...": a
        // second verb joined by "and" is a second statement.
        let coordinated = ["and ", "and also ", "va ", "va cung ", "dong thoi "]
            .iter()
            .any(|c| clause_marker.ends_with(&format!(" {c}")));
        let new_clause = clause_marker.contains("dong thoi")
            || clause_marker.contains(';')
            || clause_marker.ends_with(", ")
            || coordinated;
        if s < covered_until && !new_clause {
            continue;
        }
        let clause_start = ft[ss..s].rfind([';']).map_or(ss, |i| ss + i + 1);
        let window = (clause_start, s);
        // The last statement's speaker, when it spoke in this sentence or
        // the one before: "He", "Ông" most often continue with them.
        let prev = last_speaker
            .as_ref()
            .filter(|(i, _)| *i + 1 >= sent_idx)
            .map(|(_, n)| n.as_str());
        let speaker = speaker_in(doc, people, window, prev)
            .or_else(|| {
                voice
                    .filter(|_| collective_subject(&ft[window.0..window.1]))
                    .map(str::to_string)
            })
            .or_else(|| {
                last_speaker
                    .as_ref()
                    .filter(|(i, _)| *i == sent_idx || new_clause)
                    .map(|(_, n)| n.clone())
            });
        let Some(speaker) = speaker else { continue };
        // Addressee right after the verb.
        let mut after = e;
        let introduced = ft[after..].starts_with(" voi ") || ft[after..].starts_with(" cung ");
        if introduced {
            after += if ft[after..].starts_with(" voi ") {
                4
            } else {
                5
            };
        }
        // "urged the EU to", "called on the Republic of Korea to": the
        // article is not part of the party's name.
        if let Some(a) = ARTICLES.iter().find(|a| ft[after..].starts_with(**a)) {
            after += a.len() - 1;
        }
        // One affirms, welcomes, agrees or commits on a content, not to a
        // party: "khẳng định Trung Quốc coi trọng ...", "welcomed Japan's
        // support", "cam kết Australia tiếp tục ủng hộ ..." name the
        // content's subject. Only "với"/"cùng" names a party there.
        let addressed =
            introduced || !(reporting || matches!(act, "affirm" | "welcome" | "agree" | "commit"));
        let addressee_at: Option<(String, usize)> = doc
            .hit_at(after, &["country", "organisation"])
            .filter(|h| addressed && h.folded.0 <= after + 1)
            .map(|h| (party_name(doc.entry(h)), h.folded.1))
            .or_else(|| {
                // A group: "đề nghị các nước ASEAN", "urged ASEAN member states".
                let at = after + usize::from(ft[after..].starts_with(' '));
                GROUPS
                    .iter()
                    .filter(|_| addressed)
                    .find(|(g, _)| {
                        ft[at..].starts_with(g)
                            && !ft[at + g.len()..].starts_with(|c: char| c.is_alphanumeric())
                    })
                    .map(|(g, p)| (p.to_string(), at + g.len()))
            });
        let addressee = addressee_at.as_ref().map(|(p, _)| p.clone());
        let to_all = ft[e..].starts_with(" hai ben") || ft[e..].starts_with(" cac ben");
        let act = match (act, verb) {
            ("request", "de nghi") if addressee.is_none() || to_all => "propose",
            ("expect", "mong muon") if addressee.is_some() => "request",
            (a, _) => a,
        };
        // Content: to the end of the sentence.
        let content_from = addressee_at.as_ref().map_or(e, |(_, end)| *end);
        let content_raw = doc.folded.raw_start(content_from, doc.raw.len());
        let sent = doc.sentence_span(raw_start);
        let content = trim_span(
            doc.raw,
            Span::new(content_raw.min(sent.end()), sent.end()),
            &['.', ',', ':', '…'],
        );
        let span = Span::new(doc.raw_span(s, e).start(), sent.end());
        let span = trim_span(doc.raw, span, &['.']);
        // A second statement in the sentence ends the one before it: "X
        // called on Japan to ... and urged ..." is two statements side by
        // side, not one holding the other.
        if let Some(prev) = out.last_mut().filter(|p| p.sentence == sent_idx) {
            let cut = clause_cut(&ft[..s]);
            let raw_cut = doc.folded.raw_start(cut, doc.raw.len());
            end_fact_at(doc, prev, raw_cut);
        }
        let mut f = fact(
            doc,
            span,
            FactBody::Statement(Statement {
                speaker: Some(speaker.clone()),
                act: act.into(),
                addressee: addressee.filter(|a| *a != speaker),
                content: (!content.is_empty()).then(|| doc.slice(content).to_string()),
            }),
        );
        f.sentence = sent_idx;
        out.push(f);
        last_speaker = Some((sent_idx, speaker));
        covered_until = se;
    }
    out
}

/// Where the clause before a verb ends, in folded text: before the
/// coordinator ("and", "và", "đồng thời") and the punctuation that joins
/// it ("..., and urged", "...; đồng thời").
fn clause_cut(before: &str) -> usize {
    let mut t = before.trim_end();
    for c in ["and also", "and", "va cung", "va", "dong thoi"] {
        if let Some(rest) = t.strip_suffix(c) {
            if rest.is_empty() || rest.ends_with([' ', ',', ';']) {
                t = rest;
                break;
            }
        }
    }
    t.trim_end_matches([' ', ',', ';']).len()
}

/// Shorten a statement to end at `raw_end` (its content too), when that
/// falls inside it.
fn end_fact_at(doc: &Doc, f: &mut Fact, raw_end: usize) {
    if raw_end <= f.span.start() || raw_end >= f.span.end() {
        return;
    }
    let old_end = f.span.end();
    let span = trim_span(doc.raw, Span::new(f.span.start(), raw_end), &[',', ';']);
    if span.is_empty() {
        return;
    }
    f.span = span;
    f.text = doc.slice(span).to_string();
    if let FactBody::Statement(st) = &mut f.body {
        if let Some(c) = &st.content {
            // The content ran to the statement's end: it ends where it does.
            if doc.raw[..old_end].ends_with(c.as_str()) {
                let start = old_end - c.len();
                st.content = (start < span.end())
                    .then(|| doc.raw[start..span.end()].to_string())
                    .filter(|c| !c.is_empty());
            }
        }
    }
}

/// `text` ends with the word `w` and a space: "... các " ends with "cac".
fn ends_with_word(text: &str, w: &str) -> bool {
    let Some(rest) = text.strip_suffix(' ') else {
        return false;
    };
    rest.strip_suffix(w)
        .is_some_and(|head| head.is_empty() || head.ends_with(' '))
}

fn party_name(e: &crate::gazetteer::Entry) -> String {
    match e.acronym.as_deref() {
        Some("ASEAN") => "ASEAN".into(),
        _ => e.name_en.clone(),
    }
}

/// The speaker named in the folded window before a verb.
fn speaker_in(
    doc: &Doc,
    people: &[PersonRef],
    (ws, we): (usize, usize),
    prev: Option<&str>,
) -> Option<String> {
    let ft = doc.ft();
    let text = &ft[ws..we];
    // The first person named in the window is the subject.
    let raw_ws = doc.folded.raw_start(ws, doc.raw.len());
    let raw_we = doc.folded.raw_start(we, doc.raw.len());
    let mut first: Option<(usize, &PersonRef)> = None;
    for p in people {
        for s in &p.spans {
            if s.start() >= raw_ws
                && s.end() <= raw_we
                && first.is_none_or(|(at, _)| s.start() < at)
            {
                first = Some((s.start(), p));
            }
        }
    }
    // A group or party before any person: "Các nhà lãnh đạo ASEAN và Thủ tướng ..."
    let group = GROUPS
        .iter()
        .filter_map(|(g, p)| text.find(g).map(|i| (i, *p)))
        .min_by_key(|(i, _)| *i);
    match (first, group) {
        (Some((at, p)), Some((gi, party))) => {
            return Some(if doc.folded.raw_start(ws + gi, doc.raw.len()) < at {
                party.to_string()
            } else {
                p.name.clone()
            });
        }
        (Some((_, p)), None) => return Some(p.name.clone()),
        (None, Some((_, party))) => return Some(party.to_string()),
        _ => {}
    }
    // A surname alone: "Takaichi pledged", "Ông Chính nhấn mạnh".
    let raw_window = &doc.raw[raw_ws..raw_we];
    for p in people {
        let parts: Vec<&str> = p
            .name
            .split(' ')
            .filter(|w| w.chars().count() >= 4)
            .collect();
        if parts.len() >= 2
            && raw_window
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .any(|w| parts.contains(&w))
        {
            return Some(p.name.clone());
        }
    }
    // A title referring back.
    for h in doc
        .hits_of(&["title"])
        .filter(|h| h.folded.0 >= ws && h.folded.1 <= we)
    {
        let title = fold(&doc.entry(h).name_en);
        let country = doc
            .hit_at(h.folded.1, &["country"])
            .and_then(|c| doc.entry(c).attr("iso3"));
        let same_title: Vec<&PersonRef> = people
            .iter()
            .filter(|p| {
                p.title_key
                    .as_deref()
                    .is_some_and(|t| t.contains(&title) || title.contains(t))
            })
            .collect();
        let pick = match country {
            Some(iso) => same_title
                .iter()
                .find(|p| p.country.as_deref() == Some(iso)),
            None => same_title
                .iter()
                .find(|p| {
                    doc.lang_at(h.span.start()) == Lang::Vi
                        && p.country.as_deref() == doc.home_country_at(h.span.start())
                })
                .or(same_title.first()),
        };
        if let Some(p) = pick {
            return Some(p.name.clone());
        }
    }
    // "Bà", "Ông", "She", "He": the person mentioned last before the window.
    let pronoun = ["ba ", "ong ", "she ", "he "]
        .iter()
        .any(|p| text.starts_with(p) || text.contains(&format!(". {p}")));
    if pronoun {
        // The speaker of the statement just made, if a person; else the
        // person mentioned last, counting mentions by surname alone
        // ("Chinh proposed ... He also suggested").
        if let Some(p) = prev.filter(|n| people.iter().any(|p| p.name == *n)) {
            return Some(p.to_string());
        }
        return people
            .iter()
            .flat_map(|p| {
                let by_name = surname_mentions(doc.raw, &p.name, raw_ws);
                p.spans
                    .iter()
                    .map(|s| s.start())
                    .chain(by_name)
                    .map(move |at| (at, p))
            })
            .filter(|(at, _)| *at < raw_ws)
            .max_by_key(|(at, _)| *at)
            .map(|(_, p)| p.name.clone());
    }
    // A party as the subject: the first country or organisation in the window.
    doc.hits_of(&["country", "organisation"])
        .find(|h| h.folded.0 >= ws && h.folded.1 <= we)
        .map(|h| party_name(doc.entry(h)))
}

/// Where one word of a person's name (of four letters or more, so not a
/// bare family name like "Le" or "Vu") stands alone in `raw[..before]`.
fn surname_mentions(raw: &str, name: &str, before: usize) -> Vec<usize> {
    let parts: Vec<&str> = name.split(' ').filter(|w| w.chars().count() >= 4).collect();
    if parts.len() < 2 && name.split(' ').count() >= 2 {
        return Vec::new();
    }
    let text = &raw[..before];
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let in_word = c.is_alphanumeric() || c == '-';
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(s)) => {
                if parts.contains(&&text[s..i]) {
                    out.push(s);
                }
                word_start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::Extractor;
    use hoptac_model::{DocumentMeta, FactBody, Statement};

    fn statements(text: &str) -> Vec<Statement> {
        Extractor::builtin()
            .analyze(text, &DocumentMeta::default())
            .facts
            .into_iter()
            .filter_map(|f| match f.body {
                FactBody::Statement(s) => Some(s),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn we_and_the_leaders_are_the_meetings_parties() {
        let s = statements(
            "The 27th ASEAN-Japan Summit was held in Vientiane on 10 October 2024.\n\n\
             5. We welcomed the progress of the Implementation Plan.\n\n\
             6. The Leaders also encouraged Japan to support the Initiative for ASEAN Integration.\n\n\
             7. Japan reiterated its support for ASEAN centrality.",
        );
        let got: Vec<(Option<&str>, &str, Option<&str>)> = s
            .iter()
            .map(|x| (x.speaker.as_deref(), x.act.as_str(), x.addressee.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("ASEAN-Japan"), "welcome", None),
                (Some("ASEAN-Japan"), "request", Some("Japan")),
                (Some("Japan"), "affirm", None),
            ]
        );
        let s = statements("Hội nghị Cấp cao ASEAN - Hàn Quốc lần thứ 26 diễn ra tại Kuala Lumpur. Hai bên nhất trí tăng cường hợp tác về khoa học và công nghệ.");
        assert_eq!(s[0].speaker.as_deref(), Some("ASEAN-Republic of Korea"));
        // Without a meeting or partnership, "we" is nobody we can name.
        assert!(statements("We agreed to meet again next year.").is_empty());
    }

    #[test]
    fn request_to_a_party_and_proposal_to_both() {
        let s = statements(
            "Thủ tướng Chính phủ Phạm Minh Chính đề nghị hai bên tăng cường kết nối, đồng thời đề nghị Hàn Quốc mở cửa thị trường cho nông sản.",
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(
            (
                s[0].act.as_str(),
                s[0].speaker.as_deref(),
                s[0].addressee.as_deref()
            ),
            ("propose", Some("Phạm Minh Chính"), None)
        );
        assert_eq!(
            (s[1].act.as_str(), s[1].addressee.as_deref()),
            ("request", Some("Republic of Korea"))
        );
        assert_eq!(
            s[1].speaker.as_deref(),
            Some("Phạm Minh Chính"),
            "the second verb keeps the speaker"
        );
    }

    #[test]
    fn bare_title_is_the_sources_own_official() {
        let s = statements(
            "Thủ tướng Chính phủ Phạm Minh Chính gặp Thủ tướng Nhật Bản Ishiba Shigeru. Thủ tướng khẳng định Việt Nam coi trọng quan hệ. Thủ tướng Nhật Bản cam kết hỗ trợ.",
        );
        let who: Vec<(&str, Option<&str>)> = s
            .iter()
            .map(|x| (x.act.as_str(), x.speaker.as_deref()))
            .collect();
        assert_eq!(
            who,
            vec![
                ("affirm", Some("Phạm Minh Chính")),
                ("commit", Some("Ishiba Shigeru"))
            ]
        );
    }

    #[test]
    fn groups_and_nouns() {
        let s = statements("Các nhà lãnh đạo ASEAN trông đợi Nhật Bản sớm hiện thực hóa các cam kết của Thủ tướng.");
        assert_eq!(s.len(), 1, "'các cam kết của' is a noun: {s:?}");
        assert_eq!(
            (
                s[0].speaker.as_deref(),
                s[0].act.as_str(),
                s[0].addressee.as_deref()
            ),
            (Some("ASEAN"), "expect", Some("Japan"))
        );
    }

    fn who(s: &[Statement]) -> Vec<(&str, Option<&str>, Option<&str>)> {
        s.iter()
            .map(|x| (x.act.as_str(), x.speaker.as_deref(), x.addressee.as_deref()))
            .collect()
    }

    #[test]
    fn a_pronoun_continues_the_last_speaker() {
        // The last person *named* is Lawrence Wong, but "He" goes on from
        // the statement just made by Ishiba (a surname-only mention).
        let s = statements(
            "Japanese Prime Minister Ishiba Shigeru met Prime Minister Lawrence Wong of Singapore. Ishiba pledged support for the digital economy. He also proposed a new youth exchange programme.",
        );
        assert_eq!(
            who(&s),
            vec![
                ("commit", Some("Ishiba Shigeru"), None),
                ("propose", Some("Ishiba Shigeru"), None)
            ]
        );
        // No statement before: the person mentioned last, by surname too.
        let s = statements(
            "Prime Minister Anthony Albanese hosted Prime Minister Pham Minh Chinh in Canberra. Chinh later toured a solar farm near Melbourne. He urged Australia to invest in green hydrogen.",
        );
        assert_eq!(
            who(&s),
            vec![("request", Some("Pham Minh Chinh"), Some("Australia"))]
        );
        let s = statements(
            "Bộ trưởng Ngoại giao Bùi Thanh Sơn tiếp Đại sứ Hàn Quốc tại Việt Nam Choi Young Sam. Bộ trưởng Bùi Thanh Sơn đề nghị Hàn Quốc mở rộng hạn ngạch lao động. Ông cũng mong muốn hai bên sớm nâng kim ngạch lên 150 tỷ USD.",
        );
        assert_eq!(s[1].speaker.as_deref(), Some("Bùi Thanh Sơn"), "{s:?}");
    }

    #[test]
    fn a_second_verb_after_and_is_a_second_statement() {
        let s = statements(
            "Foreign Minister Penny Wong of Australia welcomed the new maritime dialogue and urged ASEAN to conclude the Code of Conduct.",
        );
        assert_eq!(
            who(&s),
            vec![
                ("welcome", Some("Penny Wong"), None),
                ("request", Some("Penny Wong"), Some("ASEAN"))
            ]
        );
        // Side by side, not one inside the other.
        assert_eq!(s[0].content.as_deref(), Some("the new maritime dialogue"));
        assert_eq!(
            s[1].content.as_deref(),
            Some("to conclude the Code of Conduct")
        );
        let s = statements(
            "Thủ tướng Chính phủ Phạm Minh Chính hoan nghênh sáng kiến mới và kêu gọi Ấn Độ tăng đầu tư vào hạ tầng số.",
        );
        assert_eq!(
            who(&s),
            vec![
                ("welcome", Some("Phạm Minh Chính"), None),
                ("request", Some("Phạm Minh Chính"), Some("India"))
            ]
        );
    }

    #[test]
    fn one_affirms_a_content_not_to_a_party() {
        let s = statements(
            "Tổng thống Hàn Quốc Lee Jae-myung khẳng định Hàn Quốc coi ASEAN là đối tác then chốt.",
        );
        assert_eq!(who(&s), vec![("affirm", Some("Lee Jae-myung"), None)]);
        assert_eq!(
            s[0].content.as_deref(),
            Some("Hàn Quốc coi ASEAN là đối tác then chốt")
        );
        let s = statements("Prime Minister Narendra Modi of India reaffirmed India's support for ASEAN centrality.");
        assert_eq!(who(&s), vec![("affirm", Some("Narendra Modi"), None)]);
        // "nhất trí với X": a party agreed with.
        let s = statements(
            "Bộ trưởng Ngoại giao Bùi Thanh Sơn nhất trí với Australia về việc mở đường bay thẳng.",
        );
        assert_eq!(s[0].addressee.as_deref(), Some("Australia"));
    }

    #[test]
    fn an_addressee_behind_an_article_or_a_group() {
        let s = statements(
            "Foreign Minister Penny Wong of Australia urged the EU to finalise the trade talks with ASEAN.",
        );
        assert_eq!(
            who(&s),
            vec![("request", Some("Penny Wong"), Some("European Union"))]
        );
        assert_eq!(
            s[0].content.as_deref(),
            Some("to finalise the trade talks with ASEAN")
        );
        let s = statements(
            "Thủ tướng Australia Anthony Albanese đề nghị phía Hàn Quốc tăng đầu tư vào năng lượng sạch, đồng thời kêu gọi các nước ASEAN cùng xây dựng chuỗi cung ứng khoáng sản.",
        );
        assert_eq!(
            who(&s),
            vec![
                (
                    "request",
                    Some("Anthony Albanese"),
                    Some("Republic of Korea")
                ),
                ("request", Some("Anthony Albanese"), Some("ASEAN"))
            ]
        );
        assert_eq!(
            s[1].content.as_deref(),
            Some("cùng xây dựng chuỗi cung ứng khoáng sản")
        );
        // One welcomes a content: "the EU's support" names no addressee.
        let s = statements("Minister Enrique Manalo welcomed the EU's support for the region.");
        assert_eq!(s[0].addressee, None);
    }

    #[test]
    fn a_report_of_a_pledge_is_a_commitment() {
        let s = statements(
            "Bộ trưởng Ngoại giao Australia Penny Wong cho biết Australia sẽ cung cấp thêm 20 triệu AUD cho các dự án nước sạch tại Lào.",
        );
        assert_eq!(who(&s), vec![("commit", Some("Penny Wong"), None)]);
        assert_eq!(
            s[0].content.as_deref(),
            Some("Australia sẽ cung cấp thêm 20 triệu AUD cho các dự án nước sạch tại Lào")
        );
        let s = statements(
            "Prime Minister Narendra Modi of India said India would continue to fund scholarships for ASEAN students. Premier Li Qiang said China was ready to work with ASEAN on green energy.",
        );
        assert_eq!(
            who(&s),
            vec![
                ("commit", Some("Narendra Modi"), None),
                ("commit", Some("Li Qiang"), None)
            ]
        );
        // "sẽ cung cấp" (not the adverb "cũng"), a second statement after "và".
        let s = statements(
            "Bộ trưởng Ngoại giao Nhật Bản Hayashi Yoshimasa khẳng định Nhật Bản coi trọng hợp tác Mekong và cho biết Nhật Bản sẽ cung cấp 5 triệu USD cho các dự án nước.",
        );
        assert_eq!(
            who(&s),
            vec![
                ("affirm", Some("Hayashi Yoshimasa"), None),
                ("commit", Some("Hayashi Yoshimasa"), None)
            ]
        );
        // One commits a content: the party after "cam kết" is its subject.
        let s = statements(
            "Bộ trưởng Ngoại giao Australia Penny Wong cam kết Australia tiếp tục ủng hộ vai trò trung tâm của ASEAN.",
        );
        assert_eq!(who(&s), vec![("commit", Some("Penny Wong"), None)]);
        // A report of a fact, or "said" after its content, is no statement.
        assert!(statements(
            "Bộ trưởng Ngoại giao Bùi Thanh Sơn cho biết thương mại hai chiều đạt 40 tỷ USD."
        )
        .is_empty());
        assert!(statements(
            "Trade will reach USD 150 billion by 2030, Foreign Minister Penny Wong of Australia said."
        )
        .is_empty());
        assert!(statements("Prime Minister Narendra Modi said prices would rise.").is_empty());
    }

    #[test]
    fn english_acts() {
        let s = statements("Prime Minister Lawrence Wong of Singapore called on Japan to deepen digital cooperation. Japan pledged further support.");
        let got: Vec<(&str, Option<&str>, Option<&str>)> = s
            .iter()
            .map(|x| (x.act.as_str(), x.speaker.as_deref(), x.addressee.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("request", Some("Lawrence Wong"), Some("Japan")),
                ("commit", Some("Japan"), None)
            ]
        );
    }
}
