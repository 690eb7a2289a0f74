#!/usr/bin/env bash
# System packages the tests need: GnuCOBOL compiles and runs the example batch programs.
set -euo pipefail
if command -v cobc >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "GnuCOBOL (cobc) is missing and this user cannot install it: apt-get install gnucobol3." >&2
  echo "Tests that compile legacy programs will be skipped." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq gnucobol3 >/dev/null
cobc --version | head -1
