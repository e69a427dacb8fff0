#!/usr/bin/python3
"""The consular flow on the whole stack, through nginx, with the real mail
and SMS catchers: /consulaire/motdepasse (NUMIC + e-mail) -> mail link ->
/consulaire/lien (identifier) -> one-time password by SMS -> sign-in ->
forced change; and /consulaire/identifiant -> the identifier by mail.

Needs what deploy/test exports (see tests/integration/stack_client.py,
whose helpers it uses). Every test makes its own account with its own NUMIC, address and
phone. Standard library only (Debian's /usr/bin/python3).
"""
import html
import itertools
import os
import re
import threading
import time
import unittest

import captcha_solver
import stack_client as rf

LINK_RE = r"/consulaire/lien\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"
PASSWORD_RE = re.compile(r"votre nouveau mot de passe est (\S+) ")
_numics = itertools.count(1)


def new_voter(tag, phone=True):
    """An account with a NUMIC of at most 8 digits, typed without its zeros."""
    n = next(_numics)
    stamp = int(time.time() * 1000) % 10**5
    numic = "%d" % ((stamp * 1000 + n * 7 + os.getpid()) % 10**8 or 1)
    login = "cf%s%d%02d" % (tag, stamp, n)
    address = login + "@example.org"
    number = "+3362%07d" % ((stamp * 100 + n + os.getpid()) % 10**7)
    args = ["account", "add", "--login", login, "--email", address,
            "--name", "Électeur " + tag, "--numic", numic, "--password-stdin"]
    if phone:
        args += ["--phone", number]
    r = rf.sesame(*args, stdin="Lanterne verte sous la pluie %s 42\n" % tag)
    assert r.returncode == 0, "sesame account add: %s" % r.stderr
    voter = rf.Account(login, address, number if phone else "",
                       "Lanterne verte sous la pluie %s 42" % tag)
    voter.numic = numic
    return voter


def secret():
    with open(os.path.join(rf.STATE, "conf", "secret.key"), "rb") as f:
        return f.read()


def post_solved(b, path, form, solve=True):
    """GET `path`, then POST `form` with its CSRF token and, when the page
    shows a captcha, its answer (computed with the server key) or, with
    solve=False, a wrong one."""
    status, _, page = b.request("GET", path)
    form = dict(form)
    form["csrf"] = rf.csrf_of(page, path, status)
    cid = captcha_solver.captcha_id(page)
    if cid:
        right = captcha_solver.answer(secret(), cid)
        form["captcha_id"] = cid
        form["captcha"] = right if solve else "%04d" % ((int(right) + 1) % 10000)
    return b.request("POST", path, form)


class ConsularFlowTest(unittest.TestCase):
    maxDiff = None

    def ask(self, path, voter, numic=None, address=None, solve=True):
        return post_solved(rf.Browser(), path, {
            "numic": voter.numic if numic is None else numic,
            "email": voter.email if address is None else address}, solve)

    def wait_mail(self, voter, pattern):
        got = rf.wait_for(lambda: [m for m in rf.mails_to(voter.email)
                                   if re.search(pattern, rf.mail_text(m))])
        self.assertTrue(got, "no mail matching %r for %s" % (pattern,
                                                            voter.email))
        return rf.mail_text(got[-1])

    def test_whole_renewal_with_a_one_time_password(self):
        voter = new_voter("pw")
        since = time.time()
        status, headers, _ = self.ask("/consulaire/motdepasse", voter)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/consulaire/envoye")
        text = self.wait_mail(voter, LINK_RE)
        token = re.search(rf.CONF["public_base_url"] + LINK_RE, text).group(1)
        rf.SEEN_TOKENS.append(token)
        b = rf.Browser()
        # Opened by a mail scanner first: GET and HEAD spend nothing.
        for method in ("GET", "HEAD"):
            time.sleep(0.05)
            status, headers, _ = rf.raw_request(
                method, "/consulaire/lien?t=" + token)
            self.assertEqual(status, 303)
        status, headers, _ = b.request("GET", "/consulaire/lien?t=" + token)
        self.assertEqual(rf.location_path(headers), "/consulaire/lien")
        status, _, page = b.request("GET", "/consulaire/lien")
        self.assertEqual(status, 200, page)
        self.assertIsNotNone(captcha_solver.captcha_id(page),
                             "the link page asks for a captcha")
        status, _, page = post_solved(b, "/consulaire/lien",
                                      {"login": voter.login}, solve=False)
        self.assertEqual(status, 400)
        self.assertIn("code de sécurité", html.unescape(page))
        status, _, page = post_solved(b, "/consulaire/lien",
                                      {"login": voter.login + "x"})
        self.assertEqual(status, 400)
        self.assertIn("ne correspond pas", html.unescape(page))
        self.assertIn("Il vous reste 4 essais", page)
        status, headers, _ = post_solved(b, "/consulaire/lien",
                                         {"login": voter.login})
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/consulaire/lien/fait")
        got = rf.wait_for(lambda: rf.sms_to(voter.phone, since))
        self.assertTrue(got, "no SMS to %s" % voter.phone)
        password = PASSWORD_RE.search(got[-1]["text"]).group(1)
        self.assertGreaterEqual(len(password), 12)
        # The old password no longer works; the SMS one leads to the forced
        # change, once.
        status, _, _ = rf.Browser().post_form(
            "/login", {"login": voter.login, "password": voter.password})
        self.assertEqual(status, 200)
        me = rf.Browser()
        status, headers, _ = me.post_form(
            "/login", {"login": voter.login, "password": password})
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/account/password")
        status, _, _ = rf.Browser().post_form(
            "/login", {"login": voter.login, "password": password})
        self.assertEqual(status, 200, "the one-time password works once")
        status, _, page = me.request("GET", "/account/password")
        status, headers, _ = me.request("POST", "/account/password", {
            "password": rf.NEW_PASSWORD, "password_confirm": rf.NEW_PASSWORD,
            "csrf": rf.csrf_of(page, "/account/password", status)})
        self.assertEqual(status, 303)
        status, headers, _ = rf.Browser().post_form(
            "/login", {"login": voter.login, "password": rf.NEW_PASSWORD})
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/account")
        # The link was single use.
        status, _, _ = rf.Browser().request(
            "GET", "/consulaire/lien?t=" + token)
        b2 = rf.Browser()
        b2.request("GET", "/consulaire/lien?t=" + token)
        self.assertEqual(b2.request("GET", "/consulaire/lien")[0], 410)

    def test_r5_one_time_password_signs_in_once_under_concurrency(self):
        voter = new_voter("r5")
        since = time.time()
        status, _, _ = self.ask("/consulaire/motdepasse", voter)
        self.assertEqual(status, 303)
        text = self.wait_mail(voter, LINK_RE)
        token = re.search(LINK_RE, text).group(1)
        rf.SEEN_TOKENS.append(token)
        b = rf.Browser()
        b.request("GET", "/consulaire/lien?t=" + token)
        status, _, _ = post_solved(b, "/consulaire/lien",
                                   {"login": voter.login})
        self.assertEqual(status, 303)
        got = rf.wait_for(lambda: rf.sms_to(voter.phone, since))
        self.assertTrue(got, "no SMS to %s" % voter.phone)
        password = PASSWORD_RE.search(got[-1]["text"]).group(1)
        # 6 browsers send the one-time password at the same moment.
        browsers = [rf.Browser() for _ in range(6)]
        tokens = [x.csrf("/login") for x in browsers]
        start = threading.Barrier(len(browsers))
        answers = [None] * len(browsers)

        def sign_in(i):
            start.wait()
            answers[i] = browsers[i].request("POST", "/login", {
                "login": voter.login, "password": password,
                "csrf": tokens[i]})

        threads = [threading.Thread(target=sign_in, args=(i,))
                   for i in range(len(browsers))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wins = [a for a in answers
                if a[0] == 303 and rf.location_path(a[1]) ==
                "/account/password"]
        self.assertEqual(len(wins), 1, [a[0] for a in answers])
        for status, _, page in answers:
            # 503: the Argon2 queue was full (« service surchargé »).
            self.assertIn(status, (200, 303, 503))
            if status == 200:
                self.assertIn("provisoire a expiré", html.unescape(page))

    def test_A1_same_answer_for_any_input(self):
        voter = new_voter("a1")

        def comparable(answer):
            status, headers, body = answer
            keep = [(k, v) for k, v in headers
                    if k not in ("date", "set-cookie")]
            return status, sorted(keep), body

        answers = [self.ask("/consulaire/motdepasse", voter),
                   self.ask("/consulaire/motdepasse", voter, numic="99999999"),
                   self.ask("/consulaire/motdepasse", voter,
                            address="autre@example.org")]
        for a in answers[1:]:
            self.assertEqual(comparable(a), comparable(answers[0]))
        self.wait_mail(voter, LINK_RE)
        time.sleep(1)
        self.assertEqual(len(rf.mails_to(voter.email)), 1)

    def test_E30_a_wrong_or_missing_captcha_sends_nothing(self):
        voter = new_voter("e30")
        status, _, body = self.ask("/consulaire/motdepasse", voter,
                                   solve=False)
        self.assertEqual(status, 400)
        self.assertIn("code de sécurité", html.unescape(body))
        status, _, body = rf.Browser().post_form("/consulaire/identifiant", {
            "numic": voter.numic, "email": voter.email})
        self.assertEqual(status, 400)
        # The picture and the sound of a live captcha are served, never
        # spent; an unknown id is a 404.
        b = rf.Browser()
        status, _, page = b.request("GET", "/consulaire/motdepasse")
        cid = captcha_solver.captcha_id(page)
        for kind, mime in (("image", "image/png"), ("audio", "audio/wav")):
            status, headers, _ = b.request(
                "GET", "/captcha/%s?id=%s" % (kind, cid))
            self.assertEqual(status, 200, kind)
            self.assertEqual(rf.header(headers, "content-type"), mime)
            self.assertIn("no-store", rf.header(headers, "cache-control"))
        status, _, _ = b.request("GET", "/captcha/image?id=" + "A" * 43)
        self.assertEqual(status, 404)
        time.sleep(1)
        self.assertEqual(rf.mails_to(voter.email), [])

    def test_bad_numic_is_said_on_the_same_screen(self):
        voter = new_voter("bad")
        for numic in ("", "12a45678", "1234 5678", "123456789", "１２３４"):
            status, _, body = self.ask("/consulaire/motdepasse", voter,
                                       numic=numic)
            self.assertEqual(status, 400, numic)
            self.assertIn("NUMIC", body)
        time.sleep(1)
        self.assertEqual(rf.mails_to(voter.email), [])

    def test_lost_identifier_then_no_password_within_the_window(self):
        voter = new_voter("id")
        status, headers, _ = self.ask("/consulaire/identifiant", voter,
                                      numic=voter.numic.zfill(8))
        self.assertEqual(status, 303)
        text = self.wait_mail(voter, r"Votre identifiant :")
        self.assertIn("Votre identifiant : %s" % voter.login, text)
        status, _, _ = self.ask("/consulaire/motdepasse", voter)
        self.assertEqual(status, 303)
        text = self.wait_mail(voter, r"à la fois son identifiant")
        self.assertNotIn("/consulaire/lien", text)

    def test_no_phone_is_told_on_the_link_page(self):
        voter = new_voter("nophone", phone=False)
        self.ask("/consulaire/motdepasse", voter)
        text = self.wait_mail(voter, LINK_RE)
        token = re.search(LINK_RE, text).group(1)
        b = rf.Browser()
        b.request("GET", "/consulaire/lien?t=" + token)
        status, _, page = post_solved(b, "/consulaire/lien",
                                      {"login": voter.login})
        self.assertEqual(status, 200)
        self.assertIn("Aucun numéro de téléphone", html.unescape(page))
        status, _, _ = rf.Browser().post_form(
            "/login", {"login": voter.login, "password": voter.password})
        self.assertEqual(status, 303, "nothing changed")


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    unittest.main(verbosity=2)
