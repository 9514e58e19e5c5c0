#!/usr/bin/env bash
# Benchmark: draft ROWS generated recipients into a fresh queue (complete RFC 5322 messages
# stored) with the benchmarks' ~220-word mayor letter in its two shapes, and beside each a dry
# run of Python's mailmerge (PyPI) rendering the same rows with the same letter:
#   wrapped     Benchmarks/templates/benchmark-mayor.txt, hard-wrapped at 72 columns (the body
#               is 7bit, or quoted-printable for the 3 names in 10 with an accent);
#   paragraphs  Benchmarks/templates/benchmark-mayor-paragraphs.txt, one line per paragraph as
#               people write in an editor (a line of 1,022 octets: every body is quoted-printable).
# Prints, per run, seconds, letters per second, CPU seconds (user + system) and peak memory
# (maximum resident set size), then per shape the median letters/s of each tool and the ratio
# outreach/mailmerge (of the medians, and each round's own), and the same ratio in letters per
# CPU second, which other work on a shared machine disturbs less (outreach uses both cores,
# mailmerge one). Rounds alternate which tool goes first.
#
# Usage: Benchmarks/draft.sh [ROWS] [MAILMERGE_ROWS] [ROUNDS]
#   ROWS            recipients drafted by outreach (default 100000);
#   MAILMERGE_ROWS  rows mailmerge renders (default ROWS): its rate per row does not depend on
#                   the list's length, so `Benchmarks/draft.sh 1000000 100000` keeps the ratio
#                   at a million rows without the ~6 minutes mailmerge would take; 0 skips it;
#   ROUNDS          rounds (default 1).
# A 1,000,000-row queue takes about 2.5 GB of disk while it is measured (removed after each run).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"
mailmerge_rows="${2:-$rows}"
rounds="${3:-1}"
work=".build-bench"
mkdir -p "$work"
script/bootstrap
command -v /usr/bin/time >/dev/null && command -v bc >/dev/null || { apt-get update -qq && apt-get install -y -qq time bc; }
swift build -c release --product outreach >/dev/null
outreach=".build/release/outreach"
if [ "$mailmerge_rows" -gt 0 ]; then
  [ -x "$work/venv/bin/mailmerge" ] || { python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q mailmerge; }
fi

python3 Benchmarks/generate_recipients.py "$rows" "$work/recipients.csv"
if [ "$mailmerge_rows" -gt 0 ] && [ "$mailmerge_rows" != "$rows" ]; then
  python3 Benchmarks/generate_recipients.py "$mailmerge_rows" "$work/mailmerge_recipients.csv"
elif [ "$mailmerge_rows" -gt 0 ]; then
  cp "$work/recipients.csv" "$work/mailmerge_recipients.csv"
fi
note="I have lived here for twenty years, and my neighbors deserve to feel safe calling 911."
declare -A template=([wrapped]=benchmark-mayor [paragraphs]=benchmark-mayor-paragraphs)

# mailmerge's copy of each letter: Jinja names for our Mustache ones, the same headers.
for shape in wrapped paragraphs; do
  python3 - "$work" "$note" "${template[$shape]}" "$shape" <<'PY'
import re, sys
work, note, name, shape = sys.argv[1:5]
text = open(f"Benchmarks/templates/{name}.txt", encoding="utf-8").read().split("---\n", 2)[2]
sender = {"name": "Bench Sender", "street": "1 Main St", "city": "Oakland", "state": "CA", "zip": "94612", "email": "bench@example.org"}
text = re.sub(r"\{\{#sender\.phone\}\}.*?\{\{/sender\.phone\}\}", "", text, flags=re.S)
text = re.sub(r"\{\{sender\.(\w+)\}\}", lambda m: sender[m.group(1)], text)
text = text.replace("{{note}}", note)
text = re.sub(r"\{\{recipient\.(\w+)\}\}", r"{{\1}}", text)
header = "TO: {{name}} <{{email}}>\nSUBJECT: Please let every resident of {{jurisdiction}} report a crime without fear\nFROM: Bench Sender <bench@example.org>\n\n"
open(f"{work}/mailmerge_{shape}.txt", "w", encoding="utf-8").write(header + text)
open(f"{work}/mailmerge_server.conf", "w").write("[smtp_server]\nhost = 127.0.0.1\nport = 25\nsecurity = Never\n")
PY
done

# Each run appends "shape round tool seconds letters/s peakMB QP-messages CPU-seconds rows" to $results.
results="$work/draft-results.txt"
: > "$results"
run_outreach() { # shape round
  local shape="$1" round="$2" home="$work/home"
  rm -rf "$home"
  "$outreach" init --home "$home" --name "Bench Sender" --email bench@example.org --street "1 Main St" \
    --city Oakland --state CA --zip 94612 >/dev/null
  sync
  /usr/bin/time -f "%e %M %U %S" -o "$work/outreach.time" "$outreach" draft --home "$home" --to mayor --anywhere \
    --recipients "$work/recipients.csv" --templates Benchmarks/templates --template "${template[$shape]}" \
    --note "$note" >/dev/null
  local stored quoted seconds kb user system
  stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from letter').fetchone()[0])" "$home/outreach.sqlite")
  [ "$stored" = "$rows" ] || { echo "error: outreach stored $stored letters, not $rows" >&2; exit 1; }
  quoted=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from message where instr(bytes, CAST('quoted-printable' AS BLOB)) > 0\").fetchone()[0])" "$home/outreach.sqlite" 2>/dev/null || echo "?")
  read -r seconds kb user system < "$work/outreach.time"
  echo "$shape $round outreach $seconds $(echo "$rows / $seconds" | bc -l) $(echo "$kb / 1024" | bc -l) $quoted $(echo "$user + $system" | bc -l) $rows" >> "$results"
  rm -rf "$home"
}
run_mailmerge() { # shape round
  local shape="$1" round="$2" seconds kb user system
  sync
  /usr/bin/time -f "%e %M %U %S" -o "$work/mailmerge.time" "$work/venv/bin/mailmerge" --dry-run --no-limit \
    --output-format raw --template "$work/mailmerge_$shape.txt" --database "$work/mailmerge_recipients.csv" \
    --config "$work/mailmerge_server.conf" >/dev/null
  read -r seconds kb user system < "$work/mailmerge.time"
  echo "$shape $round mailmerge $seconds $(echo "$mailmerge_rows / $seconds" | bc -l) $(echo "$kb / 1024" | bc -l) - $(echo "$user + $system" | bc -l) $mailmerge_rows" >> "$results"
}

for round in $(seq 1 "$rounds"); do
  for shape in wrapped paragraphs; do
    if [ "$mailmerge_rows" -gt 0 ] && [ $((round % 2)) -eq 0 ]; then run_mailmerge "$shape" "$round"; fi
    run_outreach "$shape" "$round"
    if [ "$mailmerge_rows" -gt 0 ] && [ $((round % 2)) -eq 1 ]; then run_mailmerge "$shape" "$round"; fi
  done
done

echo "outreach: $rows rows; mailmerge --dry-run: $mailmerge_rows rows; $rounds round(s); machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-11s %5s %-10s %9s %11s %7s %9s %12s\n" shape round tool seconds letters/s "CPU s" "peak MB" "QP messages"
while read -r shape round tool seconds rate mb quoted cpu _; do
  printf "%-11s %5s %-10s %9s %11.0f %7.2f %9.1f %12s\n" "$shape" "$round" "$tool" "$seconds" "$rate" "$cpu" "$mb" "$quoted"
done < "$results"
echo
python3 - "$results" <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
for shape in ("wrapped", "paragraphs"):
    rate = {tool: [float(r[4]) for r in runs if r[0] == shape and r[2] == tool] for tool in ("outreach", "mailmerge")}
    peak = max(float(r[5]) for r in runs if r[0] == shape and r[2] == "outreach")
    line = f"{shape:<11} outreach {statistics.median(rate['outreach']):,.0f} letters/s (peak {peak:.1f} MB)"
    if rate["mailmerge"]:
        rounds = sorted({r[1] for r in runs if r[0] == shape})
        per = [float(o[4]) / float(m[4]) for n in rounds
               for o in runs if o[0] == shape and o[1] == n and o[2] == "outreach"
               for m in runs if m[0] == shape and m[1] == n and m[2] == "mailmerge"]
        ratio = statistics.median(rate["outreach"]) / statistics.median(rate["mailmerge"])
        per_cpu = {tool: statistics.median(float(r[8]) / float(r[7]) for r in runs if r[0] == shape and r[2] == tool)
                   for tool in ("outreach", "mailmerge")}
        line += (f"; mailmerge {statistics.median(rate['mailmerge']):,.0f} rows/s; ratio outreach/mailmerge"
                 f" {ratio:.1f}x (rounds: {', '.join(f'{p:.1f}' for p in per)}); per CPU second"
                 f" {per_cpu['outreach']:,.0f} vs {per_cpu['mailmerge']:,.0f}: {per_cpu['outreach'] / per_cpu['mailmerge']:.1f}x")
    print(line)
PY
