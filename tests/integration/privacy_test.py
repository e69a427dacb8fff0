#!/usr/bin/python3
"""What the local stack leaves on disk, through the real nginx (the shipped
deploy/nginx-sesame*.conf) and the real `sesame serve`:

- R6: no mail link's token in any log, even when nginx refuses the link
  (429, limit_req) or Sésame is down (502): nginx's error log quotes the
  request line of the requests it writes about;
- R9: nothing under the state folder is readable by group or other.

Run by ctest (label integration) alone: it floods nginx's per-IP limit and
stops `sesame serve` for a moment (and starts it again). Needs what
deploy/test exports (stack_client.require_env says which). Standard library
only (Debian's /usr/bin/python3).
"""
import concurrent.futures
import os
import re
import socket
import stat
import threading
import time
import unittest

import captcha_solver
import stack_client as rf

RESET_RE = r"/reset\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"
LINK_RE = r"/consulaire/lien\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"


def log_path(name):
    return os.path.join(rf.STATE, "log", name)


def size_of(name):
    try:
        return os.path.getsize(log_path(name))
    except OSError:
        return 0


def read_from(name, offset):
    """What `name` in the log folder gained after `offset` bytes."""
    with open(log_path(name), "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


def logs_holding(secrets):
    """(file, secret) for every file under the log folder holding a secret."""
    found = []
    folder = os.path.join(rf.STATE, "log")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        found += [(name, s) for s in secrets if s.encode() in data]
    return found


def answer(method, path):
    """(status, body) of one request; 0 when nginx closed the connection."""
    try:
        status, _, body = rf.raw_request(method, path)
        return status, body
    except (rf.NoAnswer, OSError):
        return 0, ""


def flood(paths, seconds=15, limit=3000):
    """Sends `paths` (method, path) round after round from 8 threads, until
    each of them got a 429 or the bounds are reached; returns {path: [(status,
    body) ...]}."""
    got = {p: [] for p in paths}
    lock = threading.Lock()
    deadline = time.time() + seconds
    sent = [0]

    def refused_all():
        return all(any(s == 429 for s, _ in got[p]) for p in paths)

    def worker():
        while time.time() < deadline and not refused_all():
            for p in paths:
                with lock:
                    if sent[0] >= limit:
                        return
                    sent[0] += 1
                r = answer(*p)
                with lock:
                    got[p].append(r)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for f in [pool.submit(worker) for _ in range(8)]:
            f.result()
    return got


class FastCgiThatHangsUp:
    """A listener on `sesame serve`'s socket (while serve is stopped) that
    accepts each connection and closes it unanswered: nginx's « upstream
    prematurely closed » 502."""

    def __init__(self, path):
        self.path = path
        if os.path.exists(path):
            os.unlink(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            try:
                conn.recv(4096)
            except OSError:
                pass
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass


def secret_key():
    with open(os.path.join(rf.STATE, "conf", "secret.key"), "rb") as f:
        return f.read()


class LogsTest(unittest.TestCase):
    """R6. Tokens from real mails, and token-looking values on every path
    that takes one in its query string (the captcha's ?id= too)."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.reset_token = cls.credit_municipal_token()
        cls.link_token = cls.consular_token()
        suffix = "%08d" % (os.getpid() % 10**8)
        cls.fake = "R6fakeTokenAAAAAAAAAAAAAAAAAAAAAAAAAA" + suffix[:6]
        cls.mangled = "R6mangledTokenBBBBBBBBBBBBBBBBBBBBBBB" + suffix[:6]
        cls.secrets = [cls.reset_token, cls.link_token, cls.fake, cls.mangled]
        # Each path a mail link may take, and the same from a mail gateway
        # that escaped its "?".
        cls.token_paths = [
            ("GET", "/reset?t=" + cls.reset_token),
            ("HEAD", "/reset?t=" + cls.reset_token),
            ("GET", "/consulaire/lien?t=" + cls.link_token),
            ("GET", "/reset?t=" + cls.fake),
            ("GET", "/captcha/image?id=" + cls.fake),
            ("GET", "/reset%3Ft=" + cls.mangled),
        ]

    @staticmethod
    def credit_municipal_token():
        acct = rf.new_account("r6")
        status, _, _ = rf.Browser().post_form(
            "/forgot", {"login": acct.login, "email": acct.email})
        assert status == 303, "POST /forgot: %d" % status
        mails = rf.wait_for(lambda: [
            m for m in rf.mails_to(acct.email)
            if re.search(RESET_RE, rf.mail_text(m))])
        assert mails, "no reset mail for %s" % acct.email
        return re.search(RESET_RE, rf.mail_text(mails[-1])).group(1)

    @staticmethod
    def consular_token():
        stamp = int(time.time() * 1000) % 10**5
        numic = "%d" % ((stamp * 1000 + os.getpid()) % 10**8 or 1)
        login = "r6cf%d" % stamp
        address = login + "@example.org"
        r = rf.sesame("account", "add", "--login", login, "--email", address,
                      "--phone", "+3363%07d" % (stamp * 10 % 10**7),
                      "--numic", numic, "--password-stdin",
                      stdin="Lanterne verte sous la pluie r6 42\n")
        assert r.returncode == 0, "sesame account add: %s" % r.stderr
        b = rf.Browser()
        path = "/consulaire/motdepasse"
        status, _, page = b.request("GET", path)
        form = {"numic": numic, "email": address,
                "csrf": rf.csrf_of(page, path, status)}
        cid = captcha_solver.captcha_id(page)
        if cid:
            form["captcha_id"] = cid
            form["captcha"] = captcha_solver.answer(secret_key(), cid)
        status, _, _ = b.request("POST", path, form)
        assert status == 303, "POST %s: %d" % (path, status)
        mails = rf.wait_for(lambda: [
            m for m in rf.mails_to(address)
            if re.search(LINK_RE, rf.mail_text(m))])
        assert mails, "no consular link mail for %s" % address
        return re.search(LINK_RE, rf.mail_text(mails[-1])).group(1)

    def assert_no_token_in_logs(self):
        time.sleep(0.5)  # nginx writes its lines once the answer is out
        self.assertEqual(logs_holding(self.secrets), [],
                         "tokens in the stack's logs (%s)"
                         % os.path.join(rf.STATE, "log"))

    def test_r6_no_token_in_logs_when_nginx_refuses_with_429(self):
        # Sésame saw the links once, as a customer opens them.
        for method, path in self.token_paths[:3]:
            self.assertEqual(answer(method, path)[0], 303, path)
        errors = size_of("nginx-error.log")
        access = size_of("nginx-access.log")
        time.sleep(1)  # an empty per-IP bucket to start with
        refused_paths = self.token_paths + [("GET", "/login")]
        got = flood(refused_paths)
        time.sleep(1.5)  # the bucket drains again for what follows
        for p in refused_paths:
            statuses = [s for s, _ in got[p]]
            self.assertIn(429, statuses, "%s %s never refused: %s"
                          % (p[0], p[1], sorted(set(statuses))))
        # The French page, not nginx's own.
        pages = [b for s, b in got[self.token_paths[0]] if s == 429]
        self.assertIn("Trop de tentatives", pages[0])
        # The refusals are logged, without their query string: in the error
        # log for a request without one, in the access log for all.
        new_errors = read_from("nginx-error.log", errors)
        self.assertRegex(new_errors, r'limiting requests.*"GET /login HTTP')
        new_access = read_from("nginx-access.log", access)
        self.assertRegex(new_access, r'"GET /reset HTTP/1.1" 429 ')
        self.assertRegex(new_access, r'"GET /consulaire/lien HTTP/1.1" 429 ')
        self.assert_no_token_in_logs()

    def test_r6_no_token_in_logs_when_sesame_is_down_502(self):
        errors = size_of("nginx-error.log")
        access = size_of("nginx-access.log")
        socket_path = os.path.join(rf.STATE, "run", "sesame.sock")
        hangs_up = None
        rf.stackctl("stop-serve")
        try:
            # No process behind the socket: « connect() failed » (crit).
            for method, path in self.token_paths + [("GET", "/login")]:
                status, body = answer(method, path)
                self.assertEqual(status, 502, path)
                if method == "GET":
                    self.assertIn("Service momentanément indisponible", body)
            # A process that hangs up: « upstream prematurely closed ».
            hangs_up = FastCgiThatHangsUp(socket_path)
            for method, path in self.token_paths + [("GET", "/login")]:
                self.assertEqual(answer(method, path)[0], 502, path)
        finally:
            if hangs_up:
                hangs_up.close()
            rf.stackctl("start-serve")
        self.assertTrue(rf.wait_for(
            lambda: answer("GET", "/livez")[0] == 200, 30))
        new_errors = read_from("nginx-error.log", errors)
        self.assertRegex(new_errors, r'connect\(\) to unix:.*"GET /login HTTP')
        self.assertRegex(new_errors,
                         r'prematurely closed.*"GET /login HTTP')
        new_access = read_from("nginx-access.log", access)
        self.assertRegex(new_access, r'"GET /reset HTTP/1.1" 502 ')
        self.assert_no_token_in_logs()

    def test_r6_requests_with_a_query_string_still_reach_sesame(self):
        # They take another nginx location: same headers, same answers.
        status, headers, body = rf.raw_request("GET", "/login?x=1")
        self.assertEqual(status, 200)
        self.assertIn("frame-ancestors 'none'",
                      rf.header(headers, "content-security-policy") or "")
        acct = rf.new_account("r6q")
        b = rf.Browser()
        form = {"login": acct.login, "password": acct.password,
                "csrf": b.csrf("/login")}
        status, headers, _ = b.request("POST", "/login?x=1", form)
        self.assertEqual(status, 303, "a POST keeps its method and body")
        self.assertEqual(rf.location_path(headers), "/account")
        self.assertEqual(rf.raw_request("PUT", "/login?x=1")[0], 405)


class StateFolderTest(unittest.TestCase):
    """R9: mails and SMS (live links, codes), logs, the database, the
    config: nothing under the state folder for other users."""

    def test_r9_stack_folders_are_private(self):
        shared = []
        checked = 0
        for top, dirs, files in os.walk(rf.STATE):
            for name in [None] + dirs + files:
                path = top if name is None else os.path.join(top, name)
                if name is not None and name in dirs:
                    continue  # listed again as the `top` of its own walk
                try:
                    st = os.lstat(path)
                except FileNotFoundError:
                    continue  # a temporary file renamed meanwhile
                if stat.S_ISLNK(st.st_mode):
                    continue
                checked += 1
                if st.st_mode & 0o077:
                    shared.append("%s %s" % (stat.filemode(st.st_mode),
                                             os.path.relpath(path, rf.STATE)))
        self.assertGreater(checked, 50, "the stack's files were walked")
        for sub in ("conf", "db", "log", "mail", "sms", "run"):
            self.assertTrue(os.path.isdir(os.path.join(rf.STATE, sub)), sub)
        self.assertEqual(shared[:20], [], "%d of %d entries readable or "
                         "writable by others" % (len(shared), checked))


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    unittest.main(verbosity=2)
