#!/usr/bin/python3
"""Black-box HTTP tests of the whole stack through nginx (deploy/nginx*.conf
and `sesame serve`): security headers, request limits, methods, unknown
hosts, CSRF, health endpoints, access-log hygiene.

Run by ctest (label integration) with Debian's /usr/bin/python3, standard
library only. Needs SESAME_TEST_BASE_URL (deploy/test sets it); fails
without it. SESAME_TEST_STATE, when set, lets it read nginx's access log.
"""
import http.client
import os
import socket
import sys
import unittest
import urllib.parse

BASE = os.environ.get("SESAME_TEST_BASE_URL", "")
STATE = os.environ.get("SESAME_TEST_STATE", "")


def target():
    u = urllib.parse.urlsplit(BASE)
    return u.hostname, u.port or 80, u.path.rstrip("/")


def request(method, path, body=None, headers=None, host_header=None):
    """One request on a fresh connection; returns (status, headers, body)."""
    host, port, prefix = target()
    conn = http.client.HTTPConnection(host, port, timeout=20)
    try:
        h = dict(headers or {})
        conn.putrequest(method, prefix + path, skip_host=True,
                        skip_accept_encoding=True)
        conn.putheader("Host", host_header or "%s:%d" % (host, port))
        for k, v in h.items():
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        data = r.read()
        return r.status, r.headers, data
    finally:
        conn.close()


def form(fields):
    return urllib.parse.urlencode(fields).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class SecurityHeaders(unittest.TestCase):
    def assert_app_headers(self, path, headers):
        csp = headers.get("Content-Security-Policy", "")
        self.assertIn("frame-ancestors 'none'", csp, path)
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff", path)
        self.assertEqual(headers.get("Referrer-Policy"), "no-referrer", path)

    def test_every_app_response_has_them(self):
        for method, path in (("GET", "/login"), ("HEAD", "/login"),
                             ("GET", "/account"), ("GET", "/livez"),
                             ("GET", "/healthz"), ("GET", "/forgot"),
                             ("GET", "/no-such-page"),
                             ("GET", "/login?t=x&y=%00")):
            status, headers, _ = request(method, path)
            self.assertLess(status, 500, path)
            self.assert_app_headers(path, headers)

    def test_login_is_not_cached(self):
        status, headers, body = request("GET", "/login")
        self.assertEqual(status, 200)
        self.assertIn("no-store", headers.get("Cache-Control", ""))
        self.assertIn("text/html", headers.get("Content-Type", ""))
        self.assertIn("utf-8", headers.get("Content-Type", "").lower())
        self.assertIn(b'lang="fr"', body)

    def test_server_version_is_hidden(self):
        _, headers, _ = request("GET", "/login")
        server = headers.get("Server", "")
        self.assertNotRegex(server, r"[0-9]")
        self.assertIsNone(headers.get("X-Powered-By"))

    def test_static_files(self):
        status, headers, body = request("GET", "/static/sesame.css")
        self.assertEqual(status, 200)
        self.assertIn("text/css", headers.get("Content-Type", ""))
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff")
        self.assertIn("max-age=", headers.get("Cache-Control", ""))
        self.assertTrue(body)


class Limits(unittest.TestCase):
    def test_large_body_is_refused_with_413(self):
        body = b"login=demo&password=" + b"a" * 20480
        status, headers, data = request("POST", "/login", body, FORM)
        self.assertEqual(status, 413)
        self.assertIn("Requête trop volumineuse", data.decode("utf-8", "replace"))
        self.assertIn("no-store", headers.get("Cache-Control", ""))

    def test_other_methods_get_405(self):
        for method in ("TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"):
            for path in ("/login", "/", "/static/sesame.css"):
                status, _, _ = request(method, path, b"" if method in (
                    "PUT", "PATCH") else None)
                self.assertEqual(status, 405, "%s %s" % (method, path))

    def test_post_to_static_is_refused(self):
        status, _, _ = request("POST", "/static/sesame.css", b"x=1", FORM)
        self.assertEqual(status, 405)


class Hosts(unittest.TestCase):
    def raw(self, payload):
        host, port, _ = target()
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(payload)
            chunks = []
            try:
                while True:
                    d = s.recv(4096)
                    if not d:
                        break
                    chunks.append(d)
            except ConnectionResetError:
                pass
            return b"".join(chunks)

    def test_unknown_host_gets_no_answer(self):
        _, _, prefix = target()
        got = self.raw(("GET %s/login HTTP/1.1\r\nHost: evil.example\r\n"
                        "Connection: close\r\n\r\n" % prefix).encode())
        self.assertEqual(got, b"", "444: closed without a response")

    def test_known_host_answers(self):
        host, port, prefix = target()
        got = self.raw(("GET %s/livez HTTP/1.1\r\nHost: %s:%d\r\n"
                        "Connection: close\r\n\r\n" % (prefix, host, port)).encode())
        self.assertTrue(got.startswith(b"HTTP/1.1 200"), got[:80])


class Application(unittest.TestCase):
    def test_health(self):
        for path in ("/livez", "/healthz"):
            status, _, _ = request("GET", path)
            self.assertEqual(status, 200, path)

    def test_post_login_without_csrf_is_403(self):
        status, headers, body = request(
            "POST", "/login", form({"login": "demo", "password": "x" * 12}), FORM)
        self.assertEqual(status, 403)
        for cookie in headers.get_all("Set-Cookie") or []:
            self.assertNotIn("session=", cookie.split(";")[0])

    def test_post_login_with_foreign_csrf_is_403(self):
        status, _, _ = request(
            "POST", "/login",
            form({"login": "demo", "password": "x" * 12, "csrf": "A" * 43}), FORM)
        self.assertEqual(status, 403)

    def test_account_without_session_does_not_show_it(self):
        status, headers, body = request("GET", "/account")
        self.assertIn(status, (302, 303, 401, 403))
        self.assertNotIn("Camille", body.decode("utf-8", "replace"))


class AccessLog(unittest.TestCase):
    def test_query_strings_are_not_logged(self):
        if not STATE:
            self.skipTest("SESAME_TEST_STATE not set")
        log = os.path.join(STATE, "log", "nginx-access.log")
        marker = "QueryMarker7f3a9c"
        request("GET", "/reset?t=" + marker)
        request("GET", "/login?t=" + marker)
        request("POST", "/login?t=" + marker, b"a" * 20480, FORM)  # 413 page
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        self.assertIn('"GET /login HTTP/1.1"', text)
        self.assertNotIn(marker, text)


if __name__ == "__main__":
    if not BASE:
        sys.exit("http_test: SESAME_TEST_BASE_URL is not set; run it through deploy/test")
    unittest.main(verbosity=2)
