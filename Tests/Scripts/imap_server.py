#!/usr/bin/python3
"""A private Dovecot IMAP server on 127.0.0.1 for the tests and benchmarks (Debian dovecot-imapd).

Usage: imap_server.py --base DIR --maildir DIR --user NAME --password PASSWORD
                      --cert PEM --key PEM [--mode tls|starttls] [--base-folder-mode]

Writes its own configuration under --base (base_dir, state_dir, log, passwd-file), serves the
Maildir --maildir as the user's INBOX (other mailboxes are its Maildir++ folders, `.Name`), with
Dovecot's index and control files kept under --base so that the Maildir holds only messages.
Listens on a free loopback port: implicit TLS (imaps) with --mode tls, or plain IMAP with
STARTTLS required (ssl = required) with --mode starttls. Prints "READY PORT" once it accepts
connections; stops Dovecot (a TERM to its master process, whose pid is in run/master.pid) on
SIGTERM or SIGINT, or when its standard input closes (so a test that dies takes it along).

Dovecot runs as root; its login and mail processes run as other users, so every folder on the
way to the files is made 0755 and the Maildir is given to `nobody`, the mail user here.
"""
import argparse
import os
import pwd
import signal
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_path(path):
    """Gives others +x (and +r) on every folder from / down to path."""
    parts = os.path.abspath(path).split(os.sep)
    for index in range(2, len(parts) + 1):
        folder = os.sep.join(parts[:index])
        if os.path.isdir(folder):
            mode = os.stat(folder).st_mode
            os.chmod(folder, mode | 0o055)


def config(args, port):
    base = os.path.abspath(args.base)
    listener = "imaps" if args.mode == "tls" else "imap"
    plain_port = 0 if args.mode == "tls" else port
    tls_port = port if args.mode == "tls" else 0
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
ssl = required
ssl_cert = <{os.path.abspath(args.cert)}
ssl_key = <{os.path.abspath(args.key)}
disable_plaintext_auth = yes
auth_mechanisms = plain login
mail_location = maildir:{os.path.abspath(args.maildir)}:INDEX={base}/index:CONTROL={base}/control:VOLATILEDIR={base}/volatile
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
first_valid_gid = 1
default_login_user = dovenull
default_internal_user = dovecot
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={base}/home
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode", choices=["tls", "starttls"], default="tls")
    args = parser.parse_args()
    base = os.path.abspath(args.base)
    for name in ["run", "state", "index", "control", "volatile", "home"]:
        os.makedirs(os.path.join(base, name), exist_ok=True)
    nobody = pwd.getpwnam("nobody")
    for name in ["index", "control", "volatile", "home"]:
        os.chown(os.path.join(base, name), nobody.pw_uid, nobody.pw_gid)
    for folder in [os.path.abspath(args.maildir)] + [os.path.join(os.path.abspath(args.maildir), sub) for sub in ("cur", "new", "tmp")]:
        os.makedirs(folder, exist_ok=True)
    for root, folders, files in os.walk(args.maildir):
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        for name in files:
            os.chown(os.path.join(root, name), nobody.pw_uid, nobody.pw_gid)
    with open(os.path.join(base, "passwd"), "w") as handle:
        handle.write(f"{args.user}:{{PLAIN}}{args.password}::::::\n")
    os.chmod(os.path.join(base, "passwd"), 0o644)
    open_path(base)
    open_path(args.maildir)
    for attempt in range(20):
        port = free_port()
        conf = os.path.join(base, "dovecot.conf")
        with open(conf, "w") as handle:
            handle.write(config(args, port))
        os.chmod(conf, 0o644)
        process = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", conf], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=open(os.path.join(base, "dovecot.stderr"), "ab"))
        deadline = time.monotonic() + 60
        ready = False
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    ready = True
                    break
            except OSError:
                time.sleep(0.02)
        if ready:
            break
        if process.poll() is None:
            process.terminate()
            process.wait()
    else:
        sys.stderr.write(open(os.path.join(base, "dovecot.stderr")).read())
        print("FAILED", flush=True)
        return 1

    def stop(*_):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"READY {port}", flush=True)
    # Also stop when the parent goes away (its end of our standard input closes).
    try:
        sys.stdin.read()
    except Exception:
        pass
    stop()


if __name__ == "__main__":
    sys.exit(main())
