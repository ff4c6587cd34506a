//! The reports and exports "done when", on a store built from the samples,
//! the sample plan and its statuses:
//! - the three reports render in both languages (Markdown, HTML, DOCX), and
//!   every number in them carries a footnote that resolves to a source —
//!   checked by parsing the output, and for document sources by slicing the
//!   stored text with the span;
//! - export all → import → export all loses nothing, SQLite → SQLite, and
//!   SQLite → PostgreSQL → SQLite when PostgreSQL is reachable
//!   (`HOPTAC_TEST_POSTGRES`, default `postgres://postgres@127.0.0.1:5432/test`,
//!   a database of its own per run; skipped with a message otherwise).

use chrono::NaiveDate;
use hoptac_extract::Extractor;
use hoptac_ingest::ReadOptions;
use hoptac_report::export::{backup, restore, Backup};
use hoptac_report::model::Source;
use hoptac_report::{build, render, Format, Kind, Lang, Options};
use hoptac_store::testing::postgres;
use hoptac_store::Store;
use hoptac_tracker::*;
use std::collections::HashMap;
use std::path::PathBuf;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The samples, the plan skeleton and its statuses, commitments derived.
async fn demo_store(location: &str) -> Store {
    let store = Store::open(location).await.expect("open");
    let ex = Extractor::builtin();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for f in files {
        let fmt = hoptac_ingest::Format::from_path(&f).unwrap();
        let bytes = std::fs::read(&f).unwrap();
        for raw in hoptac_ingest::parse_bytes(
            &f.display().to_string(),
            &bytes,
            fmt,
            &ReadOptions::default(),
        ) {
            let doc = hoptac_pipeline::prepare(&ex, raw.expect("sample reads"));
            store.put_document(&doc).await.expect("stored");
        }
    }
    let t = Tracker::new(&store);
    let text = std::fs::read_to_string(data("plans/asean-japan-2023.csv")).unwrap();
    let plan = parse_plan("asean-japan-2023.csv", &text).unwrap();
    let st = std::fs::read_to_string(data("plans/asean-japan-2023-statuses.csv")).unwrap();
    let statuses = parse_statuses("statuses.csv", &st, &plan).unwrap();
    t.import_plan(
        &plan,
        Some(&statuses),
        &ImportOptions {
            plan: "asean-japan-2023".into(),
            title: "ASEAN-Japan plan".into(),
            partnership: Some(Partnership {
                id: "asean-japan".into(),
                name: "ASEAN-Japan".into(),
                parties: "ASEAN;Japan".into(),
                level: Some("Comprehensive Strategic Partnership".into()),
                since: Some("2023-09-06".into()),
            }),
            entity: Some("ip-2023".into()),
            adopted: Some("2023-12-17".into()),
            replaces: None,
            actor: "test".into(),
            today: day("2026-01-15"),
        },
    )
    .await
    .unwrap();
    t.derive_commitments(ex.gazetteer()).await.unwrap();
    store
}

fn opts(lang: Lang) -> Options {
    Options {
        partner: Some("asean-japan".into()),
        as_of: day("2025-10-31"),
        since: Some(day("2024-06-30")),
        meeting: None,
        lang,
    }
}

/// Columns whose cells are keys, not measured numbers (a pillar's or line's
/// number, the year an indicator belongs to, plan text as written).
const KEY_COLUMNS: &[&str] = &[
    "Pillar",
    "Trụ cột",
    "Line",
    "Dòng",
    "Year",
    "Năm",
    "Text",
    "Nội dung",
    "Series",
    "Chuỗi hội nghị",
    "Name",
    "Tên",
    "Indicator",
    "Chỉ số",
];

/// Parse the Markdown: every table cell and paragraph with a digit must
/// hold a footnote (unless it is a key column), every footnote used must be
/// defined. Returns the footnote numbers used.
fn check_markdown(md: &str) -> Vec<usize> {
    let foot = regex::Regex::new(r"\[\^(\d+)\]").unwrap();
    let (body, sources) = md
        .split_once("\n## Sources\n")
        .or_else(|| md.split_once("\n## Nguồn\n"))
        .expect("a source list");
    let defined: Vec<usize> = sources
        .lines()
        .filter_map(|l| l.strip_prefix("[^"))
        .map(|l| l.split(']').next().unwrap().parse().unwrap())
        .collect();
    let mut used = Vec::new();
    let mut head: Vec<String> = Vec::new();
    let mut numbers = 0;
    for line in body.lines() {
        // Title, subtitle (the as-of date), section headings, notes.
        if line.starts_with('#')
            || line.starts_with('*')
            || line.starts_with('>')
            || line.is_empty()
        {
            head.clear();
            continue;
        }
        if line.starts_with("|---") || line.starts_with("|--") {
            continue;
        }
        let cells: Vec<&str> = if line.starts_with('|') {
            line.trim_matches('|').split(" | ").map(str::trim).collect()
        } else {
            vec![line]
        };
        if line.starts_with('|') && head.is_empty() {
            head = cells.iter().map(|c| c.to_string()).collect();
            continue;
        }
        for (i, c) in cells.iter().enumerate() {
            let marks: Vec<usize> = foot
                .captures_iter(c)
                .map(|m| m[1].parse().unwrap())
                .collect();
            used.extend(marks.iter().copied());
            let bare = foot.replace_all(c, "");
            let key = head
                .get(i)
                .is_some_and(|h| KEY_COLUMNS.contains(&h.as_str()));
            if bare.chars().any(|ch| ch.is_ascii_digit()) && !key {
                numbers += 1;
                assert!(
                    !marks.is_empty(),
                    "a number without a source: {c:?} in {line:?}"
                );
            }
        }
    }
    assert!(numbers > 0, "the report states numbers");
    for n in &used {
        assert!(defined.contains(n), "footnote {n} used but not defined");
    }
    used
}

/// Every document source slices its document's stored text to its quote.
async fn check_sources(store: &Store, sources: &[Source]) {
    let mut texts: HashMap<String, String> = HashMap::new();
    for s in sources {
        if let Source::Document {
            doc,
            start,
            end,
            quote,
            sentence,
            ..
        } = s
        {
            if !texts.contains_key(doc) {
                texts.insert(doc.clone(), store.document(doc).await.unwrap().text);
            }
            let text = &texts[doc];
            assert_eq!(&text[*start..*end], quote, "source span of {doc}");
            let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat(sentence).contains(&flat(quote)),
                "the sentence holds the quote"
            );
        }
    }
}

/// HTML: every citation link has its target, article text is escaped.
fn check_html(html: &str) {
    let link = regex::Regex::new(r##"href="#src-(\d+)""##).unwrap();
    let mut n = 0;
    for m in link.captures_iter(html) {
        assert!(
            html.contains(&format!("id=\"src-{}\"", &m[1])),
            "citation {} has no source",
            &m[1]
        );
        n += 1;
    }
    assert!(n > 0);
    assert!(!html.contains("<script"), "no scripts in a report");
    assert!(html.contains("<svg"), "charts are SVG");
}

#[tokio::test]
async fn reports_in_both_languages_source_every_number() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("r.db").to_string_lossy()).await;
    let ex = Extractor::builtin();
    for lang in [Lang::En, Lang::Vi] {
        for kind in [Kind::Overview, Kind::Progress, Kind::Meeting] {
            let r = build(&store, ex.gazetteer(), kind, &opts(lang))
                .await
                .unwrap();
            let md = String::from_utf8(render(&r, Format::Markdown).unwrap()).unwrap();
            let used = check_markdown(&md);
            assert!(!used.is_empty());
            check_sources(&store, &r.sources).await;
            assert_eq!(
                r.citations().iter().max().copied(),
                Some(r.sources.len()),
                "no unused source"
            );
            let html = String::from_utf8(render(&r, Format::Html).unwrap()).unwrap();
            if kind != Kind::Meeting {
                check_html(&html);
            }
            let docx = render(&r, Format::Docx).unwrap();
            assert_eq!(&docx[..2], b"PK", "a DOCX is a zip");
            // It reads back as a Word document with the report's headings.
            let back = docx_rs::read_docx(&docx).expect("the DOCX reads back");
            let json = back.json();
            for s in &r.sections {
                assert!(
                    json.contains(&serde_json::to_string(&s.heading).unwrap()),
                    "DOCX has {:?}",
                    s.heading
                );
            }
            match lang {
                Lang::Vi => assert!(md.contains("## Nguồn") && html.contains("lang=\"vi\"")),
                Lang::En => assert!(md.contains("## Sources") && html.contains("lang=\"en\"")),
            }
        }
    }
    // The overview's content: the reported total against the tracker, the
    // trade figure cited to the sentences that state it, the latest summit.
    let r = build(&store, ex.gazetteer(), Kind::Overview, &opts(Lang::En))
        .await
        .unwrap();
    let md = String::from_utf8(render(&r, Format::Markdown).unwrap()).unwrap();
    assert!(md.contains("108/130"));
    assert!(md.contains("236.6 billion USD"));
    assert!(md.contains("28th ASEAN-Japan Summit"));
    assert!(r
        .sources
        .iter()
        .any(|s| matches!(s, Source::Document { quote, .. } if quote == "236,6 tỷ USD")));
    let vi = build(&store, ex.gazetteer(), Kind::Overview, &opts(Lang::Vi))
        .await
        .unwrap();
    let vmd = String::from_utf8(render(&vi, Format::Markdown).unwrap()).unwrap();
    assert!(vmd.contains("236,6 tỷ USD") && vmd.contains("Tổng quan quan hệ ASEAN-Japan"));
    // The meeting report: attendees and statements of its reports.
    let mut o = opts(Lang::En);
    o.meeting = Some("28th ASEAN-Japan Summit".into());
    let m = build(&store, ex.gazetteer(), Kind::Meeting, &o)
        .await
        .unwrap();
    let mmd = String::from_utf8(render(&m, Format::Markdown).unwrap()).unwrap();
    assert!(mmd.contains("Takaichi Sanae"), "{mmd}");
    assert!(mmd.contains("2025-10-26"));
    // Article text stays text: a title with markup is escaped.
    let mut o = opts(Lang::En);
    o.meeting = Some("no such meeting".into());
    assert!(build(&store, ex.gazetteer(), Kind::Meeting, &o)
        .await
        .is_err());
    store.close().await;
}

// ------------------------------------------------------------------ round trip

/// A backup with column lists in name order (backends list columns in
/// their own order; rows are maps already).
fn canonical(mut b: Backup) -> Backup {
    for t in &mut b.tables {
        t.columns.sort();
    }
    b
}

fn reference(text: &str) -> Evidence {
    Evidence {
        kind: "reference".into(),
        doc: None,
        span: None,
        fact: None,
        reference: Some(text.into()),
        quote: None,
    }
}

async fn round_trip(from: &Backup, location: &str) -> Backup {
    let store = Store::open(location).await.expect("open target");
    let n = restore(&store, from).await.expect("import");
    assert_eq!(n, from.tables.iter().map(|t| t.rows.len()).sum::<usize>());
    // A second import into the now full store is refused and changes nothing.
    assert!(restore(&store, from).await.is_err());
    let again = backup(&store).await.expect("export again");
    store.close().await;
    again
}

#[tokio::test]
async fn export_import_round_trip_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("a.db").to_string_lossy()).await;
    // A status with a reference, so history rows with every column kind go along.
    let t = Tracker::new(&store);
    t.set_line_status(
        "asean-japan-2023",
        "1.1",
        LineStatus::Ongoing,
        Some(&reference("JCC minutes, March 2026")),
        day("2026-03-01"),
        "desk",
        Some("note"),
    )
    .await
    .expect("status set");
    let first = canonical(backup(&store).await.unwrap());
    let rows = |b: &Backup, t: &str| b.tables.iter().find(|x| x.table == t).unwrap().rows.len();
    for table in [
        "documents",
        "facts",
        "entities",
        "mentions",
        "doc_bands",
        "plan_lines",
        "tracker_history",
        "commitments",
    ] {
        assert!(rows(&first, table) > 0, "{table} is exported");
    }
    // SQLite → SQLite.
    let b = canonical(round_trip(&first, &dir.path().join("b.db").to_string_lossy()).await);
    assert_eq!(b, first, "SQLite → SQLite");
    // Reports from the restored store are the same report.
    let restored = Store::open(&dir.path().join("b.db").to_string_lossy())
        .await
        .unwrap();
    let ex = Extractor::builtin();
    let r1 = build(&store, ex.gazetteer(), Kind::Overview, &opts(Lang::En))
        .await
        .unwrap();
    let r2 = build(&restored, ex.gazetteer(), Kind::Overview, &opts(Lang::En))
        .await
        .unwrap();
    assert_eq!(
        render(&r1, Format::Markdown).unwrap(),
        render(&r2, Format::Markdown).unwrap()
    );
    restored.close().await;
    // SQLite → PostgreSQL → SQLite.
    if let Some(pg) = postgres().await {
        let on_pg = canonical(round_trip(&first, &pg.url).await);
        assert_eq!(on_pg, first, "SQLite → PostgreSQL");
        let back = canonical(round_trip(&on_pg, &dir.path().join("c.db").to_string_lossy()).await);
        assert_eq!(back, first, "PostgreSQL → SQLite");
        // The restored PostgreSQL store takes new rows (its id sequences moved on).
        let pgs = Store::open(&pg.url).await.unwrap();
        Tracker::new(&pgs)
            .set_line_status(
                "asean-japan-2023",
                "1.2",
                LineStatus::Ongoing,
                Some(&reference("x")),
                day("2026-03-02"),
                "desk",
                None,
            )
            .await
            .expect("a new history row after import");
        pgs.close().await;
    }
    // A file that is not a backup is refused with a reason.
    let bad = Backup {
        format: "other".into(),
        version: 1,
        tables: vec![],
    };
    let empty = Store::open(&dir.path().join("d.db").to_string_lossy())
        .await
        .unwrap();
    let e = restore(&empty, &bad).await.unwrap_err().to_string();
    assert!(e.contains("not a hoptac backup"), "{e}");
    store.close().await;
}
