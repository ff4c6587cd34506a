//! Extraction quality on the project's own samples, against what each text
//! states (`data/samples-expected.json`, written by hand from the texts).
//! The samples were not used to write the rules; this test says when a
//! change makes hoptac miss what a reader would find.

use hoptac_extract::Extractor;
use hoptac_ingest::{read_inputs, ReadOptions};
use hoptac_model::{Fact, FactBody};
use hoptac_text::name_key;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn words(s: &str) -> BTreeSet<String> {
    name_key(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn jaccard(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    a.intersection(&b).count() as f64 / a.union(&b).count().max(1) as f64
}

/// Does `f` state the expected item `e` of kind `kind`, fields included?
fn matches(kind: &str, e: &Value, f: &Fact) -> bool {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    match (kind, &f.body) {
        ("meetings", FactBody::Meeting(m)) => {
            m.series.as_deref() == e["series"].as_str()
                && m.ordinal.map(|o| o as u64) == e["ordinal"].as_u64()
                && match m.date.as_deref() {
                    // A text that does not say when: no date invented.
                    None => e["date"].is_null(),
                    Some(d) => {
                        !e["date"].is_null()
                            && (d.starts_with(&s(&e["date"])) || s(&e["date"]).starts_with(d))
                    }
                }
                && m.place.as_deref() == e["place"].as_str()
        }
        ("people", FactBody::Person(p)) => {
            words(&p.name) == words(&s(&e["name"]))
                && p.country.as_deref() == e["country"].as_str()
                && p.title_en
                    .as_deref()
                    .is_some_and(|t| jaccard(t, &s(&e["title_en"])) >= 0.5)
        }
        ("acronyms", FactBody::Acronym(a)) => e.as_str() == Some(a.acronym.as_str()),
        ("figures", FactBody::Figure(x)) => {
            let v = e["value"].as_f64().unwrap();
            (x.value - v).abs() <= 0.005 * v.abs().max(1.0)
                && e["unit"].as_str() == Some(x.unit.as_str())
                && (e["year"].is_null() || e["year"].as_i64() == x.year.map(i64::from))
        }
        ("ratios", FactBody::Ratio(r)) => {
            e["numerator"].as_u64() == Some(r.numerator)
                && e["denominator"].as_u64() == Some(r.denominator)
        }
        ("documents", FactBody::Document(d)) => {
            d.action == s(&e["action"])
                && d.name_en
                    .as_deref()
                    .is_some_and(|n| jaccard(n, &s(&e["name_en"])) >= 0.5)
        }
        _ => false,
    }
}

#[test]
fn samples_state_what_hoptac_finds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("../samples-expected.json")).unwrap(),
    )
    .unwrap();
    let ex = Extractor::builtin();
    // Per language: (found, total, extra people or meetings). English is
    // held to the same bar as Vietnamese.
    let mut by_lang: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut found, mut total) = (0, 0);
    let mut misses = Vec::new();
    let mut extra_people_or_meetings = Vec::new();
    for doc in read_inputs(std::slice::from_ref(&dir), &ReadOptions::default()) {
        let doc = doc.expect("every sample reads");
        let name = Path::new(&doc.source)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".jsonl:", ".jsonl#");
        let Some(exp) = expected["files"].get(&name) else {
            panic!("{name} has no entry in expected.json")
        };
        let facts = ex.analyze(&doc.text, &doc.meta).facts;
        // The file name says the language: "07_en_...".
        let lang = name.split('_').nth(1).unwrap_or("?").to_string();
        let (found0, total0, extra0) = (found, total, extra_people_or_meetings.len());
        for kind in [
            "meetings",
            "people",
            "acronyms",
            "figures",
            "ratios",
            "documents",
        ] {
            for e in exp[kind].as_array().unwrap() {
                total += 1;
                if facts.iter().any(|f| matches(kind, e, f)) {
                    found += 1;
                } else {
                    misses.push(format!("{name}: {kind} {e}"));
                }
            }
        }
        // Precision where it matters most to a reader: no invented people or meetings.
        for f in &facts {
            let kind = match f.body {
                FactBody::Meeting(_) => "meetings",
                FactBody::Person(_) => "people",
                _ => continue,
            };
            if !exp[kind]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| matches(kind, e, f))
            {
                extra_people_or_meetings.push(format!("{name}: {kind} {:?}", f.text));
            }
        }
        let l = by_lang.entry(lang).or_default();
        l.0 += found - found0;
        l.1 += total - total0;
        l.2 += extra_people_or_meetings.len() - extra0;
    }
    let recall = found as f64 / total as f64;
    eprintln!(
        "samples: {found}/{total} expected facts found with their fields (recall {recall:.3})"
    );
    for m in &misses {
        eprintln!("  missed {m}");
    }
    for x in &extra_people_or_meetings {
        eprintln!("  extra  {x}");
    }
    for (lang, (f, t, x)) in &by_lang {
        let r = *f as f64 / (*t).max(1) as f64;
        eprintln!("  {lang}: {f}/{t} (recall {r:.3}), {x} extra people or meetings");
        assert!(r >= 0.9, "{lang}: recall {r:.3} < 0.9");
        assert!(*x <= 2, "{lang}: {x} extra people or meetings");
    }
    assert!(
        by_lang.len() == 2 && by_lang["en"].1 >= 40,
        "both languages are measured, English on at least 6 documents' facts: {by_lang:?}"
    );
    assert!(
        recall >= 0.9,
        "recall {recall:.3} < 0.9; missed:\n{}",
        misses.join("\n")
    );
    assert!(
        extra_people_or_meetings.len() <= 2,
        "extra people or meetings:\n{}",
        extra_people_or_meetings.join("\n")
    );
}
