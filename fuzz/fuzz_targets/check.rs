#![no_main]
//! See [`draftlint_fuzz::check`] for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| draftlint_fuzz::check(data));
