#!/usr/bin/env bash
# System packages the tests need: poppler-utils (pdftotext, pdftoppm) and chromium.
# Installs them with apt-get when missing and we are root; otherwise says what is missing.
set -euo pipefail
missing=()
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "warning: missing system packages: ${missing[*]} (tests that need them are skipped)" >&2
fi
