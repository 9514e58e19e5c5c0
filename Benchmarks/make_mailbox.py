#!/usr/bin/env python3
"""Fills a Maildir with COUNT messages of which MATCHES belong to letters in an outreach queue.

Usage: make_mailbox.py COUNT MATCHES QUEUE.sqlite MAILDIR

Of the matching messages, 70% are replies from the office (In-Reply-To the letter's
Message-ID), 20% Postfix-shaped bounces (multipart/report with the letter's headers returned)
and 10% out-of-office replies (Auto-Submitted: auto-replied). The others are unrelated mail of
a few kilobytes (newsletters, and replies to other threads). Each message is a file; the
unrelated ones are marked seen (cur/, flag S), the rest new (new/).
"""
import os
import sqlite3
import sys

DATE = "Sun, 29 Nov 2026 09:00:00 -0800"
FILLER = "The council meets on Tuesday at 6 pm in the chamber; the agenda is posted online. " * 30


def reply(letter_id, message_id, address, number):
    return (f"Return-Path: <{address}>\nDate: {DATE}\nFrom: Office <{address}>\nTo: bench@example.org\n"
            f"Subject: Re: your letter {letter_id}\nMessage-ID: <bench-reply-{number}@example.org>\n"
            f"In-Reply-To: {message_id}\nReferences: {message_id}\nContent-Type: text/plain; charset=utf-8\n\n"
            f"Thank you for your letter. The mayor has read it.\n\nOn Sun, Nov 29, 2026 bench wrote:\n> {FILLER[:200]}\n")


def bounce(letter_id, message_id, address, number):
    return (f"Return-Path: <>\nDate: {DATE}\nFrom: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
            f"To: bench@example.org\nSubject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\n"
            f"Message-ID: <bench-bounce-{number}@mail.example.org>\nMIME-Version: 1.0\n"
            f"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b{number}\"\n\n"
            f"--b{number}\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
            f"--b{number}\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.org\n\n"
            f"Final-Recipient: rfc822; {address}\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\n\n"
            f"--b{number}\nContent-Type: text/rfc822-headers\n\nFrom: bench@example.org\nTo: {address}\nMessage-ID: {message_id}\n\n"
            f"--b{number}--\n")


def vacation(letter_id, message_id, address, number):
    return (f"Return-Path: <>\nDate: {DATE}\nFrom: <{address}>\nTo: bench@example.org\nSubject: Out of Office: your letter\n"
            f"Message-ID: <bench-ooo-{number}@example.org>\nIn-Reply-To: {message_id}\nAuto-Submitted: auto-replied\n"
            f"Content-Type: text/plain\n\nI am away until Monday.\n")


def unrelated(number):
    if number % 2:
        return (f"Date: {DATE}\nFrom: City Newsletter <news@example.net>\nTo: bench@example.org\nSubject: News {number}\n"
                f"Message-ID: <bench-news-{number}@example.net>\nPrecedence: bulk\nContent-Type: text/plain\n\n{FILLER}\n")
    return (f"Date: {DATE}\nFrom: Friend <friend@example.net>\nTo: bench@example.org\nSubject: Re: plans {number}\n"
            f"Message-ID: <bench-friend-{number}@example.net>\nIn-Reply-To: <bench-thread-{number}@example.org>\n"
            f"Content-Type: text/plain\n\n{FILLER}\n")


def main():
    count, matches, queue, maildir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    letters = sqlite3.connect(queue).execute("SELECT id, messageId, envelopeTo FROM letter WHERE status = 'sent' ORDER BY id").fetchall()
    if len(letters) < matches:
        sys.exit(f"only {len(letters)} sent letters for {matches} matching messages")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    # Matching messages spread evenly through the mailbox.
    every = count // matches if matches else count + 1
    made = 0
    for number in range(count):
        if matches and number % every == 0 and made < matches:
            letter_id, message_id, envelope = letters[made]
            kind = made % 10
            maker = reply if kind < 7 else bounce if kind < 9 else vacation
            text, name = maker(letter_id, message_id, envelope.split(" ")[0], number), f"new/{1764406800 + number}.M{number}P1.bench"
            made += 1
        else:
            text, name = unrelated(number), f"cur/{1764406800 + number}.M{number}P1.bench:2,S"
        with open(os.path.join(maildir, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    print(f"{count} messages, {made} matching")


if __name__ == "__main__":
    main()
