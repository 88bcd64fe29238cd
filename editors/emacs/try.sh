#!/usr/bin/env bash
# Tries the README's eglot setup (Emacs 28 + Debian's elpa-eglot) against a
# draftlint binary: opens a draft in a temporary project, waits for the
# diagnostics, applies all safe fixes, saves, and compares the file.
#   apt-get install -y emacs-nox elpa-eglot
#   editors/emacs/try.sh path/to/draftlint
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(cd "$(dirname "${1:?usage: try.sh path/to/draftlint}")" && pwd)/$(basename "$1")"
fixtures="$here/../vscode/test/fixtures"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp -R "$fixtures/workspace/." "$dir/"
cp "$fixtures/draft.md" "$dir/draft.md"
git -C "$dir" init -q
timeout 60 emacs --batch -q -l "$here/try-eglot.el" "$bin" "$dir" "$dir/draft.md" "$fixtures/draft.fixed.md"
