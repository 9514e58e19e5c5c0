#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for outreach's tests (aiosmtpd, Debian's python3-aiosmtpd).

It takes a free port (printed as "READY <port>" on stdout), records every message it accepts
in --spool as N.eml (the exact DATA bytes, after dot-unstuffing) and N.json (envelope,
connection number), appends one line per connection to connections.log and each EHLO or HELO
name to helo.log, and can misbehave on purpose: --greet 421, --rcpt ADDRESS=CODE,
--rcpt-once ADDRESS=CODE (only the first RCPT for that address), --mail CODE, --data-reply CODE,
--close-in-data, --never-greet, --no-reply-after-data, --slow N=SECONDS, --slow-mail N=SECONDS,
--close-after N (421 to the MAIL after N messages on one connection, then close it, as providers
limit messages per connection), --strict-helo (501 to an EHLO or HELO name without a dot that is
not an address literal), --no-auth (no AUTH in the EHLO reply, even after STARTTLS).

--hold N makes the reply to the N-th message's DATA wait for the test: the server creates
holding-N in the spool when the content is in (it holds the message's RCPT addresses, one a
line: a client killed while it waits leaves no N.json), and answers once the test creates release-N
(or after --hold-limit seconds, so a failed test never leaves it waiting forever). Tests use
it to order their actions against a run by signals, never by sleeps.
"""
import argparse
import asyncio
import itertools
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

counter = itertools.count(1)
connections = itertools.count(1)


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spool", required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    parser.add_argument("--no-starttls", action="store_true", help="plain mode without STARTTLS offered")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth", help="USER:PASSWORD; AUTH is then required")
    parser.add_argument("--mechanisms", default="PLAIN,LOGIN")
    parser.add_argument("--greet", type=int)
    parser.add_argument("--hostname", default="mx.example.org", help="the name in the greeting (any characters)")
    parser.add_argument("--mail", type=int)
    parser.add_argument("--rcpt", action="append", default=[], help="ADDRESS=CODE")
    parser.add_argument("--rcpt-once", action="append", default=[], help="ADDRESS=CODE: the first RCPT only")
    parser.add_argument("--close-after", type=int, help="N: 421 to the MAIL after N messages on a connection, then close")
    parser.add_argument("--strict-helo", action="store_true", help="501 to an EHLO name without a dot, not a literal")
    parser.add_argument("--no-auth", action="store_true", help="offer no AUTH mechanism in the EHLO reply")
    parser.add_argument("--data-reply", type=int)
    parser.add_argument("--close-in-data", action="store_true")
    parser.add_argument("--never-greet", action="store_true")
    parser.add_argument("--no-reply-after-data", action="store_true")
    parser.add_argument("--slow", action="append", default=[], help="N=SECONDS: wait before answering the N-th message")
    parser.add_argument("--slow-mail", action="append", default=[], help="N=SECONDS: wait before answering the N-th MAIL FROM")
    parser.add_argument("--hold", action="append", type=int, default=[], help="N: hold the N-th DATA reply until release-N exists")
    parser.add_argument("--hold-limit", type=float, default=300, help="seconds a hold lasts at most")
    parser.add_argument("--discard", action="store_true", help="accept messages without writing them (benchmarks, like smtp-sink)")
    parser.add_argument("--idle-timeout", type=float, default=30,
                        help="SECONDS a connection may wait for a command before the server says 421 and closes it")
    return parser.parse_args()


ARGS = parse()
RCPT_CODES = dict(item.split("=", 1) for item in ARGS.rcpt)
RCPT_ONCE = dict(item.split("=", 1) for item in ARGS.rcpt_once)
SLOW = {int(n): float(s) for n, s in (item.split("=", 1) for item in ARGS.slow)}
SLOW_MAIL = {int(n): float(s) for n, s in (item.split("=", 1) for item in ARGS.slow_mail)}
mail_commands = itertools.count(1)
TEXT = {421: "4.3.2 Service not available, closing", 450: "4.2.1 Mailbox busy", 451: "4.3.0 Try again later",
        452: "4.5.3 Too many recipients", 530: "5.7.0 Authentication required", 550: "5.1.1 No such user",
        552: "5.3.4 Too big",
        553: "5.1.8 Bad sender", 554: "5.7.1 Rejected as spam"}


def reply(code):
    return f"{code} {TEXT.get(code, 'No')}"


class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if ARGS.no_auth:
            responses = [line for line in responses if not line[4:].upper().startswith("AUTH")]
        return responses

    async def handle_MAIL(self, server, session, envelope, address, options):
        number = next(mail_commands)
        if number in SLOW_MAIL:
            await asyncio.sleep(SLOW_MAIL[number])
        if ARGS.mail:
            return reply(ARGS.mail)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        code = RCPT_CODES.get(address) or RCPT_ONCE.pop(address, None)
        if code:
            return reply(int(code))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(counter)
        session.messages += 1
        if number in SLOW:
            await asyncio.sleep(SLOW[number])
        if number in ARGS.hold:
            await hold(number, envelope.rcpt_tos)
        if ARGS.no_reply_after_data:
            await asyncio.sleep(3600)
        if ARGS.data_reply:
            return reply(ARGS.data_reply)
        if ARGS.discard:
            return f"250 2.0.0 Ok: queued as Q{number:05d}"
        with open(os.path.join(ARGS.spool, f"{number}.eml"), "wb") as handle:
            handle.write(envelope.original_content)
        with open(os.path.join(ARGS.spool, f"{number}.json"), "w") as handle:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "connection": session.connection_number, "tls": session.ssl is not None,
                       "authenticated": bool(session.authenticated)}, handle)
        return f"250 2.0.0 Ok: queued as Q{number:05d}"


async def hold(number, recipients):
    holding = os.path.join(ARGS.spool, f"holding-{number}")
    with open(holding + ".tmp", "w") as handle:
        handle.write("".join(f"{address}\n" for address in recipients))
    os.rename(holding + ".tmp", holding)
    release = os.path.join(ARGS.spool, f"release-{number}")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ARGS.hold_limit
    while not os.path.exists(release) and loop.time() < deadline:
        await asyncio.sleep(0.01)


def authenticator(server, session, envelope, mechanism, auth_data):
    if not isinstance(auth_data, LoginPassword) or not ARGS.auth:
        return AuthResult(success=False)
    user, password = ARGS.auth.split(":", 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    with open(os.path.join(ARGS.spool, "auth.log"), "a") as handle:
        handle.write(f"{mechanism} {auth_data.login.decode()} {'ok' if ok else 'refused'} tls={session.ssl is not None}\n")
    return AuthResult(success=ok, handled=False)


def usable_helo(name):
    """True for a name with a dot, or an address literal (RFC 5321 §4.1.3), as strict servers ask."""
    return "." in name.strip(".") or (name.startswith("[") and name.endswith("]"))


class TestSMTP(SMTP):
    def connection_made(self, transport):
        number = next(connections)
        with open(os.path.join(ARGS.spool, "connections.log"), "a") as handle:
            handle.write(f"{number}\n")
        super().connection_made(transport)
        self.session.connection_number = number
        self.session.messages = 0

    async def smtp_EHLO(self, hostname):
        if await self.refused_helo(hostname):
            return
        await super().smtp_EHLO(hostname)

    async def smtp_HELO(self, hostname):
        if await self.refused_helo(hostname):
            return
        await super().smtp_HELO(hostname)

    async def refused_helo(self, hostname):
        with open(os.path.join(ARGS.spool, "helo.log"), "a") as handle:
            handle.write(f"{hostname}\n")
        if ARGS.strict_helo and hostname and not usable_helo(hostname):
            await self.push("501 5.5.2 Helo command rejected: need fully-qualified hostname")
            return True
        return False

    async def smtp_MAIL(self, arg):
        if ARGS.close_after is not None and self.session.messages >= ARGS.close_after:
            await self.push("421 4.7.0 Too many messages in this connection, closing")
            self.transport.close()
            return
        await super().smtp_MAIL(arg)

    async def _handle_client(self):
        if ARGS.greet:
            await self.push(reply(ARGS.greet))
            self.transport.close()
            return
        await super()._handle_client()

    async def smtp_DATA(self, arg):
        if ARGS.close_in_data and self.envelope.rcpt_tos:
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readline()
            self.transport.close()
            return
        await super().smtp_DATA(arg)


def tls_context():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(ARGS.cert, ARGS.key)
    return context


async def silent(reader, writer):
    with open(os.path.join(ARGS.spool, "connections.log"), "a") as handle:
        handle.write(f"{next(connections)}\n")
    await asyncio.sleep(3600)


async def main():
    loop = asyncio.get_running_loop()
    exclude = [m for m in ("PLAIN", "LOGIN") if m not in ARGS.mechanisms.split(",")]
    if ARGS.never_greet:
        server = await asyncio.start_server(silent, "127.0.0.1", 0)
    else:
        def factory():
            options = dict(handler=Handler(), hostname=ARGS.hostname, timeout=ARGS.idle_timeout,
                           authenticator=authenticator if ARGS.auth else None,
                           auth_required=bool(ARGS.auth), auth_exclude_mechanism=exclude)
            if ARGS.mode == "starttls" or (ARGS.mode == "plain" and not ARGS.no_starttls and ARGS.cert):
                options.update(tls_context=tls_context(), require_starttls=ARGS.mode == "starttls", auth_require_tls=True)
            elif ARGS.mode == "tls":
                options.update(auth_require_tls=False)
            else:
                options.update(auth_require_tls=True)
            return TestSMTP(**options)
        server = await loop.create_server(factory, "127.0.0.1", 0, ssl=tls_context() if ARGS.mode == "tls" else None)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
