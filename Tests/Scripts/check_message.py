#!/usr/bin/env python3
"""Checks RFC 5322 messages the way a receiving mail program would read them.

Usage: check_message.py FILE...   Prints one JSON object per file (a list), with the decoded
From, To, Cc, Subject and body as Python's email package (policy default) reads them, and every
problem found: parser defects (message and header), bare CR or LF, lines over 998 octets,
header lines over 78 characters where they could fold, encoded-words over 75 characters or
not decodable alone as UTF-8, a Bcc field, and a missing Date or Message-ID.
"""
import base64
import email
import email.policy
import json
import quopri
import re
import sys

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


def check(path):
    raw = open(path, "rb").read()
    problems = problems_in_bytes(raw)
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
        field = message[name]
        if field is None:
            return []
        return [{"name": a.display_name, "address": a.addr_spec} for a in field.addresses]

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


if __name__ == "__main__":
    print(json.dumps([check(path) for path in sys.argv[1:]], ensure_ascii=False))
