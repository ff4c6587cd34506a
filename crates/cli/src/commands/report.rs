//! `hoptac report overview|progress|meeting`: the briefings, written from
//! the store with every number footnoted (crates/report).

use super::plan::{parse_day, today};
use super::{extractor, open_store};
use crate::Global;
use anyhow::{bail, Context, Result};
use clap::Args;
use hoptac_report::{render, Format, Kind, Lang, Options};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
#[command(after_help = "\
The report's own format is --as (md, html, docx, pdf, or png: a screenshot of the HTML), \
or the extension of --out; the global --format (table/json/jsonl) does not apply, except \
--format json, which prints the report model (sections, cells, sources) as JSON.
PDF and PNG are printed from the HTML by a headless Chromium found at run time \
($HOPTAC_CHROMIUM, or chromium / google-chrome on PATH).

Examples:
  hoptac report overview --lang vi --out tong-quan.html
  hoptac report progress --as-of 2025-10-31 --since 2024-06-30 --as md
  hoptac report meeting --meeting \"28th ASEAN-Japan Summit\" --out summit.docx")]
pub struct ReportArgs {
    /// overview (the partnership at a glance), progress (the plan line by
    /// line), or meeting (one meeting: attendees, documents, statements).
    #[arg(value_parser = |s: &str| s.parse::<Kind>())]
    kind: Kind,
    /// The partnership (id or name, e.g. asean-japan); default: the first in the store.
    #[arg(long)]
    partner: Option<String>,
    /// Statuses and overdue commitments as of this date (YYYY-MM-DD); default: today.
    #[arg(long, value_parser = parse_day)]
    as_of: Option<chrono::NaiveDate>,
    /// Show each line's change since this date (progress).
    #[arg(long, value_parser = parse_day)]
    since: Option<chrono::NaiveDate>,
    /// The meeting: words of its name ("28th ASEAN-Japan Summit") or its key
    /// from `hoptac meetings`; default: the latest of the partnership.
    #[arg(long)]
    meeting: Option<String>,
    /// Language of the report's labels (content stays as extracted).
    #[arg(long, default_value = "en", value_parser = |s: &str| s.parse::<Lang>())]
    lang: Lang,
    /// Output format: md, html, docx, pdf, png. Default: from --out's
    /// extension, else md.
    #[arg(long = "as", value_name = "FORMAT")]
    as_format: Option<String>,
    /// Write to this file (default: standard output, for md and html).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

/// `hoptac report`.
pub async fn report(g: &Global, a: ReportArgs) -> Result<ExitCode> {
    let fmt_name = match (&a.as_format, &a.out) {
        (Some(f), _) => f.clone(),
        (None, Some(p)) => p
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "md".into()),
        (None, None) => "md".into(),
    };
    let png = fmt_name.eq_ignore_ascii_case("png");
    let format = if png {
        Format::Html
    } else {
        match Format::parse(&fmt_name) {
            Some(f) => f,
            None => bail!("{fmt_name:?} is not a report format: use md, html, docx, pdf or png"),
        }
    };
    if a.out.is_none() && (png || matches!(format, Format::Docx | Format::Pdf)) {
        bail!("{fmt_name} is a binary format: give --out FILE");
    }
    let store = open_store(g).await?;
    let ex = extractor(g)?;
    let opts = Options {
        partner: a.partner,
        as_of: a.as_of.unwrap_or_else(today),
        since: a.since,
        meeting: a.meeting,
        lang: a.lang,
    };
    let r = hoptac_report::build(&store, ex.gazetteer(), a.kind, &opts).await?;
    store.close().await;
    let bytes = if g.format == crate::Format::Json {
        serde_json::to_vec_pretty(&r)?
    } else if png {
        hoptac_report::render::screenshot(&hoptac_report::render::html(&r), 1200, 2000)?
    } else {
        render(&r, format)?
    };
    match &a.out {
        Some(p) => {
            std::fs::write(p, &bytes).with_context(|| format!("cannot write {}", p.display()))?;
            eprintln!(
                "wrote {} ({} bytes, {} sources)",
                p.display(),
                bytes.len(),
                r.sources.len()
            );
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
