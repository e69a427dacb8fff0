"""bench/run's A2 rows: POST /forgot for existing and unknown accounts (or
POST /interieur/regeneration for existing agents and unknown facts),
interleaved, one request at a time, and their latencies compared.

    interleave.py --base URL --csrf TOKEN --csrf-cookie VALUE
                  --pairs N --accounts A [--offset O] [--warmup W]
                  [--form forgot|interior --agents FILE]

Sends N pairs of sequential POST /forgot through nginx on one keep-alive
connection: in each pair one request for an existing dataset account
(bench<i> with its own address) and one for a login that does not exist
(nobody<i>), in a random order per pair so that neither kind always
follows the other. W requests of each kind first are not recorded.
--form interior: POST /interieur/regeneration, an agent's matricule, birth
date and réassort secret from FILE ("MATRICULE BIRTH KEY SECRET" lines)
against a matricule nobody has with a wrong secret of the same shapes.

Prints two JSON lines (bench/run's rows.jsonl format, kind "interleave"):
one per kind with its count, requests/s (sequential), median, p99 and max
in ms; the existing-account line also holds "median_gap_pct" and
"p99_gap_pct": (existing - unknown) / unknown * 100. Every answer must be
303; others are counted in "errors".
"""

import argparse
import http.client
import json
import math
import random
import statistics
import sys
import time
import urllib.parse


def percentile(sorted_values, pct):
    """Nearest-rank percentile of a sorted list."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


class Client:
    def __init__(self, base, csrf, cookie):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.csrf, self.cookie = csrf, cookie
        self.conn = None
        self.reconnects = 0

    def post(self, path, fields):
        """(status, seconds); status 0 when the connection failed twice."""
        body = urllib.parse.urlencode(dict(fields, csrf=self.csrf))
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Cookie": "sesame_csrf=" + self.cookie}
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port,
                                                       timeout=10)
                self.conn.connect()
            try:
                t0 = time.perf_counter()
                self.conn.request("POST", path, body, headers)
                resp = self.conn.getresponse()
                resp.read()
                dt = time.perf_counter() - t0
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, dt
            except (OSError, http.client.HTTPException):
                # nginx ends a kept-alive connection after keepalive_requests:
                # reconnect (outside the timed part) and send it again.
                self.conn.close()
                self.conn = None
                self.reconnects += 1
        return 0, 0.0


def summary(name, times, errors, extra=None):
    s = sorted(times)
    total = sum(s)
    row = {
        "row": name, "kind": "interleave", "requests": len(s),
        "errors": errors, "connections": 1,
        "rps": len(s) / total if total > 0 else 0.0,
        "p50_ms": statistics.median(s) * 1e3 if s else 0.0,
        "p99_ms": percentile(s, 99) * 1e3,
        "max_ms": s[-1] * 1e3 if s else 0.0,
    }
    row.update(extra or {})
    return row


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--csrf", required=True)
    p.add_argument("--csrf-cookie", required=True)
    p.add_argument("--pairs", type=int, default=500)
    p.add_argument("--accounts", type=int, required=True)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--form", choices=("forgot", "interior"), default="forgot")
    p.add_argument("--agents", default="")
    a = p.parse_args()
    agents = []
    if a.form == "interior":
        with open(a.agents, encoding="utf-8") as f:
            agents = [line.split() for line in f if line.strip()]
        if not agents:
            raise SystemExit("interleave.py: no agent in %s" % a.agents)

    rng = random.Random(a.seed)
    client = Client(a.base, a.csrf, a.csrf_cookie)
    times = {"existing": [], "unknown": []}
    errors = {"existing": 0, "unknown": 0}

    def request(kind, n):
        if a.form == "interior":
            i = (a.offset + n) % len(agents)
            matricule, birth, _, secret = agents[i]
            if kind != "existing":
                matricule, secret = "%d" % (90000000 + i), "ZZZZZZ" + secret[6:]
            return "/interieur/regeneration", {
                "matricule": matricule, "naissance": birth, "secret": secret}
        i = (a.offset + n) % a.accounts + 1
        login = ("bench%05d" if kind == "existing" else "nobody%05d") % i
        return "/forgot", {"login": login, "email": login + "@bench.example"}

    def one(kind, n, record):
        status, dt = client.post(*request(kind, n))
        if not record:
            return
        if status != 303:
            errors[kind] += 1
        else:
            times[kind].append(dt)

    for n in range(a.warmup + a.pairs):
        order = ["existing", "unknown"]
        rng.shuffle(order)
        for kind in order:
            one(kind, n, n >= a.warmup)

    med_e = statistics.median(times["existing"]) if times["existing"] else 0
    med_u = statistics.median(times["unknown"]) if times["unknown"] else 0
    p99_e = percentile(sorted(times["existing"]), 99)
    p99_u = percentile(sorted(times["unknown"]), 99)
    gap = {
        "median_gap_pct": (med_e - med_u) / med_u * 100 if med_u else None,
        "p99_gap_pct": (p99_e - p99_u) / p99_u * 100 if p99_u else None,
        "pairs": a.pairs, "reconnects": client.reconnects,
    }
    names = {"forgot": ("POST /forgot existing account",
                        "POST /forgot unknown account"),
             "interior": ("POST /interieur/regeneration existing agent",
                          "POST /interieur/regeneration unknown facts")}
    existing, unknown = names[a.form]
    print(json.dumps(summary(existing + ", interleaved (A2)",
                             times["existing"], errors["existing"], gap)))
    print(json.dumps(summary(unknown + ", interleaved (A2)",
                             times["unknown"], errors["unknown"],
                             {"pairs": a.pairs})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
