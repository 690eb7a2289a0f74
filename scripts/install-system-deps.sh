#!/usr/bin/env bash
# System packages the tests need: GnuCOBOL compiles and runs the example batch programs, bubblewrap
# is the sandbox they run in, Chromium runs the graph viewer test, LibreOffice (soffice) and poppler's
# pdftoppm render the plan's tender annex to PDF and a page image (a slow test). Debian package names.
set -euo pipefail
missing=()
command -v cobc >/dev/null 2>&1 || missing+=(gnucobol3)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "missing system packages: ${missing[*]} (apt-get install them); tests that need them are skipped." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
