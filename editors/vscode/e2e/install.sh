#!/usr/bin/env bash
# Installs the e2e test's node_modules (code-server 4.100.3, playwright-core)
# from package-lock.json, with what code-server's install scripts need on
# this kind of machine (see ../shared/CLIENTS.md):
#   - npm_config_unsafe_perm=true: code-server's postinstall stops as root without it;
#   - npm_config_yes=true: node-pty's postinstall runs `npx node-gyp`;
#   - @vscode/ripgrep's postinstall downloads rg from GitHub, which is not
#     reachable: it first looks in $TMPDIR/vscode-ripgrep-cache-1.15.11/, so
#     a tarball of Debian's /usr/bin/rg goes there.
# Needs the Debian packages .ci/run installs (build-essential pkg-config
# python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep).
# Reuses node_modules when it already holds the pinned versions, fully
# installed; otherwise `npm ci` (which starts from scratch). Exits non-zero,
# saying why, when anything is missing.
set -euo pipefail
cd "$(dirname "$0")"

# Whether node_modules holds what package.json pins, code-server's
# postinstall included (it installs VS Code's own modules and ripgrep).
installed() {
  node -e '
    const want = require("./package.json").devDependencies;
    for (const [name, version] of Object.entries(want)) {
      if (require(`${name}/package.json`).version !== version) process.exit(1);
    }
  ' 2>/dev/null &&
    [ -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg ] &&
    [ -f node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node ]
}

if installed; then
  echo "e2e/install.sh: node_modules already holds code-server and playwright-core"
  exit 0
fi

rg="$(command -v rg || true)"
[ -n "$rg" ] || { echo "e2e/install.sh: ripgrep (rg) not found: apt-get install ripgrep" >&2; exit 1; }
for h in gssapi/gssapi.h X11/extensions/XKBfile.h; do
  [ -e "/usr/include/$h" ] || {
    echo "e2e/install.sh: /usr/include/$h missing: apt-get install libkrb5-dev libxkbfile-dev libsecret-1-dev" >&2
    exit 1
  }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/stage" "$tmp/vscode-ripgrep-cache-1.15.11"
cp "$rg" "$tmp/stage/rg"
tar -C "$tmp/stage" -czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg

echo "e2e/install.sh: npm ci (code-server builds native modules: about 2-3 minutes)"
if ! TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm ci --no-audit --no-fund --foreground-scripts >"$tmp/npm.log" 2>&1; then
  tail -n 60 "$tmp/npm.log" >&2
  echo "e2e/install.sh: npm ci failed (log above)" >&2
  exit 1
fi
installed || {
  tail -n 60 "$tmp/npm.log" >&2
  echo "e2e/install.sh: npm ci finished, but code-server is not fully installed (log above)" >&2
  exit 1
}
echo "e2e/install.sh: installed"
