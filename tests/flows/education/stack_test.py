#!/usr/bin/python3
"""The Education flow on the whole stack, through nginx, with the real
MariaDB, `sesame deliver`, mail and SMS catchers: a voter enrolled with the
CLI (`sesame account add --nir10 ... --vote-code-initial ... --question
... --answer ...`), the vote code invalidated (`sesame vote-code
invalidate`) and refused at /education/vote, the « réassort » by the
challenge question + NIR-10 to a personal e-mail, the link from the mail
catcher, the warning page, the new code shown once and accepted at
/education/vote, « code masqué » on reload and after the display time;
the link opened twice, the warning POST sent six times at once (one code),
the typed personal address nowhere but the outbox (erased once sent).

Needs what deploy/test exports (tests/integration/stack_client.py), with
"education" in [recovery] flows and a short [education]
code_display_seconds (deploy/sesame.toml.in, test profile). Standard
library only (Debian's /usr/bin/python3).
"""
import html
import itertools
import os
import re
import subprocess
import threading
import time
import tomllib
import unittest

import captcha_solver
import stack_client as rf

LINK_RE = r"/education/reassort/lien\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"
CODE_RE = re.compile(r'id="vote-code"[^>]*>([^<]*)<')
FAILURE = ("Les informations saisies ne permettent pas de vous identifier")
_voters = itertools.count(1)


def display_seconds():
    with open(rf.CONFIG, "rb") as f:
        return tomllib.load(f).get("education", {}).get(
            "code_display_seconds", 120)


def secret():
    with open(os.path.join(rf.STATE, "conf", "secret.key"), "rb") as f:
        return f.read()


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


class Voter:
    def __init__(self, tag):
        n = next(_voters)
        stamp = int(time.time() * 1000) % 10**7
        self.login = "ed%s%d%02d" % (tag, stamp, n)
        self.email = self.login + "@education.example"
        self.personal = self.login + "@perso.example"
        self.mobile = "+3367%07d" % ((stamp * 100 + n + os.getpid()) % 10**7)
        self.password = "Lanterne verte sous la pluie %s 42" % tag
        self.vote_code = "Notice-%s-2022!" % tag
        self.nir = "1850775123"
        self.numen = "07E%07dABC" % ((stamp + n) % 10**7)
        self.answer = "Citroën"
        self.id = None


def enrol(tag, extra=()):
    """A new voter; `extra`: more options of `sesame account add`."""
    v = Voter(tag)
    r = rf.sesame("account", "add", "--login", v.login, "--email", v.email,
                  "--name", "Électeur " + tag, "--nir10", v.nir,
                  "--numen", v.numen, "--vote-code-initial", v.vote_code,
                  "--question", "voiture", "--answer", v.answer,
                  *extra, "--password-stdin", stdin=v.password + "\n")
    assert r.returncode == 0, "sesame account add: %s" % r.stderr
    v.id = int(sql("SELECT id FROM accounts WHERE login = '%s'" % v.login))
    return v


def post_solved(b, path, form, solve=True):
    status, _, page = b.request("GET", path)
    form = dict(form)
    form["csrf"] = rf.csrf_of(page, path, status)
    cid = captcha_solver.captcha_id(page)
    if cid:
        right = captcha_solver.answer(secret(), cid)
        form["captcha_id"] = cid
        form["captcha"] = right if solve else "%04d" % ((int(right) + 1) % 10000)
    return b.request("POST", path, form)


def sign_in(v):
    b = rf.Browser()
    status, _, _ = b.post_form("/login", {"login": v.login,
                                          "password": v.password})
    assert status == 303, "sign-in of %s: %d" % (v.login, status)
    return b


def vote(b, code, solve=True):
    return post_solved(b, "/education/vote", {"code": code}, solve)


def ask(b, v, answer=None, identifier=None, canal="email", address=None):
    form = {"reponse": v.answer if answer is None else answer,
            "identifiant": v.nir if identifier is None else identifier,
            "canal": canal}
    form["mobile" if canal == "sms" else "email"] = (
        address or (v.mobile if canal == "sms" else v.personal))
    return post_solved(b, "/education/reassort/question", form)


def code_in(page):
    m = CODE_RE.search(page)
    return html.unescape(m.group(1)) if m else ""


def audit_count(v, event):
    return int(sql("SELECT COUNT(*) FROM audit_log WHERE account_id = %d AND "
                   "event = '%s'" % (v.id, event)))


class EducationStackTest(unittest.TestCase):
    maxDiff = None

    def link_token(self, v):
        got = rf.wait_for(lambda: [m for m in rf.mails_to(v.personal)
                                   if re.search(LINK_RE, rf.mail_text(m))])
        self.assertTrue(got, "no link mail to %s" % v.personal)
        m = re.search(rf.CONF["public_base_url"] + LINK_RE,
                      rf.mail_text(got[-1]))
        self.assertIsNotNone(m)
        rf.SEEN_TOKENS.append(m.group(1))
        return m.group(1)

    def open_link(self, b, token):
        status, headers, _ = b.request(
            "GET", "/education/reassort/lien?t=" + token)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/education/reassort/lien")
        status, _, page = b.request("GET", "/education/reassort/lien")
        if status != 200:
            return status, page
        status, headers, page = b.request(
            "POST", "/education/reassort/lien",
            {"csrf": rf.csrf_of(page, "/education/reassort/lien", status)})
        return status, rf.location_path(headers) or page

    def to_warning(self, v, b):
        status, headers, page = ask(b, v)
        self.assertEqual(status, 303, html.unescape(page))
        status, where = self.open_link(b, self.link_token(v))
        self.assertEqual((status, where),
                         (303, "/education/reassort/avertissement"))

    def press(self, b):
        status, _, page = b.request("GET", "/education/reassort/avertissement")
        self.assertEqual(status, 200)
        return b.request("POST", "/education/reassort/avertissement",
                         {"csrf": rf.csrf_of(page)})

    def test_walk_from_invalidated_code_to_the_new_code(self):
        v = enrol("wk")
        r = rf.sesame("vote-code", "invalidate", "--login", v.login,
                      "--reason", "notice perdue")
        self.assertEqual(r.returncode, 0, r.stderr)
        b = sign_in(v)
        status, _, page = b.request("GET", "/education/vote")
        self.assertEqual(status, 200)
        self.assertIn("Votre code de vote a été invalidé", page)
        status, _, page = vote(b, v.vote_code)
        self.assertEqual(status, 403, "the old code, even right, is refused")
        self.assertIn("Votre code de vote a été invalidé", page)
        self.assertIn("Cliquez ici pour obtenir un réassort", page)
        status, _, page = b.request("GET", "/education/reassort")
        self.assertEqual(status, 200)
        status, _, page = b.request("GET", "/education/reassort/question")
        self.assertIn("Quelle était la marque de votre première voiture",
                      page)
        # The NIR as printed on the card, the answer typed otherwise.
        status, headers, page = ask(b, v, answer=" CITROEN ",
                                    identifier="1 85 07 75 123")
        self.assertEqual(status, 303, html.unescape(page))
        self.assertEqual(rf.location_path(headers),
                         "/education/reassort/envoye?canal=email")
        token = self.link_token(v)
        status, where = self.open_link(b, token)
        self.assertEqual((status, where),
                         (303, "/education/reassort/avertissement"))
        status, _, page = b.request("GET", "/education/reassort/avertissement")
        self.assertIn("REGENERER MON CODE DE VOTE", page)
        status, headers, _ = b.request(
            "POST", "/education/reassort/avertissement",
            {"csrf": rf.csrf_of(page)})
        self.assertEqual(rf.location_path(headers), "/education/reassort/code")
        status, headers, page = b.request("GET", "/education/reassort/code")
        self.assertEqual(status, 200)
        code = code_in(page)
        self.assertEqual(len(code), 16, page)
        self.assertIn("no-store", rf.header(headers, "cache-control"))
        self.assertRegex(rf.header(headers, "refresh") or "",
                         r"^\d+; url=/education/reassort/code$")
        self.assertIn("heure de Paris", page)
        # Reloaded: never the code twice.
        status, _, page = b.request("GET", "/education/reassort/code")
        self.assertEqual(code_in(page), "")
        self.assertIn("Code masqué", page)
        # The new code opens the vote space; the work address is told.
        status, _, page = vote(b, code)
        self.assertEqual(status, 200, html.unescape(page))
        self.assertIn("Code de vote accepté", html.unescape(page))
        self.assertTrue(rf.wait_for(lambda: rf.mails_to(v.email)))
        self.assertEqual(audit_count(v, "education.vote_code.regenerated"), 1)

    def test_link_opened_twice(self):
        v = enrol("lk")
        b = sign_in(v)
        self.assertEqual(ask(b, v)[0], 303)
        token = self.link_token(v)
        status, where = self.open_link(b, token)
        self.assertEqual(status, 303)
        status, page = self.open_link(rf.Browser(), token)
        self.assertEqual(status, 410)
        self.assertIn("Lien déjà utilisé", page)
        self.assertEqual(audit_count(v, "education.grant"), 1)

    def test_warning_post_replayed_six_times_at_once(self):
        v = enrol("rp")
        b = sign_in(v)
        self.to_warning(v, b)
        status, _, page = b.request("GET", "/education/reassort/avertissement")
        form = {"csrf": rf.csrf_of(page)}
        answers = []
        lock = threading.Lock()

        def post():
            got = rf.raw_request("POST", "/education/reassort/avertissement",
                                 form, cookies=dict(b.cookies))
            with lock:
                answers.append(got[0])

        threads = [threading.Thread(target=post) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(answers, [303] * 6)
        self.assertEqual(audit_count(v, "education.vote_code.regenerated"), 1)
        self.assertEqual(int(sql(
            "SELECT COUNT(*) FROM education_code_slips WHERE account_id = %d"
            % v.id)), 1)
        status, _, page = b.request("GET", "/education/reassort/code")
        code = code_in(page)
        self.assertEqual(len(code), 16)
        self.assertEqual(code_in(b.request("GET",
                                           "/education/reassort/code")[2]), "")
        self.assertEqual(vote(b, code)[0], 200)

    def test_code_masked_after_its_display_time(self):
        v = enrol("ex")
        b = sign_in(v)
        self.to_warning(v, b)
        status, headers, _ = self.press(b)
        self.assertEqual(status, 303)
        time.sleep(display_seconds() + 1)
        status, _, page = b.request("GET", "/education/reassort/code")
        self.assertEqual(code_in(page), "")
        self.assertIn("Code masqué", page)

    def test_wrong_facts_one_failure_then_closed_for_the_hour(self):
        v = enrol("cl")
        other = enrol("cl2")
        b = sign_in(v)
        for answer, identifier in (("Peugeot", None), (None, "1850775124"),
                                   (None, "07E0000000XYZ"), ("Fiat", None),
                                   ("Renault", None)):
            status, _, page = ask(b, v, answer=answer, identifier=identifier)
            self.assertEqual(status, 400)
            self.assertIn(FAILURE, html.unescape(page))
        status, headers, page = ask(b, v)
        self.assertEqual(status, 429, "closed for the hour, even right")
        self.assertEqual(rf.header(headers, "retry-after"), "3600")
        self.assertEqual(ask(sign_in(other), other)[0], 303,
                         "another account's path stays open")

    def test_personal_address_checks(self):
        v = enrol("ad")
        b = sign_in(v)
        status, _, page = ask(b, v, address=v.email.upper())
        self.assertEqual(status, 400)
        self.assertIn("messagerie professionnelle", html.unescape(page))
        self.assertIn('value="%s"' % v.email.upper(), page)
        status, _, page = ask(b, v, canal="sms", address="01 23 45 67 89")
        self.assertEqual(status, 400)
        self.assertIn("téléphone portable", html.unescape(page))
        # A mobile: the link goes by SMS.
        since = time.time()
        self.assertEqual(ask(b, v, canal="sms")[0], 303)
        got = rf.wait_for(lambda: rf.sms_to(v.mobile, since))
        self.assertTrue(got)
        self.assertRegex(got[-1]["text"], LINK_RE)

    def test_typed_address_stored_nowhere(self):
        v = enrol("pv")
        b = sign_in(v)
        self.assertEqual(ask(b, v)[0], 303)
        self.link_token(v)
        # Sent rows keep no payload (and a waiting one is sealed).
        self.assertEqual(sql("SELECT COUNT(*) FROM outbox WHERE payload IS "
                             "NOT NULL AND sent_at IS NOT NULL"), "0")
        time.sleep(1)
        folder = os.path.join(rf.STATE, "log")
        for name in sorted(os.listdir(folder)):
            if not name.startswith(("serve", "deliver", "nginx")):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                self.assertNotIn(v.personal.encode(), f.read(), name)
        with open(os.environ["SESAME_TEST_DB_ADMIN_PASSWORD_FILE"]) as f:
            password = f.read().strip()
        dump = subprocess.run(
            ["mariadb-dump", "--no-defaults",
             "--socket=" + os.environ["SESAME_TEST_DB_SOCKET"],
             "-u" + os.environ.get("SESAME_TEST_DB_ADMIN_USER", "sesame_admin"),
             "--single-transaction", "--skip-extended-insert", "sesame"],
            capture_output=True, timeout=120,
            env=dict(os.environ, MYSQL_PWD=password))
        self.assertEqual(dump.returncode, 0, dump.stderr)
        text = dump.stdout.decode("utf-8", "replace")
        self.assertIn(v.login, text)
        for value in (v.personal, v.nir, v.numen, "Citro"):
            self.assertNotIn(value, text)


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    unittest.main(verbosity=2)
