//! libFuzzer entry for the `query` target; the body and its invariants are
//! `hoptac_fuzzing::query` (replayed on stable by `cargo test -p hoptac-fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hoptac_fuzzing::query(data));
