#!/usr/bin/env bash
# Builds and tests the editor integrations against a built draftlint binary.
#
#   editors/test.sh path/to/draftlint        (or DRAFTLINT_BIN=… editors/test.sh)
#
# 1. VS Code (editors/vscode): npm ci, type-check and bundle, Node tests
#    (configuration logic, and the language-client protocol layer driving the
#    real `draftlint lsp`), then `npm run package` to a .vsix, then the
#    end-to-end test: the .vsix installed into a real VS Code (code-server,
#    installed by editors/vscode/e2e/install.sh) driven through headless
#    Chromium (editors/vscode/e2e/run.js; screenshots in the folder it prints).
# 2. Neovim (editors/nvim): headless Neovim loads the plugin from the repo and
#    edits drafts through the real server (editors/nvim/test/run.sh).
#
# Exits non-zero on any failure; the last line is "editors: N passed, N failed".
# Set DRAFTLINT_BUNDLE_SERVER=1 to put the binary in the .vsix (server/draftlint).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
start=$SECONDS

die() {
  echo "editors/test.sh: $*" >&2
  echo "editors: 0 passed, 1 failed"
  exit 1
}

bin="${1:-${DRAFTLINT_BIN:-}}"
[ -n "$bin" ] || die "pass the draftlint binary as \$1 or set DRAFTLINT_BIN"
[ -x "$bin" ] || die "$bin is not an executable file"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
export DRAFTLINT_BIN="$bin"
command -v nvim >/dev/null 2>&1 || die "nvim not found: install Debian's neovim (apt-get install -y neovim)"
command -v node >/dev/null 2>&1 || die "node not found"
command -v npm >/dev/null 2>&1 || die "npm not found"

passed=0
failed=0
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

step() {
  echo
  echo "== $* ($((SECONDS - start))s)"
}

# Runs a step that is not itself a test; a failure counts as one failed test.
run_step() {
  local name="$1"
  shift
  if "$@" >"$logs/step.log" 2>&1; then
    echo "ok - $name"
  else
    echo "not ok - $name"
    sed 's/^/    /' "$logs/step.log" | tail -n 60
    failed=$((failed + 1))
    return 1
  fi
}

# --- VS Code ---------------------------------------------------------------
cd "$here/vscode" || die "no editors/vscode"
step "vscode: npm ci"
run_step "npm ci" npm ci --no-audit --no-fund --loglevel=error
built=0
step "vscode: build (tsc --noEmit, esbuild)"
if [ -d node_modules ] && run_step "npm run build" npm run build; then
  built=1
fi

if [ "$built" = 1 ]; then
  step "vscode: node --test"
  node --test --test-reporter=tap test/*.test.js 2>&1 | tee "$logs/node.tap"
  node_rc=${PIPESTATUS[0]}
  np="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/node.tap" | tail -1)"
  nf="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/node.tap" | tail -1)"
  nc="$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$logs/node.tap" | tail -1)"
  nf=$((${nf:-0} + ${nc:-0}))
  passed=$((passed + ${np:-0}))
  failed=$((failed + ${nf:-0}))
  if [ "$node_rc" != 0 ] && [ "${nf:-0}" = 0 ]; then
    echo "not ok - node --test exited $node_rc"
    failed=$((failed + 1))
  fi

  step "vscode: npm run package"
  rm -rf server draftlint.vsix
  if [ "${DRAFTLINT_BUNDLE_SERVER:-0}" = 1 ]; then
    mkdir -p server && cp "$bin" server/draftlint
  fi
  packaged=0
  if run_step "npm run package" npm run package; then
    # The .vsix holds the bundle and the manifest, not the sources or node_modules.
    listing="$(unzip -l draftlint.vsix 2>&1)"
    missing=""
    for f in extension/package.json extension/dist/extension.js extension/README.md extension/LICENSE.txt; do
      grep -qi " $f\$" <<<"$listing" || missing="$missing $f"
    done
    if [ -n "$missing" ] || grep -qE ' extension/(node_modules|src|test|e2e|images)/' <<<"$listing"; then
      echo "not ok - draftlint.vsix contents (missing:${missing:- none})"
      sed 's/^/    /' <<<"$listing"
      failed=$((failed + 1))
    else
      echo "ok - draftlint.vsix holds the bundle, manifest, README and LICENSE ($(du -h draftlint.vsix | cut -f1))"
      passed=$((passed + 1))
      packaged=1
    fi
  fi

  step "vscode: e2e: install code-server and playwright-core"
  if [ "$packaged" != 1 ]; then
    echo "not ok - vscode e2e: no good draftlint.vsix to install"
    failed=$((failed + 1))
  elif run_step "code-server and playwright-core installed (e2e/install.sh)" e2e/install.sh; then
    step "vscode: e2e in code-server (real VS Code in headless chromium)"
    # A missing chromium ($CHROMIUM, default /usr/bin/chromium) fails here, loudly.
    node e2e/run.js "$here/vscode/draftlint.vsix" 2>&1 | tee "$logs/e2e.log"
    e2e_rc=${PIPESTATUS[0]}
    ep="$(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$logs/e2e.log")"
    ef="$(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$logs/e2e.log")"
    passed=$((passed + ${ep:-0}))
    failed=$((failed + ${ef:-0}))
    if [ "$e2e_rc" != 0 ] && [ "${ef:-0}" = 0 ]; then
      echo "not ok - vscode e2e exited $e2e_rc"
      failed=$((failed + 1))
    fi
  fi
fi

# --- Neovim ----------------------------------------------------------------
step "nvim: headless tests"
"$here/nvim/test/run.sh" "$bin" 2>&1 | tee "$logs/nvim.log"
nvim_rc=${PIPESTATUS[0]}
vp="$(sed -n 's/^nvim: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$logs/nvim.log")"
vf="$(sed -n 's/^nvim: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$logs/nvim.log")"
passed=$((passed + ${vp:-0}))
failed=$((failed + ${vf:-0}))
if [ "$nvim_rc" != 0 ] && [ "${vf:-0}" = 0 ]; then
  echo "not ok - nvim tests exited $nvim_rc"
  failed=$((failed + 1))
fi

echo
echo "editors: took $((SECONDS - start))s"
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
