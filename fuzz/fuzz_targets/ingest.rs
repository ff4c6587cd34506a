//! libFuzzer entry for the `ingest` target; the body and its invariants are
//! `hoptac_fuzzing::ingest` (replayed on stable by `cargo test -p hoptac-fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hoptac_fuzzing::ingest(data));
