"""bench/run's supply of live links for the full reset row.

    reset_links.py --base URL --csrf TOKEN --csrf-cookie VALUE
                   --mail DIR --sms DIR --out FILE --first I --count K
                   [--timeout S]

Makes K recovery requests through nginx (POST /forgot for the dataset
accounts bench<I> .. bench<I+K-1>, one keep-alive connection; `sesame
deliver` must be running), waits until the catchers hold each account's
reset mail and its SMS, and writes FILE: one "TOKEN CODE" line per account
(the token of the /reset?t= link, the SMS activation code). Prints how many
lines it wrote; exits 1 when it wrote none.

Only mail and SMS that arrived after this script started are read, newest
first, so older messages of the same accounts (an earlier row) are ignored.
"""

import argparse
import email
import email.policy
import glob
import http.client
import json
import os
import re
import sys
import time
import urllib.parse

TOKEN_RE = re.compile(r"/reset\?t=([A-Za-z0-9_-]{43})")
CODE_RE = re.compile(r"le code (\S+)\.\s*$")


def login_of(i):
    return "bench%05d" % i


def phone_of(i):
    # bench/run's dataset: bench<i> has +336<10000000 + i>.
    return "+336%08d" % (10000000 + i)


def post_forgot(base, csrf, cookie, logins):
    url = urllib.parse.urlsplit(base)
    conn = None
    failed = 0
    for login in logins:
        body = urllib.parse.urlencode(
            {"login": login, "email": login + "@bench.example", "csrf": csrf})
        for attempt in range(2):
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(url.hostname, url.port,
                                                      timeout=10)
                conn.request("POST", "/forgot", body, {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "sesame_csrf=" + cookie})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 303:
                    failed += 1
                    print("reset_links: POST /forgot %s answered %d" %
                          (login, resp.status), file=sys.stderr)
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
                break
            except (OSError, http.client.HTTPException):
                # nginx closed the kept-alive connection: once more.
                if conn is not None:
                    conn.close()
                conn = None
                if attempt:
                    failed += 1
    if conn is not None:
        conn.close()
    return failed


def new_files(directory, pattern, since_ns, seen):
    """Files named <epoch-ns>-<n>.* newer than since_ns, not yet seen."""
    out = []
    for path in glob.glob(os.path.join(directory, pattern)):
        name = os.path.basename(path)
        if path in seen:
            continue
        try:
            ns = int(name.split("-", 1)[0])
        except ValueError:
            continue
        if ns >= since_ns:
            out.append((name, path))
    return sorted(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--csrf", required=True)
    p.add_argument("--csrf-cookie", required=True)
    p.add_argument("--mail", required=True)
    p.add_argument("--sms", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--first", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--timeout", type=float, default=60)
    a = p.parse_args()

    since_ns = time.time_ns() - 1_000_000_000  # catcher clocks: same host
    wanted = {i for i in range(a.first, a.first + a.count)}
    by_mail = {login_of(i) + "@bench.example": i for i in wanted}
    by_phone = {phone_of(i): i for i in wanted}
    failed = post_forgot(a.base, a.csrf, a.csrf_cookie,
                         [login_of(i) for i in sorted(wanted)])

    tokens, codes = {}, {}
    seen = set()
    deadline = time.monotonic() + a.timeout
    while time.monotonic() < deadline:
        for _, path in new_files(a.mail, "*.json", since_ns, seen):
            seen.add(path)
            try:
                meta = json.load(open(path, encoding="utf-8"))
            except (OSError, ValueError):
                seen.discard(path)  # being written: next round
                continue
            rcpt = [r for r in meta.get("rcpt_tos", []) if r in by_mail]
            if not rcpt:
                continue
            eml = os.path.join(a.mail, meta.get("eml", ""))
            if not os.path.exists(eml):
                seen.discard(path)
                continue
            msg = email.message_from_binary_file(
                open(eml, "rb"), policy=email.policy.default)
            for part in msg.walk():
                if part.get_content_type() == "text/plain":
                    m = TOKEN_RE.search(part.get_content())
                    if m:
                        tokens[by_mail[rcpt[0]]] = m.group(1)  # newest wins
                        break
        for _, path in new_files(a.sms, "*.json", since_ns, seen):
            seen.add(path)
            try:
                sms = json.load(open(path, encoding="utf-8"))
            except (OSError, ValueError):
                seen.discard(path)
                continue
            i = by_phone.get(sms.get("to") or "")
            m = CODE_RE.search(sms.get("text") or "")
            if i is not None and m:
                codes[i] = m.group(1)
        if all(i in tokens and i in codes for i in wanted):
            break
        time.sleep(0.2)

    paired = sorted(i for i in wanted if i in tokens and i in codes)
    with open(a.out, "w", encoding="ascii") as f:
        for i in paired:
            f.write("%s %s\n" % (tokens[i], codes[i]))
    if len(paired) < len(wanted):
        print("reset_links: %d of %d links complete (%d mails, %d SMS, %d "
              "POST /forgot failed)" % (len(paired), len(wanted), len(tokens),
                                        len(codes), failed), file=sys.stderr)
    print(len(paired))
    return 0 if paired else 1


if __name__ == "__main__":
    sys.exit(main())
