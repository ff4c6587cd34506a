//! The commands. Each reads its arguments, calls the library crates and
//! prints through `output`.

use crate::output::{self, clip, opt};
use crate::{Format, Global};
use anyhow::{bail, Context, Result};
use clap::Args;
use hoptac_extract::{Extractor, Gazetteer};
use hoptac_ingest::{content_id, read_inputs, MinHash, RawDocument, ReadOptions};
use hoptac_model::{DocumentMeta, Fact, Lang, EXTRACTOR_VERSION};
use hoptac_store::{NewDocument, PutOutcome, Store};
use hoptac_wire::{EntityRecord, ExtractRecord};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod samples {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}
pub use samples::SAMPLES;

/// Options shared by the commands that read files.
#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// Publication date (YYYY-MM-DD) for inputs that do not carry one;
    /// dates written without a year take theirs from it.
    #[arg(long, value_parser = parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Language of the inputs (vi, en, or auto to detect per document).
    #[arg(long, default_value = "auto", value_parser = parse_lang)]
    lang: LangArg,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    #[arg(long)]
    lossy: bool,
    /// Refuse files larger than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    max_size: u64,
}

#[derive(Clone, Debug)]
pub struct LangArg(Option<Lang>);

fn parse_lang(s: &str) -> Result<LangArg, String> {
    if s == "auto" {
        Ok(LangArg(None))
    } else {
        s.parse::<Lang>().map(|l| LangArg(Some(l)))
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date like 2025-10-26"))
}

impl ReadArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            lossy: self.lossy,
            max_bytes: self.max_size.saturating_mul(1024 * 1024),
            defaults: DocumentMeta {
                published: self.published,
                lang: self.lang.0,
                ..Default::default()
            },
        }
    }
}

/// `hoptac ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or directories (walked recursively); `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
}

/// `hoptac extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
    /// Also print date facts (not part of the scored contract).
    #[arg(long)]
    dates: bool,
}

/// `hoptac documents`.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// At most this many.
    #[arg(long, default_value_t = 100)]
    limit: i64,
    /// Skip this many.
    #[arg(long, default_value_t = 0)]
    offset: i64,
}

/// `hoptac show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Document id, or its first characters (at least 4).
    doc: String,
}

/// `hoptac demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to build the demo store (a SQLite file, recreated).
    /// Default: $XDG_DATA_HOME/hoptac/demo.db.
    #[arg(long, value_name = "FILE")]
    store: Option<PathBuf>,
}

/// The default store: a file in the user's data directory.
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("hoptac");
    }
    match std::env::var_os("HOME") {
        Some(h) => PathBuf::from(h).join(".local/share/hoptac"),
        None => PathBuf::from(".hoptac"),
    }
}

fn store_location(g: &Global) -> String {
    g.db.clone()
        .unwrap_or_else(|| data_dir().join("hoptac.db").to_string_lossy().into_owned())
}

async fn open_store(g: &Global) -> Result<Store> {
    Ok(Store::open(&store_location(g)).await?)
}

fn extractor(g: &Global) -> Result<Extractor> {
    if g.gazetteer.is_empty() {
        return Ok(Extractor::builtin());
    }
    let mut gaz: Gazetteer = Extractor::builtin().gazetteer().clone();
    for f in &g.gazetteer {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("cannot read gazetteer {}", f.display()))?;
        gaz.add_csv(&f.display().to_string(), &text)?;
    }
    gaz.compile();
    Ok(Extractor::with_gazetteer(gaz))
}

/// Extract and package one document for the store.
fn prepare(ex: &Extractor, raw: RawDocument) -> NewDocument {
    let analysis = ex.analyze(&raw.text, &raw.meta);
    let sig = MinHash::of(&raw.text);
    let mut meta = raw.meta;
    meta.lang = meta.lang.or(analysis.lang);
    NewDocument {
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
    }
}

#[derive(Default, Debug, serde::Serialize)]
struct IngestSummary {
    new: usize,
    duplicate: usize,
    near_duplicate: usize,
    failed: usize,
    facts: usize,
}

async fn ingest_docs(
    store: &Store,
    ex: &Extractor,
    docs: Vec<Result<RawDocument, hoptac_ingest::ReadError>>,
    quiet: bool,
) -> IngestSummary {
    let mut sum = IngestSummary::default();
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(docs.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    for d in docs {
        bar.inc(1);
        let raw = match d {
            Ok(r) => r,
            Err(e) => {
                bar.suspend(|| eprintln!("error: {e}"));
                sum.failed += 1;
                continue;
            }
        };
        bar.set_message(clip(&raw.source, 40));
        let source = raw.source.clone();
        let doc = prepare(ex, raw);
        let nfacts = doc.facts.len();
        match store.put_document(&doc).await {
            Ok(PutOutcome::New) => {
                sum.new += 1;
                sum.facts += nfacts;
            }
            Ok(PutOutcome::Duplicate) => sum.duplicate += 1,
            Ok(PutOutcome::NearDuplicate { of, similarity }) => {
                sum.near_duplicate += 1;
                sum.facts += nfacts;
                bar.suspend(|| {
                    eprintln!(
                        "note: {source}: near-duplicate ({:.0}% alike) of {}",
                        similarity * 100.0,
                        &of[..12]
                    )
                });
            }
            Err(e) => {
                bar.suspend(|| eprintln!("error: {source}: not stored: {e}"));
                sum.failed += 1;
            }
        }
    }
    bar.finish_and_clear();
    sum
}

/// `hoptac ingest`.
pub async fn ingest(g: &Global, a: IngestArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let store = open_store(g).await?;
    let docs = read_inputs(&a.paths, &a.read.options());
    let sum = ingest_docs(&store, &ex, docs, false).await;
    match g.format {
        Format::Table => eprintln!(
            "{} new, {} duplicate, {} near-duplicate, {} failed; {} facts stored in {}",
            sum.new,
            sum.duplicate,
            sum.near_duplicate,
            sum.failed,
            sum.facts,
            store.location()
        ),
        _ => output::print(g.format, &[&sum], |_| output::table(&[]))?,
    }
    store.close().await;
    Ok(if sum.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `hoptac extract`.
pub fn extract(g: &Global, a: ExtractArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let mut failed = 0;
    let mut records = Vec::new();
    for d in read_inputs(&a.paths, &a.read.options()) {
        let raw = match d {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
                continue;
            }
        };
        let analysis = ex.analyze(&raw.text, &raw.meta);
        let facts: Vec<Fact> = analysis
            .facts
            .into_iter()
            .filter(|f| a.dates || f.kind() != "date")
            .collect();
        records.push(ExtractRecord {
            id: content_id(&raw.text),
            source: raw.source,
            lang: raw
                .meta
                .lang
                .or(analysis.lang)
                .map(|l| l.code().to_string()),
            published: raw.meta.published.map(|d| d.to_string()),
            title: raw.meta.title,
            facts,
        });
    }
    output::print(g.format, &records, |rs| {
        let mut t = output::table(&["source", "kind", "span", "text", "fields"]);
        for r in rs {
            for f in &r.facts {
                t.add_row(vec![
                    clip(&r.source, 24),
                    f.kind().to_string(),
                    f.span.to_string(),
                    clip(&f.text, 48),
                    fields(f),
                ]);
            }
        }
        t
    })?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A fact's own fields as `key=value` pairs.
fn fields(f: &Fact) -> String {
    let v = serde_json::to_value(f).unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(o) = v.as_object() {
        for (k, val) in o {
            if matches!(
                k.as_str(),
                "kind" | "text" | "span" | "mentions" | "sentence" | "name" | "content"
            ) || val.is_null()
            {
                continue;
            }
            let s = match val {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            parts.push(format!("{k}={}", clip(&s, 60)));
        }
    }
    parts.join("  ")
}

/// `hoptac documents`.
pub async fn documents(g: &Global, a: ListArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let docs = store.documents(a.limit, a.offset).await?;
    output::print(g.format, &docs, |ds| {
        let mut t = output::table(&[
            "id",
            "published",
            "lang",
            "facts",
            "title / source",
            "near-duplicate of",
        ]);
        for d in ds {
            t.add_row(vec![
                d.id[..12].to_string(),
                opt(&d.published),
                opt(&d.lang),
                d.facts.to_string(),
                clip(d.title.as_deref().unwrap_or(&d.source), 60),
                d.duplicate_of
                    .as_deref()
                    .map_or(String::new(), |x| x[..12].to_string()),
            ]);
        }
        t
    })?;
    if g.format == Format::Table && docs.is_empty() {
        eprintln!(
            "no documents in {} (hoptac ingest PATH... adds some)",
            store.location()
        );
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `hoptac show`.
pub async fn show(g: &Global, a: ShowArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let doc = store.document(&a.doc).await?;
    let facts = store.facts(&doc.summary.id).await?;
    store.close().await;
    if g.format != Format::Table {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            doc: &'a hoptac_store::StoredDocument,
            facts: &'a [Fact],
        }
        output::print(
            g.format,
            &[Shown {
                doc: &doc,
                facts: &facts,
            }],
            |_| output::table(&[]),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let s = &doc.summary;
    writeln!(out, "{}", s.title.as_deref().unwrap_or(&s.source))?;
    writeln!(
        out,
        "id {}  source {}  published {}  lang {}",
        s.id,
        s.source,
        opt(&s.published),
        opt(&s.lang)
    )?;
    if let Some(d) = &s.duplicate_of {
        writeln!(out, "near-duplicate of {d}")?;
    }
    writeln!(out, "\n{}\n", marked(&doc.text, &facts))?;
    let mut t = output::table(&["#", "kind", "span", "text", "fields"]);
    for (i, f) in facts.iter().enumerate() {
        t.add_row(vec![
            (i + 1).to_string(),
            f.kind().to_string(),
            f.span.to_string(),
            clip(&f.text, 50),
            fields(f),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(ExitCode::SUCCESS)
}

/// The text with facts marked `[text]{kind}`; nested facts are listed only
/// in the table.
fn marked(text: &str, facts: &[Fact]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = facts
        .iter()
        .filter(|f| f.kind() != "statement")
        .map(|f| (f.span.start(), f.span.end(), f.kind()))
        .collect();
    spans.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for (s, e, k) in spans {
        if s < at {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push('[');
        out.push_str(&text[s..e]);
        out.push_str("]{");
        out.push_str(k);
        out.push('}');
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// `hoptac entities`.
pub async fn entities(g: &Global) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let ents = store.entities().await?;
    store.close().await;
    let rows: Vec<EntityRecord> = ents
        .into_iter()
        .map(|e| EntityRecord {
            id: e.entity.id,
            kind: e.entity.kind,
            name_en: e.entity.name_en,
            acronym: e.entity.acronym,
            surfaces: e.surfaces,
            documents: e.documents,
            mentions: e.mentions,
        })
        .collect();
    output::print(g.format, &rows, |rs| {
        let mut t = output::table(&["id", "kind", "name (en)", "docs", "surfaces"]);
        for r in rs {
            t.add_row(vec![
                r.id.clone(),
                r.kind.clone(),
                clip(&opt(&r.name_en), 40),
                r.documents.to_string(),
                clip(&r.surfaces.join(" | "), 80),
            ]);
        }
        t
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `hoptac demo`.
pub async fn demo(g: &Global, a: DemoArgs) -> Result<ExitCode> {
    if SAMPLES.is_empty() {
        bail!("this build has no sample articles (data/samples was empty when it was built)");
    }
    let path = a.store.unwrap_or_else(|| data_dir().join("demo.db"));
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p)
                .with_context(|| format!("cannot remove the old demo store {}", p.display()))?;
        }
    }
    let location = path.to_string_lossy().into_owned();
    let store = Store::open(&location).await?;
    let ex = extractor(g)?;
    let opts = ReadOptions::default();
    let mut docs = Vec::new();
    for (name, bytes) in SAMPLES {
        let fmt = hoptac_ingest::Format::from_path(std::path::Path::new(name))
            .unwrap_or(hoptac_ingest::Format::Text);
        docs.extend(hoptac_ingest::parse_bytes(
            &format!("samples/{name}"),
            bytes,
            fmt,
            &opts,
        ));
    }
    println!(
        "hoptac demo: ingesting {} bundled sample articles into a fresh store at {location}\n",
        SAMPLES.len()
    );
    let sum = ingest_docs(&store, &ex, docs, true).await;
    println!(
        "{} documents stored ({} near-duplicates linked to their original), {} duplicates skipped, {} failed; {} facts.\n",
        sum.new + sum.near_duplicate,
        sum.near_duplicate,
        sum.duplicate,
        sum.failed,
        sum.facts
    );
    let list = store.documents(100, 0).await?;
    let mut t = output::table(&[
        "id",
        "published",
        "lang",
        "facts",
        "title",
        "near-duplicate of",
    ]);
    for d in &list {
        t.add_row(vec![
            d.id[..8].to_string(),
            opt(&d.published),
            opt(&d.lang),
            d.facts.to_string(),
            clip(d.title.as_deref().unwrap_or(&d.source), 56),
            d.duplicate_of
                .as_deref()
                .map_or(String::new(), |x| x[..8].to_string()),
        ]);
    }
    println!("DOCUMENTS\n{t}\n");
    let mut meetings = output::table(&["meeting", "date", "place", "documents"]);
    let all_meetings = store.facts_of_kind("meeting").await?;
    let mut seen: Vec<String> = Vec::new();
    for (_, f) in &all_meetings {
        let hoptac_model::FactBody::Meeting(m) = &f.body else {
            continue;
        };
        let key = f.entity.clone().unwrap_or_default();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        let reports: std::collections::BTreeSet<&String> = all_meetings
            .iter()
            .filter(|(_, x)| x.entity.as_deref() == Some(&key))
            .map(|(d, _)| d)
            .collect();
        meetings.add_row(vec![
            opt(&m.name_en),
            opt(&m.date),
            opt(&m.place),
            reports.len().to_string(),
        ]);
    }
    println!("MEETINGS (one row per meeting, however many articles report it)\n{meetings}\n");
    let mut figs = output::table(&["value", "unit", "subject", "year", "source text"]);
    for (_, f) in store
        .facts_of_kind("figure")
        .await?
        .iter()
        .filter(|(_, f)| matches!(&f.body, hoptac_model::FactBody::Figure(x) if x.unit != "count"))
        .take(12)
    {
        if let hoptac_model::FactBody::Figure(x) = &f.body {
            figs.add_row(vec![
                format!("{}", x.value),
                x.unit.clone(),
                opt(&x.subject),
                opt(&x.year),
                clip(&f.text, 30),
            ]);
        }
    }
    println!("FIGURES (first 12)\n{figs}\n");
    let ents = store.entities().await?;
    let mut et = output::table(&["entity", "docs", "surface forms seen (vi and en)"]);
    let mut top: Vec<_> = ents
        .iter()
        .filter(|e| !matches!(e.entity.kind.as_str(), "country" | "place" | "organisation"))
        .collect();
    top.sort_by_key(|e| std::cmp::Reverse((e.documents, e.surfaces.len())));
    for e in top.iter().take(12) {
        et.add_row(vec![
            clip(&opt(&e.entity.name_en), 44),
            e.documents.to_string(),
            clip(&e.surfaces.join(" | "), 90),
        ]);
    }
    println!("ENTITIES resolved across documents and languages (top 12)\n{et}\n");
    println!("Next: HOPTAC_DB={location} hoptac documents | show ID | entities");
    store.close().await;
    Ok(if sum.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
