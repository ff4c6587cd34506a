//! The tracker's "done when", on every backend: SQLite always, PostgreSQL
//! when reachable (`HOPTAC_TEST_POSTGRES`, default
//! `postgres://postgres@127.0.0.1:5432/test`; a database of its own per
//! run, dropped afterwards; skipped with a message when unreachable).
//!
//! On a fresh store: import the sample plan, ingest the sample articles,
//! accept a suggestion and set statuses, then check progress per pillar on
//! two dates, the history and its evidence, the reported ratio against the
//! tracker's count, commitments with status and follow-ups, invalid plan
//! files changing nothing, a revised plan keeping ids, and concurrent
//! updates of one line losing nothing.

use chrono::NaiveDate;
use hoptac_extract::Extractor;
use hoptac_ingest::{content_id, MinHash, ReadOptions};
use hoptac_model::EXTRACTOR_VERSION;
use hoptac_store::testing::postgres;
use hoptac_store::{NewDocument, Store};
use hoptac_tracker::*;
use std::path::PathBuf;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn ingest_text(
    store: &Store,
    ex: &Extractor,
    source: &str,
    bytes: &[u8],
    fmt: hoptac_ingest::Format,
) {
    for raw in hoptac_ingest::parse_bytes(source, bytes, fmt, &ReadOptions::default()) {
        let raw = raw.expect("sample reads");
        let analysis = ex.analyze(&raw.text, &raw.meta);
        let sig = MinHash::of(&raw.text);
        let mut meta = raw.meta;
        meta.lang = meta.lang.or(analysis.lang);
        let doc = NewDocument {
            id: content_id(&raw.text),
            source: raw.source,
            meta,
            format: raw.format.name().to_string(),
            bytes: raw.bytes,
            minhash: sig.to_bytes(),
            bands: sig.bands(),
            facts: analysis.facts,
            entities: analysis.entities,
            mentions: analysis.mentions,
            extractor: EXTRACTOR_VERSION.to_string(),
            text: raw.text,
        };
        store.put_document(&doc).await.expect("stored");
    }
}

async fn ingest_samples(store: &Store, ex: &Extractor) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for f in files {
        let fmt = hoptac_ingest::Format::from_path(&f).unwrap();
        let bytes = std::fs::read(&f).unwrap();
        ingest_text(store, ex, &f.display().to_string(), &bytes, fmt).await;
    }
}

fn plan_file() -> PlanFile {
    let text = std::fs::read_to_string(data("plans/asean-japan-2023.csv")).unwrap();
    parse_plan("asean-japan-2023.csv", &text).expect("the sample plan is valid")
}

fn options() -> ImportOptions {
    ImportOptions {
        plan: "aj".into(),
        title: "ASEAN-Japan 2023".into(),
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
        actor: "plan.officer".into(),
        today: day("2026-01-15"),
    }
}

/// Everything the tracker holds for plan `aj`, to compare before and after.
async fn snapshot(t: &Tracker<'_>) -> (Vec<PlanInfo>, Vec<Line>, usize) {
    let plans = t.plans().await.unwrap();
    let lines = match t.plan(Some("aj")).await {
        Ok(_) => t.lines("aj").await.unwrap(),
        Err(_) => vec![],
    };
    let mut n = 0;
    for l in &lines {
        n += t
            .history(SubjectKind::Line, &format!("aj/{}", l.id))
            .await
            .unwrap()
            .len();
    }
    (plans, lines, n)
}

async fn doc_by_url(store: &Store, url: &str) -> String {
    let docs = store.documents(100, 0).await.unwrap();
    docs.into_iter()
        .find(|d| d.url.as_deref() == Some(url))
        .expect(url)
        .id
}

fn row<'p>(p: &'p Progress, g: &str) -> &'p ProgressRow {
    p.rows.iter().find(|r| r.group == g).unwrap()
}

async fn story(location: &str) {
    let store = Store::open(location).await.expect("open");
    let t = Tracker::new(&store);
    let ex = Extractor::builtin();
    let gaz = ex.gazetteer();

    // Import the plan: 3 pillars, 32 action lines, all not started.
    let report = t.import_plan(&plan_file(), None, &options()).await.unwrap();
    assert_eq!(
        (report.revision, report.added, report.action_lines),
        (1, 35, 32)
    );
    let lines = t.lines("aj").await.unwrap();
    assert_eq!(lines.iter().filter(|l| l.action).count(), 32);
    assert!(lines.iter().all(|l| l.status == LineStatus::NotStarted));

    ingest_samples(&store, &ex).await;
    let summit_2023 = doc_by_url(&store, "https://example.org/en/commemorative-summit-2023").await;
    let summit_28_en = doc_by_url(&store, "https://example.org/en/28th-asean-japan-summit").await;
    let summit_28_vi = doc_by_url(&store, "https://example.org/vi/asean-nhat-ban-28").await;
    let forum_39 = doc_by_url(&store, "https://example.com/news/39th-asean-japan-forum").await;

    // Suggestions: the commemorative-summit article is evidence for the
    // AZEC line (2.3), for the reason shown. Nothing changed yet.
    let plan = t.plan(Some("aj")).await.unwrap();
    t.derive_commitments(gaz).await.unwrap();
    let sugg = t
        .suggest(gaz, Some(&plan), Some(&summit_2023[..8]))
        .await
        .unwrap();
    let s = sugg
        .iter()
        .find(|s| s.target == "aj/2.3")
        .unwrap_or_else(|| panic!("2.3 suggested: {sugg:#?}"));
    assert!(
        s.reason.contains("Asia Zero Emission Community (AZEC)"),
        "{}",
        s.reason
    );
    assert!(s.quote.as_deref().unwrap().contains("AZEC"));
    assert_eq!(
        t.lines("aj")
            .await
            .unwrap()
            .iter()
            .find(|l| l.id == "2.3")
            .unwrap()
            .status,
        LineStatus::NotStarted
    );
    // The Vietnamese report of the 28th Summit suggests the English line on
    // the AJCEP upgrade (2.1): across languages through the gazetteer.
    let vi = t
        .suggest(gaz, Some(&plan), Some(&summit_28_vi))
        .await
        .unwrap();
    assert!(vi.iter().any(|s| s.target == "aj/2.1"), "{vi:#?}");
    // Reject one: it is not proposed again.
    let rej = vi.iter().find(|s| s.target == "aj/2.1").unwrap();
    t.decide(rej, false, "plan.officer").await.unwrap();
    let vi2 = t
        .suggest(gaz, Some(&plan), Some(&summit_28_vi))
        .await
        .unwrap();
    assert!(!vi2.iter().any(|s| s.target == "aj/2.1"));

    // Accept: 2.3 ongoing, from the article's date, the sentence as evidence.
    let e = t.accept(s, "ongoing", "plan.officer", None).await.unwrap();
    assert_eq!(
        (e.effective.as_str(), e.to.as_str(), e.from.as_deref()),
        ("2023-12-17", "ongoing", Some("not_started"))
    );
    // More evidence for the same status: the line is ongoing since the
    // first entry, and shows the latest evidence.
    let (ev, d) = t
        .resolve_evidence(
            &EvidenceSpec::Url("https://example.org/en/28th-asean-japan-summit".into()),
            Some("Takaichi pledged continued support through the Asia Zero Emission Community"),
        )
        .await
        .unwrap();
    t.set_line_status(
        "aj",
        "2.3",
        LineStatus::Ongoing,
        Some(&ev),
        d.unwrap(),
        "plan.officer",
        None,
    )
    .await
    .unwrap();
    let l = t
        .lines("aj")
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.id == "2.3")
        .unwrap();
    assert_eq!(l.since.as_deref(), Some("2023-12-17"));
    assert_eq!(
        l.evidence.unwrap().doc.as_deref(),
        Some(summit_28_en.as_str())
    );
    assert_eq!(
        t.history(SubjectKind::Line, "aj/2.3").await.unwrap().len(),
        2
    );
    // Accepted: not proposed again.
    let again = t
        .suggest(gaz, Some(&plan), Some(&summit_2023))
        .await
        .unwrap();
    assert!(!again.iter().any(|s| s.target == "aj/2.3"));

    // Set statuses on evidence: a quote, an explicit span, a URL, a reference.
    let (ev, d) = t
        .resolve_evidence(
            &EvidenceSpec::parse(&summit_28_en[..10]).unwrap(),
            Some("The leaders adopted the ASEAN-Japan Joint Statement"),
        )
        .await
        .unwrap();
    assert_eq!(d, Some(day("2025-10-26")));
    t.set_line_status(
        "aj",
        "3.8",
        LineStatus::Implemented,
        Some(&ev),
        d.unwrap(),
        "desk.officer",
        Some("AOIP statement adopted"),
    )
    .await
    .unwrap();
    let text = store.document(&summit_28_vi).await.unwrap().text;
    let start = text.find("an ninh biển").unwrap();
    let spec = EvidenceSpec::parse(&format!(
        "{}:{}-{}",
        &summit_28_vi[..8],
        start,
        start + "an ninh biển".len()
    ))
    .unwrap();
    let (ev, d) = t.resolve_evidence(&spec, None).await.unwrap();
    assert_eq!(ev.quote.as_deref(), Some("an ninh biển"));
    t.set_line_status(
        "aj",
        "3.3",
        LineStatus::Ongoing,
        Some(&ev),
        d.unwrap(),
        "desk.officer",
        None,
    )
    .await
    .unwrap();
    let (ev, _) = t
        .resolve_evidence(
            &EvidenceSpec::parse("ref:JAIF annual report 2024").unwrap(),
            None,
        )
        .await
        .unwrap();
    t.set_line_status(
        "aj",
        "2.13",
        LineStatus::Ongoing,
        Some(&ev),
        day("2024-03-31"),
        "plan.officer",
        None,
    )
    .await
    .unwrap();

    // A span outside the text, or inside a character, is refused with a
    // clear message, and nothing is recorded.
    let before = snapshot(&t).await;
    let bad = EvidenceSpec::parse(&format!("{}:10-999999", &summit_28_vi[..8])).unwrap();
    let err = t
        .resolve_evidence(&bad, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("lies outside document"), "{err}");
    let inside = text
        .char_indices()
        .find(|(_, c)| c.len_utf8() > 1)
        .unwrap()
        .0
        + 1;
    let bad = EvidenceSpec::parse(&format!("{}:0-{inside}", &summit_28_vi[..8])).unwrap();
    let err = t
        .resolve_evidence(&bad, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("does not fall on character boundaries"),
        "{err}"
    );
    let err = t
        .set_line_status(
            "aj",
            "9.9",
            LineStatus::Ongoing,
            None,
            day("2025-01-01"),
            "x",
            None,
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 9.9"), "{err}");
    let err = t
        .set_line_status(
            "aj",
            "2",
            LineStatus::Ongoing,
            None,
            day("2025-01-01"),
            "x",
            None,
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("statuses belong to action lines"), "{err}");
    assert_eq!(snapshot(&t).await, before);

    // Progress per pillar on two dates: the history replayed.
    let p1 = t
        .progress("aj", day("2024-06-30"), GroupBy::Pillar)
        .await
        .unwrap();
    assert_eq!(
        (
            row(&p1, "1").total,
            row(&p1, "2").total,
            row(&p1, "3").total
        ),
        (10, 13, 9)
    );
    assert_eq!(
        (row(&p1, "2").ongoing, row(&p1, "2").implemented),
        (2, 0),
        "2.3 and 2.13"
    );
    assert_eq!((row(&p1, "3").ongoing, row(&p1, "3").implemented), (0, 0));
    assert_eq!(p1.total.ongoing + p1.total.implemented, 2);
    let p2 = t
        .progress("aj", day("2025-10-31"), GroupBy::Pillar)
        .await
        .unwrap();
    assert_eq!((row(&p2, "2").ongoing, row(&p2, "2").implemented), (2, 0));
    assert_eq!(
        (row(&p2, "3").ongoing, row(&p2, "3").implemented),
        (1, 1),
        "3.3 and 3.8"
    );
    assert_eq!(row(&p2, "1").not_started, 10);
    assert!((row(&p2, "3").active_rate - 2.0 / 9.0).abs() < 1e-9);
    assert_eq!(p2.total.total, 32);
    let before_any = t
        .progress("aj", day("2023-01-01"), GroupBy::Plan)
        .await
        .unwrap();
    assert_eq!(before_any.total.not_started, 32);

    // The history shows every change with its evidence and who made it.
    let h = t.history(SubjectKind::Line, "aj/3.8").await.unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].actor, "desk.officer");
    let ev = h[0].evidence.as_ref().unwrap();
    assert_eq!(ev.doc.as_deref(), Some(summit_28_en.as_str()));
    let sp = ev.span.unwrap();
    let en_text = store.document(&summit_28_en).await.unwrap().text;
    assert_eq!(sp.slice(&en_text), ev.quote.as_deref());
    let h = t.history(SubjectKind::Line, "aj/2.13").await.unwrap();
    assert_eq!(
        h[0].evidence.as_ref().unwrap().reference.as_deref(),
        Some("JAIF annual report 2024")
    );

    // A backdated change does not replace a later one as the current status.
    t.set_line_status(
        "aj",
        "2.13",
        LineStatus::NotStarted,
        None,
        day("2024-01-01"),
        "plan.officer",
        Some("before the report"),
    )
    .await
    .unwrap();
    let l = t
        .lines("aj")
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.id == "2.13")
        .unwrap();
    assert_eq!(l.status, LineStatus::Ongoing);
    assert_eq!(
        t.history(SubjectKind::Line, "aj/2.13").await.unwrap()[0]
            .note
            .as_deref(),
        Some("before the report")
    );

    // The reported ratio (108/130 "implemented or under way") against the
    // tracker's own count on the article's date: disagreement flagged.
    let checks = t.ratio_checks(&plan).await.unwrap();
    assert_eq!(
        checks.len(),
        3,
        "the Vietnamese and English reports and the chairman's statement (the republication is not counted)"
    );
    for c in &checks {
        assert_eq!((c.reported, c.reported_total), (108, 130));
        assert_eq!(c.counts, "implemented or ongoing");
        assert_eq!(
            (c.tracker, c.tracker_total),
            (4, 32),
            "2.3, 2.13, 3.3, 3.8 on 2025-10-26"
        );
        assert!(!c.agrees);
        assert!(c.note.contains("the tracker counts 4"), "{}", c.note);
    }

    // Commitments from the statements: idempotent, merged across languages.
    let again = t.derive_commitments(gaz).await.unwrap();
    assert_eq!((again.new, again.merged), (0, 0), "nothing derived twice");
    let all = t
        .commitments(gaz, &CommitmentFilter::default(), day("2026-01-01"))
        .await
        .unwrap();
    assert!(all.iter().all(|c| c.status == CommitmentStatus::Open));
    let azec = all
        .iter()
        .find(|c| c.doc == summit_2023 && c.act == "commit")
        .expect("Japan's AZEC commitment at the Commemorative Summit");
    assert_eq!(azec.party.as_deref(), Some("Japan"));
    assert_eq!(azec.made_on.as_deref(), Some("2023-12-17"));
    assert!(azec
        .meeting
        .as_deref()
        .unwrap()
        .contains("Commemorative Summit"));
    let f = azec
        .follow_ups
        .iter()
        .find(|f| f.doc == forum_39)
        .expect("the 2024 Forum follows up the 2023 summit's commitments");
    assert!(
        f.reason.contains("names the meeting where it was made"),
        "{}",
        f.reason
    );
    assert!(azec
        .follow_ups
        .iter()
        .any(|f| f.doc == summit_28_en && f.reason.contains("AZEC")));
    // Viet Nam's AJCEP request at the 28th Summit: one commitment, reported
    // in Vietnamese and English. ASEAN's own request on AJCEP, in the
    // chairman's statement, is another party's and stays apart.
    let ajcep: Vec<&Commitment> = all
        .iter()
        .filter(|c| c.entities.contains(&"ajcep".to_string()))
        .collect();
    let by_party = |p: &str| -> Vec<&&Commitment> {
        ajcep
            .iter()
            .filter(|c| c.party.as_deref() == Some(p))
            .collect()
    };
    let vn = by_party("Viet Nam");
    assert_eq!(vn.len(), 1, "{ajcep:#?}");
    // Reported by two documents, one in each language: the Vietnamese
    // sentence asks for AJCEP and the air services agreement at once, the
    // English one in two statements, both sources of the same request.
    let docs: std::collections::BTreeSet<&str> =
        vn[0].sources.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(docs.len(), 2, "{:#?}", vn[0].sources);
    assert_eq!(vn[0].sources.len(), 3, "{:#?}", vn[0].sources);
    assert_eq!(vn[0].addressee.as_deref(), Some("Japan"));
    assert_eq!(by_party("ASEAN").len(), 1, "{ajcep:#?}");
    assert_eq!(ajcep.len(), 2, "{ajcep:#?}");
    // By and to a party, in either language.
    let by_vn = t
        .commitments(
            gaz,
            &CommitmentFilter {
                by: Some("Việt Nam".into()),
                ..Default::default()
            },
            day("2026-01-01"),
        )
        .await
        .unwrap();
    assert!(!by_vn.is_empty() && by_vn.iter().all(|c| c.party.as_deref() == Some("Viet Nam")));
    let to_japan = t
        .commitments(
            gaz,
            &CommitmentFilter {
                to: Some("Nhật Bản".into()),
                ..Default::default()
            },
            day("2026-01-01"),
        )
        .await
        .unwrap();
    assert!(
        !to_japan.is_empty()
            && to_japan
                .iter()
                .all(|c| c.addressee.as_deref() == Some("Japan"))
    );

    // A commitment with a deadline and an amount, made in a later article.
    let pledge = "---\ntitle: Japan pledges semiconductor training\npublished: 2024-10-11\nlang: en\n---\n\
        VIENTIANE, Oct. 10 - Prime Minister Ishiba Shigeru of Japan attended the 27th ASEAN-Japan Summit in Vientiane, Laos, on 10 October 2024.\n\n\
        Ishiba pledged USD 50 million to train semiconductor engineers in ASEAN by 2025.\n";
    ingest_text(
        &store,
        &ex,
        "pledge.md",
        pledge.as_bytes(),
        hoptac_ingest::Format::Markdown,
    )
    .await;
    let d = t.derive_commitments(gaz).await.unwrap();
    assert_eq!(d.new, 1, "{d:?}");
    let all = t
        .commitments(gaz, &CommitmentFilter::default(), day("2026-01-01"))
        .await
        .unwrap();
    let semi = all
        .iter()
        .find(|c| c.deadline.is_some())
        .expect("the pledge with a deadline");
    assert_eq!(semi.deadline.as_deref(), Some("2025"));
    assert_eq!(
        (semi.amount, semi.currency.as_deref()),
        (Some(50_000_000.0), Some("USD"))
    );
    assert_eq!(semi.party.as_deref(), Some("Japan"));
    assert!(
        semi.overdue,
        "deadline 2025 passed on 2026-01-01, not fulfilled"
    );
    let early = t
        .commitments(
            gaz,
            &CommitmentFilter {
                overdue: true,
                ..Default::default()
            },
            day("2025-06-01"),
        )
        .await
        .unwrap();
    assert!(early.is_empty(), "nothing overdue in mid-2025");
    let late = t
        .commitments(
            gaz,
            &CommitmentFilter {
                overdue: true,
                ..Default::default()
            },
            day("2026-01-01"),
        )
        .await
        .unwrap();
    assert_eq!(
        late.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        [semi.id.as_str()]
    );
    // Its status on evidence, with history; fulfilled is not overdue.
    let (ev, _) = t
        .resolve_evidence(&EvidenceSpec::parse("ref:JAIF report 2025").unwrap(), None)
        .await
        .unwrap();
    t.set_commitment_status(
        &semi.id[..6],
        CommitmentStatus::Fulfilled,
        Some(&ev),
        day("2025-12-01"),
        "desk.officer",
        None,
    )
    .await
    .unwrap();
    let late = t
        .commitments(
            gaz,
            &CommitmentFilter {
                overdue: true,
                ..Default::default()
            },
            day("2026-01-01"),
        )
        .await
        .unwrap();
    assert!(late.is_empty());
    let h = t.history(SubjectKind::Commitment, &semi.id).await.unwrap();
    assert_eq!(
        (h[0].from.as_deref(), h[0].to.as_str()),
        (Some("open"), "fulfilled")
    );
    let open = t
        .commitments(
            gaz,
            &CommitmentFilter {
                open: true,
                ..Default::default()
            },
            day("2026-01-01"),
        )
        .await
        .unwrap();
    assert!(!open.iter().any(|c| c.id == semi.id));

    // A suggestion accepted for a commitment: the 2024 Forum report is
    // evidence that the AZEC commitment is being carried out.
    let fs = t.suggest(gaz, Some(&plan), Some(&forum_39)).await.unwrap();
    let s = fs
        .iter()
        .find(|s| s.target == azec.id)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert_eq!(s.target_kind, SubjectKind::Commitment);
    let e = t
        .accept(s, "in progress", "desk.officer", None)
        .await
        .unwrap();
    assert_eq!(
        (e.from.as_deref(), e.to.as_str(), e.effective.as_str()),
        (Some("open"), "in_progress", "2024-06-26")
    );
    assert!(t
        .accept(s, "implemented", "x", None)
        .await
        .unwrap_err()
        .to_string()
        .contains("for a commitment"));

    // A fact as evidence: its document and span come with it.
    let fact_id: i64 = sqlx::Row::get(
        &sqlx::query("SELECT id FROM facts WHERE kind = 'ratio' AND doc_id = $1")
            .bind(&summit_28_en)
            .fetch_one(store.pool())
            .await
            .unwrap(),
        "id",
    );
    let (ev, d) = t
        .resolve_evidence(&EvidenceSpec::Fact(fact_id), None)
        .await
        .unwrap();
    assert_eq!(
        (ev.kind.as_str(), ev.doc.as_deref(), ev.quote.as_deref()),
        ("fact", Some(summit_28_en.as_str()), Some("108 out of 130"))
    );
    assert_eq!(d, Some(day("2025-10-26")));
    assert!(t
        .resolve_evidence(&EvidenceSpec::Fact(999_999), None)
        .await
        .is_err());

    // What changed since 2025-01-01.
    let ch = t.changes(gaz, day("2025-01-01")).await.unwrap();
    assert!(ch.statuses.iter().any(|e| e.subject == "aj/3.8"));
    assert!(ch.commitments.iter().any(|c| c.id == ajcep[0].id));
    assert!(
        !ch.commitments.iter().any(|c| c.id == azec.id),
        "made in 2023"
    );
    let names: Vec<&str> = ch.meetings.iter().map(|m| m.name.as_str()).collect();
    assert!(names.contains(&"28th ASEAN-Japan Summit"), "{names:?}");
    assert!(!names.contains(&"27th ASEAN-Japan Summit"), "{names:?}");

    invalid_files_change_nothing(&t, &summit_28_en).await;
    revision_keeps_ids(&t).await;
    corrections(&t, &store, gaz).await;
    store.close().await;
}

/// A suggestion corrected: its document becomes evidence for another line,
/// with the analyst's status and passage; the proposed line is untouched
/// and the suggestion is not proposed again.
async fn corrections(t: &Tracker<'_>, store: &Store, gaz: &hoptac_extract::Gazetteer) {
    let plan = t.plan(Some("aj")).await.unwrap();
    let all = t.suggest(gaz, Some(&plan), None).await.unwrap();
    let s = all
        .iter()
        .find(|s| s.target_kind == SubjectKind::Line)
        .unwrap_or_else(|| panic!("a line suggestion is left: {all:#?}"))
        .clone();
    let lines = t.lines("aj").await.unwrap();
    // Another action line, not started, for which this document is not evidence.
    let other = lines
        .iter()
        .find(|l| {
            l.action
                && !l.retired
                && l.status == LineStatus::NotStarted
                && format!("aj/{}", l.id) != s.target
        })
        .unwrap();
    let proposed_before = t.history(SubjectKind::Line, &s.target).await.unwrap();
    let text = store.document(&s.doc).await.unwrap().text;
    // A passage of the document, by its bytes: its first sentence.
    let first = hoptac_text::sentences(&text)[0];
    let c = Correction {
        target: other.id.clone(),
        status: "ongoing".into(),
        span: Some((first.start(), first.end())),
        note: Some("the article is about this line".into()),
        ..Default::default()
    };

    // Bad corrections change nothing: a status of the other kind, a quote
    // that is not in the document, a line that does not exist.
    let sr = &s;
    let bad =
        |c: Correction| async move { t.correct(sr, &c, "ana").await.unwrap_err().to_string() };
    assert!(bad(Correction {
        status: "fulfilled".into(),
        ..c.clone()
    })
    .await
    .contains("for a line"));
    assert!(bad(Correction {
        span: None,
        quote: Some("no such words here".into()),
        ..c.clone()
    })
    .await
    .contains("is not in document"));
    assert!(bad(Correction {
        target: "9.99".into(),
        ..c.clone()
    })
    .await
    .contains("9.99"));
    let still = t.suggest(gaz, Some(&plan), Some(&s.doc)).await.unwrap();
    assert!(
        still.iter().any(|x| x.target == s.target),
        "not decided yet"
    );

    let e = t.correct(&s, &c, "Ana Analyst").await.unwrap();
    assert_eq!(e.subject, format!("aj/{}", other.id));
    assert_eq!(
        (e.to.as_str(), e.actor.as_str()),
        ("ongoing", "Ana Analyst")
    );
    let note = e.note.clone().unwrap();
    assert!(
        note.contains(&format!("proposed for line {}", s.target)),
        "{note}"
    );
    assert!(note.contains("the article is about this line"), "{note}");
    let ev = e.evidence.clone().unwrap();
    assert_eq!(ev.doc.as_deref(), Some(s.doc.as_str()));
    assert_eq!(ev.span, Some(first));
    assert_eq!(ev.quote.as_deref(), first.slice(&text));
    // Recorded in the other line's history; the proposed line untouched.
    let h = t
        .history(SubjectKind::Line, &format!("aj/{}", other.id))
        .await
        .unwrap();
    assert_eq!(h.last().map(|x| x.actor.as_str()), Some("Ana Analyst"));
    assert_eq!(
        t.history(SubjectKind::Line, &s.target).await.unwrap(),
        proposed_before
    );
    // Decided: neither the proposal nor the new pair is proposed again.
    let after = t.suggest(gaz, Some(&plan), Some(&s.doc)).await.unwrap();
    assert!(
        !after
            .iter()
            .any(|x| x.target == s.target || x.target == e.subject),
        "{after:#?}"
    );
    let row = sqlx::query(
        "SELECT decision, actor FROM suggestion_decisions WHERE doc_id = $1 AND subject = $2",
    )
    .bind(&s.doc)
    .bind(&s.target)
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(sqlx::Row::get::<String, _>(&row, "decision"), "corrected");
    assert_eq!(sqlx::Row::get::<String, _>(&row, "actor"), "Ana Analyst");
}

async fn invalid_files_change_nothing(t: &Tracker<'_>, doc: &str) {
    let before = snapshot(t).await;
    let cases = [
        (
            "id,text\n1,A\n1.1,B\n1.1,C\n",
            "bad.csv:4: duplicate id 1.1",
        ),
        ("id,text\n1,A\n2.1,B\n", "bad.csv:3: line 2.1 has no parent"),
        (
            "id,text,status\n1,A,\n1.1,B,almost\n",
            "bad.csv:3: bad status \"almost\"",
        ),
        ("id,text\n1,A\nx.1,B\n", "bad.csv:3: malformed id"),
    ];
    for (text, want) in cases {
        let err = parse_plan("bad.csv", text)
            .map_err(TrackerError::File)
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{err}");
        assert!(err.ends_with("nothing was imported"), "{err}");
    }
    // A status on an unknown line, in a status file.
    let plan = plan_file();
    let err =
        parse_statuses("st.csv", "line,status\n2.3,ongoing\n7.7,ongoing\n", &plan).unwrap_err();
    assert_eq!(
        err[0].to_string(),
        "st.csv:3: a status is set on line 7.7, which is not in the plan asean-japan-2023.csv"
    );
    // Errors found only against the store also change nothing: a quote not
    // in the document (the statuses before it are not applied either) ...
    let sf = parse_statuses(
        "st.csv",
        &format!(
            "line,status,evidence,quote\n1.1,ongoing,{},\n1.2,ongoing,{},no such sentence here\n",
            &doc[..8],
            &doc[..8]
        ),
        &plan,
    )
    .unwrap();
    let err = t
        .import_plan(&plan, Some(&sf), &options())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("st.csv:3: the quote \"no such sentence here\" is not in document"),
        "{err}"
    );
    // ... and a line replacing one that does not exist, found mid-transaction.
    let mut p = plan_file();
    p.rows.iter_mut().find(|r| r.id == "1.5").unwrap().replaces = Some("old-plan/4.4".into());
    let err = t
        .import_plan(&p, None, &options())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("replaces old-plan/4.4, which is not in the store"),
        "{err}"
    );
    assert_eq!(snapshot(t).await, before, "nothing changed");
}

async fn revision_keeps_ids(t: &Tracker<'_>) {
    let text = std::fs::read_to_string(data("plans/asean-japan-2023.csv")).unwrap();
    // Revision: 3.9 dropped, 2.3 reworded, 3.10 added carrying on 3.8.
    let revised: String = text
        .lines()
        .filter(|l| !l.starts_with("3.9,"))
        .map(|l| {
            if l.starts_with("2.3,") {
                l.replace("Decarbonise the region", "Cut emissions")
            } else {
                l.to_string()
            }
        })
        .chain(std::iter::once(
            "3.10,Carry the AOIP into sectoral work plans,,aoip,,3.8".to_string(),
        ))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "id,text,text_vi,topics,lead",
            "id,text,text_vi,topics,lead,replaces",
        );
    let p = parse_plan("asean-japan-2023-rev.csv", &revised).unwrap();
    let r = t.import_plan(&p, None, &options()).await.unwrap();
    assert_eq!(
        (r.revision, r.added, r.updated, r.retired),
        (2, 1, 1, 1),
        "{r:?}"
    );
    let lines = t.lines("aj").await.unwrap();
    let l23 = lines.iter().find(|l| l.id == "2.3").unwrap();
    assert!(l23.text.starts_with("Cut emissions"));
    assert_eq!(l23.status, LineStatus::Ongoing, "same id, history kept");
    assert!(lines.iter().find(|l| l.id == "3.9").unwrap().retired);
    let l310 = lines.iter().find(|l| l.id == "3.10").unwrap();
    assert_eq!(l310.replaces.as_deref(), Some("3.8"));
    assert_eq!(
        l310.status,
        LineStatus::Implemented,
        "carried over from 3.8"
    );
    let p = t
        .progress("aj", day("2026-01-15"), GroupBy::Plan)
        .await
        .unwrap();
    assert_eq!(p.total.total, 32, "3.9 retired, 3.10 added");
    // Importing the same revision again changes nothing.
    let r = t
        .import_plan(&parse_plan("x.csv", &revised).unwrap(), None, &options())
        .await
        .unwrap();
    assert_eq!(
        (r.revision, r.added, r.updated, r.retired, r.statuses),
        (2, 0, 0, 0, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    story(dir.path().join("t.db").to_str().unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_on_postgres() {
    let Some(db) = postgres().await else { return };
    story(&db.url).await;
}

/// Several tasks set statuses on the same line at once: every change lands
/// in the history with its own sequence number, and the current status is
/// the last one in history order.
async fn concurrent(location: &str) {
    let store = Store::open(location).await.unwrap();
    let t = Tracker::new(&store);
    t.import_plan(&plan_file(), None, &options()).await.unwrap();
    const TASKS: usize = 6;
    const EACH: usize = 8;
    let mut handles = Vec::new();
    for w in 0..TASKS {
        let loc = location.to_string();
        handles.push(tokio::spawn(async move {
            let s = Store::open(&loc).await.unwrap();
            let t = Tracker::new(&s);
            for i in 0..EACH {
                let st = LineStatus::ALL[(w + i) % 4];
                t.set_line_status(
                    "aj",
                    "1.5",
                    st,
                    None,
                    day("2025-05-05"),
                    &format!("writer{w}"),
                    Some(&format!("{w}-{i}")),
                )
                .await
                .unwrap();
            }
            s.close().await;
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let h = t.history(SubjectKind::Line, "aj/1.5").await.unwrap();
    assert_eq!(h.len(), TASKS * EACH, "no change lost ({location})");
    let seqs: Vec<i64> = h.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=(TASKS * EACH) as i64).collect::<Vec<_>>());
    let mut notes: Vec<String> = h.iter().map(|e| e.note.clone().unwrap()).collect();
    notes.sort();
    notes.dedup();
    assert_eq!(notes.len(), TASKS * EACH, "every change recorded once");
    // Each entry's "from" is the status the previous entry set.
    for w in h.windows(2) {
        assert_eq!(w[1].from.as_deref(), Some(w[0].to.as_str()));
    }
    let line = t
        .lines("aj")
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.id == "1.5")
        .unwrap();
    assert_eq!(line.status.to_string(), h.last().unwrap().to);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_of_one_line_lose_nothing_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    concurrent(dir.path().join("c.db").to_str().unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_of_one_line_lose_nothing_on_postgres() {
    let Some(db) = postgres().await else { return };
    concurrent(&db.url).await;
}
