#!/usr/bin/python3
"""A real HTTPS file server on 127.0.0.1 for outreach's download tests (Python's http.server
wrapped in TLS with the tests' throwaway CA, Tests/Scripts/make_certs.py).

It takes a free port (printed as "READY <port>" on stdout) and serves the files in --root:
200 with an ETag (a hash of the content) and a Last-Modified (the file's time), 304 Not
Modified when If-None-Match or If-Modified-Since says the client's copy is current, 404 for
anything else. Every request is appended to --spool/requests.log as one JSON line (path,
conditional headers, status). Paths that misbehave on purpose:

  /truncated/NAME   announces NAME's full Content-Length, sends half of it, and closes;
  /stall/NAME       sends the headers and the first bytes, creates --spool/stalling, then waits
                    until --spool/release exists (or --stall-limit seconds pass, so a failed
                    test never leaves it waiting) before sending the rest;
  /redirect/NAME    302 to /NAME;
  /to-http/NAME     302 to http://127.0.0.1:PORT/NAME (a client must refuse to follow it).
"""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import ssl
import sys
import threading
import time


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--spool", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--stall-limit", type=float, default=120)
    return parser.parse_args()


ARGS = parse()
LOG_LOCK = threading.Lock()


def log(entry):
    with LOG_LOCK, open(os.path.join(ARGS.spool, "requests.log"), "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def finish_with(self, status, headers=(), body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        entry = {"path": self.path, "if_none_match": self.headers.get("If-None-Match"),
                 "if_modified_since": self.headers.get("If-Modified-Since")}
        mode, _, name = self.path.lstrip("/").partition("/")
        if mode not in ("truncated", "stall", "redirect", "to-http"):
            mode, name = "", self.path.lstrip("/")
        if mode == "redirect":
            entry["status"] = 302
            log(entry)
            return self.finish_with(302, [("Location", "/" + name)])
        if mode == "to-http":
            entry["status"] = 302
            log(entry)
            return self.finish_with(302, [("Location", f"http://127.0.0.1:{self.server.server_port}/{name}")])
        path = os.path.join(ARGS.root, name)
        if "/" in name or not name or not os.path.isfile(path):
            entry["status"] = 404
            log(entry)
            return self.finish_with(404, [("Content-Type", "text/plain")], b"not found\n")
        with open(path, "rb") as handle:
            body = handle.read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        modified = os.path.getmtime(path)
        last_modified = email.utils.formatdate(modified, usegmt=True)
        since = self.headers.get("If-Modified-Since")
        match = self.headers.get("If-None-Match")
        current = match == etag if match is not None else (
            since is not None and email.utils.parsedate_to_datetime(since).timestamp() >= int(modified))
        if current:
            entry["status"] = 304
            log(entry)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Connection", "close")
            self.end_headers()
            return
        entry["status"] = 200
        log(entry)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.send_header("Connection", "close")
        self.end_headers()
        if mode == "truncated":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.close()
            return
        if mode == "stall":
            self.wfile.write(body[:16])
            self.wfile.flush()
            open(os.path.join(ARGS.spool, "stalling"), "w").close()
            deadline = time.monotonic() + ARGS.stall_limit
            while not os.path.exists(os.path.join(ARGS.spool, "release")) and time.monotonic() < deadline:
                time.sleep(0.01)
            try:
                self.wfile.write(body[16:])
            except OSError:
                pass
            return
        self.wfile.write(body)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ARGS.cert, ARGS.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"READY {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
