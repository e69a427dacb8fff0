#!/usr/bin/python3
"""The officers' desk (/guichet/) of the Interior flow on the whole stack,
through nginx, with the real MariaDB, `sesame deliver` and mail catcher: an
agent enrolled with `sesame account add ... --bureau`, an officer with
`sesame officer add` (password and TOTP secret parsed from its output, the
codes computed here, RFC 6238); the officer's sign-in (a TOTP code works
once), the search by matricule (own bureau only), a document recorded, a
new password on a slip shown once, the agent's sign-in with it, the mail
without the secret, a new security key that kills the old one, `sesame
audit show --officer`, and no secret in the logs.

Needs what deploy/test exports (see tests/integration/stack_client.py),
with "interior" in [recovery] flows. Standard library only.
"""
import base64
import hashlib
import hmac
import html
import itertools
import os
import re
import struct
import time
import unittest

import stack_client as rf
import stack_test as interior

PASSWORD_RE = re.compile(r"password \(shown only now; [^)]*\): (\S+)")
TOTP_RE = re.compile(r"TOTP secret \(shown only now; [^)]*\): ([A-Z2-7=]+)")
SLIP_SECRET_RE = re.compile(r'<p class="slip-secret" id="slip-secret">'
                            r'([^<]+)</p>')
DESK_WRONG = "Identifiant, mot de passe ou code de vérification incorrect."
NO_AGENT = "Aucun agent de votre bureau n'a ce matricule."
_officers = itertools.count(1)


def totp(secret_b32, step=None):
    """The 6-digit RFC 6238 code (HMAC-SHA-1, 30 s) of `step` (now's by
    default)."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    if step is None:
        step = int(time.time()) // 30
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return "%06d" % (value % 10**6)


class Officer:
    def __init__(self, bureau):
        stamp = int(time.time() * 1000) % 10**7
        self.login = "pr%d%02d%d" % (stamp, next(_officers), os.getpid())
        self.bureau = bureau
        r = rf.sesame("officer", "add", "--login", self.login,
                      "--bureau", bureau, "--name", "Président " + self.login)
        assert r.returncode == 0, "sesame officer add: %s" % r.stderr
        self.password = PASSWORD_RE.search(r.stdout).group(1)
        self.secret = TOTP_RE.search(r.stdout).group(1)

    def sign_in(self, code=None, browser=None):
        b = browser or rf.Browser()
        status, hdrs, page = b.post_form("/guichet/connexion", {
            "login": self.login, "password": self.password,
            "totp": code or totp(self.secret)})
        return b, status, hdrs, page


def enrol_agent(tag, bureau):
    agent = interior.Agent(tag)
    args = agent.add_args()
    args[args.index("--bureau") + 1] = bureau
    r = rf.sesame("account", "add", *args, "--password-stdin",
                  stdin=agent.password + "\n")
    assert r.returncode == 0, "sesame account add: %s" % r.stderr
    agent.key = interior.KEY_RE.search(r.stdout).group(1)
    return agent


def find(browser, matricule):
    return browser.post_form("/guichet", {"matricule": matricule})


def hand_over(browser, agent_page, matricule, remise, document="passeport",
              end="7K2C"):
    return browser.request("POST", "/guichet/agent", {
        "csrf": rf.csrf_of(agent_page, "/guichet"), "matricule": matricule,
        "document": document, "document_fin": end, "remise": remise})


def slip_secret(page):
    m = SLIP_SECRET_RE.search(page)
    return html.unescape(m.group(1)).strip() if m else None


class DeskStackTest(unittest.TestCase):

    def test_desk_walk_password_then_key(self):
        bureau = "BVE-D%d" % (os.getpid() % 10**4)
        agent = enrol_agent("dk", bureau)
        officer = Officer(bureau)
        stranger = Officer("BVE-AUTRE%d" % (os.getpid() % 10**4))
        secrets = {"officer password": officer.password,
                   "TOTP secret": officer.secret,
                   "first security key": agent.key}

        # Sign-in: password + TOTP; the same code again is refused.
        code = totp(officer.secret)
        desk, status, hdrs, _ = officer.sign_in(code)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(hdrs), "/guichet")
        _, status, _, page = officer.sign_in(code)
        self.assertNotEqual(status, 303, "a TOTP code worked twice")
        self.assertIn(DESK_WRONG, page)
        status, _, page = desk.request("GET", "/guichet")
        self.assertEqual(status, 200)
        self.assertIn(bureau, page)

        # Search, document, new password.
        status, _, page = find(desk, agent.matricule)
        self.assertEqual(status, 200)
        self.assertIn("Agent " + agent.login, html.unescape(page))
        self.assertIn('name="document"', page)
        status, hdrs, _ = hand_over(desk, page, agent.matricule, "password")
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(hdrs), "/guichet/fiche")

        # The slip: once.
        status, _, slip = desk.request("GET", "/guichet/fiche")
        self.assertEqual(status, 200)
        password = slip_secret(slip)
        self.assertTrue(password and len(password) >= 12, slip)
        secrets["slip password"] = password
        status, _, again = desk.request("GET", "/guichet/fiche")
        self.assertNotIn(password, again)
        self.assertIsNone(slip_secret(again))
        self.assertIn("déjà été affichée", again)

        # The agent: sign-in with the slip's password -> its own password.
        agent_b = rf.Browser()
        status, hdrs, _ = interior.sign_in(agent, password=password,
                                           browser=agent_b)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(hdrs), "/account/password")
        status, _, page = agent_b.request("GET", "/account/password")
        self.assertEqual(status, 200)
        self.assertIn("Choisissez votre mot de passe", page)
        status, hdrs, _ = agent_b.request("POST", "/account/password", {
            "csrf": rf.csrf_of(page, "/account/password"),
            "password": rf.NEW_PASSWORD, "password_confirm": rf.NEW_PASSWORD})
        self.assertEqual(status, 303)
        agent.password = rf.NEW_PASSWORD

        # Its mail: told, without the secret.
        mails = rf.wait_for(lambda: [
            m for m in rf.mails_to(agent.email)
            if "nouveau mot de passe vous a été remis"
            in " ".join(rf.mail_text(m).split())], seconds=30)
        self.assertEqual(len(mails), 1)
        self.assertIn(bureau, rf.mail_text(mails[0]))
        for m in mails:
            for part in (rf.mail_text(m), rf.mail_html(m), str(m["Subject"])):
                self.assertNotIn(password, part)

        # A new security key: the old one is refused, the new one works.
        status, _, page = find(desk, agent.matricule)
        self.assertEqual(status, 200)
        status, hdrs, _ = hand_over(desk, page, agent.matricule, "key",
                                    document="carte_identite", end="AB12")
        self.assertEqual(status, 303)
        status, _, slip = desk.request("GET", "/guichet/fiche")
        new_key = slip_secret(slip)
        self.assertRegex(new_key or "", r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
        self.assertNotEqual(new_key, agent.key)
        secrets["new security key"] = new_key
        status, _, page = interior.sign_in(agent)
        self.assertEqual(status, 200)
        self.assertIn(interior.WRONG, html.unescape(page))
        status, hdrs, _ = interior.sign_in(agent, key=new_key)
        self.assertEqual(status, 303)
        self.assertNotEqual(rf.location_path(hdrs), "/interieur/connexion")

        # Another bureau's officer does not find the agent.
        other, status, _, _ = stranger.sign_in()
        self.assertEqual(status, 303)
        status, _, page = find(other, agent.matricule)
        self.assertIn(NO_AGENT, html.unescape(page))
        self.assertNotIn("Agent " + agent.login, html.unescape(page))
        self.assertNotIn('name="document"', page)

        # The audit: each lookup (the agent, never the matricule) and the
        # two actions with the document type.
        r = rf.sesame("audit", "show", "--officer", officer.login)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [l for l in r.stdout.splitlines() if "desk." in l]
        actions = [l for l in rows if "desk.lookup" not in l]
        self.assertEqual(len(actions), 2, r.stdout)
        lookups = [l for l in rows if "desk.lookup" in l]
        self.assertGreaterEqual(len(lookups), 2, r.stdout)
        for l in lookups:
            # The detail names the agent found, nothing typed.
            self.assertRegex(l.rstrip(), r"desk\.lookup\s+\S+\s+agent "
                             + re.escape(agent.login) + "$")
        self.assertTrue(any("desk.password" in l and "document=passeport" in l
                            and agent.login in l for l in rows), r.stdout)
        self.assertTrue(any("desk.security_key" in l
                            and "document=carte_identite" in l
                            for l in rows), r.stdout)
        for value in secrets.values():
            self.assertNotIn(value, r.stdout)

        # Nothing secret in the logs.
        time.sleep(1)  # nginx writes its lines once the answer is out
        folder = os.path.join(rf.STATE, "log")
        logs = [n for n in sorted(os.listdir(folder))
                if n.startswith(("serve", "deliver", "nginx"))]
        self.assertTrue({"serve.log", "deliver.log",
                         "nginx-access.log"} <= set(logs), logs)
        found = []
        for name in logs:
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read().decode("utf-8", "replace")
            found += ["%s: %s" % (name, what)
                      for what, value in secrets.items()
                      if value in data or value.replace("-", "") in data]
        self.assertEqual(found, [])


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    unittest.main(verbosity=2)
