//! Replays every committed fuzz input through its target on stable Rust:
//! the minimized corpus of each target (`fuzz/corpus/<target>/`) and every
//! crash the fuzzer ever found (`fuzz/regressions/<target>/`, which must
//! never crash again). A broken invariant fails this test with the file
//! that broke it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out: Vec<PathBuf> = rd
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    out.sort();
    out
}

/// Run `target` on every file; the names of those that panicked.
fn replay(target: &str, inputs: &[PathBuf]) -> Vec<String> {
    let mut failed = Vec::new();
    for p in inputs {
        let data = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if catch_unwind(AssertUnwindSafe(|| hoptac_fuzzing::run(target, &data))).is_err() {
            failed.push(p.display().to_string());
        }
    }
    failed
}

#[test]
fn every_target_has_a_corpus_and_its_fuzz_target() {
    for (name, _) in hoptac_fuzzing::TARGETS {
        let corpus = files(&fuzz_dir().join("corpus").join(name));
        assert!(
            corpus.len() >= 5,
            "fuzz/corpus/{name} has {} files",
            corpus.len()
        );
        let src = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        assert!(src.is_file(), "{} is missing", src.display());
    }
}

macro_rules! replay_tests {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            let t = stringify!($name);
            let mut inputs = files(&fuzz_dir().join("corpus").join(t));
            inputs.extend(files(&fuzz_dir().join("regressions").join(t)));
            let failed = replay(t, &inputs);
            assert!(failed.is_empty(), "{t}: {} of {} inputs broke an invariant: {failed:#?}", failed.len(), inputs.len());
            eprintln!("{t}: {} inputs replayed", inputs.len());
        }
    )*};
}

replay_tests!(ingest, text, extract, planfile, query);

#[test]
fn the_macro_covers_every_target() {
    let names: Vec<&str> = hoptac_fuzzing::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["ingest", "text", "extract", "planfile", "query"]);
}
