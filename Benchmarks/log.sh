#!/usr/bin/env bash
# Benchmark: with 100,000 letters in the queue, time `outreach log --limit 50`, `outreach log
# --summary`, and a JSON export of all of them (with its peak memory).
# Usage: Benchmarks/log.sh [ROWS]   (default 100000; drafts its queue once, in .build-bench/log-home)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"
work=".build-bench"
script/bootstrap
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
swift build -c release --product outreach >/dev/null
outreach=".build/release/outreach"
home="$work/log-home"
# A queue of ROWS drafted letters of its own (draft.sh removes its queue after each run).
if [ ! -f "$home/outreach.sqlite" ]; then
  mkdir -p "$work"
  python3 Benchmarks/generate_recipients.py "$rows" "$work/log-recipients.csv"
  "$outreach" init --home "$home" --name "Bench Sender" --email bench@example.org --street "1 Main St" \
    --city Oakland --state CA --zip 94612 >/dev/null
  "$outreach" draft --home "$home" --to mayor --anywhere --recipients "$work/log-recipients.csv" \
    --templates Benchmarks/templates --template benchmark-mayor --note "Benchmark letter." >/dev/null
fi
letters=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from letter').fetchone()[0])" "$home/outreach.sqlite")
best() {  # the fastest of 5 runs, in milliseconds
  local fastest=""
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
    local ms=$(( (end - start) / 1000000 ))
    if [ -z "$fastest" ] || [ "$ms" -lt "$fastest" ]; then fastest=$ms; fi
  done
  echo "$fastest"
}
echo "letters in the queue: $letters   machine: $(nproc) cores, $(uname -m)"
echo "outreach log --limit 50 --json:  $(best "$outreach" log --home "$home" --limit 50 --json) ms (best of 5)"
echo "outreach log --summary:          $(best "$outreach" log --home "$home" --summary) ms (best of 5)"
/usr/bin/time -f "%e %M" -o "$work/export.time" "$outreach" log --home "$home" --json > "$work/export.json"
read -r seconds kb < "$work/export.time"
echo "outreach log --json (all):       ${seconds} s, peak $((kb / 1024)) MB, $(wc -c < "$work/export.json") bytes"
