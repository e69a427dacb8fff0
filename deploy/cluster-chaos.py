#!/usr/bin/python3
"""deploy/cluster chaos: the Crédit Municipal flow under faults.

    deploy/cluster chaos [--state DIR] [--seconds N] [--rate R]
    cluster-chaos.py --cluster deploy/cluster --state DIR --port P --once

Simulated customers start at a steady rate (R a second) for N seconds,
each on an account of its own (imported at the start, without a password):
POST /forgot, the link from the mail catcher's .eml, the code from the SMS
catcher's .json, /reset with the code and a new password, then /login with
it. A customer who sees an error page waits a second and tries the step
again, as a person would. Meanwhile, in turn, one fault at a time: kill -9
of the writer DB node, of a backup DB node, of one app host's `serve`, of
the other's `deliver`, then one DB node's link down (a partition); each is
repaired halfway to the next.

Prints one table (per fault: HTTP requests sent, errors customers saw with
their pages, the time from the fault, and from its repair, to the last
failure that customers or a /healthz probe through nginx saw), then what
was issued against what arrived, and last `lost N, duplicated N,
double-used N, errors X.XX %` (errors outside the 10 s failover windows
after each fault and each repair, of all requests; a DB node's return
moves nothing: HAProxy keeps the writer it has).
Exits 1 when a target is missed: a link, code or completed reset lost, a
message twice, a link used twice, errors above 0.1 %, or a recovery longer
than 10 s. `--once` runs one customer without faults (tests/cluster_test.sh).

Reuses tests/integration/stack_client.py (HTTP with cookies, the catchers'
files). Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import collections
import email
import email.policy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

WINDOW = 10.0          # seconds after a fault during which errors are allowed
MAX_ERROR_RATE = 0.1   # percent of requests, outside the windows
MESSAGE_WAIT = 60.0    # seconds a customer waits for a mail or an SMS

ap = argparse.ArgumentParser()
ap.add_argument("--cluster", required=True)
ap.add_argument("--state", required=True)
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--seconds", type=float, default=60)
ap.add_argument("--rate", type=float, default=2)
ap.add_argument("--once", action="store_true")
args = ap.parse_args()

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EDGE = os.path.join(args.state, "edge")
os.environ.update({
    "SESAME_TEST_BASE_URL": "http://127.0.0.1:%d" % args.port,
    "SESAME_TEST_STATE": EDGE,
    "SESAME_TEST_MAIL_DIR": os.path.join(EDGE, "mail"),
    "SESAME_TEST_SMS_DIR": os.path.join(EDGE, "sms"),
    "SESAME_TEST_CONFIG": os.path.join(args.state, "app1/conf/sesame.toml"),
    "SESAME_BIN": os.path.join(args.state, "bin/sesame"),
    "SESAME_TEST_STACKCTL": args.cluster,
})
sys.path.insert(0, os.path.join(REPO, "tests/integration"))
import stack_client as sc  # noqa: E402

TOKEN_RE = re.compile(r"/reset\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])")
CODE_RE = re.compile(r"le code (\S+)\.\s*$")
NEW_PASSWORD = "Verger bleu, quatorze lanternes & un hibou"

lock = threading.Lock()
requests_log = []      # (time, ok, "METHOD /page status")
faults = []            # (start time, name, recovered-at or None)


class Inbox:
    """The catchers' files, each read once (every customer polls them)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = set()
        self.mail = collections.defaultdict(list)   # address -> messages
        self.sms = collections.defaultdict(list)    # number -> texts
        self.last = 0.0

    def refresh(self):
        with self.lock:
            if time.time() - self.last < 0.2:
                return
            for path in sorted(glob.glob(os.path.join(sc.MAIL_DIR, "*.eml"))):
                if path in self.seen:
                    continue
                with open(path, "rb") as f:
                    msg = email.message_from_binary_file(
                        f, policy=email.policy.default)
                for addr in sc._recipients(msg):
                    self.mail[addr].append(msg)
                self.seen.add(path)
            for path in sorted(glob.glob(os.path.join(sc.SMS_DIR, "*.json"))):
                if path in self.seen:
                    continue
                try:
                    with open(path, encoding="utf-8") as f:
                        one = json.load(f)
                except (OSError, ValueError):
                    continue  # being written: next time
                self.sms[one.get("to")].append(one.get("text", ""))
                self.seen.add(path)
            self.last = time.time()

    def mails(self, address, subject):
        self.refresh()
        return [m for m in self.mail[address.lower()]
                if subject in str(m.get("Subject", ""))]

    def texts(self, number):
        self.refresh()
        return list(self.sms[number])


INBOX = Inbox()


def cluster(*verb):
    r = subprocess.run([args.cluster] + list(verb) + ["--state", args.state],
                       capture_output=True, text=True, timeout=300)
    return r.stdout.strip()


class Customer:
    def __init__(self, login):
        self.login = login
        self.email = login + "@chaos.example"
        self.phone = phone_of(login)
        self.browser = sc.Browser()

    def call(self, method, path, form=None, expect=(200,), csrf_from=None):
        """One step; retried after an error page or no answer, as a person
        would (at most 30 times, a second apart)."""
        for _ in range(30):
            t = time.time()
            status, body, headers = 0, "", []
            try:
                f = dict(form) if form is not None else None
                if csrf_from is not None:
                    st, _, page = self.browser.request("GET", csrf_from)
                    record(t, st == 200, "GET", csrf_from, st)
                    if st != 200:
                        time.sleep(1)
                        continue
                    f["csrf"] = sc.csrf_of(page, csrf_from, st)
                    t = time.time()
                status, headers, body = self.browser.request(method, path, f)
            except (sc.NoAnswer, OSError) as e:
                status, body = 0, str(e)
            ok = status in expect
            record(t, ok, method, path.split("?")[0], status)
            if ok:
                return status, headers, body
            time.sleep(1)
        raise RuntimeError("%s %s kept failing" % (method, path))


def record(t, ok, method, path, status):
    with lock:
        requests_log.append((t, ok, "%s %s %s" % (method, path,
                                                  status or "no answer")))


def phone_of(login):
    return "+3367%07d" % (int(login[5:]) % 10**7)


def reset_mails(address):
    return INBOX.mails(address, "Réinitialisation")


def changed_mails(address):
    return INBOX.mails(address, "a été modifié")


def run_customer(c, results):
    r = {"login": c.login, "asked": 0, "completed": False, "logged_in": False,
         "double_used": False, "token": None, "code": None}
    results.append(r)
    try:
        status, headers, _ = c.call("POST", "/forgot",
                                    {"login": c.login, "email": c.email},
                                    expect=(303,), csrf_from="/forgot")
        r["asked"] = 1
        mails = sc.wait_for(lambda: reset_mails(c.email), MESSAGE_WAIT)
        sms = sc.wait_for(lambda: INBOX.texts(c.phone), MESSAGE_WAIT)
        if not mails or not sms:
            return
        m = TOKEN_RE.search(sc.mail_text(mails[-1]))
        k = CODE_RE.search(sms[-1])
        if not m or not k:
            return
        r["token"], r["code"] = m.group(1), k.group(1)
        c.call("GET", "/reset?t=" + r["token"], expect=(303,))
        c.call("POST", "/reset", {"code": r["code"], "password": NEW_PASSWORD,
                                  "password_confirm": NEW_PASSWORD},
               expect=(303,), csrf_from="/reset")
        r["completed"] = True
        status, headers, _ = Customer(c.login).call(
            "POST", "/login", {"login": c.login, "password": NEW_PASSWORD},
            expect=(200, 303), csrf_from="/login")
        r["logged_in"] = (status == 303 and
                          sc.location_path(headers) == "/account")
        # The same link and code once more, from another browser: refused.
        b = sc.Browser()
        b.request("GET", "/reset?t=" + r["token"])
        st, _, page = b.request("GET", "/reset")
        if st == 200 and 'name="csrf"' in page:
            st, hd, _ = b.request("POST", "/reset", {
                "code": r["code"], "password": NEW_PASSWORD + " bis",
                "password_confirm": NEW_PASSWORD + " bis",
                "csrf": sc.csrf_of(page)})
            if st == 303 and sc.location_path(hd) == "/reset/done":
                r["double_used"] = True
    except RuntimeError as e:
        r["error"] = str(e)
    except Exception as e:  # noqa: BLE001 (counted, then reported)
        r["error"] = "%s: %s" % (type(e).__name__, e)


def import_accounts(count):
    # Logins stamped with the time; two runs in the same second (the cluster
    # test's two single customers) would share them: the next stamp then.
    stamp = int(time.time()) % 100000
    for _ in range(10):
        logins = ["chaos%05d%05d" % (stamp, i) for i in range(count)]
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False,
                                         dir=args.state) as f:
            f.write("login,email,phone,display_name\n")
            for login in logins:
                f.write("%s,%s@chaos.example,%s,Client %s\n"
                        % (login, login, phone_of(login), login[-5:]))
        r = sc.sesame("account", "import", f.name)
        os.unlink(f.name)
        if r.returncode == 0:
            return logins
        if "already exists" not in r.stderr:
            break
        stamp = (stamp + 1) % 100000
    sys.exit("sesame account import: " + r.stderr)


FAULTS = [
    ("kill -9 writer DB", lambda s: s.update(n=cluster("writer")[2:])
     or cluster("kill-db", s["n"]), lambda s: cluster("start-db", s["n"])),
    ("kill -9 backup DB", lambda s: s.update(
        n=next(i for i in "321" if "db" + i != cluster("writer")))
     or cluster("kill-db", s["n"]), lambda s: cluster("start-db", s["n"])),
    ("kill -9 app1 serve", lambda s: cluster("kill-serve", "1"),
     lambda s: cluster("start-app", "1")),
    ("kill -9 app2 deliver", lambda s: cluster("kill-deliver", "2"),
     lambda s: cluster("start-app", "2")),
    ("partition a DB node", lambda s: s.update(
        n=next(i for i in "321" if "db" + i != cluster("writer")))
     or cluster("partition", s["n"]), lambda s: cluster("heal", s["n"])),
]


# SESAME_CHAOS_NO_PARTITION=1 leaves the partition out
# (SESAME_CLUSTER_CHAOS_PARTITION=0 for tests/cluster_test.sh).
if os.environ.get("SESAME_CHAOS_NO_PARTITION") == "1":
    FAULTS = [f for f in FAULTS if not f[0].startswith("partition")]
# SESAME_CHAOS_ONLY=word[,word...] keeps the faults whose names hold one of
# the words, and SESAME_CHAOS_REPEAT=N runs that list N times (one fault
# studied again and again: `SESAME_CHAOS_ONLY=partition
# SESAME_CHAOS_REPEAT=20 deploy/cluster chaos --seconds 240`).
if os.environ.get("SESAME_CHAOS_ONLY"):
    words = os.environ["SESAME_CHAOS_ONLY"].split(",")
    FAULTS = [f for f in FAULTS if any(w and w in f[0] for w in words)]
FAULTS = FAULTS * max(1, int(os.environ.get("SESAME_CHAOS_REPEAT", "1")))

probes = []            # (time, /healthz through nginx answered 200)


def prober(done):
    while not done.is_set():
        t = time.time()
        try:
            st, _, _ = sc.raw_request("GET", "/healthz")
            ok = st == 200
        except (sc.NoAnswer, OSError):
            ok = False
        with lock:
            probes.append((t, ok))
        time.sleep(0.1)


def fault_driver(start, slot):
    """One fault after another, each `slot` seconds apart at least; each is
    repaired halfway through its slot (the repair may take longer: a DB node
    rejoins)."""
    at = start + slot
    for name, inject, repair in FAULTS:
        while time.time() < at:
            time.sleep(0.05)
        s = {}
        t0 = time.time()
        inject(s)
        label = name + (" (db%s)" % s["n"] if "n" in s else "")
        with lock:
            faults.append([t0, label, None])
        # A cut link is held 10 s at least: Galera evicts the silent node
        # after 4 s, and a link back before the new view is installed
        # makes the whole group change views twice.
        hold = max(slot / 2, 10.0 if "partition" in name else 0.0)
        while time.time() < t0 + hold:
            time.sleep(0.05)
        t1 = time.time()
        repair(s)
        with lock:
            faults[-1][2] = t1
        at = max(t0 + slot, time.time() + 2)
    while time.time() < at:
        time.sleep(0.05)


def main():
    sc.CONF.update(sc.load_config())
    if args.once:
        logins = import_accounts(1)
        results = []
        run_customer(Customer(logins[0]), results)
        r = results[0]
        ok = r["completed"] and r["logged_in"] and not r["double_used"]
        print("one customer: %s" % ("reset done, signed in" if ok else r))
        return 0 if ok else 1

    # Faults a slot apart (at least 12 s: a repaired DB node takes a few
    # seconds to rejoin); customers keep coming until the last fault's slot
    # has passed, and for --seconds at least.
    slot = max(args.seconds / (len(FAULTS) + 1), 12.0)
    logins = import_accounts(int(args.rate * (max(args.seconds, slot * (
        len(FAULTS) + 1)) + 90)))
    results = []
    threads = []
    done = threading.Event()
    threading.Thread(target=prober, args=(done,), daemon=True).start()
    start = time.time()
    fd = threading.Thread(target=fault_driver, args=(start, slot))
    fd.start()
    for i, login in enumerate(logins):
        at = start + i / args.rate
        if not fd.is_alive() and at > start + args.seconds:
            break
        while time.time() < at:
            time.sleep(0.01)
        t = threading.Thread(target=run_customer,
                             args=(Customer(login), results), daemon=True)
        t.start()
        threads.append(t)
    fd.join()
    done.set()
    for t in threads:
        t.join(timeout=MESSAGE_WAIT * 3)
    time.sleep(5)  # late duplicates
    return report(results, start)


def report(results, start):
    """Prints the table and the totals; returns the exit code."""
    spans = [(start, "no fault", None)] + [tuple(f) for f in faults]
    out_of_window = 0
    slow = 0
    print("| fault | requests | errors | error pages | recovered in | "
          "after repair |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    for i, (t0, name, t1) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else float("inf")
        reqs = [x for x in requests_log if t0 <= x[0] < end]
        errs = [x for x in reqs if not x[1]]

        def in_window(t):
            return name != "no fault" and (
                t - t0 <= WINDOW or (t1 is not None and 0 <= t - t1 <= WINDOW))
        out_of_window += sum(1 for x in errs if not in_window(x[0]))
        bad = [x[0] for x in errs] + [t for t, ok in probes
                                      if not ok and t0 <= t < end]
        before = [t for t in bad if t1 is None or t < t1]
        after = [t for t in bad if t1 is not None and t >= t1]
        rec = max(before) - t0 if before else 0.0
        rep = max(after) - t1 if after else 0.0
        if name != "no fault" and (rec > WINDOW or rep > WINDOW):
            slow += 1
        pages = collections.Counter(x[2] for x in errs)
        print("| %s | %d | %d | %s | %s | %s |" % (
            name, len(reqs), len(errs),
            ", ".join("%s ×%d" % kv for kv in pages.most_common(3)) or "-",
            "-" if name == "no fault" else "%.1f s" % rec,
            "-" if t1 is None else "%.1f s" % rep))
    issued = sum(r["asked"] for r in results)
    mails = sms = dup = 0
    for r in results:
        got = reset_mails(r["login"] + "@chaos.example")
        toks = [TOKEN_RE.search(sc.mail_text(m)) for m in got]
        toks = [t.group(1) for t in toks if t]
        mails += len(set(toks))
        dup += len(toks) - len(set(toks))
        texts = INBOX.texts(phone_of(r["login"]))
        sms += len(set(texts))
        dup += len(texts) - len(set(texts))
        ch = len(changed_mails(r["login"] + "@chaos.example"))
        dup += max(0, ch - 1)
    lost_logins = []
    for r in results:
        # A completed reset whose customer gave up before signing in: is its
        # password the new one?
        if r["completed"] and not r["logged_in"]:
            try:
                st, hd, _ = Customer(r["login"]).call(
                    "POST", "/login", {"login": r["login"],
                                       "password": NEW_PASSWORD},
                    expect=(200, 303), csrf_from="/login")
                r["logged_in"] = (st == 303 and
                                  sc.location_path(hd) == "/account")
            except RuntimeError:
                pass
        if r["asked"] and (not reset_mails(r["login"] + "@chaos.example")
                           or not INBOX.texts(phone_of(r["login"]))):
            lost_logins.append(r["login"] + " (message)")
        if r["completed"] and not r["logged_in"]:
            lost_logins.append(r["login"] + " (reset)")
    completed = sum(r["completed"] for r in results)
    changed = sum(r["completed"] and r["logged_in"] for r in results)
    double = sum(r["double_used"] for r in results)
    failed = [r for r in results if r.get("error")]
    lost = max(0, issued - mails) + max(0, issued - sms) + (completed - changed)
    nreq = len(requests_log)
    rate = 100.0 * out_of_window / nreq if nreq else 0.0
    print("(errors: %d outside the %.0f s after a fault or its repair, of %d "
          "requests)" % (out_of_window, WINDOW, nreq))
    audit = sc.sesame("audit", "verify")
    print()
    print("customers %d, requests %d; links issued %d, mails received %d; "
          "SMS codes issued %d, received %d; resets completed %d, passwords "
          "changed %d; duplicate messages %d; customers who gave up %d; "
          "audit chain %s" % (
              len(results), nreq, issued, mails, issued, sms, completed,
              changed, dup, len(failed),
              "intact" if audit.returncode == 0 else "BROKEN (%s)"
              % audit.stdout.strip()[-200:]))
    for r in failed[:5]:
        print("  gave up: %s: %s" % (r["login"], r["error"]))
    for login in lost_logins[:5]:
        print("  lost: %s" % login)
    print("lost %d, duplicated %d, double-used %d, errors %.2f %%"
          % (lost, dup, double, rate))
    bad = (lost or dup or double or rate > MAX_ERROR_RATE or slow or failed
           or audit.returncode != 0)
    return 1 if bad else 0


sys.exit(main())
