#!/usr/bin/env bash
# Benchmark: draft 100,000 generated recipients with the ~200-word benchmark letter (Benchmarks/templates/) into
# a fresh queue (complete RFC 5322 messages stored), beside a dry run of Python's mailmerge
# (PyPI) rendering the same rows with the same letter. Prints letters per second and peak memory.
# Usage: Benchmarks/draft.sh [ROWS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"
work=".build-bench"
mkdir -p "$work"
script/bootstrap
command -v /usr/bin/time >/dev/null && command -v bc >/dev/null || { apt-get update -qq && apt-get install -y -qq time bc; }
swift build -c release --product outreach >/dev/null
outreach=".build/release/outreach"
[ -x "$work/venv/bin/mailmerge" ] || { python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q mailmerge; }

python3 Benchmarks/generate_recipients.py "$rows" "$work/recipients.csv"
note="I have lived here for twenty years, and my neighbors deserve to feel safe calling 911."

# mailmerge's copy of the same letter: Jinja names for our Mustache ones, the same headers.
python3 - "$work" "$note" <<'PY'
import re, sys
work, note = sys.argv[1], sys.argv[2]
text = open("Benchmarks/templates/benchmark-mayor.txt", encoding="utf-8").read().split("---\n", 2)[2]
sender = {"name": "Bench Sender", "street": "1 Main St", "city": "Oakland", "state": "CA", "zip": "94612", "email": "bench@example.org"}
text = re.sub(r"\{\{#sender\.phone\}\}.*?\{\{/sender\.phone\}\}", "", text, flags=re.S)
text = re.sub(r"\{\{sender\.(\w+)\}\}", lambda m: sender[m.group(1)], text)
text = text.replace("{{note}}", note)
text = re.sub(r"\{\{recipient\.(\w+)\}\}", r"{{\1}}", text)
header = "TO: {{name}} <{{email}}>\nSUBJECT: Please let every resident of {{jurisdiction}} report a crime without fear\nFROM: Bench Sender <bench@example.org>\n\n"
open(f"{work}/mailmerge_template.txt", "w", encoding="utf-8").write(header + text)
open(f"{work}/mailmerge_server.conf", "w").write("[smtp_server]\nhost = 127.0.0.1\nport = 25\nsecurity = Never\n")
PY

rm -rf "$work/home"
"$outreach" init --home "$work/home" --name "Bench Sender" --email bench@example.org --street "1 Main St" \
  --city Oakland --state CA --zip 94612 >/dev/null
/usr/bin/time -f "%e %M" -o "$work/outreach.time" "$outreach" draft --home "$work/home" --to mayor --anywhere \
  --recipients "$work/recipients.csv" --templates Benchmarks/templates --template benchmark-mayor --note "$note" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/mailmerge.time" "$work/venv/bin/mailmerge" --dry-run --no-limit --output-format raw \
  --template "$work/mailmerge_template.txt" --database "$work/recipients.csv" --config "$work/mailmerge_server.conf" >/dev/null

stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from letter').fetchone()[0])" "$work/home/outreach.sqlite")
read -r o_seconds o_kb < "$work/outreach.time"
read -r m_seconds m_kb < "$work/mailmerge.time"
echo "rows: $rows   machine: $(nproc) cores, $(uname -m)"
printf "%-34s %10s %14s %12s\n" "tool" "seconds" "letters/s" "peak MB"
printf "%-34s %10s %14.0f %12.1f\n" "outreach draft (stored: $stored)" "$o_seconds" "$(echo "$rows / $o_seconds" | bc -l)" "$(echo "$o_kb / 1024" | bc -l)"
printf "%-34s %10s %14.0f %12.1f\n" "mailmerge --dry-run (stores none)" "$m_seconds" "$(echo "$rows / $m_seconds" | bc -l)" "$(echo "$m_kb / 1024" | bc -l)"
