#!/usr/bin/env bash
# Runs the language-server session fuzzer (tests/lsp_session_fuzz.rs) for a
# given seed and time: four sessions, seeds SEED..SEED+3, SECONDS in all.
# It stops by itself, prints each seed and its number of operations, and on
# a failure the seed, the command that replays it and the operations.
#
#   fuzz/lsp-session.sh [SEED [SECONDS]]     (defaults: 1 and 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-1}"
seconds="${2:-60}"
DRAFTLINT_FUZZ_SEED="$seed" DRAFTLINT_FUZZ_SECONDS="$seconds" \
  cargo test --test lsp_session_fuzz -- --nocapture
