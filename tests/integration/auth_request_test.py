#!/usr/bin/python3
"""nginx's auth_request in front of another location of the same host,
through the test stack's nginx: a static /intranet/ protected with the
README's example (deploy/nginx-sesame-auth-example.conf, included by
deploy/nginx.conf.in), and the nginx snippet `sesame check-config --nginx`
prints for the stack's config.

Needs what deploy/test exports (see stack_client.py). Standard library only
(Debian's /usr/bin/python3).
"""
import os
import re
import unittest

import stack_client as rf

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(
    __file__)), "..", ".."))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def body_of(snippet):
    """The text after its leading comment lines."""
    lines = snippet.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


class AuthRequest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        rf.require_env()

    def test_walk_unauthenticated_sign_in_back_sign_out(self):
        acct = rf.new_account("ar")
        b = rf.Browser()
        # Not signed in: nginx sends the browser to the sign-in page.
        status, headers, _ = b.request("GET", "/intranet/")
        self.assertEqual(status, 302)
        self.assertEqual(rf.location_path(headers), "/login?next=/intranet/")
        # The sign-in page keeps where to go back.
        status, _, page = b.request("GET", "/login?next=/intranet/")
        self.assertEqual(status, 200)
        self.assertIn('<input type="hidden" name="next" value="/intranet/">',
                      page)
        status, headers, _ = b.request("POST", "/login", {
            "csrf": rf.csrf_of(page), "login": acct.login,
            "password": acct.password, "next": "/intranet/"})
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/intranet/")
        status, headers, page = b.request("GET", "/intranet/")
        self.assertEqual(status, 200)
        self.assertIn("Intranet de test", page)
        # Sign out from the espace personnel: the intranet closes again.
        status, _, account = b.request("GET", "/account")
        self.assertEqual(status, 200)
        status, headers, _ = b.request("POST", "/logout",
                                       {"csrf": rf.csrf_of(account)})
        self.assertEqual(status, 303)
        status, headers, _ = b.request("GET", "/intranet/")
        self.assertEqual(status, 302)
        self.assertEqual(rf.location_path(headers), "/login?next=/intranet/")

    def test_a_signed_in_browser_is_sent_straight_back(self):
        acct = rf.new_account("ar")
        b = rf.Browser()
        page = b.request("GET", "/login")[2]
        b.request("POST", "/login", {"csrf": rf.csrf_of(page),
                                     "login": acct.login,
                                     "password": acct.password})
        status, headers, _ = b.request("GET", "/login?next=/intranet/")
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/intranet/")

    def test_next_outside_the_allow_list_lands_on_the_account(self):
        acct = rf.new_account("ar")
        for next_path in ("//evil.example/", "/%2F%2Fevil.example",
                          "/intranet/../account/password", "/admin/"):
            b = rf.Browser()
            status, _, page = b.request(
                "GET", "/login?next=" + next_path)
            self.assertEqual(status, 200, next_path)
            self.assertNotIn('name="next"', page, next_path)
            status, headers, _ = b.request("POST", "/login", {
                "csrf": rf.csrf_of(page), "login": acct.login,
                "password": acct.password, "next": next_path})
            self.assertEqual(status, 303, next_path)
            self.assertEqual(rf.location_path(headers), "/account", next_path)

    def test_auth_is_internal_to_nginx(self):
        status, _, _ = rf.raw_request("GET", "/auth")
        self.assertEqual(status, 404)

    def test_readme_example_is_what_the_stack_runs(self):
        readme = read(os.path.join(REPO, "README.md"))
        example = read(os.path.join(REPO, "deploy",
                                    "nginx-sesame-auth-example.conf"))
        self.assertIn("```nginx\n" + example + "```", readme)
        self.assertEqual(read(os.path.join(
            rf.STATE, "conf", "nginx-sesame-auth-example.conf")), example)
        self.assertIn("include nginx-sesame-auth-example.conf;",
                      read(os.path.join(rf.STATE, "conf", "nginx.conf")))

    def test_check_config_nginx_prints_the_stack_snippet(self):
        r = rf.sesame("check-config", "--nginx")
        self.assertEqual(r.returncode, 0, r.stderr)
        stack = read(os.path.join(rf.STATE, "conf", "nginx-sesame.conf"))
        # The stack may lower limit_conn for benchmarks (deploy/lib.sh).
        stack = re.sub(r"limit_conn sesame_conn \d+;",
                       "limit_conn sesame_conn 20;", stack)
        self.assertEqual(body_of(r.stdout), body_of(stack))
        self.assertIn("location = /auth {", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
