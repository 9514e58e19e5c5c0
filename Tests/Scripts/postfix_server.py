#!/usr/bin/python3
"""A private Postfix smtpd on 127.0.0.1 for outreach's tests: a real MTA nobody here wrote.

Usage: postfix_server.py --base DIR --cert PEM --key PEM --user NAME --password PASSWORD
                         [--close-after N] [--message-rate-limit N]

Runs Postfix (Debian postfix) from its own configuration folder under --base (`postfix -c DIR
start`): smtpd on a free loopback port, STARTTLS required (smtpd_tls_security_level = encrypt,
the tests' throwaway certificate), AUTH required to relay and offered only inside TLS, through
Dovecot's SASL service (a private Dovecot that runs only its auth service, a passwd-file with
--user and --password, on another loopback port), and default_transport = discard, so that
nothing leaves the machine. Postfix logs to --base/postfix.log (maillog_file): the tests read
what arrived from its `discard` lines.

Postfix counts messages per time unit (smtpd_client_message_rate_limit, answered with 450
4.7.1), not per connection. --close-after N adds what providers do per connection: a policy
service (Postfix's check_policy_service, the delegation protocol of SMTPD_POLICY_README) in this
script answers `421 4.7.0 ...` to the RCPT of a connection's (N+1)-th message, and Postfix
then says 421 and closes the connection itself. --message-rate-limit N sets
smtpd_client_message_rate_limit (per 60 s) for loopback clients too.

Prints "READY PORT" once smtpd greets; stops Postfix and Dovecot on SIGTERM or SIGINT, or when
its standard input closes (so a test that dies takes them along). Runs as root, like Postfix.
"""
import argparse
import asyncio
import base64
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time


# Both live in /usr/sbin, which a test runner's PATH may lack.
POSTFIX = shutil.which("postfix") or "/usr/sbin/postfix"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write(path, text, mode=0o644):
    with open(path, "w") as handle:
        handle.write(text)
    os.chmod(path, mode)


def open_path(path):
    """Gives others +x on every folder from / down to path (Postfix and Dovecot drop root)."""
    parts = os.path.abspath(path).split(os.sep)
    for index in range(2, len(parts) + 1):
        folder = os.sep.join(parts[:index])
        if os.path.isdir(folder):
            os.chmod(folder, os.stat(folder).st_mode | 0o055)


def dovecot_config(base, port):
    return f"""
protocols =
listen = 127.0.0.1
base_dir = {base}/dovecot/run
state_dir = {base}/dovecot/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/dovecot/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={base}/dovecot/home
}}
service auth {{
  inet_listener {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
"""


def main_cf(args, base, auth_port, policy_port):
    restrictions = "permit_sasl_authenticated, reject"
    if args.close_after is not None:
        restrictions = f"check_policy_service inet:127.0.0.1:{policy_port}, " + restrictions
    rate = ""
    if args.message_rate_limit is not None:
        rate = f"smtpd_client_message_rate_limit = {args.message_rate_limit}\nanvil_rate_time_unit = 60s\n"
    return f"""
compatibility_level = 3.6
queue_directory = {base}/postfix/queue
data_directory = {base}/postfix/data
mail_owner = postfix
myhostname = mx.example.org
mydomain = example.org
myorigin = example.org
mydestination =
relay_domains =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
default_transport = discard
maillog_file = {base}/postfix.log
maillog_file_prefixes = {base}
smtpd_banner = $myhostname ESMTP Postfix
smtpd_tls_cert_file = {os.path.abspath(args.cert)}
smtpd_tls_key_file = {os.path.abspath(args.key)}
smtpd_tls_security_level = encrypt
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:{auth_port}
smtpd_relay_restrictions = {restrictions}
smtpd_client_event_limit_exceptions =
{rate}"""


MASTER_CF = """
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class Policy:
    """Postfix's policy delegation: one request a block of name=value lines, one action back.

    Counts the message transactions (their `instance`) of each client connection (address and
    port) and closes the connection with 421 at the (N+1)-th, as providers do."""

    def __init__(self, close_after):
        self.close_after = close_after
        self.instances = {}

    def decide(self, request):
        connection = (request.get("client_address"), request.get("client_port"))
        seen = self.instances.setdefault(connection, [])
        if request.get("instance") not in seen:
            seen.append(request.get("instance"))
        if len(seen) > self.close_after:
            return "421 4.7.0 Too many messages in this connection, closing"
        return "DUNNO"

    async def serve(self, reader, writer):
        request = {}
        while True:
            line = await reader.readline()
            if not line:
                break
            line = line.decode().rstrip("\n")
            if line:
                name, _, value = line.partition("=")
                request[name] = value
                continue
            writer.write(f"action={self.decide(request)}\n\n".encode())
            await writer.drain()
            request = {}
        writer.close()


def wait_for_greeting(port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as probe:
                if probe.recv(512).startswith(b"220"):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


async def run(args):
    # From the first moment: a SIGTERM that comes while the daemons start (or just after READY)
    # must still stop them, not end this script and leave them running.
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: done.done() or done.set_result(None))
    base = os.path.abspath(args.base)
    config = os.path.join(base, "postfix")
    for folder in ["postfix", "postfix/queue", "postfix/data", "dovecot/run", "dovecot/state", "dovecot/home"]:
        os.makedirs(os.path.join(base, folder), exist_ok=True)
    open_path(base)
    smtp_port, auth_port, policy_port = free_port(), free_port(), free_port()

    # The password base64-encoded: passwd-file fields are separated by colons, which a password may hold.
    encoded = base64.b64encode(args.password.encode()).decode()
    write(f"{base}/dovecot/passwd", f"{args.user}:{{PLAIN.b64}}{encoded}::::::\n", 0o644)
    write(f"{base}/dovecot.conf", dovecot_config(base, auth_port))
    # The daemons keep the descriptors they were given: a file, never a pipe this script reads.
    with open(f"{base}/start.log", "a") as output:
        dovecot = subprocess.run([DOVECOT, "-c", f"{base}/dovecot.conf"], stdout=output, stderr=output)
    if dovecot.returncode != 0:
        print(f"FAILED dovecot: {open(f'{base}/start.log').read().strip()}", flush=True)
        return 1

    policy_server = None
    if args.close_after is not None:
        policy = Policy(args.close_after)
        policy_server = await asyncio.start_server(policy.serve, "127.0.0.1", policy_port)

    write(f"{config}/main.cf", main_cf(args, base, auth_port, policy_port))
    write(f"{config}/master.cf", MASTER_CF.format(port=smtp_port))
    postfix = pwd.getpwnam("postfix")
    os.chown(f"{base}/postfix/data", postfix.pw_uid, postfix.pw_gid)
    with open(f"{base}/start.log", "a") as output:
        subprocess.run([POSTFIX, "-c", config, "set-permissions"], stdout=output, stderr=output)
        started = subprocess.run([POSTFIX, "-c", config, "start"], stdout=output, stderr=output)
    if started.returncode != 0 or not wait_for_greeting(smtp_port):
        log = open(f"{base}/postfix.log").read() if os.path.exists(f"{base}/postfix.log") else ""
        print(f"FAILED postfix: {open(f'{base}/start.log').read().strip()} {log}", flush=True)
        stop(base, config)
        return 1

    print(f"READY {smtp_port}", flush=True)
    # Standard input closes when the test process goes.
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.buffer.read1(1) or done.done() or done.set_result(None))
    await done
    if policy_server:
        policy_server.close()
    stop(base, config)
    return 0


def stop(base, config):
    subprocess.run([POSTFIX, "-c", config, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid_file = f"{base}/dovecot/run/master.pid"
    if os.path.exists(pid_file):
        try:
            os.kill(int(open(pid_file).read().strip()), signal.SIGTERM)
        except (OSError, ValueError):
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--close-after", type=int)
    parser.add_argument("--message-rate-limit", type=int)
    sys.exit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
