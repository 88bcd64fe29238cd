#!/usr/bin/env bash
# Runs one cargo-fuzz target on the nightly toolchain, starting from the
# committed seed inputs (fuzz/seeds/TARGET) and the corpus of earlier runs
# (fuzz/corpus/TARGET, not committed), for SECONDS (default 600).
# Crashes land in fuzz/artifacts/TARGET; copy each one (minimised with
# `cargo +nightly fuzz tmin TARGET FILE`) to fuzz/regressions/TARGET so
# that `cargo test` keeps replaying it (tests/fuzz_regressions.rs).
#
#   fuzz/run.sh TARGET [SECONDS [more libFuzzer flags]]
#   targets: check fix pack recheck
set -euo pipefail
cd "$(dirname "$0")/.."
target="$1"
seconds="${2:-600}"
shift $(( $# < 2 ? $# : 2 ))
mkdir -p "fuzz/corpus/$target"
exec cargo +nightly fuzz run --sanitizer none "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
  -max_total_time="$seconds" -timeout=10 -print_final_stats=1 "$@"
