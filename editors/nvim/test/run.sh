#!/usr/bin/env bash
# Runs every test_*.lua in its own headless Neovim against the real server.
# Usage: run.sh [DRAFTLINT_BIN]. Ends with "nvim: N passed, N failed".
set -u
here="$(cd "$(dirname "$0")" && pwd)"
DRAFTLINT_BIN="${1:-${DRAFTLINT_BIN:-}}"
if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim: not found; install it with: apt-get install -y neovim" >&2
  exit 1
fi
if [ -z "$DRAFTLINT_BIN" ] || [ ! -x "$DRAFTLINT_BIN" ]; then
  echo "nvim tests: pass the draftlint binary as \$1 or set DRAFTLINT_BIN" >&2
  exit 1
fi
DRAFTLINT_BIN="$(cd "$(dirname "$DRAFTLINT_BIN")" && pwd)/$(basename "$DRAFTLINT_BIN")"
export DRAFTLINT_BIN
echo "# $(nvim --version | head -1)"
pass=0
fail=0
for t in "$here"/test_*.lua; do
  # A temporary home keeps the user's config out and holds the LSP log.
  home="$(mktemp -d)"
  export DRAFTLINT_TEST_OUT="$home/result"
  if XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" \
    XDG_CACHE_HOME="$home/cache" timeout 60 nvim --headless -u NONE -i NONE -n \
    -c "luafile $t" </dev/null >"$home/output" 2>&1; then
    pass=$((pass + 1))
    cat "$home/result" 2>/dev/null || echo "ok - $(basename "$t")"
  else
    rc=$?
    fail=$((fail + 1))
    echo "not ok - $(basename "$t") (exit $rc)"
    sed 's/^/    /' "$home/result" 2>/dev/null
    if [ -s "$home/output" ]; then
      echo "    --- Neovim output"
      sed 's/^/    /' "$home/output"
      echo
    fi
    lsplog="$(find "$home" -name 'lsp.log' 2>/dev/null | head -1)"
    if [ -n "$lsplog" ]; then
      echo "    --- lsp.log (tail)"
      tail -n 30 "$lsplog" | sed 's/^/    /'
    fi
  fi
  rm -rf "$home"
done
echo "nvim: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
