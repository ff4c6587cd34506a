//! Renderers: Markdown, HTML (self-contained: styles and SVG charts
//! inline, print CSS), DOCX, PDF. Every piece of content is escaped for its
//! format: article text is always text.

use crate::model::*;
use crate::svg::{bar_chart, esc};
use crate::{ReportError, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown with footnotes (`[^1]`).
    Markdown,
    /// One HTML file, charts as inline SVG.
    Html,
    /// Word (Office Open XML), for ministries that edit the text.
    Docx,
    /// PDF, printed from the HTML by a headless Chromium found at run time.
    Pdf,
}

impl Format {
    /// From a name (`md`, `html`, `docx`, `pdf`) or a file extension.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim_start_matches('.').to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// Render `r` as `format`.
pub fn render(r: &Report, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Markdown => Ok(markdown(r).into_bytes()),
        Format::Html => Ok(html(r).into_bytes()),
        Format::Docx => crate::docx::docx(r),
        Format::Pdf => pdf(&html(r)),
    }
}

// ------------------------------------------------------------------ sources

/// A source in one line of plain text (Markdown, DOCX).
pub fn source_line(s: &Source, lang: Lang) -> String {
    let t = |k: &str| crate::i18n::t(lang, k, &[]);
    match s {
        Source::Document {
            doc,
            title,
            published,
            url,
            origin,
            start,
            end,
            quote,
            sentence,
        } => {
            let mut o = String::new();
            o.push_str(title.as_deref().unwrap_or(origin));
            if let Some(p) = published {
                o.push_str(&format!(", {} {p}", t("published")));
            }
            o.push_str(&format!(". {}", url.as_deref().unwrap_or(origin)));
            o.push_str(&format!(
                ". {} {}, {} {start}–{end}: “{quote}”",
                t("doc").to_lowercase(),
                &doc[..doc.len().min(12)],
                t("bytes")
            ));
            if sentence != quote {
                o.push_str(&format!(" — “{sentence}”"));
            }
            o
        }
        Source::Derived { text } => format!("{} ({})", text, t("computed")),
        Source::Reference { text } => format!("{}: {text}", t("reference")),
    }
}

// ------------------------------------------------------------------ Markdown

fn md_esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '`' | '#' => {
                o.push('\\');
                o.push(c)
            }
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn md_runs(r: &Runs) -> String {
    let mut o = String::new();
    for i in r {
        match i {
            Inline::Text(t) => o.push_str(&md_esc(t)),
            Inline::Bold(t) => o.push_str(&format!("**{}**", md_esc(t))),
            Inline::Cite(n) => o.push_str(&format!("[^{n}]")),
        }
    }
    o
}

/// The report as Markdown (GitHub/Pandoc footnotes).
pub fn markdown(r: &Report) -> String {
    let mut o = format!("# {}\n\n*{}*\n\n", md_esc(&r.title), md_esc(&r.subtitle));
    for s in &r.sections {
        o.push_str(&format!("## {}\n\n", md_esc(&s.heading)));
        for b in &s.blocks {
            match b {
                Block::Para { runs } => o.push_str(&format!("{}\n\n", md_runs(runs))),
                Block::List { items } => {
                    for i in items {
                        o.push_str(&format!("- {}\n", md_runs(i)));
                    }
                    o.push('\n');
                }
                Block::Table {
                    head,
                    rows,
                    numeric,
                } => {
                    let cols = head.len();
                    o.push_str(&format!(
                        "| {} |\n|{}\n",
                        head.iter()
                            .map(|h| md_esc(h))
                            .collect::<Vec<_>>()
                            .join(" | "),
                        (0..cols)
                            .map(|i| if numeric.contains(&i) {
                                "---:|"
                            } else {
                                "---|"
                            })
                            .collect::<String>()
                    ));
                    for row in rows {
                        o.push_str(&format!(
                            "| {} |\n",
                            row.iter().map(md_runs).collect::<Vec<_>>().join(" | ")
                        ));
                    }
                    o.push('\n');
                }
                Block::Chart(c) => {
                    // Markdown has no charts: the table above holds the values.
                    o.push_str(&format!(
                        "*{}* (chart: HTML and PDF editions)\n\n",
                        md_esc(&c.title)
                    ));
                }
                Block::Note { text } => o.push_str(&format!("> {}\n\n", md_esc(text))),
            }
        }
    }
    o.push_str(&format!("## {}\n\n", md_esc(&r.sources_heading)));
    for (i, s) in r.sources.iter().enumerate() {
        o.push_str(&format!(
            "[^{}]: {}\n",
            i + 1,
            md_esc(&source_line(s, r.lang))
        ));
    }
    o.push_str(&format!("\n---\n\n*{}*\n", md_esc(&r.colophon)));
    o
}

// ------------------------------------------------------------------ HTML

const CSS: &str = r#"
:root { --ink:#1d2330; --muted:#5b6472; --rule:#d7dce3; --accent:#1f5f99; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif", Georgia, "Times New Roman", serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
.subtitle { color: var(--muted); margin: 0 0 .8rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; color: var(--accent);
     border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { font-family: Helvetica, Arial, sans-serif; font-size: .8rem; text-transform: uppercase;
     letter-spacing: .03em; color: var(--muted); }
td.date { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.kv td:first-child { width: 12rem; color: var(--muted); }
table.kv thead { display: none; }
sup.cite { font-size: .7em; line-height: 0; }
sup.cite a { color: var(--accent); text-decoration: none; }
.note { color: var(--muted); font-size: .85rem; margin: .2rem 0 .8rem; }
figure { margin: .5rem 0 1.2rem; }
figure svg { max-width: 100%; height: auto; }
ol.sources { font-size: .82rem; padding-left: 1.6rem; }
ol.sources li { margin-bottom: .35rem; word-break: break-word; }
ol.sources .quote { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
  a { color: inherit; }
}
"#;

fn html_runs(r: &Runs) -> String {
    let mut o = String::new();
    for i in r {
        match i {
            Inline::Text(t) => o.push_str(&esc(t)),
            Inline::Bold(t) => o.push_str(&format!("<strong>{}</strong>", esc(t))),
            Inline::Cite(n) => o.push_str(&format!(
                "<sup class=\"cite\"><a href=\"#src-{n}\">[{n}]</a></sup>"
            )),
        }
    }
    o
}

/// A cell that starts with a YYYY-MM-DD date (kept on one line).
fn starts_with_date(r: &Runs) -> bool {
    matches!(r.first(), Some(Inline::Text(t)) if t.len() >= 10
        && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-'
        && t[..4].bytes().all(|b| b.is_ascii_digit()))
}

/// The stylesheet of the HTML edition (for a server that serves it apart).
pub const STYLESHEET: &str = CSS;

/// The report as one self-contained HTML page.
pub fn html(r: &Report) -> String {
    html_page(r, &format!("<style>{CSS}</style>"))
}

/// The report as HTML that links its stylesheet at `href` instead of
/// inlining it (for a server whose Content-Security-Policy forbids inline
/// styles).
pub fn html_linked(r: &Report, href: &str) -> String {
    html_page(
        r,
        &format!("<link rel=\"stylesheet\" href=\"{}\">", esc(href)),
    )
}

fn html_page(r: &Report, style: &str) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"hoptac\"><title>{}</title>{style}</head><body>\n\
         <header><h1>{}</h1><p class=\"subtitle\">{}</p></header>\n",
        r.lang.code(),
        esc(&r.title),
        esc(&r.title),
        esc(&r.subtitle)
    );
    for s in &r.sections {
        o.push_str(&format!("<section><h2>{}</h2>\n", esc(&s.heading)));
        for b in &s.blocks {
            match b {
                Block::Para { runs } => o.push_str(&format!("<p>{}</p>\n", html_runs(runs))),
                Block::List { items } => {
                    o.push_str("<ul>");
                    for i in items {
                        o.push_str(&format!("<li>{}</li>", html_runs(i)));
                    }
                    o.push_str("</ul>\n");
                }
                Block::Table {
                    head,
                    rows,
                    numeric,
                } => {
                    let kv = head.iter().all(|h| h.is_empty());
                    o.push_str(if kv {
                        "<table class=\"kv\">"
                    } else {
                        "<table>"
                    });
                    o.push_str("<thead><tr>");
                    for (i, h) in head.iter().enumerate() {
                        let cls = if numeric.contains(&i) {
                            " class=\"num\""
                        } else {
                            ""
                        };
                        o.push_str(&format!("<th{cls}>{}</th>", esc(h)));
                    }
                    o.push_str("</tr></thead><tbody>\n");
                    for row in rows {
                        o.push_str("<tr>");
                        for (i, c) in row.iter().enumerate() {
                            let cls = if numeric.contains(&i) {
                                " class=\"num\""
                            } else if starts_with_date(c) {
                                " class=\"date\""
                            } else {
                                ""
                            };
                            o.push_str(&format!("<td{cls}>{}</td>", html_runs(c)));
                        }
                        o.push_str("</tr>\n");
                    }
                    o.push_str("</tbody></table>\n");
                }
                Block::Chart(c) => {
                    o.push_str(&format!("<figure>{}</figure>\n", bar_chart(c, r.lang)));
                }
                Block::Note { text } => {
                    o.push_str(&format!("<p class=\"note\">{}</p>\n", esc(text)))
                }
            }
        }
        o.push_str("</section>\n");
    }
    o.push_str(&format!(
        "<section><h2>{}</h2><ol class=\"sources\">\n",
        esc(&r.sources_heading)
    ));
    for (i, s) in r.sources.iter().enumerate() {
        let n = i + 1;
        let body = match s {
            Source::Document {
                doc,
                title,
                published,
                url,
                origin,
                start,
                end,
                quote,
                sentence,
            } => {
                let name = esc(title.as_deref().unwrap_or(origin));
                let link = match url {
                    Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                        format!("<a href=\"{}\">{}</a>", esc(u), esc(u))
                    }
                    _ => esc(origin),
                };
                let date = published
                    .as_deref()
                    .map(|p| {
                        format!(
                            ", {} {}",
                            esc(&crate::i18n::t(r.lang, "published", &[])),
                            esc(p)
                        )
                    })
                    .unwrap_or_default();
                let mut q = format!(
                    " <span class=\"doc\" data-doc=\"{}\" data-span=\"{start}-{end}\">[{} {start}–{end}]</span> <q>{}</q>",
                    esc(doc),
                    esc(&doc[..doc.len().min(12)]),
                    esc(quote)
                );
                if sentence != quote {
                    q.push_str(&format!(
                        " <span class=\"quote\">— “{}”</span>",
                        esc(sentence)
                    ));
                }
                format!("<cite>{name}</cite>{date}. {link}.{q}")
            }
            Source::Derived { .. } | Source::Reference { .. } => esc(&source_line(s, r.lang)),
        };
        o.push_str(&format!("<li id=\"src-{n}\">{body}</li>\n"));
    }
    o.push_str("</ol></section>\n");
    o.push_str(&format!(
        "<footer>{}</footer>\n</body></html>\n",
        esc(&r.colophon)
    ));
    o
}

// ------------------------------------------------------------------ PDF

/// A headless Chromium: `$HOPTAC_CHROMIUM`, else the usual names on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("HOPTAC_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A scratch directory removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "hoptac-report-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&p)
            .map_err(|e| ReportError::Render(format!("cannot create {}: {e}", p.display())))?;
        Ok(Scratch(p))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run headless Chromium on an HTML page; `args` name the output.
pub fn chromium(html: &str, args: &[String], out_name: &str) -> Result<Vec<u8>> {
    let bin = find_chromium().ok_or_else(|| {
        ReportError::Render(
            "PDF needs a headless Chromium and none was found (looked for $HOPTAC_CHROMIUM, \
             chromium, chromium-browser, google-chrome on PATH): install it (Debian: apt-get \
             install chromium) or render --as html and print that"
                .into(),
        )
    })?;
    let dir = Scratch::new()?;
    let page = dir.0.join("report.html");
    std::fs::write(&page, html)
        .map_err(|e| ReportError::Render(format!("cannot write {}: {e}", page.display())))?;
    let out = dir.0.join(out_name);
    let profile = dir.0.join("profile");
    let mut cmd = Command::new(&bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(
        args.iter()
            .map(|a| a.replace("{out}", &out.display().to_string())),
    )
    .arg(file_url(&page));
    let res = cmd
        .output()
        .map_err(|e| ReportError::Render(format!("cannot run {}: {e}", bin.display())))?;
    std::fs::read(&out).map_err(|e| {
        ReportError::Render(format!(
            "{} produced no {out_name} ({e}); exit {}, stderr: {}",
            bin.display(),
            res.status,
            String::from_utf8_lossy(&res.stderr)
                .lines()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
                .join(" | ")
        ))
    })
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn pdf(html: &str) -> Result<Vec<u8>> {
    chromium(
        html,
        &[
            "--print-to-pdf={out}".to_string(),
            "--no-pdf-header-footer".to_string(),
        ],
        "report.pdf",
    )
}

/// A screenshot of the HTML page (PNG), for looking at a report.
pub fn screenshot(html: &str, width: u32, height: u32) -> Result<Vec<u8>> {
    chromium(
        html,
        &[
            "--screenshot={out}".to_string(),
            format!("--window-size={width},{height}"),
        ],
        "report.png",
    )
}
