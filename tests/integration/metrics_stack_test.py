#!/usr/bin/python3
"""/metrics, JSON logs and request ids on the whole stack, through the real
nginx (the shipped deploy/nginx-sesame.conf) and `sesame serve`:

- /metrics from 127.0.0.1 is Prometheus's text format, read here with
  Prometheus's own parser (Debian's python3-prometheus-client), and its
  counters move after a sign-in, a refused limit and a wrong captcha;
- from another address (127.0.0.2) nginx hides it behind the 404 of an
  unknown page, and Sésame does the same on its own ([metrics] allow) when
  asked over FastCGI with another REMOTE_ADDR; nginx does not rate-limit it;
- nginx's $request_id reaches Sésame's log line (JSON: the test stack
  writes log_format = "json") and the audit row of that request.

Needs what deploy/test exports (stack_client.require_env says which).
"""
import http.client
import json
import os
import re
import socket
import struct
import subprocess
import time
import unittest
import urllib.parse

from prometheus_client.parser import text_string_to_metric_families

import stack_client as rf


def get(path, source=None, method="GET"):
    """(status, headers, body) of one request through nginx from `source`."""
    u = urllib.parse.urlsplit(rf.BASE)
    conn = http.client.HTTPConnection(
        u.hostname, u.port or 80, timeout=30,
        source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, headers={"Host": u.netloc})
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        return resp.status, [(k.lower(), v) for k, v in resp.getheaders()], body
    finally:
        conn.close()


def scrape():
    """{(sample name, frozenset(labels)): value}, parsed by Prometheus's
    parser; fails on anything it cannot read."""
    status, headers, body = get("/metrics")
    assert status == 200, (status, body[:300])
    assert rf.header(headers, "content-type").startswith(
        "text/plain; version=0.0.4"), headers
    samples = {}
    for family in text_string_to_metric_families(body):
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def fcgi(params):
    """One FastCGI request straight to Sésame's socket (no nginx): the
    status and the body."""
    def record(kind, content):
        return struct.pack("!BBHHBx", 1, kind, 1, len(content), 0) + content

    def pair(k, v):
        out = b""
        for n in (len(k), len(v)):
            out += bytes([n]) if n < 128 else struct.pack("!I", n | 1 << 31)
        return out + k + v

    body = b"".join(pair(k.encode(), v.encode()) for k, v in params.items())
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(os.environ["SESAME_TEST_SOCKET"])
    try:
        s.sendall(record(1, struct.pack("!HB5x", 1, 0)) + record(4, body) +
                  record(4, b"") + record(5, b""))
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    out, i = b"", 0
    while i + 8 <= len(data):
        _, kind, _, length, padding = struct.unpack("!BBHHB", data[i:i + 7])
        if kind == 6:
            out += data[i + 8:i + 8 + length]
        i += 8 + length + padding
    head, _, rest = out.partition(b"\r\n\r\n")
    m = re.search(rb"^Status: (\d+)", head, re.M)
    return int(m.group(1)) if m else 200, rest.decode("utf-8", "replace")


def fcgi_params(path, remote_addr, request_id=None):
    p = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "REQUEST_URI": path,
         "QUERY_STRING": "", "REMOTE_ADDR": remote_addr,
         "SERVER_NAME": "127.0.0.1", "HTTP_HOST": "127.0.0.1"}
    if request_id is not None:
        p["REQUEST_ID"] = request_id
    return p


def sql(query):
    """One query as the database's owner (deploy/test's sesame_admin)."""
    with open(os.environ["SESAME_TEST_DB_ADMIN_PASSWORD_FILE"]) as f:
        password = f.read().strip()
    r = subprocess.run(
        ["mariadb", "--no-defaults",
         "--socket=" + os.environ["SESAME_TEST_DB_SOCKET"],
         "-u" + os.environ.get("SESAME_TEST_DB_ADMIN_USER", "sesame_admin"),
         "-N", "-B", "sesame", "-e", query],
        capture_output=True, text=True, timeout=60,
        env=dict(os.environ, MYSQL_PWD=password))
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


SERVE_LOG = lambda: os.path.join(rf.STATE, "log", "serve.log")  # noqa: E731


def log_size():
    return os.path.getsize(SERVE_LOG())


def json_lines_from(offset):
    """The JSON lines serve.log gained after `offset` (every one must be
    a JSON object)."""
    with open(SERVE_LOG(), "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    lines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        lines.append(json.loads(line))
    return lines


class MetricsStackTest(unittest.TestCase):

    def sign_in_fails(self, browser, login):
        return browser.post_form("/login", {"login": login,
                                            "password": "pas le bon mot"})

    def test_scrape_parses_with_prometheus_parser(self):
        samples = scrape()
        names = {name for name, _ in samples}
        for family in ("sesame_http_requests_total",
                       "sesame_http_request_duration_seconds_bucket",
                       "sesame_http_request_duration_seconds_count",
                       "sesame_argon2_queue_wait_seconds_bucket",
                       "sesame_argon2_hashes_in_flight",
                       "sesame_rate_limit_refusals_total",
                       "sesame_captcha_failures_total",
                       "sesame_db_retries_total",
                       "sesame_recovery_intents_waiting",
                       "sesame_recovery_intent_oldest_age_seconds",
                       "sesame_outbox_depth",
                       "sesame_outbox_oldest_age_seconds",
                       "sesame_metrics_database_up"):
            self.assertIn(family, names)
        self.assertEqual(value(samples, "sesame_metrics_database_up"), 1)
        for channel in ("mail", "sms"):
            self.assertIn(("sesame_outbox_depth",
                           frozenset({"channel": channel}.items())), samples)
        # Labels are route names, never paths typed by clients.
        screens = {dict(labels).get("screen") for _, labels in samples}
        screens.discard(None)
        for screen in screens:
            self.assertTrue(screen == "unknown" or screen.startswith("/"),
                            screen)
            self.assertNotIn("?", screen)

    def test_sign_in_moves_request_and_hash_counters(self):
        acct = rf.new_account("mx")
        before = scrape()
        b = rf.Browser()
        status, headers, _ = b.post_form(
            "/login", {"login": acct.login, "password": acct.password})
        self.assertEqual(status, 303)
        after = scrape()
        self.assertGreaterEqual(
            value(after, "sesame_http_requests_total", screen="/login",
                  status="303"),
            value(before, "sesame_http_requests_total", screen="/login",
                  status="303") + 1)
        self.assertGreaterEqual(
            value(after, "sesame_http_request_duration_seconds_count",
                  screen="/login"),
            value(before, "sesame_http_request_duration_seconds_count",
                  screen="/login") + 2)  # the form's GET and the POST
        self.assertGreaterEqual(
            value(after, "sesame_argon2_queue_wait_seconds_count"),
            value(before, "sesame_argon2_queue_wait_seconds_count") + 1)

    def test_refused_limit_is_counted(self):
        acct = rf.new_account("ml")
        before = scrape()
        b = rf.Browser()
        refused = 0
        for _ in range(14):  # login_per_account_ip = 10
            status, _, _ = self.sign_in_fails(b, acct.login)
            if status == 429:
                refused += 1
        self.assertGreaterEqual(refused, 1)
        after = scrape()
        self.assertGreaterEqual(
            value(after, "sesame_rate_limit_refusals_total", kind="login"),
            value(before, "sesame_rate_limit_refusals_total", kind="login") +
            refused)
        self.assertGreaterEqual(
            value(after, "sesame_http_requests_total", screen="/login",
                  status="429"),
            value(before, "sesame_http_requests_total", screen="/login",
                  status="429") + refused)

    def test_captcha_failure_is_counted(self):
        before = scrape()
        b = rf.Browser()
        status, _, page = b.request("GET", "/consulaire/motdepasse")
        self.assertEqual(status, 200)
        captcha_id = re.search(r'name="captcha_id" value="([^"]+)"', page)
        self.assertIsNotNone(captcha_id, "the consular form has a captcha")
        status, _, _ = b.request("POST", "/consulaire/motdepasse", {
            "csrf": rf.csrf_of(page), "numic": "00123456",
            "email": "personne@example.org",
            "captcha_id": captcha_id.group(1), "captcha": "x"})
        self.assertEqual(status, 400)
        after = scrape()
        self.assertGreaterEqual(
            value(after, "sesame_captcha_failures_total"),
            value(before, "sesame_captcha_failures_total") + 1)

    def test_other_address_gets_the_unknown_page_from_nginx(self):
        status, _, body = get("/metrics", source="127.0.0.2")
        unknown_status, _, unknown = get("/pas-de-page-ici",
                                         source="127.0.0.2")
        self.assertEqual(status, 404)
        self.assertEqual(unknown_status, 404)
        self.assertNotIn("sesame_", body)
        self.assertIn("Page introuvable", body)
        # The same page but for the CSRF token of each answer.
        strip = lambda t: re.sub(r'value="[^"]*"', "", t)  # noqa: E731
        self.assertEqual(strip(body), strip(unknown))
        status, _, body = get("/metrics", source="127.0.0.2", method="HEAD")
        self.assertEqual(status, 404)

    def test_sesame_hides_metrics_from_addresses_not_allowed(self):
        status, body = fcgi(fcgi_params("/metrics", "203.0.113.5"))
        self.assertEqual(status, 404)
        self.assertNotIn("sesame_", body)
        status, body = fcgi(fcgi_params("/metrics", "127.0.0.1"))
        self.assertEqual(status, 200)
        self.assertIn("# TYPE sesame_http_requests_total counter", body)

    def test_metrics_not_rate_limited_by_nginx(self):
        statuses = [get("/metrics")[0] for _ in range(60)]
        self.assertEqual(statuses, [200] * 60)

    def test_request_id_reaches_log_line_and_audit_row(self):
        acct = rf.new_account("mr")
        account_id = int(sql("SELECT id FROM accounts WHERE login = '%s'"
                             % acct.login))
        offset = log_size()
        b = rf.Browser()
        status, _, _ = self.sign_in_fails(b, acct.login)
        self.assertIn(status, (200, 400, 401))
        request_id = sql(
            "SELECT request_id FROM audit_log WHERE account_id = %d AND "
            "event = 'login.fail' ORDER BY id DESC LIMIT 1" % account_id)
        self.assertRegex(request_id, r"^[0-9a-f]{32}$",
                         "nginx's $request_id in the audit row")
        self.assertEqual(int(sql(
            "SELECT COUNT(*) FROM audit_log WHERE request_id = '%s'"
            % request_id)), 1)
        lines = []
        for _ in range(50):
            lines = [j for j in json_lines_from(offset)
                     if j.get("request_id") == request_id]
            if lines:
                break
            time.sleep(0.1)
        self.assertEqual(len(lines), 1, "one log line for that request")
        line = lines[0]
        self.assertEqual(line["event"], "request")
        self.assertEqual(line["screen"], "/login")
        self.assertEqual(line["method"], "POST")
        self.assertEqual(line["status"], status)
        self.assertIsInstance(line["duration_ms"], (int, float))
        self.assertRegex(line["time"],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        # nginx's access log line of that request ends with the same id.
        access = []
        for _ in range(50):
            with open(os.path.join(rf.STATE, "log", "nginx-access.log"),
                      encoding="utf-8", errors="replace") as f:
                access = [a for a in f
                          if a.rstrip().endswith(" " + request_id)]
            if access:
                break
            time.sleep(0.1)
        self.assertEqual(len(access), 1, "the access log line of the request")
        self.assertIn('"POST /login HTTP/1.1" %d ' % status, access[0])
        # Never the address, the login, or the password typed.
        text = json.dumps(line)
        for secret in ("127.0.0.1", acct.login, "pas le bon mot"):
            self.assertNotIn(secret, text)

    def test_malformed_request_id_is_ignored(self):
        offset = log_size()
        status, _ = fcgi(fcgi_params("/livez", "127.0.0.1",
                                     request_id='zz"}{"x":1'))
        self.assertEqual(status, 200)
        status, _ = fcgi(fcgi_params("/livez", "127.0.0.1",
                                     request_id="c0ffee" * 20))
        self.assertEqual(status, 200)
        time.sleep(0.3)
        for line in json_lines_from(offset):
            self.assertNotIn("zz", line.get("request_id", ""))
            self.assertNotEqual(line.get("request_id"), "c0ffee" * 20)
            self.assertNotIn("x", line)

    def test_serve_log_is_json_lines(self):
        offset = log_size()
        get("/livez")
        get("/login")
        time.sleep(0.3)
        lines = json_lines_from(offset)  # raises on a line that is not JSON
        self.assertTrue(lines)
        for line in lines:
            for key in ("time", "level", "event"):
                self.assertIn(key, line)


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    unittest.main(verbosity=2)
