#!/usr/bin/env python3
"""Checks RFC 5322 messages the way a receiving mail program would read them.

Usage: check_message.py FILE...   Prints one JSON object per file (a list), with the decoded
From, To, Cc, Subject and body as Python's email package (policy default) reads them, and every
problem found: parser defects (message and header) under the default policy and under compat32
(the policy most older programs use), bare CR or LF, lines over 998 octets, header lines over 78
characters where they could fold, lines holding an encoded-word over 76 characters (RFC 2047
section 2), encoded-words over 75 characters or not decodable alone as UTF-8, a decoded address
or subject holding a control character under either policy (what a header injection through an
encoded-word decodes to), the two policies decoding a field differently (white space aside:
the default policy keeps the white space between two encoded-words of a display name, which
RFC 2047 section 6.2 and compat32 drop), a Bcc field, and a missing Date or Message-ID.
"""
import base64
import email
import email.header
import email.policy
import email.utils
import json
import quopri
import re
import sys

CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")

ENCODED_WORD = re.compile(rb"=\?([^?]+)\?([bBqQ])\?([^?]*)\?=")


def problems_in_bytes(raw):
    problems = []
    if re.search(rb"(?<!\r)\n", raw):
        problems.append("bare LF")
    if re.search(rb"\r(?!\n)", raw):
        problems.append("bare CR")
    head, _, _ = raw.partition(b"\r\n\r\n")
    for number, line in enumerate(raw.split(b"\r\n"), start=1):
        if len(line) > 998:
            problems.append(f"line {number} has {len(line)} octets (over 998)")
    for line in head.split(b"\r\n"):
        if len(line) > 78 and b" " in line.strip():
            problems.append(f"header line over 78 characters that could fold: {line[:40]!r}")
        if ENCODED_WORD.search(line) and len(line) > 76:
            problems.append(f"header line of {len(line)} characters holds an encoded-word (over 76): {line[:40]!r}")
        for match in ENCODED_WORD.finditer(line):
            word = match.group(0)
            if len(word) > 75:
                problems.append(f"encoded-word of {len(word)} characters (over 75)")
            charset, encoding, text = match.group(1), match.group(2).upper(), match.group(3)
            try:
                data = base64.b64decode(text) if encoding == b"B" else quopri.decodestring(text.replace(b"_", b" "), header=True)
                data.decode(charset.decode())
            except Exception as error:  # noqa: BLE001 - any failure is a finding
                problems.append(f"encoded-word does not decode alone: {word!r}: {error}")
    return problems


def squeeze(text):
    """The text without white space, to compare decodings."""
    return "".join(text.split())


def unfold(value):
    """RFC 5322 section 2.2.3 unfolding, which compat32 leaves to the program."""
    return re.sub(r"\r?\n(?=[ \t])", "", str(value))


def compat32_values(raw, problems):
    """The decoded display names, addresses and subject as compat32 programs read them."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    problems += [f"compat32 defect: {type(d).__name__}: {d}" for d in message.defects]
    values = {}
    for name in ("From", "To", "Cc", "Reply-To"):
        fields = message.get_all(name) or []
        values[name] = [
            (str(email.header.make_header(email.header.decode_header(display))), address)
            for display, address in email.utils.getaddresses([unfold(f) for f in fields])
        ]
    subject = message["Subject"]
    values["Subject"] = (
        None if subject is None else str(email.header.make_header(email.header.decode_header(unfold(subject))))
    )
    return values


def check(path):
    raw = open(path, "rb").read()
    problems = problems_in_bytes(raw)
    compat = compat32_values(raw, problems)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    problems += [f"defect: {type(d).__name__}: {d}" for d in message.defects]
    for name, value in message.items():
        for defect in getattr(value, "defects", ()):
            problems.append(f"defect in {name}: {type(defect).__name__}: {defect}")
    for required in ("Date", "Message-ID", "From", "MIME-Version", "Content-Type"):
        if message[required] is None:
            problems.append(f"no {required} field")
    if message["Bcc"] is not None:
        problems.append("a Bcc field is present")
    body = message.get_content() if not message.is_multipart() else None

    def mailboxes(name):
        try:
            field = message[name]
            if field is None:
                return []
            return [{"name": a.display_name, "address": a.addr_spec} for a in field.addresses]
        except Exception:  # noqa: BLE001 - reported among the problems above
            return []

    for name in ("From", "To", "Cc", "Reply-To"):
        try:
            default = [] if message[name] is None else [(a.display_name, a.addr_spec) for a in message[name].addresses]
        except Exception as error:  # noqa: BLE001 - a header the parser cannot read is a finding
            problems.append(f"{name} cannot be read under the default policy: {error}")
            continue
        for policy, entries in (("default", default), ("compat32", compat[name])):
            for display, address in entries:
                if CONTROL.search(display) or CONTROL.search(address):
                    problems.append(f"{name} decodes to a control character under {policy}: {display!r} <{address}>")
        if [squeeze(d) for d, _ in default] != [squeeze(d) for d, _ in compat[name]]:
            problems.append(f"{name} decodes differently: default {default!r}, compat32 {compat[name]!r}")
    subject = None if message["Subject"] is None else str(message["Subject"])
    for policy, text in (("default", subject), ("compat32", compat["Subject"])):
        if text is not None and CONTROL.search(text):
            problems.append(f"Subject decodes to a control character under {policy}: {text!r}")
    if subject != compat["Subject"]:
        problems.append(f"Subject decodes differently: default {subject!r}, compat32 {compat['Subject']!r}")

    return {
        "file": path,
        "problems": problems,
        "from": mailboxes("From"),
        "to": mailboxes("To"),
        "cc": mailboxes("Cc"),
        "subject": str(message["Subject"]) if message["Subject"] is not None else None,
        "message_id": str(message["Message-ID"]) if message["Message-ID"] is not None else None,
        "date": str(message["Date"]) if message["Date"] is not None else None,
        "headers": [name for name, _ in message.items()],
        "content_transfer_encoding": message["Content-Transfer-Encoding"],
        "charset": message.get_content_charset(),
        "body": body,
    }


def check_or_report(path):
    """check(path), or a result whose one problem is why Python's email package gave up."""
    try:
        return check(path)
    except Exception as error:  # noqa: BLE001 - a message the parser cannot read is a finding
        return {
            "file": path, "problems": [f"Python's email package cannot read it: {type(error).__name__}: {error}"],
            "from": [], "to": [], "cc": [], "subject": None, "message_id": None, "date": None, "headers": [],
            "content_transfer_encoding": None, "charset": None, "body": None,
        }


if __name__ == "__main__":
    print(json.dumps([check_or_report(path) for path in sys.argv[1:]], ensure_ascii=False))
