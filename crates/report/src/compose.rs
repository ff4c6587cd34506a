//! The three reports, composed from the store: the tracker's plans,
//! progress and commitments, and the store's one-record-per-thing views
//! (`Store::meetings`, `Store::figures`, `Store::fact_rows`). Every number
//! put in a report is cited through [`Citer`] as it is written.

use crate::cite::Citer;
use crate::i18n::t;
use crate::model::*;
use crate::{ReportError, Result};
use chrono::NaiveDate;
use hoptac_extract::gazetteer::Gazetteer;
use hoptac_model::FactBody;
use hoptac_store::{DataPoint, MeetingRecord, Store};
use hoptac_tracker::{
    CommitmentFilter, GroupBy, Line, LineStatus, Partnership, PlanInfo, Progress, Status,
    SubjectKind, Tracker,
};
use std::collections::BTreeMap;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The partnership at a glance.
    Overview,
    /// The plan line by line.
    Progress,
    /// One meeting.
    Meeting,
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        match s {
            "overview" => Ok(Kind::Overview),
            "progress" => Ok(Kind::Progress),
            "meeting" => Ok(Kind::Meeting),
            o => Err(format!(
                "{o:?} is not a report: use overview, progress or meeting"
            )),
        }
    }
}

/// What to report on.
#[derive(Debug, Clone)]
pub struct Options {
    /// The partnership (id or name, e.g. `asean-japan`, `Japan`); default:
    /// the first the tracker holds.
    pub partner: Option<String>,
    /// The date the report is "as of" (statuses, overdue).
    pub as_of: NaiveDate,
    /// Show changes since this date (progress).
    pub since: Option<NaiveDate>,
    /// The meeting (a record key, or words of its name; default: the latest).
    pub meeting: Option<String>,
    /// Language of the labels.
    pub lang: Lang,
}

/// Build the report `kind` from `store`.
pub async fn build(store: &Store, gaz: &Gazetteer, kind: Kind, o: &Options) -> Result<Report> {
    let mut c = Ctx::new(store, gaz, o).await?;
    let (title, subtitle, sections) = match kind {
        Kind::Overview => c.overview().await?,
        Kind::Progress => c.progress().await?,
        Kind::Meeting => c.meeting().await?,
    };
    let counts = store.counts().await?;
    let colophon = t(
        o.lang,
        "colophon",
        &[
            ("d", &o.as_of.to_string()),
            ("n", &counts.documents.to_string()),
        ],
    );
    Ok(Report {
        kind: match kind {
            Kind::Overview => "overview",
            Kind::Progress => "progress",
            Kind::Meeting => "meeting",
        }
        .into(),
        lang: o.lang,
        title,
        subtitle,
        sections,
        sources_heading: t(o.lang, "sec.sources", &[]),
        sources: c.cite.finish(),
        colophon,
    })
}

/// Lower case, ASCII dashes, no spaces around them: names compare.
fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '–' | '—' | '‑' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" - ", "-")
}

/// Year → (value, footnote) of one series of a chart.
type YearValues = BTreeMap<i32, (f64, usize)>;

struct Ctx<'a> {
    store: &'a Store,
    gaz: &'a Gazetteer,
    tracker: Tracker<'a>,
    o: &'a Options,
    cite: Citer<'a>,
    partnership: Option<Partnership>,
    /// "ASEAN-Japan": how figures and meeting series name the partnership.
    name: String,
    /// The partner's gazetteer id ("japan"), for `partner=` attributes.
    partner_id: Option<String>,
    plan: Option<PlanInfo>,
}

fn tx(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn runs(s: impl Into<String>) -> Runs {
    vec![tx(s)]
}

fn with_cites(s: impl Into<String>, cites: &[usize]) -> Runs {
    let mut r = vec![tx(s)];
    r.extend(cites.iter().map(|n| Inline::Cite(*n)));
    r
}

fn cites_only(cites: &[usize]) -> Runs {
    cites.iter().map(|n| Inline::Cite(*n)).collect()
}

/// A number for people: "236.6 billion USD" / "236,6 tỷ USD", "83%".
pub fn fmt_value(v: f64, unit: &str, lang: Lang) -> String {
    let dec = |x: f64, places: usize| {
        let s = format!("{x:.places$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        match lang {
            Lang::Vi => s.replace('.', ","),
            Lang::En => s,
        }
    };
    match unit {
        "percent" => format!("{}%", dec(v, 1)),
        "USD" | "JPY" | "VND" | "EUR" | "KRW" | "CNY" if v.abs() >= 1e9 => {
            format!(
                "{} {} {unit}",
                dec(v / 1e9, 1),
                t(lang, "billion_usd", &[])
                    .split(' ')
                    .next()
                    .unwrap_or("billion")
            )
        }
        "USD" | "JPY" | "VND" | "EUR" | "KRW" | "CNY" if v.abs() >= 1e6 => {
            format!(
                "{} {} {unit}",
                dec(v / 1e6, 1),
                t(lang, "million_usd", &[])
                    .split(' ')
                    .next()
                    .unwrap_or("million")
            )
        }
        "rank" => format!("#{}", dec(v, 0)),
        "" | "count" => dec(v, 2),
        u => format!("{} {u}", dec(v, 2)),
    }
}

fn status_label(lang: Lang, s: LineStatus) -> String {
    t(
        lang,
        match s {
            LineStatus::NotStarted => "not_started",
            LineStatus::Ongoing => "ongoing",
            LineStatus::Implemented => "implemented",
            LineStatus::Discontinued => "discontinued",
        },
        &[],
    )
}

fn pct(part: usize, total: usize) -> String {
    if total == 0 {
        "0%".into()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / total as f64)
    }
}

impl<'a> Ctx<'a> {
    async fn new(store: &'a Store, gaz: &'a Gazetteer, o: &'a Options) -> Result<Ctx<'a>> {
        let tracker = Tracker::new(store);
        let all = tracker.partnerships().await?;
        let partnership = match &o.partner {
            Some(p) => {
                let q = norm(p);
                all.iter()
                    .find(|x| norm(&x.id) == q || norm(&x.name) == q)
                    .or_else(|| {
                        all.iter().find(|x| {
                            norm(&x.name).contains(&q) || x.parties.split(';').any(|y| norm(y) == q)
                        })
                    })
                    .cloned()
            }
            None => all.first().cloned(),
        };
        let name = match (&partnership, &o.partner) {
            (Some(p), _) => p.name.clone(),
            (None, Some(p)) => p.clone(),
            (None, None) => {
                return Err(ReportError::Usage(
                    "the store holds no partnership yet: import a plan with --partnership \
                     (hoptac plan import ... --partnership asean-japan --parties \"ASEAN;Japan\") \
                     or name one with --partner"
                        .into(),
                ))
            }
        };
        // The party that is not ASEAN, as a gazetteer country id.
        let partner_id = partnership
            .as_ref()
            .map(|p| p.parties.clone())
            .unwrap_or_else(|| name.replace('-', ";"))
            .split(';')
            .map(str::trim)
            .filter(|x| !x.eq_ignore_ascii_case("asean"))
            .find_map(|party| {
                let q = norm(party);
                gaz.entries()
                    .iter()
                    .find(|e| {
                        e.kind == "country"
                            && (norm(&e.name_en) == q
                                || e.id == q
                                || e.en.iter().chain(e.vi.iter()).any(|n| norm(n) == q))
                    })
                    .map(|e| e.id.clone())
            });
        let plans = tracker.plans().await?;
        let plan = plans
            .iter()
            .filter(|p| {
                partnership.is_none()
                    || p.partnership.as_deref() == partnership.as_ref().map(|x| x.id.as_str())
            })
            .filter(|p| {
                !plans
                    .iter()
                    .any(|q| q.replaces.as_deref() == Some(p.id.as_str()))
            })
            .max_by(|a, b| a.adopted.cmp(&b.adopted))
            .cloned();
        Ok(Ctx {
            store,
            gaz,
            tracker,
            o,
            cite: Citer::new(store),
            partnership,
            name,
            partner_id,
            plan,
        })
    }

    fn lang(&self) -> Lang {
        self.o.lang
    }

    fn t(&self, key: &str) -> String {
        t(self.o.lang, key, &[])
    }

    /// A table with the headings of these message keys ("" for none), or a
    /// "no data" note when there are no rows: every section says which.
    fn table_or_note(&self, head: &[&str], rows: Vec<Vec<Runs>>, numeric: &[usize]) -> Vec<Block> {
        if rows.is_empty() {
            return vec![Block::Note {
                text: self.t("no_data"),
            }];
        }
        vec![Block::Table {
            head: head
                .iter()
                .map(|k| {
                    if k.is_empty() {
                        String::new()
                    } else {
                        self.t(k)
                    }
                })
                .collect(),
            rows,
            numeric: numeric.to_vec(),
        }]
    }

    /// The display name of an entity in the report's language.
    fn entity_name(&self, id: &str, fallback: &str) -> String {
        match (self.gaz.get(id), self.lang()) {
            (Some(e), Lang::Vi) => e.vi.first().cloned().unwrap_or_else(|| e.name_en.clone()),
            (Some(e), Lang::En) => e.name_en.clone(),
            (None, _) => fallback.to_string(),
        }
    }

    fn of_partnership(&self, s: &str) -> bool {
        norm(s).contains(&norm(&self.name))
    }

    async fn meetings(&self) -> Result<Vec<MeetingRecord>> {
        Ok(self
            .store
            .meetings()
            .await?
            .into_iter()
            .filter(|m| {
                m.series.as_deref().is_some_and(|s| self.of_partnership(s))
                    || m.name_en.as_deref().is_some_and(|s| self.of_partnership(s))
            })
            .collect())
    }

    /// Cite the independent reports of a meeting (a republication only
    /// when nothing else reports it).
    async fn cite_reports(&mut self, reports: &[hoptac_store::Report]) -> Result<Vec<usize>> {
        let mut out = Vec::new();
        let chosen: Vec<_> = if reports.iter().any(|r| r.independent()) {
            reports.iter().filter(|r| r.independent()).collect()
        } else {
            reports.iter().collect()
        };
        for r in chosen {
            let n = self.cite.doc(&r.doc_id, r.span).await?;
            if !out.contains(&n) {
                out.push(n);
            }
        }
        Ok(out)
    }

    fn progress_source(&mut self, plan: &str) -> usize {
        let text = t(
            self.o.lang,
            "derived.progress",
            &[("p", plan), ("d", &self.o.as_of.to_string())],
        );
        self.cite.derived(text)
    }

    // ----------------------------------------------------------------- overview

    async fn overview(&mut self) -> Result<(String, String, Vec<Section>)> {
        let title = t(self.lang(), "overview.title", &[("p", &self.name)]);
        let subtitle = t(self.lang(), "as_of", &[("d", &self.o.as_of.to_string())]);
        let mut sections = vec![self.partnership_section()];
        sections.push(self.mechanisms_section().await?);
        if let Some(plan) = self.plan.clone() {
            sections.push(self.pillar_section(&plan).await?);
            sections.push(self.reported_section(&plan).await?);
        }
        sections.push(self.figures_section().await?);
        sections.push(self.initiatives_section().await?);
        sections.push(self.commitments_section().await?);
        Ok((title, subtitle, sections))
    }

    fn partnership_section(&mut self) -> Section {
        let mut rows = Vec::new();
        if let Some(p) = self.partnership.clone() {
            let src = self.plan.clone().map(|plan| {
                let text = t(
                    self.o.lang,
                    "derived.partnership",
                    &[
                        ("p", &plan.id),
                        ("d", plan.imported_at.get(..10).unwrap_or(&plan.imported_at)),
                        ("w", &plan.imported_by),
                    ],
                );
                self.cite.derived(text)
            });
            let c: Vec<usize> = src.into_iter().collect();
            rows.push(vec![
                runs(self.t("partnership")),
                with_cites(p.name.clone(), &c),
            ]);
            rows.push(vec![
                runs(self.t("parties")),
                runs(p.parties.replace(';', ", ")),
            ]);
            if let Some(l) = &p.level {
                rows.push(vec![runs(self.t("level")), with_cites(l.clone(), &c)]);
            }
            if let Some(s) = &p.since {
                rows.push(vec![runs(self.t("level_since")), with_cites(s.clone(), &c)]);
            }
        }
        if let Some(plan) = &self.plan {
            let mut v = plan.title.clone();
            if let Some(a) = &plan.adopted {
                v.push_str(&format!(" ({} {a})", self.t("adopted")));
            }
            let c = self.progress_source(&plan.id.clone());
            rows.push(vec![runs(self.t("plan")), with_cites(v, &[c])]);
        }
        let blocks = self.table_or_note(&["", ""], rows, &[]);
        Section {
            heading: self.t("sec.partnership"),
            blocks,
        }
    }

    async fn mechanisms_section(&mut self) -> Result<Section> {
        let meetings = self.meetings().await?;
        // The latest meeting of each series.
        let mut latest: BTreeMap<String, MeetingRecord> = BTreeMap::new();
        for m in meetings {
            let series = m.series.clone().or(m.name_en.clone()).unwrap_or_default();
            let newer = latest
                .get(&series)
                .is_none_or(|l| m.date.as_deref().unwrap_or("") > l.date.as_deref().unwrap_or(""));
            if newer {
                latest.insert(series, m);
            }
        }
        let mut rows = Vec::new();
        let mut notes = Vec::new();
        for (series, m) in latest {
            let c = self.cite_reports(&m.reports).await?;
            rows.push(vec![
                runs(series),
                with_cites(m.name_en.clone().unwrap_or_default(), &c),
                with_cites(m.date.clone().unwrap_or_default(), &c),
                runs(m.place.clone().unwrap_or_default()),
                with_cites(m.sources.to_string(), &c),
            ]);
            if !m.disagreements.is_empty() {
                notes.push(t(
                    self.lang(),
                    "note.disagree",
                    &[(
                        "x",
                        &format!(
                            "{}: {}",
                            m.name_en.clone().unwrap_or_default(),
                            m.disagreements.join("; ")
                        ),
                    )],
                ));
            }
        }
        let mut blocks = self.table_or_note(
            &["series", "meeting", "date", "place", "reports"],
            rows,
            &[4],
        );
        blocks.extend(notes.into_iter().map(|text| Block::Note { text }));
        Ok(Section {
            heading: self.t("sec.mechanisms"),
            blocks,
        })
    }

    async fn pillar_section(&mut self, plan: &PlanInfo) -> Result<Section> {
        let p: Progress = self
            .tracker
            .progress(&plan.id, self.o.as_of, GroupBy::Pillar)
            .await?;
        let src = self.progress_source(&plan.id);
        let lines = self.tracker.lines(&plan.id).await?;
        let mut rows = Vec::new();
        let mut groups = Vec::new();
        for r in p.rows.iter().chain(std::iter::once(&p.total)) {
            let total_row = r.group == p.total.group && std::ptr::eq(r, &p.total);
            let title = if total_row {
                self.t("total")
            } else {
                let l = lines.iter().find(|l| l.id == r.group);
                let title = match (self.lang(), l) {
                    (Lang::Vi, Some(l)) => l.text_vi.clone().unwrap_or(l.text.clone()),
                    (_, Some(l)) => l.text.clone(),
                    _ => r.title.clone(),
                };
                format!("{} {}", r.group, title)
            };
            rows.push(vec![
                runs(title.clone()),
                with_cites(r.total.to_string(), &[src]),
                with_cites(r.not_started.to_string(), &[src]),
                with_cites(r.ongoing.to_string(), &[src]),
                with_cites(r.implemented.to_string(), &[src]),
                with_cites(r.discontinued.to_string(), &[src]),
                with_cites(pct(r.implemented + r.ongoing, r.total), &[src]),
            ]);
            if !total_row {
                groups.push(BarGroup {
                    label: format!("{} {}", self.t("pillar"), r.group),
                    values: vec![
                        Some((r.implemented as f64, Some(src))),
                        Some((r.ongoing as f64, Some(src))),
                        Some((r.not_started as f64, Some(src))),
                        Some((r.discontinued as f64, Some(src))),
                    ],
                });
            }
        }
        let head = vec![
            self.t("pillar"),
            self.t("lines"),
            self.t("not_started"),
            self.t("ongoing"),
            self.t("implemented"),
            self.t("discontinued"),
            format!("{} + {}", self.t("implemented"), self.t("ongoing")),
        ];
        let chart = Chart {
            title: format!(
                "{} — {}",
                self.t("sec.progress"),
                t(self.lang(), "as_of", &[("d", &self.o.as_of.to_string())])
            ),
            unit: self.t("lines"),
            series: vec![
                self.t("implemented"),
                self.t("ongoing"),
                self.t("not_started"),
                self.t("discontinued"),
            ],
            groups,
            stacked: true,
        };
        Ok(Section {
            heading: self.t("sec.progress"),
            blocks: vec![
                Block::Table {
                    head,
                    rows,
                    numeric: vec![1, 2, 3, 4, 5, 6],
                },
                Block::Chart(chart),
            ],
        })
    }

    async fn reported_section(&mut self, plan: &PlanInfo) -> Result<Section> {
        let checks = self.tracker.ratio_checks(plan).await?;
        let mut rows = Vec::new();
        for r in checks {
            let c = self.cite.doc(&r.doc, r.span).await?;
            let src = self.cite.derived(t(
                self.o.lang,
                "derived.progress",
                &[("p", &plan.id), ("d", &r.date)],
            ));
            rows.push(vec![
                with_cites(r.date.clone(), &[c]),
                with_cites(format!("{}/{}", r.reported, r.reported_total), &[c]),
                runs(match (self.lang(), r.counts.as_str()) {
                    (Lang::Vi, "implemented or ongoing") => "đã và đang thực hiện".to_string(),
                    (Lang::Vi, "implemented") => "đã hoàn thành".to_string(),
                    (_, c) => c.to_string(),
                }),
                with_cites(format!("{}/{}", r.tracker, r.tracker_total), &[src]),
                with_cites(
                    match (r.agrees, self.lang()) {
                        (true, _) => self.t("agrees"),
                        (false, Lang::En) => format!("{}: {}", self.t("disagrees"), r.note),
                        (false, Lang::Vi) => format!(
                            "{}: báo chí nêu {}/{}, theo dõi có {} dòng hành động và đếm được {}",
                            self.t("disagrees"),
                            r.reported,
                            r.reported_total,
                            r.tracker_total,
                            r.tracker
                        ),
                    },
                    &[c, src],
                ),
            ]);
        }
        let blocks = self.table_or_note(
            &["date", "reported", "what", "tracker", "check"],
            rows,
            &[1, 3],
        );
        Ok(Section {
            heading: self.t("sec.reported"),
            blocks,
        })
    }

    async fn figures_section(&mut self) -> Result<Section> {
        let points: Vec<DataPoint> = self
            .store
            .figures()
            .await?
            .into_iter()
            .filter(|d| {
                d.partnership
                    .as_deref()
                    .is_some_and(|p| self.of_partnership(p))
            })
            .filter(|d| d.unit != "count")
            .collect();
        let mut rows = Vec::new();
        let mut notes = Vec::new();
        // (unit) -> subject -> year -> (value, cite)
        let mut charts: BTreeMap<String, BTreeMap<String, YearValues>> = BTreeMap::new();
        for d in &points {
            let mut cell = Vec::new();
            let mut first = None;
            let mut all_cites = Vec::new();
            for (i, v) in d.values.iter().enumerate() {
                let c = self.cite_reports(&v.reports).await?;
                all_cites.extend(c.iter().copied());
                first = first.or(c.first().copied());
                if i > 0 {
                    cell.push(tx(" / "));
                }
                let mut s = fmt_value(v.value, &d.unit, self.lang());
                if let Some(q) = &v.qualifier {
                    s = format!("{q} {s}");
                }
                cell.extend(with_cites(s, &c));
            }
            if d.disagreement {
                notes.push(t(
                    self.lang(),
                    "note.disagree",
                    &[("x", &format!("{} {}", d.subject, d.year))],
                ));
            }
            rows.push(vec![
                runs(d.subject.clone()),
                runs(d.year.to_string()),
                cell,
                with_cites(d.sources.to_string(), &all_cites),
            ]);
            if matches!(d.unit.as_str(), "USD" | "JPY" | "VND" | "EUR") {
                if let Some(c) = first {
                    charts
                        .entry(d.unit.clone())
                        .or_default()
                        .entry(d.subject.clone())
                        .or_default()
                        .insert(d.year, (d.value, c));
                }
            }
        }
        let mut blocks =
            self.table_or_note(&["indicator", "year", "value", "reports"], rows, &[2, 3]);
        blocks.extend(notes.into_iter().map(|text| Block::Note { text }));
        for (unit, subjects) in charts {
            let years: std::collections::BTreeSet<i32> =
                subjects.values().flat_map(|y| y.keys().copied()).collect();
            if years.is_empty() {
                continue;
            }
            // A series of one year is a number, not a trend: the table has it.
            let subjects: BTreeMap<String, YearValues> = subjects
                .into_iter()
                .filter(|(_, by)| by.len() >= 2)
                .collect();
            let years: std::collections::BTreeSet<i32> =
                subjects.values().flat_map(|y| y.keys().copied()).collect();
            if years.is_empty() {
                continue;
            }
            let series: Vec<String> = subjects.keys().cloned().collect();
            let groups = years
                .iter()
                .map(|y| BarGroup {
                    label: y.to_string(),
                    values: subjects
                        .values()
                        .map(|by| by.get(y).map(|(v, c)| (v / 1e9, Some(*c))))
                        .collect(),
                })
                .collect();
            blocks.push(Block::Chart(Chart {
                title: format!("{} — {}", self.name, series.join(", ")),
                unit: match (self.lang(), unit.as_str()) {
                    (Lang::Vi, u) => format!("tỷ {u}"),
                    (Lang::En, u) => format!("billion {u}"),
                },
                series,
                groups,
                stacked: false,
            }));
            blocks.push(Block::Note {
                text: self.t("note.chart"),
            });
        }
        Ok(Section {
            heading: self.t("sec.figures"),
            blocks,
        })
    }

    async fn initiatives_section(&mut self) -> Result<Section> {
        let mentions = self
            .store
            .last_mentions(&["initiative", "agreement", "fund"])
            .await?;
        let lines = match &self.plan {
            Some(p) => self.tracker.lines(&p.id).await?,
            None => vec![],
        };
        let doc_facts = self.store.fact_rows(&["document"]).await?;
        let mut rows = Vec::new();
        for m in mentions {
            let entry = self.gaz.get(&m.entity);
            let partner = entry.and_then(|e| e.attr("partner"));
            let ours = match (partner, &self.partner_id) {
                (Some(p), Some(id)) => p == id,
                _ => false,
            };
            if !ours {
                continue;
            }
            let name = self.entity_name(&m.entity, m.name_en.as_deref().unwrap_or(&m.surface));
            let status = self
                .initiative_status(&m.entity, entry, &lines, &doc_facts)
                .await?;
            let c = self.cite.doc(&m.doc_id, m.span).await?;
            rows.push(vec![
                runs(name),
                runs(self.kind_label(&m.kind)),
                status,
                with_cites(m.published.clone().unwrap_or_else(|| "—".into()), &[c]),
            ]);
        }
        let blocks = self.table_or_note(&["name", "kind", "status", "last_mentioned"], rows, &[]);
        Ok(Section {
            heading: self.t("sec.initiatives"),
            blocks,
        })
    }

    fn kind_label(&self, kind: &str) -> String {
        match (self.lang(), kind) {
            (Lang::Vi, "initiative") => "sáng kiến".into(),
            (Lang::Vi, "agreement") => "hiệp định".into(),
            (Lang::Vi, "fund") => "quỹ".into(),
            (_, k) => k.into(),
        }
    }

    /// An initiative's status: the plan lines about it (their statuses,
    /// with evidence), else the last outcome-document fact naming it,
    /// else "mentioned".
    async fn initiative_status(
        &mut self,
        entity: &str,
        entry: Option<&hoptac_extract::gazetteer::Entry>,
        lines: &[Line],
        doc_facts: &[hoptac_store::FactRow],
    ) -> Result<Runs> {
        let about: Vec<&Line> = lines
            .iter()
            .filter(|l| l.action && !l.retired && l.topics.iter().any(|x| x == entity))
            .collect();
        if !about.is_empty() {
            let mut out = Vec::new();
            for (i, l) in about.iter().enumerate() {
                if i > 0 {
                    out.push(tx("; "));
                }
                out.push(tx(format!(
                    "{} {}: {}",
                    self.t("line"),
                    l.id,
                    status_label(self.lang(), l.status)
                )));
                let ev = self.evidence_cite(l.evidence.as_ref()).await?;
                if ev.is_empty() {
                    // No entry yet: the status is the tracker's default.
                    let plan = l.plan.clone();
                    out.push(Inline::Cite(self.progress_source(&plan)));
                } else {
                    out.extend(ev);
                }
            }
            return Ok(out);
        }
        if let Some(r) = doc_facts.iter().rev().find(|r| {
            r.fact.entity.as_deref() == Some(entity)
                && matches!(&r.fact.body, FactBody::Document(d) if d.action != "referenced")
                && r.report.independent()
        }) {
            if let FactBody::Document(d) = &r.fact.body {
                let c = self.cite.doc(&r.report.doc_id, r.report.span).await?;
                return Ok(with_cites(
                    format!(
                        "{} {}",
                        d.action,
                        r.report.published.clone().unwrap_or_default()
                    ),
                    &[c],
                ));
            }
        }
        // What the gazetteer records (signed, in force...).
        if let Some(e) = entry {
            let dated: Vec<String> = [
                "status",
                "signed",
                "in_force",
                "launched",
                "established",
                "announced",
            ]
            .iter()
            .filter_map(|k| e.attr(k).map(|v| format!("{k} {v}")))
            .collect();
            if !dated.is_empty() {
                let c = self
                    .cite
                    .reference(format!("gazetteer row {} (data/gazetteer)", e.id));
                return Ok(with_cites(dated.join(", ").replace('_', " "), &[c]));
            }
        }
        Ok(runs(self.t("mentioned")))
    }

    async fn evidence_cite(
        &mut self,
        ev: Option<&hoptac_tracker::Evidence>,
    ) -> Result<Vec<Inline>> {
        let Some(ev) = ev else { return Ok(vec![]) };
        Ok(match (&ev.doc, ev.span, &ev.reference) {
            (Some(d), Some(sp), _) => vec![Inline::Cite(self.cite.doc(d, sp).await?)],
            (_, _, Some(r)) => vec![Inline::Cite(self.cite.reference(r.clone()))],
            (Some(d), None, _) => vec![Inline::Cite(self.cite.reference(format!("document {d}")))],
            _ => vec![],
        })
    }

    async fn commitments_section(&mut self) -> Result<Section> {
        let all = self
            .tracker
            .commitments(
                self.gaz,
                &CommitmentFilter {
                    open: true,
                    ..Default::default()
                },
                self.o.as_of,
            )
            .await?;
        let mut rows = Vec::new();
        for cm in all {
            let about_us = cm
                .meeting
                .as_deref()
                .is_some_and(|m| self.of_partnership(m))
                || cm
                    .party
                    .as_deref()
                    .into_iter()
                    .chain(cm.addressee.as_deref())
                    .any(|p| self.name.split(['-', '–']).any(|n| norm(n) == norm(p)));
            if !about_us {
                continue;
            }
            let c = self.cite.doc(&cm.doc, cm.span).await?;
            let mut status = cm.status.to_string();
            if cm.overdue {
                status = format!("{status}, {}", self.t("overdue"));
            }
            rows.push(vec![
                runs(cm.speaker.clone().or(cm.party.clone()).unwrap_or_default()),
                runs(cm.addressee.clone().unwrap_or_default()),
                with_cites(cm.content.clone().unwrap_or(cm.quote.clone()), &[c]),
                match &cm.deadline {
                    Some(d) => with_cites(d.clone(), &[c]),
                    None => vec![],
                },
                runs(status),
            ]);
        }
        let blocks =
            self.table_or_note(&["who", "to_whom", "what", "deadline", "status"], rows, &[]);
        Ok(Section {
            heading: self.t("sec.commitments"),
            blocks,
        })
    }

    // ----------------------------------------------------------------- progress

    async fn progress(&mut self) -> Result<(String, String, Vec<Section>)> {
        let plan = self.plan.clone().ok_or_else(|| {
            ReportError::Usage(format!(
                "no plan of {} in the store: import one with hoptac plan import",
                self.name
            ))
        })?;
        let title = t(self.lang(), "progress.title", &[("p", &plan.title)]);
        let mut subtitle = t(self.lang(), "as_of", &[("d", &self.o.as_of.to_string())]);
        if let Some(s) = self.o.since {
            subtitle.push_str(&format!(
                " · {}",
                t(self.lang(), "since", &[("d", &s.to_string())])
            ));
        }
        let mut sections = vec![self.pillar_section(&plan).await?];
        sections.push(self.reported_section(&plan).await?);
        let lines = self.tracker.lines(&plan.id).await?;
        let mut rows = Vec::new();
        for l in lines.iter().filter(|l| !l.retired) {
            let text = match self.lang() {
                Lang::Vi => l.text_vi.clone().unwrap_or(l.text.clone()),
                Lang::En => l.text.clone(),
            };
            if !l.action {
                rows.push(vec![
                    vec![Inline::Bold(l.id.clone())],
                    vec![Inline::Bold(text)],
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                ]);
                continue;
            }
            // The status as of the report's date and the --since date: the
            // history replayed (the last entry effective by then).
            let hist = self
                .tracker
                .history(SubjectKind::Line, &format!("{}/{}", plan.id, l.id))
                .await?;
            let at = |d: NaiveDate| {
                let d = d.to_string();
                hist.iter()
                    .filter(|h| h.effective <= d)
                    .max_by(|a, b| (&a.effective, a.seq).cmp(&(&b.effective, b.seq)))
            };
            let now = at(self.o.as_of);
            let status = now
                .map(|h| LineStatus::parse(&h.to).unwrap_or(LineStatus::NotStarted))
                .unwrap_or(LineStatus::NotStarted);
            let ev = self
                .evidence_cite(now.and_then(|h| h.evidence.as_ref()))
                .await?;
            let change = match self.o.since {
                Some(s) => {
                    let before = at(s).map(|h| h.to.clone()).unwrap_or("not_started".into());
                    let after = now.map(|h| h.to.clone()).unwrap_or("not_started".into());
                    if before == after {
                        runs(self.t("unchanged"))
                    } else {
                        let b = LineStatus::parse(&before)
                            .map(|x| status_label(self.lang(), x))
                            .unwrap_or(before);
                        let a = LineStatus::parse(&after)
                            .map(|x| status_label(self.lang(), x))
                            .unwrap_or(after);
                        let mut r = runs(format!("{b} → {a}"));
                        r.extend(ev.iter().cloned());
                        r
                    }
                }
                None => vec![],
            };
            let since = now.map(|h| h.effective.clone()).unwrap_or_default();
            let mut since_cell = runs(since.clone());
            if !since.is_empty() {
                since_cell.extend(ev.iter().cloned());
            }
            rows.push(vec![
                runs(l.id.clone()),
                runs(text),
                runs(status_label(self.lang(), status)),
                since_cell,
                if ev.is_empty() {
                    vec![]
                } else {
                    let quote = now
                        .and_then(|h| h.evidence.as_ref())
                        .and_then(|e| e.quote.clone().or(e.reference.clone()))
                        .unwrap_or_default();
                    let mut r = runs(format!("“{}”", quote));
                    r.extend(ev.iter().cloned());
                    r
                },
                change,
            ]);
        }
        let mut head = vec![
            self.t("line"),
            self.t("text"),
            self.t("status"),
            self.t("since_col"),
            self.t("evidence"),
        ];
        head.push(match self.o.since {
            Some(s) => t(self.lang(), "change", &[("d", &s.to_string())]),
            None => String::new(),
        });
        sections.push(Section {
            heading: self.t("sec.lines"),
            blocks: vec![Block::Table {
                head,
                rows,
                numeric: vec![],
            }],
        });
        Ok((title, subtitle, sections))
    }

    // ----------------------------------------------------------------- meeting

    async fn meeting(&mut self) -> Result<(String, String, Vec<Section>)> {
        let all = self.store.meetings().await?;
        let m = match &self.o.meeting {
            Some(q) => {
                let nq = norm(q);
                all.iter()
                    .find(|m| norm(&m.key) == nq)
                    .or_else(|| {
                        all.iter()
                            .find(|m| m.name_en.as_deref().is_some_and(|n| norm(n).contains(&nq)))
                    })
                    .cloned()
                    .ok_or_else(|| {
                        ReportError::Usage(format!(
                            "no meeting matches {q:?}; known: {}",
                            all.iter()
                                .map(|m| m.name_en.clone().unwrap_or(m.key.clone()))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ))
                    })?
            }
            None => self
                .meetings()
                .await?
                .into_iter()
                .max_by(|a, b| a.date.cmp(&b.date))
                .ok_or_else(|| {
                    ReportError::Usage(format!("no meeting of {} in the store", self.name))
                })?,
        };
        let name = m.name_en.clone().unwrap_or(m.key.clone());
        let title = t(self.lang(), "meeting.title", &[("p", &name)]);
        let subtitle = format!(
            "{} · {}",
            m.date.clone().unwrap_or_default(),
            m.place.clone().unwrap_or_default()
        );
        let c = self.cite_reports(&m.reports).await?;
        let mut sections = vec![Section {
            heading: self.t("sec.meeting"),
            blocks: {
                let mut b = vec![Block::Table {
                    head: vec![String::new(), String::new()],
                    rows: vec![
                        vec![runs(self.t("meeting")), with_cites(name.clone(), &c)],
                        vec![
                            runs(self.t("date")),
                            with_cites(m.date.clone().unwrap_or_default(), &c),
                        ],
                        vec![
                            runs(self.t("place")),
                            with_cites(m.place.clone().unwrap_or_default(), &c),
                        ],
                        vec![
                            runs(self.t("reports")),
                            with_cites(m.sources.to_string(), &c),
                        ],
                    ],
                    numeric: vec![],
                }];
                if !m.disagreements.is_empty() {
                    b.push(Block::Note {
                        text: t(
                            self.lang(),
                            "note.disagree",
                            &[("x", &m.disagreements.join("; "))],
                        ),
                    });
                }
                b
            },
        }];
        let docs: Vec<String> = m.reports.iter().map(|r| r.doc_id.clone()).collect();
        let in_docs =
            |r: &hoptac_store::FactRow| docs.contains(&r.report.doc_id) && r.report.independent();
        let rows = self
            .store
            .fact_rows(&["person", "document", "statement"])
            .await?;
        // Attendees: person facts of its reports, one row per person.
        let mut people: BTreeMap<String, (Vec<Runs>, Vec<usize>)> = BTreeMap::new();
        for r in rows.iter().filter(|r| in_docs(r)) {
            if let FactBody::Person(p) = &r.fact.body {
                let key = r.fact.entity.clone().unwrap_or(norm(&p.name));
                let n = self.cite.doc(&r.report.doc_id, r.report.span).await?;
                let e = people.entry(key).or_insert_with(|| {
                    (
                        vec![
                            runs(p.name.clone()),
                            runs(match self.o.lang {
                                Lang::Vi => {
                                    p.title.clone().or(p.title_en.clone()).unwrap_or_default()
                                }
                                Lang::En => {
                                    p.title_en.clone().or(p.title.clone()).unwrap_or_default()
                                }
                            }),
                            runs(p.country.clone().unwrap_or_default()),
                        ],
                        vec![],
                    )
                });
                if !e.1.contains(&n) {
                    e.1.push(n);
                }
            }
        }
        let prow: Vec<Vec<Runs>> = people
            .into_values()
            .map(|(mut cells, cites)| {
                cells.push(cites_only(&cites));
                cells
            })
            .collect();
        sections.push(Section {
            heading: self.t("sec.attendees"),
            blocks: vec![
                Block::Table {
                    head: vec![
                        self.t("name"),
                        self.t("title"),
                        self.t("country"),
                        self.t("source"),
                    ],
                    rows: prow,
                    numeric: vec![],
                },
                Block::Note {
                    text: self.t("note.meetingdocs"),
                },
            ],
        });
        // Documents adopted: the record's, each cited where a report says it.
        let mut drows = Vec::new();
        for d in &m.documents {
            let mut cites = Vec::new();
            for r in rows.iter().filter(|r| in_docs(r)) {
                if let FactBody::Document(x) = &r.fact.body {
                    let same = match (&d.entity, &r.fact.entity) {
                        (Some(a), Some(b)) => a == b,
                        _ => x.name_en.as_deref().unwrap_or(&x.name) == d.name_en,
                    };
                    if same && x.action == d.action {
                        cites.push(self.cite.doc(&r.report.doc_id, r.report.span).await?);
                    }
                }
            }
            let shown = match &d.entity {
                Some(id) => self.entity_name(id, &d.name_en),
                None => d.name_en.clone(),
            };
            drows.push(vec![with_cites(shown, &cites), runs(d.action.clone())]);
        }
        sections.push(Section {
            heading: self.t("sec.adopted"),
            blocks: self.table_or_note(&["doc", "action"], drows, &[]),
        });
        // Statements.
        let mut srows = Vec::new();
        for r in rows.iter().filter(|r| in_docs(r)) {
            if let FactBody::Statement(s) = &r.fact.body {
                let n = self.cite.doc(&r.report.doc_id, r.report.span).await?;
                srows.push(vec![
                    runs(s.speaker.clone().unwrap_or_default()),
                    runs(s.act.clone()),
                    runs(s.addressee.clone().unwrap_or_default()),
                    with_cites(s.content.clone().unwrap_or(r.fact.text.clone()), &[n]),
                ]);
            }
        }
        sections.push(Section {
            heading: self.t("sec.statements"),
            blocks: self.table_or_note(&["who", "act", "to_whom", "what"], srows, &[]),
        });
        // Commitments made there.
        let all_c = self
            .tracker
            .commitments(self.gaz, &CommitmentFilter::default(), self.o.as_of)
            .await?;
        let mut crows = Vec::new();
        for cm in all_c {
            let here = cm.sources.iter().any(|(d, _)| docs.contains(d))
                && cm.meeting.as_deref().is_none_or(|x| norm(x) == norm(&name));
            if !here {
                continue;
            }
            let c = self.cite.doc(&cm.doc, cm.span).await?;
            let mut status = cm.status.to_string();
            if cm.overdue {
                status = format!("{status}, {}", self.t("overdue"));
            }
            crows.push(vec![
                runs(cm.speaker.clone().or(cm.party.clone()).unwrap_or_default()),
                with_cites(cm.content.clone().unwrap_or(cm.quote.clone()), &[c]),
                match &cm.deadline {
                    Some(d) => with_cites(d.clone(), &[c]),
                    None => vec![],
                },
                runs(status),
            ]);
        }
        sections.push(Section {
            heading: self.t("sec.commitments"),
            blocks: self.table_or_note(&["who", "what", "deadline", "status"], crows, &[]),
        });
        Ok((title, subtitle, sections))
    }
}
