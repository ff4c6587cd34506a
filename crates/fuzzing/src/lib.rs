//! The bodies of hoptac's fuzz targets, one function per target.
//!
//! Each takes arbitrary bytes, feeds them to one of the parsers that read
//! what the outside world sends (file readers, text layer, extractors, plan
//! and status files, search queries) and **asserts the invariants** the
//! rest of hoptac relies on: no panic, every span slices its input and
//! gives back its text, every error names its file and place. A broken
//! invariant is a panic, which libFuzzer reports as a crash.
//!
//! The bodies live here, in a workspace crate built on stable Rust, so the
//! same code runs in two ways:
//! - `fuzz/` (cargo-fuzz, nightly, libFuzzer) calls them from its targets
//!   to search for new inputs;
//! - `tests/replay.rs` (`cargo test`) replays every committed corpus file
//!   (`fuzz/corpus/<target>/`) and every crash found so far
//!   (`fuzz/regressions/<target>/`) through them.
//!
//! Where a target needs choices besides the bytes (format, language), the
//! first byte of the input makes them, so the fuzzer explores them too.
#![deny(missing_docs)]

mod extract;
mod ingest;
mod planfile;
mod query;
mod text;

pub use extract::extract;
pub use ingest::ingest;
pub use planfile::planfile;
pub use query::query;
pub use text::text;

/// A target's body.
pub type Body = fn(&[u8]);

/// Every target: its name (the file name in `fuzz/fuzz_targets/` and the
/// corpus folder) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("ingest", ingest),
    ("text", text),
    ("extract", extract),
    ("planfile", planfile),
    ("query", query),
];

/// Run the target called `name` on `data`. Panics when an invariant breaks
/// (and when no target has that name).
pub fn run(name: &str, data: &[u8]) {
    match TARGETS.iter().find(|(n, _)| *n == name) {
        Some((_, f)) => f(data),
        None => panic!("no fuzz target called {name:?}"),
    }
}

/// The bytes as text: invalid UTF-8 replaced, so every input reaches the
/// parser (the readers' own UTF-8 check is fuzzed by `ingest`).
pub(crate) fn lossy(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
