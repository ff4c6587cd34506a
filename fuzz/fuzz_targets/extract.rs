//! libFuzzer entry for the `extract` target; the body and its invariants are
//! `hoptac_fuzzing::extract` (replayed on stable by `cargo test -p hoptac-fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hoptac_fuzzing::extract(data));
