#!/usr/bin/env bash
# Manual check: the headless report opens in LibreOffice (needs: apt-get install -y libreoffice-writer-nogui).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
node dist/node/src/cli/cchc.js template -o "$out/mau.xlsx" >/dev/null
node dist/node/src/cli/cchc.js report "$out/mau.xlsx" -o "$out/bao-cao.docx" 2>/dev/null
soffice --headless --convert-to pdf --outdir "$out" "$out/bao-cao.docx" >/dev/null
test -s "$out/bao-cao.pdf" && echo "LibreOffice opened the report: $out/bao-cao.pdf"
