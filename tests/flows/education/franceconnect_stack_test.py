#!/usr/bin/python3
"""FranceConnect in the Education flow on the whole stack, through nginx,
with the real MariaDB and the real OpenID Connect provider deploy/test
starts (glewlwyd, the stand-in for FranceConnect): a voter enrolled with
the test identity's pivot (`--franceconnect-pivot`), the vote code
invalidated, « S'identifier avec FranceConnect » on /education/reassort,
the provider's login through its API (as its login page does), Sésame's
callback, the warning page, the new code accepted at /education/vote; a
voter whose pivot differs (refused, nothing granted); the callback sent
six times at once (one grant); the provider stopped (a clear page).

Needs what deploy/test exports (tests/integration/stack_client.py), and
SESAME_TEST_OIDC_USER_FILE (the provider's test user); without the
latter it skips. Standard library only (Debian's /usr/bin/python3).
"""
# ctest: run alone
import html
import http.cookiejar
import json
import os
import shlex
import threading
import tomllib
import unittest
import urllib.error
import urllib.parse
import urllib.request

import stack_client as rf
from stack_test import code_in, enrol, sign_in, sql, vote

MISMATCH = ("L'identité transmise par FranceConnect ne correspond pas à "
            "celle de votre compte électeur.")


def test_user():
    path = os.environ.get("SESAME_TEST_OIDC_USER_FILE", "")
    if not path or not os.path.exists(path):
        return None
    user = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                user[k] = shlex.split(v)[0] if v else ""
    return user


def oidc_config():
    with open(rf.CONFIG, "rb") as f:
        return tomllib.load(f).get("education", {}).get("oidc", {})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Provider:
    """What glewlwyd's login page does, through its API, with its own
    cookies: sign the user in, grant the scopes, open the authorization
    URL and read the redirection back to Sésame."""

    def __init__(self, issuer):
        self.api = issuer[:issuer.rfind("/oidc")]
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect())

    def call(self, method, url, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(req, timeout=10) as r:
                return r.status, r.headers.get("Location")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location")

    def authorize(self, user, client_id, scopes, url):
        status, _ = self.call("POST", self.api + "/auth/",
                              {"username": user["OIDC_USER"],
                               "password": user["OIDC_PASSWORD"]})
        assert status == 200, "glewlwyd sign-in: %d" % status
        status, _ = self.call("PUT", self.api + "/auth/grant/" + client_id,
                              {"scope": scopes})
        assert status == 200, "glewlwyd grant: %d" % status
        status, location = self.call("GET", url + "&g_continue")
        assert status == 302, "glewlwyd authorize: %d" % status
        return location


def pivot_of(user, **changes):
    p = {k: user["OIDC_" + k.upper()] for k in
         ("family_name", "given_name", "birthdate", "birthplace", "gender")}
    p.update(changes)
    return "|".join([p["family_name"], p["given_name"], p["birthdate"],
                     p["birthplace"], p["gender"]])


def grants(v):
    return int(sql("SELECT COUNT(*) FROM education_grants "
                   "WHERE account_id = %d" % v.id))


class FranceConnectStackTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.user = test_user()
        cls.oidc = oidc_config()
        if cls.user is None or not cls.oidc.get("issuer"):
            raise unittest.SkipTest("no OpenID Connect provider on the stack")

    def start(self, b):
        status, headers, page = b.request("GET", "/education/reassort")
        self.assertEqual(status, 200)
        self.assertIn("S'identifier avec", html.unescape(page))
        self.assertIn("Qu'est-ce que FranceConnect ?", html.unescape(page))
        status, headers, page = b.request("GET", "/education/franceconnect")
        self.assertEqual(status, 302, html.unescape(page))
        url = rf.header(headers, "location")
        self.assertTrue(url.startswith(self.oidc["issuer"] + "/"), url)
        return url

    def at_provider(self, url):
        location = Provider(self.oidc["issuer"]).authorize(
            self.user, self.oidc["client_id"], self.oidc.get(
                "scopes", "openid given_name family_name birthdate "
                "birthplace gender"), url)
        base = rf.CONF["public_base_url"] + "/education/franceconnect/retour?"
        self.assertTrue(location.startswith(base), location)
        return location[len(rf.CONF["public_base_url"]):]

    def test_walk_from_invalidated_code_to_the_new_code(self):
        v = enrol("fc", ["--franceconnect-pivot", pivot_of(self.user)])
        self.assertEqual(rf.sesame("vote-code", "invalidate", "--login",
                                   v.login).returncode, 0)
        b = sign_in(v)
        status, _, page = vote(b, v.vote_code)
        self.assertEqual(status, 403)
        callback = self.at_provider(self.start(b))
        status, headers, page = b.request("GET", callback)
        self.assertEqual(status, 303, html.unescape(page))
        self.assertEqual(rf.location_path(headers),
                         "/education/reassort/avertissement")
        status, _, page = b.request("GET", "/education/reassort/avertissement")
        self.assertEqual(status, 200)
        self.assertIn("REGENERER MON CODE DE VOTE", page)
        status, headers, _ = b.request(
            "POST", "/education/reassort/avertissement",
            {"csrf": rf.csrf_of(page)})
        self.assertEqual(status, 303)
        status, _, page = b.request("GET", "/education/reassort/code")
        code = code_in(page)
        self.assertEqual(len(code), 16, page)
        status, _, page = vote(b, code)
        self.assertEqual(status, 200, html.unescape(page))
        self.assertIn("Code de vote accepté", page)
        self.assertEqual(int(sql(
            "SELECT COUNT(*) FROM audit_log WHERE account_id = %d AND "
            "event = 'education.grant' AND detail = 'franceconnect'" % v.id)),
            1)
        # The callback replayed: refused, nothing more granted.
        status, _, page = b.request("GET", callback)
        self.assertEqual(status, 400)
        self.assertIn("plus valable", page)
        self.assertEqual(grants(v), 1)

    def test_pivot_mismatch_refused_without_the_field(self):
        v = enrol("fm", ["--franceconnect-pivot",
                              pivot_of(self.user, birthdate="1962-08-25")])
        b = sign_in(v)
        status, _, page = b.request("GET", self.at_provider(self.start(b)))
        self.assertEqual(status, 403)
        self.assertIn(MISMATCH, html.unescape(page))
        self.assertIn('href="/education/reassort"', page)
        self.assertNotIn("naissance", page)
        self.assertEqual(grants(v), 0)

    def test_six_concurrent_callbacks_make_one_grant(self):
        v = enrol("f6", ["--franceconnect-pivot", pivot_of(self.user)])
        b = sign_in(v)
        callback = self.at_provider(self.start(b))
        statuses = []

        def one():
            statuses.append(rf.raw_request("GET", callback, None, None,
                                           dict(b.cookies))[0])
        threads = [threading.Thread(target=one) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(statuses), [303] + [400] * 5)
        self.assertEqual(grants(v), 1)

    def test_provider_stopped_gives_a_clear_page(self):
        v = enrol("fd", ["--franceconnect-pivot", pivot_of(self.user)])
        b = sign_in(v)
        callback = self.at_provider(self.start(b))
        rf.stackctl("stop-oidc")
        try:
            # At the callback (the code can no longer be exchanged).
            status, _, page = b.request("GET", callback)
            self.assertEqual(status, 503, html.unescape(page))
            self.assertIn("FranceConnect ne répond pas", html.unescape(page))
            self.assertIn('href="/education/reassort"', page)
            self.assertEqual(grants(v), 0)
        finally:
            rf.stackctl("start-oidc")


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    unittest.main(verbosity=2)
