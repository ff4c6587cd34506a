//! The gazetteer: bilingual names as data, compiled into one matcher.
//!
//! Rows come from CSV files with the header `id,kind,name_en,acronym,vi,en,attrs`
//! (see `data/gazetteer/README.md`). The project's own files are embedded in
//! the binary; a user's files are added with [`Gazetteer::add_csv`]. Every
//! surface form (English name, acronym, Vietnamese and English variants) is
//! folded (lower case, no diacritics, no space around dashes) and compiled
//! into one leftmost-longest Aho-Corasick automaton, run once per document
//! over the folded text. The row's `id` merges the variants: "Nhật Bản",
//! "Japan" and "JP" all resolve to `japan`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use hoptac_text::{fold, Folded, Span};
use std::collections::{BTreeMap, HashMap};

include!(concat!(env!("OUT_DIR"), "/gazetteer_files.rs"));

/// One row: a thing and every name it goes by.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable id, unique across files.
    pub id: String,
    /// country, place, organisation, mechanism, meeting_type, initiative,
    /// agreement, fund, document, institution, title, person, agency,
    /// concept, term.
    pub kind: String,
    /// Canonical English name.
    pub name_en: String,
    /// Canonical acronym.
    pub acronym: Option<String>,
    /// Vietnamese forms.
    pub vi: Vec<String>,
    /// English forms besides `name_en`.
    pub en: Vec<String>,
    /// `key=value` attributes.
    pub attrs: BTreeMap<String, String>,
}

impl Entry {
    /// An attribute.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    /// Every name: English name, Vietnamese and English forms.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name_en.as_str())
            .chain(self.vi.iter().map(String::as_str))
            .chain(self.en.iter().map(String::as_str))
    }
}

/// How a pattern names its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A name (any language).
    Name,
    /// The acronym: must be written in capitals to match.
    Acronym,
}

/// One match of the gazetteer in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Raw span.
    pub span: Span,
    /// Folded range `[start, end)`.
    pub folded: (usize, usize),
    /// Index of the entry.
    pub entry: usize,
    /// Name or acronym.
    pub form: Form,
}

/// An error in a gazetteer file, naming the file and line.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct GazetteerError {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The compiled gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    /// By folded acronym.
    by_acronym: HashMap<String, Vec<usize>>,
    /// Patterns: (entry, form), parallel to the automaton's pattern ids.
    patterns: Vec<(usize, Form)>,
    /// Parallel to `patterns`: a one-word name of a proper noun, which must
    /// start with a capital (or a digit) in the text.
    needs_capital: Vec<bool>,
    /// People by their name words in any order.
    people: HashMap<String, usize>,
    /// Countries by ISO 3166-1 alpha-3.
    iso3: HashMap<String, usize>,
    /// Every name's folded word set, for matching reworded names.
    name_words: Vec<(usize, Vec<String>)>,
    /// Word → the names (indexes into `name_words`) that contain it.
    word_index: HashMap<String, Vec<u32>>,
    ac: Option<AhoCorasick>,
}

impl Gazetteer {
    /// The project's own gazetteer.
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer::default();
        for (name, text) in BUILTIN {
            // The embedded files are tested to load (see tests): a failure
            // here is a build of a broken data file.
            g.add_csv(name, text)
                .unwrap_or_else(|e| panic!("built-in gazetteer: {e}"));
        }
        g.compile();
        g
    }

    /// Add the rows of one CSV file. A row with an id already present
    /// replaces it (a user's file overrides the built-in row).
    pub fn add_csv(&mut self, file: &str, text: &str) -> Result<usize, GazetteerError> {
        let err = |line: usize, message: String| GazetteerError {
            file: file.to_string(),
            line,
            message,
        };
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.as_bytes());
        let header = rdr.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let want = ["id", "kind", "name_en", "acronym", "vi", "en", "attrs"];
        if header.iter().collect::<Vec<_>>() != want {
            return Err(err(1, format!("header must be {}", want.join(","))));
        }
        let mut n = 0;
        for rec in rdr.records() {
            let rec =
                rec.map_err(|e| err(e.position().map_or(0, |p| p.line() as usize), e.to_string()))?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            let get = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
            let id = get(0);
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(err(
                    line,
                    format!("bad id {id:?} (lower-case a-z, 0-9 and '-')"),
                ));
            }
            let split = |s: String| -> Vec<String> {
                s.split('|')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            let mut attrs = BTreeMap::new();
            for kv in get(6).split(';').filter(|s| !s.trim().is_empty()) {
                let Some((k, v)) = kv.split_once('=') else {
                    return Err(err(line, format!("attribute {kv:?} is not key=value")));
                };
                attrs.insert(k.trim().to_string(), v.trim().to_string());
            }
            let acronym = Some(get(3)).filter(|a| !a.is_empty());
            let entry = Entry {
                id: id.clone(),
                kind: get(1),
                name_en: get(2),
                acronym,
                vi: split(get(4)),
                en: split(get(5)),
                attrs,
            };
            if entry.name_en.is_empty() {
                return Err(err(line, format!("{id}: name_en is empty")));
            }
            match self.by_id.get(&id) {
                Some(&i) => self.entries[i] = entry,
                None => {
                    self.by_id.insert(id, self.entries.len());
                    self.entries.push(entry);
                }
            }
            n += 1;
        }
        Ok(n)
    }

    /// Build the matcher. Call after the last [`Gazetteer::add_csv`].
    pub fn compile(&mut self) {
        let mut pats: Vec<String> = Vec::new();
        self.patterns.clear();
        self.by_acronym.clear();
        let mut seen: HashMap<(String, usize), ()> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            for name in e.names() {
                let key = fold(name);
                if key.len() < 2 || seen.insert((key.clone(), i), ()).is_some() {
                    continue;
                }
                pats.push(key);
                self.patterns.push((i, Form::Name));
            }
            if let Some(a) = &e.acronym {
                let key = fold(a);
                self.by_acronym.entry(key.clone()).or_default().push(i);
                if seen.insert((key.clone(), i), ()).is_none() {
                    pats.push(key);
                    self.patterns.push((i, Form::Acronym));
                }
            }
        }
        // Common nouns (terms, concepts) are written in lower case.
        self.needs_capital = pats
            .iter()
            .zip(&self.patterns)
            .map(|(p, &(i, form))| {
                let common = matches!(self.entries[i].kind.as_str(), "term" | "concept");
                form == Form::Name && !common && !p.contains([' ', '-'])
            })
            .collect();
        self.people.clear();
        self.iso3.clear();
        self.name_words.clear();
        self.word_index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind == "person" {
                for n in e.names() {
                    self.people.insert(sorted_name_key(n), i);
                }
            }
            if let Some(iso) = e.attr("iso3").filter(|_| e.kind == "country") {
                self.iso3.insert(iso.to_string(), i);
            }
            for n in e.names() {
                let words = word_set(n);
                for w in &words {
                    self.word_index
                        .entry(w.clone())
                        .or_default()
                        .push(self.name_words.len() as u32);
                }
                self.name_words.push((i, words));
            }
        }
        self.ac = Some(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&pats)
                .expect("gazetteer patterns compile"),
        );
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry at an index.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// An entry by id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Entries whose canonical acronym is `acr` (folded comparison).
    pub fn by_acronym(&self, acr: &str) -> impl Iterator<Item = &Entry> {
        self.by_acronym
            .get(&fold(acr))
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// Every match in a document, left to right, non-overlapping, on word
    /// boundaries. Acronyms must be in capitals in the raw text, and a
    /// one-word name must start with a capital, so the Vietnamese "ai"
    /// (who) is not "AI" and "anh" (brother) is not "Anh" (the UK).
    pub fn find(&self, raw: &str, folded: &Folded) -> Vec<Hit> {
        let Some(ac) = &self.ac else { return vec![] };
        let ft = folded.as_str();
        let fb = ft.as_bytes();
        let mut out = Vec::new();
        for m in ac.find_iter(ft) {
            let (s, e) = (m.start(), m.end());
            let before_ok = s == 0 || !is_word_byte(fb[s - 1]) || !is_word_byte(fb[s]);
            let after_ok = e == fb.len() || !is_word_byte(fb[e]) || !is_word_byte(fb[e - 1]);
            if !before_ok || !after_ok {
                continue;
            }
            let pid = m.pattern().as_usize();
            let (entry, form) = self.patterns[pid];
            let span = folded.to_raw(s, e);
            let surface = &raw[span.start()..span.end()];
            let ok = match form {
                Form::Acronym => {
                    let upper = surface.chars().filter(|c| c.is_uppercase()).count();
                    let lower = surface.chars().filter(|c| c.is_lowercase()).count();
                    // "AZEC", "JAIF 3.0", "ADMM-Plus"; not "ai", "Ai", and not a
                    // Vietnamese word in a headline in capitals ("HỢP TÁC" is not
                    // TAC): acronyms are written in plain ASCII.
                    surface.is_ascii()
                        && surface.chars().next().is_some_and(char::is_uppercase)
                        && (lower == 0 || upper >= 2)
                }
                // The match is the pattern's text, so whether a capital is
                // needed was settled when compiling.
                Form::Name => {
                    !self.needs_capital[pid]
                        || surface
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                }
            };
            if ok {
                let span = balance_quotes(raw, span);
                out.push(Hit {
                    span,
                    folded: (s, e),
                    entry,
                    form,
                });
            }
        }
        out
    }

    /// The entry whose names best match `phrase` by folded word sets
    /// (order free), if any reaches `threshold` Jaccard similarity. Used
    /// for expansions worded differently from every listed form.
    pub fn best_by_words(
        &self,
        phrase: &str,
        kinds: &[&str],
        threshold: f64,
    ) -> Option<(usize, f64)> {
        let want = word_set(phrase);
        if want.is_empty() {
            return None;
        }
        // A name reaching the threshold shares at least `need` words with
        // the phrase (shared / union >= threshold and union >= the phrase's
        // words), so it holds one of any `words - need + 1` of the phrase's
        // words: the names listed under the rarest ones are all the
        // candidates (prefix filtering), each then compared in full. This
        // skips the long lists of common words ("asean", "hop tac").
        let need = ((threshold * want.len() as f64) - 1e-9).ceil().max(1.0) as usize;
        let probe = want.len() + 1 - need.min(want.len());
        let mut lists: Vec<&[u32]> = want
            .iter()
            .map(|w| self.word_index.get(w).map_or(&[][..], Vec::as_slice))
            .collect();
        lists.sort_unstable_by_key(|l| l.len());
        let mut candidates: Vec<u32> = lists[..probe].concat();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, f64)> = None;
        for n in candidates {
            let (i, have) = &self.name_words[n as usize];
            if !kinds.is_empty() && !kinds.contains(&self.entries[*i].kind.as_str()) {
                continue;
            }
            let inter = shared_words(&want, have);
            let union = want.len() + have.len() - inter;
            let j = inter as f64 / union.max(1) as f64;
            if j >= threshold && best.is_none_or(|(bi, b)| j > b || j == b && *i < bi) {
                best = Some((*i, j));
            }
        }
        best
    }

    /// The known person whose name has these words, in any order.
    pub fn person_named(&self, name: &str) -> Option<&Entry> {
        self.people
            .get(&sorted_name_key(name))
            .map(|&i| &self.entries[i])
    }

    /// The known person under a key already made by [`sorted_name_key`]
    /// (what [`Gazetteer::person_named`] looks up, without making it again).
    pub fn person_by_key(&self, key: &str) -> Option<&Entry> {
        self.people.get(key).map(|&i| &self.entries[i])
    }

    /// The country with this ISO 3166-1 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<&Entry> {
        self.iso3.get(iso3).map(|&i| &self.entries[i])
    }

    /// Entries of `kinds` named (a name longer than 6 bytes folded) inside
    /// the folded text `f`, left to right: one automaton pass.
    pub fn names_inside<'a>(
        &'a self,
        f: &'a str,
        kinds: &'a [&str],
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        let ac = self.ac.as_ref();
        ac.into_iter()
            .flat_map(move |ac| ac.find_iter(f))
            .filter(move |m| m.len() > 6 && self.patterns[m.pattern().as_usize()].1 == Form::Name)
            .map(move |m| &self.entries[self.patterns[m.pattern().as_usize()].0])
            .filter(move |e| kinds.contains(&e.kind.as_str()))
    }
}

/// Take the closing quote too when a match ends inside quotes:
/// `bằng "0` becomes `bằng "0"`.
fn balance_quotes(raw: &str, span: Span) -> Span {
    let text = &raw[span.start()..span.end()];
    // No '"' and no byte that starts '“' or '”': nothing to balance.
    if !text.bytes().any(|b| b == b'"' || b == 0xE2) {
        return span;
    }
    let opens = text.chars().filter(|&c| c == '"' || c == '“').count();
    let closes = text.chars().filter(|&c| c == '"' || c == '”').count();
    let straight = text.chars().filter(|&c| c == '"').count();
    let unbalanced = if straight > 0 {
        straight % 2 == 1
    } else {
        opens > closes
    };
    if unbalanced {
        if let Some(c) = raw[span.end()..]
            .chars()
            .next()
            .filter(|&c| c == '"' || c == '”')
        {
            return Span::new(span.start(), span.end() + c.len_utf8());
        }
    }
    span
}

/// A compiled gazetteer from CSV rows (header added), for tests.
#[cfg(test)]
pub(crate) fn test_gazetteer(rows: &str) -> Gazetteer {
    let mut g = Gazetteer::default();
    g.add_csv(
        "test.csv",
        &format!("id,kind,name_en,acronym,vi,en,attrs\n{rows}"),
    )
    .expect("test rows");
    g.compile();
    g
}

/// Name words in any order, folded: "Sanae Takaichi" = "Takaichi Sanae".
pub fn sorted_name_key(name: &str) -> String {
    let key = hoptac_text::name_key(name);
    if !key.contains(' ') {
        return key;
    }
    // Borrowed words, no allocation per word: this runs for every name
    // candidate and every known-person lookup.
    let mut w: Vec<&str> = key.split(' ').collect();
    w.sort_unstable();
    w.join(" ")
}

/// Folded words of a phrase, as a sorted, deduplicated list.
pub fn word_set(s: &str) -> Vec<String> {
    let f = fold(s);
    let mut v: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    v.sort_unstable();
    v.dedup();
    v.into_iter().map(str::to_string).collect()
}

/// How many words two sorted, deduplicated word lists share.
fn shared_words(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `best_by_words` by brute force: every name compared in full.
    fn best_by_words_brute(
        g: &Gazetteer,
        phrase: &str,
        kinds: &[&str],
        threshold: f64,
    ) -> Option<(usize, f64)> {
        let want = word_set(phrase);
        let mut best: Option<(usize, f64)> = None;
        for (i, have) in &g.name_words {
            let inter = shared_words(&want, have);
            if inter == 0 || !kinds.is_empty() && !kinds.contains(&g.entries[*i].kind.as_str()) {
                continue;
            }
            let j = inter as f64 / (want.len() + have.len() - inter).max(1) as f64;
            if j >= threshold && best.is_none_or(|(bi, b)| j > b || j == b && *i < bi) {
                best = Some((*i, j));
            }
        }
        best
    }

    proptest::proptest! {
        #[test]
        fn prefix_filtered_word_match_is_exact(
            picks in proptest::collection::vec(0usize..100_000, 1..12),
            t in proptest::sample::select(vec![0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 1.0]),
            doc_only in proptest::bool::ANY,
        ) {
            static G: std::sync::LazyLock<Gazetteer> = std::sync::LazyLock::new(Gazetteer::builtin);
            let mut words: Vec<&String> = G.word_index.keys().collect();
            words.sort();
            // Some words of one name (dropped by a mask), plus random words.
            let (_, name) = &G.name_words[picks[0] % G.name_words.len()];
            let phrase: Vec<&str> = name
                .iter()
                .enumerate()
                .filter(|(k, _)| (picks[0] >> (k % 16)) & 1 == 0)
                .map(|(_, w)| w.as_str())
                .chain(picks[1..].iter().map(|&p| words[p % words.len()].as_str()).take(picks[0] % 4))
                .collect();
            let phrase = phrase.join(" ");
            let kinds: &[&str] = if doc_only { &["document"] } else { &[] };
            proptest::prop_assert_eq!(
                G.best_by_words(&phrase, kinds, t),
                best_by_words_brute(&G, &phrase, kinds, t)
            );
        }
    }

    fn small() -> Gazetteer {
        let mut g = Gazetteer::default();
        g.add_csv(
            "t.csv",
            "id,kind,name_en,acronym,vi,en,attrs\n\
             japan,country,Japan,JP,Nhật Bản|Nhật,Nippon,iso3=JPN\n\
             uk,country,United Kingdom,UK,Anh|Vương quốc Anh,,iso3=GBR\n\
             ai,concept,artificial intelligence,AI,trí tuệ nhân tạo,,\n\
             azec,initiative,Asia Zero Emission Community,AZEC,\"Cộng đồng châu Á phát thải ròng bằng 0\",,partner=japan\n",
        )
        .unwrap();
        g.compile();
        g
    }

    fn found(g: &Gazetteer, raw: &str) -> Vec<(String, String)> {
        let f = Folded::new(raw);
        g.find(raw, &f)
            .iter()
            .map(|h| {
                (
                    g.entry(h.entry).id.clone(),
                    h.span.slice(raw).unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn matches_across_diacritics_and_dashes() {
        let g = small();
        assert_eq!(
            found(
                &g,
                "ASEAN - Nhat Ban va Cộng đồng châu Á phát thải ròng bằng \"0\" (AZEC)"
            ),
            vec![
                ("japan".into(), "Nhat Ban".into()),
                (
                    "azec".into(),
                    "Cộng đồng châu Á phát thải ròng bằng \"0\"".into()
                ),
                ("azec".into(), "AZEC".into())
            ]
        );
    }

    #[test]
    fn case_guards_short_forms() {
        let g = small();
        assert!(found(&g, "ai cũng biết anh ấy").is_empty());
        assert_eq!(
            found(&g, "hệ sinh thái AI và Anh"),
            vec![("ai".into(), "AI".into()), ("uk".into(), "Anh".into())]
        );
        assert!(found(&g, "Nhật Bảnx").is_empty(), "word boundary");
    }

    #[test]
    fn capitalised_vietnamese_is_not_an_acronym() {
        let g = test_gazetteer(
            "tac,agreement,Treaty of Amity and Cooperation in Southeast Asia,TAC,,,\n",
        );
        assert!(found(&g, "3 HỢP TÁC NHẬT BẢN").is_empty());
        assert_eq!(
            found(&g, "Japan acceded to the TAC."),
            vec![("tac".into(), "TAC".into())]
        );
    }

    #[test]
    fn words_in_any_order() {
        let g = small();
        let (i, j) = g
            .best_by_words("cộng đồng phát thải ròng bằng 0 châu Á", &[], 0.8)
            .unwrap();
        assert_eq!(g.entry(i).id, "azec");
        assert!(j > 0.99);
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut g = Gazetteer::default();
        let e = g
            .add_csv(
                "u.csv",
                "id,kind,name_en,acronym,vi,en,attrs\nok,term,x,,,,\nBad Id,term,y,,,,\n",
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "u.csv:3: bad id \"Bad Id\" (lower-case a-z, 0-9 and '-')"
        );
        let e = g.add_csv("v.csv", "id,name\n").unwrap_err();
        assert!(e.to_string().starts_with("v.csv:1: header must be"));
    }

    #[test]
    fn builtin_files_load() {
        let g = Gazetteer::builtin();
        assert!(!BUILTIN.is_empty(), "data/gazetteer has no CSV files");
        assert!(g.entries().len() > 100);
        for (file, text) in BUILTIN {
            assert!(
                text.starts_with("id,kind,name_en,acronym,vi,en,attrs"),
                "{file}"
            );
        }
        assert_eq!(g.get("japan").map(|e| e.attr("iso3")), Some(Some("JPN")));
    }
}
