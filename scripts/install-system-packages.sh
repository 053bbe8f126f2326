#!/bin/sh
# Debian packages the tests need beyond Python: Chromium for the browser journeys,
# qpdf and poppler-utils (pdffonts, pdftoppm) to check and render the PDF reports,
# PostgreSQL for the storage tests that run on both databases, npm (with Node.js) to install
# axe-core for the accessibility test (`make axe`).
# Installed through apt-get when run as root; otherwise say what is missing.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v qpdf >/dev/null 2>&1 || missing="$missing qpdf"
command -v pdffonts >/dev/null 2>&1 || missing="$missing poppler-utils"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing fonts-dejavu-core
else
    echo "missing Debian packages:$missing (install them with: sudo apt-get install$missing)" >&2
    exit 1
fi
