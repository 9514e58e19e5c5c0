#!/usr/bin/env bash
# Benchmark: send COUNT queued messages with --rate 0 over one connection, to Postfix's
# smtp-sink (plain, loopback) and to aiosmtpd with STARTTLS (Tests/Scripts/smtp_server.py
# --discard: it keeps nothing, as smtp-sink keeps nothing). In the same run, a minimal
# in-process libcurl sender (Benchmarks/minimal_sender.c) sends the same messages, and Python's
# mailmerge sends the same letters to smtp-sink.
#
# Each server first takes one unmeasured pass (a fresh aiosmtpd was seen ~35% slower for its
# first 10,000 messages, which favoured whichever sender went second); then ROUNDS rounds send
# from a fresh copy of the queue, the senders' order alternating, each run after a `sync`.
# Prints the median and the range of messages per second for each sender, the ratios, and the
# microseconds per message outreach spends beyond the minimal sender (its bookkeeping: claims
# synced before any content, outcomes synced before they are reported).
# Usage: Benchmarks/send.sh [COUNT] [ROUNDS]   (defaults 10000 and 3). Runs as root (smtp-sink -u nobody).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
rounds="${2:-3}"
work="$PWD/.build-bench/send"
rm -rf "$work" && mkdir -p "$work"
script/bootstrap
need=()
command -v smtp-sink >/dev/null || need+=(postfix)
command -v cc >/dev/null || need+=(gcc)
command -v bc >/dev/null || need+=(bc)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
swift build -c release --product outreach >/dev/null
outreach="$PWD/.build/release/outreach"
venv="$PWD/.build-bench/venv"
[ -x "$venv/bin/mailmerge" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q mailmerge; }
cc -O2 -o "$work/minimal_sender" Benchmarks/minimal_sender.c -lcurl -lsqlite3
/usr/bin/python3 Tests/Scripts/make_certs.py "$work" >/dev/null
python3 Benchmarks/generate_recipients.py "$count" "$work/recipients.csv"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Runs a command and prints COUNT divided by its wall time. Each starts with the disk caught up
# (sync), so that no run pays for writing out what the one before it wrote.
rate() {
  local start end
  sync
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$count / ($end - $start)" | bc -l | xargs printf "%.0f"
}
# "median (min – max)  [each run in order]" of the numbers given.
spread() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%d (%d – %d)", v[int((NR + 1) / 2)], v[1], v[NR] }'
  printf '  [%s]' "$*"
}

# A queue of COUNT drafted letters in home $1, sending to URL $2 with security $3; the drafted
# queue is kept beside it as $1.sqlite, to start each round from.
make_queue() {
  "$outreach" init --home "$1" --name "Bench Sender" --email bench@example.org --street "1 Main St" \
    --city Oakland --state CA --zip 94612 >/dev/null
  "$outreach" draft --home "$1" --to mayor --anywhere --recipients "$work/recipients.csv" --templates Benchmarks/templates --template benchmark-mayor \
    --note "Benchmark letter." >/dev/null
  "$outreach" profile set --home "$1" smtp.url "$2" >/dev/null
  "$outreach" profile set --home "$1" smtp.security "$3" >/dev/null
  cp "$1/outreach.sqlite" "$1.sqlite"
}
fresh_queue() {
  rm -f "$1/outreach.sqlite-wal" "$1/outreach.sqlite-shm" "$1/outreach.sqlite.handover" "$1/outreach.sqlite.unrecorded"
  cp "$1.sqlite" "$1/outreach.sqlite"
}
send_outreach() { fresh_queue "$1" && rate "$outreach" send --home "$1" --rate 0 --daily-cap 0 --yes; }
# Stops the benchmark unless the last `outreach send` in home $1 left every letter sent (a run
# that failed would otherwise be reported as a rate).
check_sent() {
  local sent
  sent=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from letter where status = 'sent'\").fetchone()[0])" "$1/outreach.sqlite")
  [ "$sent" = "$count" ] || { echo "error: outreach sent $sent of $count letters in $1" >&2; exit 1; }
}
# The minimal sender reads a copy of the drafted queue and changes nothing in it.
send_minimal() { rate "$work/minimal_sender" "$1.sqlite" "${@:2}"; }

sink_port=$(free_port)
smtp-sink -u nobody "127.0.0.1:$sink_port" 1000 &
sink=$!
trap 'kill $sink ${server:-} 2>/dev/null || true' EXIT
sleep 0.5

cat > "$work/mailmerge_template.txt" <<'TPL'
TO: {{name}} <{{email}}>
SUBJECT: Please let every resident of {{jurisdiction}} report a crime without fear
FROM: Bench Sender <bench@example.org>

Dear Mayor {{family_name}},

I am writing from Oakland, CA, about the safety of everyone who lives in {{jurisdiction}}.
TPL
printf '[smtp_server]\nhost = 127.0.0.1\nport = %s\nsecurity = Never\n' "$sink_port" > "$work/mailmerge_server.conf"
send_mailmerge() {
  rate "$venv/bin/mailmerge" --no-dry-run --no-limit --output-format raw --template "$work/mailmerge_template.txt" \
    --database "$work/recipients.csv" --config "$work/mailmerge_server.conf"
}

make_queue "$work/plain" "smtp://127.0.0.1:$sink_port" none
send_minimal "$work/plain" "smtp://127.0.0.1:$sink_port" >/dev/null  # warm-up
outreach_sink=() minimal_sink=() mailmerge_sink=()
for round in $(seq "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    outreach_sink+=("$(send_outreach "$work/plain")"); check_sent "$work/plain"
    minimal_sink+=("$(send_minimal "$work/plain" "smtp://127.0.0.1:$sink_port")")
  else
    minimal_sink+=("$(send_minimal "$work/plain" "smtp://127.0.0.1:$sink_port")")
    outreach_sink+=("$(send_outreach "$work/plain")"); check_sent "$work/plain"
  fi
  mailmerge_sink+=("$(send_mailmerge)")
done

mkdir -p "$work/spool"
/usr/bin/python3 Tests/Scripts/smtp_server.py --spool "$work/spool" --discard --mode starttls --cert "$work/good.pem" --key "$work/good.key" > "$work/server.out" &
server=$!
for _ in $(seq 50); do grep -q READY "$work/server.out" 2>/dev/null && break; sleep 0.1; done
tls_port=$(awk '{print $2}' "$work/server.out")
make_queue "$work/tls" "smtp://127.0.0.1:$tls_port" starttls
"$outreach" profile set --home "$work/tls" smtp.ca_file "$work/ca.pem" >/dev/null
send_minimal "$work/tls" "smtp://127.0.0.1:$tls_port" "$work/ca.pem" >/dev/null  # warm-up
outreach_tls=() minimal_tls=()
for round in $(seq "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    outreach_tls+=("$(send_outreach "$work/tls")"); check_sent "$work/tls"
    minimal_tls+=("$(send_minimal "$work/tls" "smtp://127.0.0.1:$tls_port" "$work/ca.pem")")
  else
    minimal_tls+=("$(send_minimal "$work/tls" "smtp://127.0.0.1:$tls_port" "$work/ca.pem")")
    outreach_tls+=("$(send_outreach "$work/tls")"); check_sent "$work/tls"
  fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf "%.2f"; }
echo "messages: $count   rounds: $rounds   machine: $(nproc) cores, $(uname -m)"
printf "%-48s %s\n" "sender" "messages/s: median (min – max)"
printf "%-48s %s\n" "outreach send -> smtp-sink (plain)" "$(spread "${outreach_sink[@]}")"
printf "%-48s %s\n" "minimal libcurl sender -> smtp-sink (plain)" "$(spread "${minimal_sink[@]}")"
printf "%-48s %s\n" "mailmerge (PyPI) -> smtp-sink (plain)" "$(spread "${mailmerge_sink[@]}")"
printf "%-48s %s\n" "outreach send -> aiosmtpd (STARTTLS)" "$(spread "${outreach_tls[@]}")"
printf "%-48s %s\n" "minimal libcurl sender -> aiosmtpd (STARTTLS)" "$(spread "${minimal_tls[@]}")"
echo "outreach / minimal: plain $(ratio "$(median "${outreach_sink[@]}")" "$(median "${minimal_sink[@]}")"), STARTTLS $(ratio "$(median "${outreach_tls[@]}")" "$(median "${minimal_tls[@]}")")"
# What outreach's books cost each message beyond the minimal sender's work: 1/rate - 1/rate.
beyond() { echo "(1 / $1 - 1 / $2) * 1000000" | bc -l | xargs printf "%.0f"; }
echo "microseconds per message outreach spends beyond the minimal sender: plain $(beyond "$(median "${outreach_sink[@]}")" "$(median "${minimal_sink[@]}")"), STARTTLS $(beyond "$(median "${outreach_tls[@]}")" "$(median "${minimal_tls[@]}")")"
echo "outreach / mailmerge: $(ratio "$(median "${outreach_sink[@]}")" "$(median "${mailmerge_sink[@]}")")   minimal / mailmerge: $(ratio "$(median "${minimal_sink[@]}")" "$(median "${mailmerge_sink[@]}")")"
