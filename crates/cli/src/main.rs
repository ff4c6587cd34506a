//! `hoptac`: the command line. Argument parsing, output formatting and
//! error reporting only; the work is done by the library crates.

mod bench;
mod commands;
mod output;

use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// hoptac — the monitor of a partnership: meetings, people, figures,
/// documents and statements from Vietnamese and English news, each with
/// its exact source span.
#[derive(Parser, Debug)]
#[command(name = "hoptac", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
struct Global {
    /// The store: a SQLite file path, or a postgres:// URL.
    /// Default: $XDG_DATA_HOME/hoptac/hoptac.db (~/.local/share/hoptac/hoptac.db).
    #[arg(long, global = true, env = "HOPTAC_DB", hide_env_values = true)]
    db: Option<String>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    format: Format,

    /// An extra gazetteer CSV (header id,kind,name_en,acronym,vi,en,attrs);
    /// its rows add to or replace the built-in ones. May be repeated.
    #[arg(long, global = true, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,

    /// Log more (-v info, -vv debug). HOPTAC_LOG sets a filter too.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
}

/// Output formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read articles and store them with their facts.
    Ingest(commands::IngestArgs),
    /// Extract facts without a store (the contract of shared/eval/CONTRACT.md).
    Extract(commands::ExtractArgs),
    /// List stored documents.
    Documents(commands::ListArgs),
    /// Show a document with its facts marked.
    Show(commands::ShowArgs),
    /// List resolved entities with every surface form seen.
    Entities,
    /// The meetings timeline: one row per meeting however many documents
    /// and languages report it (date, series, ordinal, place, documents
    /// adopted, sources, languages).
    Meetings(commands::MeetingsArgs),
    /// Data points by partnership, subject and year: one per indicator,
    /// with its sources, and disagreements between sources kept and flagged.
    Figures(commands::FiguresArgs),
    /// The tour: ingest the bundled sample articles into a fresh store and
    /// show what hoptac found.
    Demo(commands::DemoArgs),
    /// Measure extraction throughput on a corpus generated from the samples.
    Bench(bench::BenchArgs),
    /// The partnership tracker: a plan's action lines, their status on
    /// evidence, history, suggestions and progress.
    Plan(commands::PlanArgs),
    /// Commitments made in the statements stored: by and to whom, status,
    /// deadline, follow-ups.
    Commitments(commands::CommitmentsArgs),
    /// Set or read the status of one commitment.
    Commitment(commands::CommitmentArgs),
    /// What changed since a date: statuses, new commitments, new meetings.
    Changes(commands::ChangesArgs),
    /// Add, list or remove the feeds, sitemaps and pages hoptac watches.
    Sources(commands::SourcesArgs),
    /// Poll the watched sources when due and ingest their new articles.
    Watch(commands::WatchArgs),
    /// Search the stored documents and facts, with or without diacritics.
    Search(commands::SearchArgs),
    /// Rebuild the search index from the store.
    Reindex(commands::ReindexArgs),
    /// Generate a corpus of articles with planted facts (seeded), or
    /// measure the extractors' recall on it.
    Corpus(commands::CorpusArgs),
    /// Measure end-to-end ingest (extract + store + index) of a corpus file.
    BenchIngest(commands::BenchIngestArgs),
    /// Measure search latency and quality against SQLite FTS5 on the same documents.
    BenchSearch(commands::BenchSearchArgs),
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    init_logging(cli.global.verbose);
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Ingest(a) => commands::ingest(g, a).await,
        Command::Extract(a) => commands::extract(g, a),
        Command::Documents(a) => commands::documents(g, a).await,
        Command::Show(a) => commands::show(g, a).await,
        Command::Entities => commands::entities(g).await,
        Command::Meetings(a) => commands::meetings(g, a).await,
        Command::Figures(a) => commands::figures(g, a).await,
        Command::Demo(a) => commands::demo(g, a).await,
        Command::Bench(a) => bench::run(g.format, a).map(|_| ExitCode::SUCCESS),
        Command::Plan(a) => commands::plan(g, a).await,
        Command::Commitments(a) => commands::commitments(g, a).await,
        Command::Commitment(a) => commands::commitment(g, a).await,
        Command::Changes(a) => commands::changes(g, a).await,
        Command::Sources(a) => commands::sources(g, a).await,
        Command::Watch(a) => commands::watch(g, a).await,
        Command::Search(a) => commands::search(g, a).await,
        Command::Reindex(a) => commands::reindex(g, a).await,
        Command::Corpus(a) => commands::corpus(g, a),
        Command::BenchIngest(a) => commands::bench_ingest(g, a).await,
        Command::BenchSearch(a) => commands::bench_search(g, a).await,
    }
}

fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_env("HOPTAC_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// `hoptac demo | head`: like any Unix filter, end quietly when the reader
/// goes away. Rust ignores SIGPIPE, which turns every later `println!` into
/// a panic; the default action ends the process without a word. Sockets are
/// not affected (they are written with MSG_NOSIGNAL).
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread is started;
    // setting a signal's disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// `hoptac ... | head` must not be an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
