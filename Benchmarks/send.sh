#!/usr/bin/env bash
# Benchmark: send 10,000 queued messages with --rate 0 over one connection, to Postfix's
# smtp-sink (plain, loopback) and to aiosmtpd with STARTTLS; in the same run, a minimal
# in-process libcurl sender (Benchmarks/minimal_sender.c) sends the same messages, and Python's
# mailmerge sends the same letters to smtp-sink. Prints messages per second for each.
# Usage: Benchmarks/send.sh [COUNT]   (default 10000). Runs as root (smtp-sink -u nobody).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
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
now() { date +%s.%N; }
rate() { echo "$count / ($2 - $1)" | bc -l | xargs printf "%.0f"; }

# A queue of COUNT drafted letters in home $1, sending to URL $2 with security $3.
make_queue() {
  "$outreach" init --home "$1" --name "Bench Sender" --email bench@example.org --street "1 Main St" \
    --city Oakland --state CA --zip 94612 >/dev/null
  "$outreach" draft --home "$1" --to mayor --anywhere --recipients "$work/recipients.csv" --template mayor-solidarity \
    --note "Benchmark letter." >/dev/null
  "$outreach" profile set --home "$1" smtp.url "$2" >/dev/null
  "$outreach" profile set --home "$1" smtp.security "$3" >/dev/null
}

sink_port=$(free_port)
smtp-sink -u nobody "127.0.0.1:$sink_port" 1000 &
sink=$!
tls_port=""
trap 'kill $sink ${server:-} 2>/dev/null || true' EXIT
sleep 0.5

make_queue "$work/plain" "smtp://127.0.0.1:$sink_port" none
cp "$work/plain/outreach.sqlite" "$work/queue-copy.sqlite"
start=$(now); "$outreach" send --home "$work/plain" --rate 0 --daily-cap 0 --yes >/dev/null; end=$(now)
outreach_sink=$(rate "$start" "$end")
start=$(now); "$work/minimal_sender" "$work/queue-copy.sqlite" "smtp://127.0.0.1:$sink_port" >/dev/null; end=$(now)
minimal_sink=$(rate "$start" "$end")

cat > "$work/mailmerge_template.txt" <<'TPL'
TO: {{name}} <{{email}}>
SUBJECT: A resident of {{jurisdiction}} stands with our immigrant neighbors
FROM: Bench Sender <bench@example.org>

Dear Mayor {{family_name}},

I live in Oakland, and I am writing to say that I stand with the immigrants of {{jurisdiction}}.
TPL
printf '[smtp_server]\nhost = 127.0.0.1\nport = %s\nsecurity = Never\n' "$sink_port" > "$work/mailmerge_server.conf"
start=$(now)
"$venv/bin/mailmerge" --no-dry-run --no-limit --output-format raw --template "$work/mailmerge_template.txt" \
  --database "$work/recipients.csv" --config "$work/mailmerge_server.conf" >/dev/null
end=$(now)
mailmerge_sink=$(rate "$start" "$end")

mkdir -p "$work/spool"
/usr/bin/python3 Tests/Scripts/smtp_server.py --spool "$work/spool" --mode starttls --cert "$work/good.pem" --key "$work/good.key" > "$work/server.out" &
server=$!
for _ in $(seq 50); do grep -q READY "$work/server.out" 2>/dev/null && break; sleep 0.1; done
tls_port=$(awk '{print $2}' "$work/server.out")
make_queue "$work/tls" "smtp://127.0.0.1:$tls_port" starttls
"$outreach" profile set --home "$work/tls" smtp.ca_file "$work/ca.pem" >/dev/null
cp "$work/tls/outreach.sqlite" "$work/queue-copy-tls.sqlite"
start=$(now); "$outreach" send --home "$work/tls" --rate 0 --daily-cap 0 --yes >/dev/null; end=$(now)
outreach_tls=$(rate "$start" "$end")
start=$(now); "$work/minimal_sender" "$work/queue-copy-tls.sqlite" "smtp://127.0.0.1:$tls_port" "$work/ca.pem" >/dev/null; end=$(now)
minimal_tls=$(rate "$start" "$end")

echo "messages: $count   machine: $(nproc) cores, $(uname -m)"
printf "%-48s %12s\n" "sender" "messages/s"
printf "%-48s %12s\n" "outreach send -> smtp-sink (plain)" "$outreach_sink"
printf "%-48s %12s\n" "minimal libcurl sender -> smtp-sink (plain)" "$minimal_sink"
printf "%-48s %12s\n" "mailmerge (PyPI) -> smtp-sink (plain)" "$mailmerge_sink"
printf "%-48s %12s\n" "outreach send -> aiosmtpd (STARTTLS)" "$outreach_tls"
printf "%-48s %12s\n" "minimal libcurl sender -> aiosmtpd (STARTTLS)" "$minimal_tls"
echo "outreach / minimal (plain): $(echo "$outreach_sink / $minimal_sink" | bc -l | xargs printf "%.2f")   outreach / mailmerge: $(echo "$outreach_sink / $mailmerge_sink" | bc -l | xargs printf "%.1f")"
