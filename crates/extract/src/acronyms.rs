//! Acronyms defined beside their expansion, in either order:
//! "Cộng đồng châu Á phát thải ròng bằng 0 (AZEC)", "(JAIF 3.0)",
//! "(UNCLOS 1982)", "AJCEP (ASEAN-Japan Comprehensive Economic Partnership)".
//!
//! A Vietnamese expansion does not share the English initials, so the link
//! is made three ways, in order:
//! 1. the gazetteer knows a name of the entity right before the bracket;
//! 2. the gazetteer knows the acronym, and the words before the bracket
//!    from the nearest name head ("Trung tâm", "Hiệp định", "Agreement"...)
//!    are taken as the expansion;
//! 3. the expansion's words match some entity's name in any order (this is
//!    how a misspelt acronym, AIOP for AOIP, finds its entity; it is then
//!    flagged `misspelt-acronym`).
//!
//! Acronyms merely used (ASEAN, SOM) are not facts.

use crate::doc::Doc;
use crate::fact;
use crate::gazetteer::{Entry, Form};
use hoptac_model::{Acronym, Fact, FactBody};
use hoptac_text::{fold, trim_span, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Kinds of entries that acronyms stand for.
pub const NAMED_KINDS: &[&str] = &[
    "initiative",
    "agreement",
    "fund",
    "document",
    "institution",
    "organisation",
    "mechanism",
    "concept",
    "agency",
    "country",
];

/// Words that head a name: the expansion starts at the nearest one.
const HEADS: &[&str] = &[
    // Vietnamese
    "hiep dinh",
    "hiep uoc",
    "hiep hoi",
    "quy",
    "trung tam",
    "sang kien",
    "cong dong",
    "cong uoc",
    "tuyen bo",
    "bo quy tac",
    "dien dan",
    "hoi nghi",
    "mang luoi",
    "luoi dien",
    "ke hoach",
    "chuong trinh",
    "uy ban",
    "to chuc",
    "lien minh",
    "ngan hang",
    "vien",
    "quan diem",
    "tam nhin",
    "chien luoc",
    "khuon kho",
    "co che",
    "thoa thuan",
    "nghi dinh thu",
    "ban thu ky",
    "doi tac",
    "co quan",
    "hoi dong",
    "lien hop quoc",
    "he thong",
    "chuyen dich",
    // English
    "agreement",
    "association",
    "fund",
    "centre",
    "center",
    "initiative",
    "community",
    "convention",
    "declaration",
    "code",
    "forum",
    "meeting",
    "summit",
    "grid",
    "plan",
    "programme",
    "program",
    "committee",
    "organisation",
    "organization",
    "bank",
    "institute",
    "outlook",
    "vision",
    "strategy",
    "framework",
    "partnership",
    "secretariat",
    "council",
    "treaty",
];

static IN_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    // (ABC), (JAIF 3.0), (UNCLOS 1982), (ADMM-Plus), (AHA Centre) is not one.
    Regex::new(r"\(\s*([A-Z][A-Za-z0-9&+\-]*[A-Z0-9](?:\+\d)?(?: (?:\d+(?:\.\d+)?|[IVX]+))?)\s*\)")
        .unwrap()
});
static ACR_THEN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([A-Z][A-Z0-9&\-]{1,11})\s*\(([^()]{6,160})\)").unwrap());

/// True for a token that reads as an acronym: at least two capitals, and
/// capitals outnumber lower-case letters ("JAIF", "ADMM-Plus", "AETI").
fn is_acronym(s: &str) -> bool {
    let head = s.split(' ').next().unwrap_or(s);
    let upper = head.chars().filter(|c| c.is_uppercase()).count();
    let lower = head.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && upper > lower
}

/// The acronym's base, without a version or year: "JAIF 3.0" → "JAIF".
fn base(acr: &str) -> &str {
    acr.split(' ').next().unwrap_or(acr)
}

/// Extract acronym facts.
pub fn extract(doc: &Doc) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    for c in IN_PARENS.captures_iter(doc.raw) {
        let g = c.get(1).unwrap();
        if !is_acronym(g.as_str()) {
            continue;
        }
        let paren_start = c.get(0).unwrap().start();
        if let Some(f) = define_before(doc, g.as_str(), Span::new(g.start(), g.end()), paren_start)
        {
            push_unique(&mut out, f);
        }
    }
    for c in ACR_THEN_PARENS.captures_iter(doc.raw) {
        let a = c.get(1).unwrap();
        let inner = c.get(2).unwrap();
        // The token must stand alone, and the bracket must hold words.
        if a.start() > 0
            && doc.raw[..a.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if !is_acronym(a.as_str()) || inner.as_str().split_whitespace().count() < 2 {
            continue;
        }
        let exp = trim_span(
            doc.raw,
            Span::new(inner.start(), inner.end()),
            &['"', '“', '”'],
        );
        // "BRUSSELS (Jakarta Post) -": a dateline's credit, whose initials
        // do not spell the word; "ASEAN (Aus4ASEAN Futures)": a name that
        // holds the acronym is not what it stands for.
        let inner_text = doc.slice(exp);
        let unknown = doc.gaz.by_acronym(a.as_str()).next().is_none();
        if fold(inner_text).contains(&fold(a.as_str()))
            || unknown && !plausible(a.as_str(), inner_text, doc.lang_at(a.start()))
        {
            continue;
        }
        let entry = resolve(doc, a.as_str(), doc.slice(exp));
        let f = build(
            doc,
            a.as_str(),
            Span::new(a.start(), a.end()),
            Some(exp),
            entry,
        );
        push_unique(&mut out, f);
    }
    out.sort_by_key(|f| f.span.start());
    out
}

fn push_unique(out: &mut Vec<Fact>, f: Fact) {
    let key = |f: &Fact| match &f.body {
        FactBody::Acronym(a) => fold(&a.acronym).replace(' ', ""),
        _ => String::new(),
    };
    let k = key(&f);
    if let Some(prev) = out.iter_mut().find(|p| key(p) == k) {
        prev.mentions.push(f.span);
    } else {
        out.push(f);
    }
}

/// "Expansion (ACR)": find the expansion ending before `paren_start`.
fn define_before(doc: &Doc, acr: &str, acr_span: Span, paren_start: usize) -> Option<Fact> {
    // The expansion may be followed by quotes, spaces or a year: "... năm 1982 (UNCLOS 1982)".
    let before = &doc.raw[..paren_start];
    let trimmed =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\''));
    let mut end = trimmed.len();
    let tail_fold = fold(crate::tail(trimmed, 12));
    if let Some(y) = YEAR_TAIL.find(&tail_fold) {
        // Drop " năm 1982" / " 1982" from the end of the expansion.
        let words = y.as_str().split(' ').filter(|w| !w.is_empty()).count();
        let mut e = end;
        for _ in 0..words {
            e = trimmed[..e].trim_end().rfind(' ').unwrap_or(e);
        }
        end = e;
    }
    let fend = doc.folded.from_raw(end);
    // 1. A gazetteer name ending right there.
    let hit = doc.hits.iter().rev().find(|h| {
        h.form == Form::Name
            && h.folded.1 + 1 >= fend
            && h.folded.1 <= fend
            && NAMED_KINDS.contains(&doc.entry(h).kind.as_str())
    });
    // A name right before the bracket defines the acronym when it is that
    // entity's own acronym, or when neither is known otherwise. "ASEAN"
    // before "(AIOP)" is the tail of a longer name, not the expansion.
    let known: Vec<&Entry> = doc.gaz.by_acronym(base(acr)).collect();
    let hit = hit.filter(|h| {
        let e = doc.entry(h);
        match &e.acronym {
            Some(a) => fold(a) == fold(base(acr)),
            None => known.is_empty(),
        }
    });
    let (exp, entry) = match hit {
        Some(h) => (Some(extend_left_with_head(doc, h.span)), Some(doc.entry(h))),
        None => {
            let exp = heuristic_expansion(doc, end)
                .filter(|s| plausible(acr, doc.slice(*s), doc.lang_at(s.start())));
            let entry = resolve(doc, acr, exp.map(|s| doc.slice(s)).unwrap_or(""));
            (exp, entry)
        }
    };
    if exp.is_none() && entry.is_none() {
        return None;
    }
    // A credit, not a definition: "Vientiane (VNA) -", "Tokyo (Kyodo)".
    // With no expansion found, an agency's acronym or one after a place
    // names who reports, not what the letters stand for.
    let after_place = doc.hits.iter().rev().any(|h| {
        h.folded.1 + 1 >= fend
            && h.folded.1 <= fend
            && matches!(doc.entry(h).kind.as_str(), "place" | "country")
    });
    if exp.is_none() && (after_place || entry.is_some_and(|e| e.kind == "agency")) {
        return None;
    }
    Some(build(doc, acr, acr_span, exp, entry))
}

/// Words that are never part of what an acronym stands for: months
/// (their full English names are `dates::MONTHS_EN`), their short forms and
/// weekdays of a dateline ("Melbourne, March 6 (VNA)").
const DATE_WORDS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "thang",
    "ngay",
];

/// Can the words of a guessed (not gazetteer) expansion stand for the
/// letters? A date never does; a run of capitalised words does when most
/// of its initials are letters of the acronym ("Centre for Public Health
/// ... (ACPHEED)"). A Vietnamese expansion does not share the English
/// initials, so in Vietnamese text (or after a head word: "Quỹ", "Sáng
/// kiến") only the date test applies.
fn plausible(acr: &str, expansion: &str, lang: hoptac_text::Lang) -> bool {
    let words: Vec<String> = expansion.split_whitespace().map(fold).collect();
    if words.iter().any(|w| {
        let w = w.trim_end_matches(['.', ',']);
        DATE_WORDS.contains(&w) || crate::dates::MONTHS_EN.contains(&w)
    }) {
        return false;
    }
    let first_two = words.iter().take(2).cloned().collect::<Vec<_>>().join(" ");
    if lang == hoptac_text::Lang::Vi
        || HEADS.contains(&words.first().map_or("", String::as_str))
        || HEADS.contains(&first_two.as_str())
    {
        return true;
    }
    let letters: Vec<char> = fold(base(acr))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let initials: Vec<char> = expansion
        .split_whitespace()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .filter_map(|w| fold(w).chars().next())
        .collect();
    let matching = initials.iter().filter(|c| letters.contains(c)).count();
    !initials.is_empty() && matching * 2 >= initials.len() && matching >= 1
}

static YEAR_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?: nam)? (?:19|20)\d{2}$").unwrap());

/// Widen a name to the head word before it: "Sáng kiến" + "Cộng đồng ...".
fn extend_left_with_head(doc: &Doc, span: Span) -> Span {
    let before = &doc.raw[..span.start()];
    let fb = fold(crate::tail(before, 24));
    for head in ["sang kien", "hiep dinh", "quy", "trung tam"] {
        if fb.strip_suffix(' ').is_some_and(|b| b.ends_with(head)) {
            // Walk back over the head's words in the raw text.
            let n = head.split(' ').count();
            let mut s = span.start();
            for _ in 0..n {
                s = doc.raw[..s].trim_end().rfind(' ').map_or(0, |i| i + 1);
            }
            // Only a capitalised head is part of the name ("Sáng kiến X", not "các sáng kiến X").
            if doc.raw[s..].starts_with(char::is_uppercase) {
                return Span::new(s, span.end());
            }
            return span;
        }
    }
    span
}

/// The words before `end` back to the nearest head word, within the clause.
fn heuristic_expansion(doc: &Doc, end: usize) -> Option<Span> {
    let sent = doc.sentence_span(end.saturating_sub(1));
    let start_limit = sent.start().min(end);
    let clause_start = doc.raw[start_limit..end]
        .rfind([',', ';', ':', '(', ')', '.'])
        .map_or(start_limit, |i| start_limit + i + 1);
    let window = &doc.raw[clause_start..end];
    let words: Vec<(usize, &str)> = window
        .split(' ')
        .scan(0usize, |at, w| {
            let s = *at;
            *at += w.len() + 1;
            Some((s, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 40 {
        return None;
    }
    // Nearest head word (capitalised) scanning leftwards, at most 16 words back.
    let n = words.len();
    for k in (n.saturating_sub(16)..n).rev() {
        let two = if k + 1 < n {
            format!("{} {}", fold(words[k].1), fold(words[k + 1].1))
        } else {
            String::new()
        };
        let one = fold(words[k].1);
        let capital = words[k].1.chars().next().is_some_and(char::is_uppercase);
        let head = HEADS.contains(&one.as_str()) || HEADS.contains(&two.as_str());
        if capital && head && k + 1 < n {
            let s = clause_start + words[k].0;
            let span = trim_span(doc.raw, Span::new(s, end), &['"', '“', '”']);
            return (!span.is_empty()).then_some(span);
        }
    }
    // English: a run of capitalised words (with "of", "for", "the", "and").
    let mut k = n;
    while k > 0 {
        let w = words[k - 1].1;
        let capital = w
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if capital || (k < n && matches!(w, "of" | "for" | "on" | "the" | "and" | "in")) {
            k -= 1;
        } else {
            break;
        }
    }
    while k < n && matches!(words[k].1, "of" | "for" | "on" | "the" | "and" | "in") {
        k += 1;
    }
    if n - k >= 2 {
        let span = trim_span(
            doc.raw,
            Span::new(clause_start + words[k].0, end),
            &['"', '“', '”'],
        );
        return (!span.is_empty()).then_some(span);
    }
    None
}

/// The entity an acronym stands for: by acronym first, else by the
/// expansion's words.
fn resolve<'a>(doc: &Doc<'a>, acr: &str, expansion: &str) -> Option<&'a Entry> {
    let by_acr: Vec<&Entry> = doc.gaz.by_acronym(base(acr)).collect();
    if by_acr.len() == 1 {
        return Some(by_acr[0]);
    }
    if !expansion.is_empty() {
        if let Some((i, _)) = doc.gaz.best_by_words(expansion, NAMED_KINDS, 0.75) {
            return Some(doc.gaz.entry(i));
        }
    }
    by_acr.first().copied()
}

/// "The 21st ASEAN-Japan Joint Cooperation Committee (JCC)": the article
/// and the meeting's ordinal are not part of what the letters stand for.
static LEADING_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]his) )?(?:\d{1,3}(?:st|nd|rd|th) )?").unwrap()
});

fn build(doc: &Doc, acr: &str, span: Span, exp: Option<Span>, entry: Option<&Entry>) -> Fact {
    let exp = exp.map(|s| {
        let cut = LEADING_ARTICLE.find(doc.slice(s)).map_or(0, |m| m.end());
        if cut > 0 && cut < s.len() {
            Span::new(s.start() + cut, s.end())
        } else {
            s
        }
    });
    let canonical = entry
        .and_then(|e| e.acronym.clone())
        .map(|a| base(&a).to_string())
        .or_else(|| Some(base(acr).to_string()));
    let mut f = fact(
        doc,
        span,
        FactBody::Acronym(Acronym {
            acronym: acr.to_string(),
            canonical: canonical.clone(),
            expansion: exp.map(|s| doc.slice(s).to_string()),
            entity_en: entry.map(|e| e.name_en.clone()),
        }),
    );
    f.entity = Some(entry.map_or_else(
        || format!("acr-{}", fold(base(acr)).replace(' ', "-")),
        |e| e.id.clone(),
    ));
    if let Some(exp) = exp {
        f.mentions.push(exp);
    }
    if canonical
        .as_deref()
        .is_some_and(|c| fold(c) != fold(base(acr)))
    {
        f.flags.push(format!(
            "misspelt-acronym: {acr} for {}",
            canonical.unwrap_or_default()
        ));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use hoptac_text::Lang;

    fn gaz() -> Gazetteer {
        crate::gazetteer::test_gazetteer(
            "azec,initiative,Asia Zero Emission Community,AZEC,Cộng đồng châu Á phát thải ròng bằng 0,,\n\
             aoip,document,ASEAN Outlook on the Indo-Pacific,AOIP,Quan điểm của ASEAN về Ấn Độ Dương - Thái Bình Dương,,\n\
             unclos,agreement,United Nations Convention on the Law of the Sea,UNCLOS,Công ước Liên hợp quốc về Luật Biển,,\n\
             jaif,fund,Japan-ASEAN Integration Fund,JAIF,Quỹ Hội nhập Nhật Bản - ASEAN,,\n\
             vna,agency,Vietnam News Agency,VNA,Thông tấn xã Việt Nam,,\n\
             tokyo,place,Tokyo,,Tô-ky-ô,,country=JPN\n",
        )
    }

    /// (acronym, canonical, expansion, flags)
    type Found = (String, Option<String>, Option<String>, Vec<String>);

    fn acr(text: &str) -> Vec<Found> {
        acr_in(text, Lang::Vi)
    }

    fn acr_in(text: &str, lang: Lang) -> Vec<Found> {
        let g = gaz();
        let doc = Doc::new(text, lang, None, &g);
        extract(&doc)
            .into_iter()
            .map(|f| {
                assert_eq!(f.span.slice(text), Some(f.text.as_str()));
                match f.body {
                    FactBody::Acronym(a) => (a.acronym, a.canonical, a.expansion, f.flags),
                    _ => unreachable!(),
                }
            })
            .collect()
    }

    #[test]
    fn no_article_or_ordinal_in_the_expansion() {
        let got = acr("The 21st Joint Cooperation Committee (JCC) met in Jakarta.");
        assert_eq!(got[0].2.as_deref(), Some("Joint Cooperation Committee"));
        let got =
            acr("Its Centre for Public Health Emergencies and Emerging Diseases (ACPHEED) opened.");
        assert_eq!(
            got[0].2.as_deref(),
            Some("Centre for Public Health Emergencies and Emerging Diseases")
        );
    }

    #[test]
    fn a_dateline_is_not_an_expansion() {
        assert!(acr_in("Canberra, October 14 (VNA) - Ministers met.", Lang::En).is_empty());
        assert!(acr_in("Seoul, Tuesday (VNA) - The forum opened.", Lang::En).is_empty());
        assert!(acr_in("Jakarta, 3 May (ANTARA) - Officials gathered.", Lang::En).is_empty());
        // Initials that fit are still a definition, known or not.
        let got = acr_in(
            "the new Regional Maritime Training Centre (RMTC) will open.",
            Lang::En,
        );
        assert_eq!(
            got[0].2.as_deref(),
            Some("Regional Maritime Training Centre")
        );
        assert!(acr_in(
            "Officials from Green Bay Packers Hall (XQZ) spoke.",
            Lang::En
        )
        .is_empty());
    }

    #[test]
    fn a_word_before_a_bracket_that_does_not_spell_it() {
        assert!(acr_in("BRUSSELS (Jakarta Post) - Ministers met.", Lang::En).is_empty());
        assert!(acr_in(
            "Chương trình Tương lai Australia cho ASEAN (Aus4ASEAN Futures) đã được triển khai.",
            Lang::Vi
        )
        .is_empty());
        // An acronym followed by its expansion is still one.
        let got = acr_in(
            "Both sides will review the RMTC (Regional Maritime Training Centre) next year.",
            Lang::En,
        );
        assert_eq!(
            got[0].2.as_deref(),
            Some("Regional Maritime Training Centre")
        );
    }

    #[test]
    fn a_credit_is_not_a_definition() {
        assert!(acr("Vientiane (VNA) - Leaders met on Thursday.").is_empty());
        assert!(acr("Tokyo (AZEC) - a line with an odd credit.").is_empty());
        assert!(acr("theo phóng viên (VNA) tại Lào.").is_empty());
        // Defined beside its expansion, an agency's acronym is still a fact.
        let got = acr("the Vietnam News Agency (VNA) reported.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2.as_deref(), Some("Vietnam News Agency"));
    }

    #[test]
    fn known_name_before_bracket() {
        let got = acr("Nhật Bản thúc đẩy Sáng kiến Cộng đồng châu Á phát thải ròng bằng \"0\" (AZEC) trong khu vực.");
        assert_eq!(got[0].0, "AZEC");
        assert_eq!(
            got[0].2.as_deref(),
            Some("Sáng kiến Cộng đồng châu Á phát thải ròng bằng \"0\"")
        );
    }

    #[test]
    fn version_and_year_suffixes() {
        let got = acr("tận dụng Quỹ Hợp tác ASEAN - Nhật Bản (JAIF 3.0) và Công ước Liên hợp quốc về Luật Biển năm 1982 (UNCLOS 1982).");
        assert_eq!(got[0].0, "JAIF 3.0");
        assert_eq!(got[0].1.as_deref(), Some("JAIF"));
        assert_eq!(got[1].0, "UNCLOS 1982");
        assert_eq!(got[1].1.as_deref(), Some("UNCLOS"));
        assert_eq!(
            got[1].2.as_deref(),
            Some("Công ước Liên hợp quốc về Luật Biển")
        );
    }

    #[test]
    fn misspelt_acronym_resolves_by_words_and_is_flagged() {
        let got = acr("ủng hộ Quan điểm về Ấn Độ Dương - Thái Bình Dương của ASEAN (AOPI) từ đầu.");
        assert_eq!(got[0].0, "AOPI");
        assert_eq!(got[0].1.as_deref(), Some("AOIP"));
        assert!(got[0].3[0].starts_with("misspelt-acronym"));
    }

    #[test]
    fn unknown_acronym_with_head_word() {
        let got = acr("các nước lập Trung tâm ASEAN về quản lý rác thải biển (ACMW) tại Jakarta.");
        assert_eq!(got[0].0, "ACMW");
        assert_eq!(
            got[0].2.as_deref(),
            Some("Trung tâm ASEAN về quản lý rác thải biển")
        );
    }

    #[test]
    fn english_both_orders() {
        let got = acr("the Asia Zero Emission Community (AZEC) and AJCEP (ASEAN-Japan Comprehensive Economic Partnership) were discussed; the Mekong River Commission (MRC) too.");
        let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(names, vec!["AZEC", "AJCEP", "MRC"]);
        assert_eq!(got[2].2.as_deref(), Some("Mekong River Commission"));
    }

    #[test]
    fn bracket_at_the_start_of_the_text() {
        // Found by proptest: an acronym with nothing before it.
        assert_eq!(acr(" (AZEC)").len(), 1);
        assert!(acr("(XYZW)").is_empty());
    }

    #[test]
    fn places_and_years_in_brackets_are_not_acronyms() {
        assert!(
            acr("tại Bangkok (Thái Lan) giai đoạn 5 (2026 - 2030) và (Tokyo, tháng 12/2023).")
                .is_empty()
        );
    }
}
