//! Reading the store: `documents`, `show`, `entities`.

use super::{fields, open_store};
use crate::output::{self, clip, opt};
use crate::{Format, Global};
use anyhow::Result;
use clap::Args;
use hoptac_model::Fact;
use hoptac_wire::EntityRecord;
use std::io::Write;
use std::process::ExitCode;

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
