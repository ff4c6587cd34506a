//! `hoptac search` and `hoptac reindex`: the full-text index beside the
//! store (`hoptac-search`).

use super::{data_dir, extractor, open_store, parse_date, store_location};
use crate::output::{self, clip, opt};
use crate::{Format, Global};
use anyhow::{Context, Result};
use clap::Args;
use hoptac_extract::Extractor;
use hoptac_search::{
    index_dir, partners_from_gazetteer, SearchIndex, SearchRequest, SearchResults,
};
use std::io::Write;
use std::process::ExitCode;

/// `hoptac search`.
#[derive(Args, Debug)]
pub struct SearchArgs {
    /// The words to find, with or without diacritics ("phat thai rong",
    /// "Nhật Bản"); put a phrase in double quotes.
    #[arg(required = true)]
    query: Vec<String>,
    /// Only documents in this language.
    #[arg(long, value_parser = ["vi", "en"])]
    lang: Option<String>,
    /// Published on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<chrono::NaiveDate>,
    /// Published on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<chrono::NaiveDate>,
    /// Only documents that mention this entity (an id from `hoptac entities`).
    #[arg(long)]
    entity: Option<String>,
    /// Answer with facts of this kind whose sentence matches.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(hoptac_model::FACT_KINDS))]
    kind: Option<String>,
    /// How many documents (and facts).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Include near-duplicates (republications).
    #[arg(long)]
    duplicates: bool,
    /// Do not count facets.
    #[arg(long)]
    no_facets: bool,
}

/// `hoptac reindex`.
#[derive(Args, Debug)]
pub struct ReindexArgs {}

/// The search index of the store `g` names.
pub(crate) fn open_index(g: &Global, ex: &Extractor) -> Result<SearchIndex> {
    let dir = index_dir(&store_location(g), &data_dir());
    Ok(SearchIndex::open(
        &dir,
        partners_from_gazetteer(ex.gazetteer()),
    )?)
}

/// `hoptac search`.
pub async fn search(g: &Global, a: SearchArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let store = open_store(g).await?;
    let mut index = open_index(g, &ex)?;
    let req = SearchRequest {
        query: a.query.join(" "),
        lang: a.lang,
        from: a.from,
        to: a.to,
        entity: a.entity,
        kind: a.kind,
        limit: a.limit,
        offset: 0,
        duplicates: a.duplicates,
        facets: !a.no_facets,
    };
    let res = index
        .search(&store, &req)
        .await
        .with_context(|| format!("searching {}", store.location()))?;
    print(g.format, &res)?;
    store.close().await;
    index.close()?;
    Ok(ExitCode::SUCCESS)
}

fn print(format: Format, r: &SearchResults) -> Result<()> {
    match format {
        Format::Json => output::print(format, std::slice::from_ref(r), |_| output::table(&[])),
        Format::Jsonl => {
            let mut lines: Vec<serde_json::Value> = Vec::new();
            for d in &r.documents {
                let mut v = serde_json::to_value(d)?;
                v["type"] = "document".into();
                lines.push(v);
            }
            for f in &r.facts {
                let mut v = serde_json::to_value(f)?;
                v["type"] = "fact".into();
                lines.push(v);
            }
            if let Some(f) = &r.facets {
                let mut v = serde_json::to_value(f)?;
                v["type"] = "facets".into();
                v["total"] = r.total.into();
                lines.push(v);
            }
            output::print(format, &lines, |_| output::table(&[]))
        }
        Format::Table => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if !r.documents.is_empty() {
                let mut t = output::table(&[
                    "id",
                    "published",
                    "lang",
                    "score",
                    "snippet (matches in [ ])",
                ]);
                for d in &r.documents {
                    t.add_row(vec![
                        d.id[..12].to_string(),
                        opt(&d.published),
                        opt(&d.lang),
                        format!("{:.2}", d.score),
                        d.snippet.as_ref().map_or_else(
                            || clip(d.title.as_deref().unwrap_or(""), 80),
                            |s| s.marked("[", "]"),
                        ),
                    ]);
                }
                writeln!(out, "{t}")?;
            }
            if !r.facts.is_empty() {
                let mut t =
                    output::table(&["doc", "kind", "fact", "span", "sentence (matches in [ ])"]);
                for f in &r.facts {
                    t.add_row(vec![
                        f.doc_id[..12].to_string(),
                        f.fact["kind"].as_str().unwrap_or("").to_string(),
                        clip(f.fact["text"].as_str().unwrap_or(""), 40),
                        f.fact["span"].to_string(),
                        f.sentence.marked("[", "]"),
                    ]);
                }
                writeln!(out, "{t}")?;
            }
            let what = if r.documents.is_empty() && !r.facts.is_empty() {
                "sentences with such facts"
            } else {
                "documents"
            };
            writeln!(out, "{} {what} match {:?}", r.total, r.query)?;
            if let Some(f) = &r.facets {
                let line = |name: &str, v: &[(String, u64)]| {
                    let items: Vec<String> = v.iter().map(|(k, n)| format!("{k} {n}")).collect();
                    format!(
                        "{name}: {}",
                        if items.is_empty() {
                            "—".to_string()
                        } else {
                            items.join(", ")
                        }
                    )
                };
                writeln!(out, "{}", line("by year", &f.year))?;
                writeln!(out, "{}", line("by language", &f.lang))?;
                writeln!(out, "{}", line("by partner", &f.partner))?;
                writeln!(out, "{}", line("by entity", &f.entity))?;
            }
            out.flush()?;
            Ok(())
        }
    }
}

/// `hoptac reindex`: rebuild the index from the store.
pub async fn reindex(g: &Global, _a: ReindexArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let store = open_store(g).await?;
    let mut index = open_index(g, &ex)?;
    let started = std::time::Instant::now();
    let r = index.rebuild(&store, "asked for").await?;
    let size = index.size_on_disk();
    let path = index.path().display().to_string();
    index.close()?;
    store.close().await;
    #[derive(serde::Serialize)]
    struct Report {
        index: String,
        documents: u64,
        bytes: u64,
        seconds: f64,
    }
    let rep = Report {
        index: path,
        documents: r.documents,
        bytes: size,
        seconds: started.elapsed().as_secs_f64(),
    };
    match g.format {
        Format::Table => eprintln!(
            "reindexed {} documents into {} ({:.1} MiB) in {:.1} s",
            rep.documents,
            rep.index,
            rep.bytes as f64 / 1048576.0,
            rep.seconds
        ),
        _ => output::print(g.format, &[rep], |_| output::table(&[]))?,
    }
    Ok(ExitCode::SUCCESS)
}
