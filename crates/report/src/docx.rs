//! DOCX through docx-rs: real heading styles (so Word's navigation pane
//! and table of contents work), tables with a shaded header row, citations
//! as small "[n]" runs and a numbered source list at the end — one entry
//! per source however often it is cited, where Word footnotes would repeat
//! it. Charts are not embedded (they would need a rasteriser); a note says
//! so, and the table above each chart holds its values with their sources.

use crate::model::*;
use crate::render::source_line;
use crate::{ReportError, Result};
use docx_rs::*;

fn heading_style(id: &str, name: &str, size: usize, colour: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .size(size)
        .bold()
        .color(colour)
        .outline_lvl(if id == "Heading1" { 0 } else { 1 })
        .line_spacing(LineSpacing::new().before(280).after(100))
}

/// The text width of an A4 page with Word's default margins, in twips.
const TEXT_WIDTH: usize = 9000;

fn plain_len(r: &Runs) -> usize {
    r.iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Bold(t) => t.chars().count(),
            Inline::Cite(n) => n.to_string().len() + 2,
        })
        .sum()
}

/// Column widths in proportion to what they hold (the longest cell, capped,
/// so one long quote does not squeeze the numbers), each at least a word wide.
fn column_widths(head: &[String], rows: &[Vec<Runs>]) -> Vec<usize> {
    let n = head
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    let weights: Vec<usize> = (0..n)
        .map(|c| {
            let h = head.get(c).map_or(0, |h| h.chars().count().min(14));
            let cells = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(plain_len)
                .max()
                .unwrap_or(0);
            h.max(cells).clamp(10, 40)
        })
        .collect();
    let total: usize = weights.iter().sum();
    weights.iter().map(|w| TEXT_WIDTH * w / total).collect()
}

fn runs_paragraph(r: &Runs) -> Paragraph {
    let mut p = Paragraph::new();
    for i in r {
        p = match i {
            Inline::Text(t) => p.add_run(Run::new().add_text(t.as_str())),
            Inline::Bold(t) => p.add_run(Run::new().add_text(t.as_str()).bold()),
            Inline::Cite(n) => p.add_run(
                Run::new()
                    .add_text(format!("[{n}]"))
                    .size(14)
                    .color("1F5F99"),
            ),
        };
    }
    p
}

/// The report as a DOCX file.
pub fn docx(r: &Report) -> Result<Vec<u8>> {
    let mut d = Docx::new()
        .add_style(heading_style("Title", "Title", 36, "1D2330").outline_lvl(0))
        .add_style(heading_style("Heading1", "heading 1", 28, "1F5F99"))
        .add_style(heading_style("Heading2", "heading 2", 24, "1F5F99"))
        .default_size(21)
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        );
    d = d.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(r.title.as_str())),
    );
    d = d.add_paragraph(
        Paragraph::new().add_run(
            Run::new()
                .add_text(r.subtitle.as_str())
                .italic()
                .color("5B6472"),
        ),
    );
    for s in &r.sections {
        d = d.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(Run::new().add_text(s.heading.as_str())),
        );
        for b in &s.blocks {
            match b {
                Block::Para { runs } => d = d.add_paragraph(runs_paragraph(runs)),
                Block::List { items } => {
                    for i in items {
                        let mut rr = vec![Inline::Text("• ".into())];
                        rr.extend(i.iter().cloned());
                        d = d.add_paragraph(runs_paragraph(&rr));
                    }
                }
                Block::Table {
                    head,
                    rows,
                    numeric,
                } => {
                    let kv = head.iter().all(|h| h.is_empty());
                    let mut trs = Vec::new();
                    if !kv {
                        trs.push(TableRow::new(
                            head.iter()
                                .map(|h| {
                                    TableCell::new()
                                        .shading(Shading::new().fill("E8EDF3"))
                                        .add_paragraph(Paragraph::new().add_run(
                                            Run::new().add_text(h.as_str()).bold().size(18),
                                        ))
                                })
                                .collect(),
                        ));
                    }
                    for row in rows {
                        trs.push(TableRow::new(
                            row.iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    let mut p = runs_paragraph(c);
                                    if numeric.contains(&i) {
                                        p = p.align(AlignmentType::Right);
                                    }
                                    TableCell::new().add_paragraph(p)
                                })
                                .collect(),
                        ));
                    }
                    let grid = column_widths(head, rows);
                    d = d.add_table(
                        Table::new(trs)
                            .set_grid(grid)
                            .layout(TableLayoutType::Fixed)
                            .width(TEXT_WIDTH, WidthType::Dxa),
                    );
                    d = d.add_paragraph(Paragraph::new());
                }
                Block::Chart(c) => {
                    let note = match r.lang {
                        Lang::Vi => format!("[Biểu đồ: {} — xem bản HTML hoặc PDF; số liệu ở bảng trên]", c.title),
                        Lang::En => format!("[Chart: {} — see the HTML or PDF edition; the values are in the table above]", c.title),
                    };
                    d = d.add_paragraph(
                        Paragraph::new()
                            .add_run(Run::new().add_text(note).italic().color("5B6472")),
                    );
                }
                Block::Note { text } => {
                    d = d.add_paragraph(
                        Paragraph::new().add_run(
                            Run::new()
                                .add_text(text.as_str())
                                .italic()
                                .size(18)
                                .color("5B6472"),
                        ),
                    )
                }
            }
        }
    }
    d = d.add_paragraph(
        Paragraph::new()
            .style("Heading1")
            .add_run(Run::new().add_text(r.sources_heading.as_str())),
    );
    for (i, s) in r.sources.iter().enumerate() {
        d = d.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("[{}] ", i + 1)).bold().size(18))
                .add_run(Run::new().add_text(source_line(s, r.lang)).size(18)),
        );
    }
    d = d.add_paragraph(
        Paragraph::new().add_run(Run::new().add_text(r.colophon.as_str()).italic().size(16)),
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut buf)
        .map_err(|e| ReportError::Render(format!("cannot write the DOCX: {e}")))?;
    Ok(buf.into_inner())
}
