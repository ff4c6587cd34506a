//! libFuzzer entry for the `text` target; the body and its invariants are
//! `hoptac_fuzzing::text` (replayed on stable by `cargo test -p hoptac-fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hoptac_fuzzing::text(data));
