#!/usr/bin/env bash
# Benchmark: `outreach replies` over a Maildir of COUNT messages (default 10,000) of which
# MATCHES (default 1,000) belong to letters: replies, bounces and out-of-office notes, made by
# Benchmarks/make_mailbox.py for letters really sent (to aiosmtpd, Tests/Scripts/smtp_server.py).
# Served by a private Dovecot over IMAPS on 127.0.0.1 (Tests/Scripts/imap_server.py, a
# throwaway CA). Prints the time and peak memory of the first run (every message new) and of a
# second run (nothing new: the incremental case), with a release build.
# Usage: Benchmarks/replies.sh [COUNT] [MATCHES]. Runs as root (Dovecot runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
matches="${2:-1000}"
work="$PWD/.build-bench/replies"
rm -rf "$work" && mkdir -p "$work"
script/bootstrap
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
swift build -c release --product outreach >/dev/null
outreach="$PWD/.build/release/outreach"
home="$work/home"
/usr/bin/python3 Tests/Scripts/make_certs.py "$work" >/dev/null
python3 Benchmarks/generate_recipients.py "$matches" "$work/recipients.csv"

# aiosmtpd is stopped by its pid; imap_server.py (and its Dovecot) when its standard input, a
# FIFO this script holds open, closes: also if this script dies.
smtp_pid=""
imap_pid=""
cleanup() {
  [ -z "$smtp_pid" ] || kill "$smtp_pid" 2>/dev/null || true
  exec 4>&- 2>/dev/null || true
  [ -z "$imap_pid" ] || wait "$imap_pid" 2>/dev/null || true
}
trap cleanup EXIT
mkfifo "$work/imap.hold"
mkdir -p "$work/spool"
/usr/bin/python3 Tests/Scripts/smtp_server.py --spool "$work/spool" --no-starttls --discard > "$work/smtp.ready" 2>/dev/null &
smtp_pid=$!
until grep -q READY "$work/smtp.ready" 2>/dev/null; do sleep 0.05; done
smtp_port=$(sed -n 's/READY //p' "$work/smtp.ready")

"$outreach" init --home "$home" --name "Bench Sender" --email bench@example.org --street "1 Main St" \
  --city Oakland --state CA --zip 94612 >/dev/null
"$outreach" draft --home "$home" --to mayor --anywhere --recipients "$work/recipients.csv" --templates Benchmarks/templates --template benchmark-mayor \
  --note "Benchmark letter." >/dev/null
"$outreach" profile set --home "$home" smtp.url "smtp://127.0.0.1:$smtp_port" >/dev/null
"$outreach" profile set --home "$home" smtp.security none >/dev/null
"$outreach" send --home "$home" --rate 0 --daily-cap 0 --yes >/dev/null
kill "$smtp_pid"
smtp_pid=""
/usr/bin/python3 Benchmarks/make_mailbox.py "$count" "$matches" "$home/outreach.sqlite" "$work/Maildir"

/usr/bin/python3 Tests/Scripts/imap_server.py --base "$work/dovecot" --maildir "$work/Maildir" --user bench \
  --password bench-password --cert "$work/good.pem" --key "$work/good.key" < "$work/imap.hold" > "$work/imap.ready" &
imap_pid=$!
exec 4>"$work/imap.hold"
until grep -qE "READY|FAILED" "$work/imap.ready" 2>/dev/null; do sleep 0.05; done
imap_port=$(sed -n 's/READY //p' "$work/imap.ready")
[ -n "$imap_port" ] || { echo "error: Dovecot did not start; see $work/dovecot" >&2; exit 1; }
"$outreach" profile set --home "$home" imap.url "imaps://127.0.0.1:$imap_port" >/dev/null
"$outreach" profile set --home "$home" imap.username bench >/dev/null
"$outreach" profile set --home "$home" imap.ca_file "$work/ca.pem" >/dev/null

run() {  # prints "SECONDS s, peak MB" of one `outreach replies`, its output into $1
  local status=0
  OUTREACH_IMAP_PASSWORD=bench-password /usr/bin/time -f "%e %M" -o "$work/time" "$outreach" replies --home "$home" > "$1" 2>&1 || status=$?
  local seconds kb
  read -r seconds kb < <(tail -n 1 "$work/time")
  echo "$seconds s, peak $((kb / 1024)) MB$([ "$status" -eq 0 ] || echo ", FAILED with status $status")"
}
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "mailbox: $count messages, $matches for letters (Dovecot $(dovecot --version | cut -d' ' -f1), IMAPS on loopback)"
echo "first run (all new):      $(run "$work/first.out")"
sed 's/^/  /' "$work/first.out"
echo "second run (nothing new): $(run "$work/second.out")"
sed 's/^/  /' "$work/second.out"
