"""bench/run's time-to-inbox row: from « Envoyer » to the mail and the SMS.

    time_to_inbox.py --base URL --csrf TOKEN --csrf-cookie VALUE
                     --mail DIR --sms DIR --first I --accounts N
                     --rate R --seconds S [--timeout T] [--workers W]

Sends POST /forgot for existing dataset accounts (bench<I> onwards, each
account once while N last) at a steady R requests per second for S seconds
(an open-loop, paced client: request k leaves at start + k / R whatever the
answers before it), `sesame deliver` running. Each request's time is taken
just before it is sent; its mail's arrival is the catcher's receipt time
(the <epoch-ns> of the file name the catcher gives it, same host clock), and
likewise its SMS. Waits up to T seconds after the last request for every
mail and SMS, then prints one JSON object: requests, failed (answers other
than 303), rate, and for "mail" and "sms": count, missing, p50_ms, p99_ms,
max_ms.
"""

import argparse
import glob
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse


def login_of(i):
    return "bench%05d" % i


def phone_of(i):
    # bench/run's dataset: bench<i> has +336<10000000 + i>.
    return "+336%08d" % (10000000 + i)


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Client:
    def __init__(self, a, schedule):
        self.a = a
        self.url = urllib.parse.urlsplit(a.base)
        self.schedule = schedule  # [(due monotonic, account)]
        self.next = 0
        self.lock = threading.Lock()
        self.sent_ns = [None] * len(schedule)
        self.failed = 0

    def take(self):
        with self.lock:
            if self.next >= len(self.schedule):
                return None
            k = self.next
            self.next += 1
            return k

    def worker(self):
        conn = None
        while True:
            k = self.take()
            if k is None:
                break
            due, i = self.schedule[k]
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            login = login_of(i)
            body = urllib.parse.urlencode(
                {"login": login, "email": login + "@bench.example",
                 "csrf": self.a.csrf})
            ok = False
            for _ in range(2):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(
                            self.url.hostname, self.url.port, timeout=10)
                    self.sent_ns[k] = time.time_ns()
                    conn.request("POST", "/forgot", body, {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": "sesame_csrf=" + self.a.csrf_cookie})
                    resp = conn.getresponse()
                    resp.read()
                    ok = resp.status == 303
                    if resp.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                    break
                except (OSError, http.client.HTTPException):
                    if conn is not None:
                        conn.close()
                    conn = None
            if not ok:
                with self.lock:
                    self.failed += 1
        if conn is not None:
            conn.close()


def arrivals(directory, since_ns, key):
    """{recipient: [arrival ns, ...]} of the catcher's JSON files."""
    out = {}
    for path in glob.glob(os.path.join(directory, "*.json")):
        name = os.path.basename(path)
        try:
            ns = int(name.split("-", 1)[0])
        except ValueError:
            continue
        if ns < since_ns:
            continue
        try:
            meta = json.load(open(path, encoding="utf-8"))
        except (OSError, ValueError):
            continue  # being written: next round
        for r in key(meta):
            out.setdefault(r, []).append(ns)
    return out


def main():
    p = argparse.ArgumentParser()
    for name in ("--base", "--csrf", "--csrf-cookie", "--mail", "--sms"):
        p.add_argument(name, required=True)
    p.add_argument("--first", type=int, required=True)
    p.add_argument("--accounts", type=int, required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--workers", type=int, default=8)
    a = p.parse_args()

    n = max(1, int(a.rate * a.seconds))
    since_ns = time.time_ns()
    start = time.monotonic() + 0.2
    schedule = [(start + k / a.rate, a.first + k % a.accounts)
                for k in range(n)]
    client = Client(a, schedule)
    threads = [threading.Thread(target=client.worker)
               for _ in range(max(1, a.workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start

    # Requests of each account, in the order sent; its k-th mail (SMS)
    # answers its k-th request.
    sent = {}
    for k, (_, i) in enumerate(schedule):
        if client.sent_ns[k] is not None:
            sent.setdefault(i, []).append(client.sent_ns[k])
    for v in sent.values():
        v.sort()
    expected = sum(len(v) for v in sent.values()) - client.failed

    def mail_key(meta):
        return [r for r in meta.get("rcpt_tos", [])
                if r.endswith("@bench.example")]

    def sms_key(meta):
        return [meta.get("to") or ""]

    deadline = time.monotonic() + a.timeout
    while True:
        mails = arrivals(a.mail, since_ns, mail_key)
        smss = arrivals(a.sms, since_ns, sms_key)
        got_m = sum(len(v) for v in mails.values())
        got_s = sum(len(v) for v in smss.values())
        if (got_m >= expected and got_s >= expected) or \
                time.monotonic() > deadline:
            break
        time.sleep(0.2)

    def latencies(by_recipient, recipient_of):
        out = []
        for i, times in sent.items():
            got = sorted(by_recipient.get(recipient_of(i), []))
            for t_sent, t_got in zip(times, got):
                out.append((t_got - t_sent) / 1e6)
        return out

    result = {"requests": n, "failed": client.failed, "rate": a.rate,
              "sent_rate": n / elapsed if elapsed > 0 else 0.0}
    for what, by, rcpt in (
            ("mail", mails, lambda i: login_of(i) + "@bench.example"),
            ("sms", smss, phone_of)):
        lat = latencies(by, rcpt)
        result[what] = {"count": len(lat), "missing": max(0, expected - len(lat)),
                        "p50_ms": percentile(lat, 50),
                        "p99_ms": percentile(lat, 99),
                        "max_ms": max(lat) if lat else None}
    print(json.dumps(result))
    return 0 if result["mail"]["count"] else 1


if __name__ == "__main__":
    sys.exit(main())
