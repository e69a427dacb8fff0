#!/usr/bin/python3
"""The Interior flow on the whole stack, through nginx, with the real
MariaDB, `sesame deliver` and mail catcher: an agent enrolled with the CLI
(`sesame account add --matricule ... --iban ...`), the four-field sign-in
/interieur/connexion, the online regeneration /interieur/regeneration ->
the mail link -> a new password -> sign-in with the security key; 20
concurrent regenerations for one matricule -> one mail; CSV import rows
with bad interior columns; and the agent's facts (card number, IBAN, birth
date, réassort secret, security key) never in the logs nor in a dump of
the database.

Needs what deploy/test exports (see tests/integration/stack_client.py,
whose helpers it uses), with "interior" in [recovery] flows (the stack's
deploy/sesame.toml.in). Every test enrols its own agent. Standard library
only (Debian's /usr/bin/python3).
"""
import html
import itertools
import os
import random
import re
import string
import subprocess
import threading
import time
import unittest

import stack_client as rf

LINK_RE = r"/interieur/lien\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"
KEY_RE = re.compile(r"security key \(code de sécurité\), shown only now: "
                    r"([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")
WRONG = "Les informations saisies ne permettent pas de vous identifier."
_agents = itertools.count(1)
_random = random.SystemRandom()


def iban_fr(bban):
    """A French IBAN of `bban` (23 digits) with the right check digits."""
    digits = "".join(str(int(c, 36)) for c in bban + "FR00")
    return "FR%02d%s" % (98 - int(digits) % 97, bban)


def wrong_check_digits(iban):
    return iban[:2] + "%02d" % ((int(iban[2:4]) + 1) % 100 or 2) + iban[4:]


class Agent:
    """An agent's facts, as the CLI took them; its security key once
    enrolled."""

    def __init__(self, tag, phone=True):
        n = next(_agents) % 100
        stamp = int(time.time() * 1000) % 10**6
        self.matricule = "%d%02d%04d" % (stamp, n, os.getpid() % 10**4)
        self.login = "ag%s%s" % (tag, self.matricule)
        self.email = self.login + "@interieur.example"
        self.phone = ("+3364%07d" % ((stamp * 100 + n + os.getpid()) % 10**7)
                      if phone else "")
        self.birth = "%02d/%02d/19%02d" % (_random.randint(1, 28),
                                           _random.randint(1, 12),
                                           _random.randint(50, 99))
        self.card = "".join(_random.choice(string.ascii_uppercase +
                                           string.digits) for _ in range(10))
        self.iban = iban_fr("%023d" % _random.randrange(10**22, 10**23))
        self.secret = self.card[:6] + self.iban[-6:]
        self.password = "Lanterne verte sous la pluie %s 42" % tag
        self.key = None

    def add_args(self):
        args = ["--login", self.login, "--email", self.email,
                "--name", "Agent " + self.login, "--matricule", self.matricule,
                "--birth-date", self.birth, "--card-number", self.card,
                "--iban", self.iban, "--bureau", "BVE-TEST"]
        if self.phone:
            args += ["--phone", self.phone]
        return args


def enrol(tag, phone=True):
    agent = Agent(tag, phone)
    r = rf.sesame("account", "add", *agent.add_args(), "--password-stdin",
                  stdin=agent.password + "\n")
    assert r.returncode == 0, "sesame account add: %s" % r.stderr
    m = KEY_RE.search(r.stdout)
    assert m, "no security key printed: %r" % r.stdout
    agent.key = m.group(1)
    return agent


def sign_in(agent, password=None, key=None, birth=None, matricule=None,
            browser=None):
    b = browser or rf.Browser()
    return b.post_form("/interieur/connexion", {
        "matricule": agent.matricule if matricule is None else matricule,
        "naissance": agent.birth if birth is None else birth,
        "cle": agent.key if key is None else key,
        "password": agent.password if password is None else password})


def regenerate(agent, secret=None, birth=None, browser=None):
    b = browser or rf.Browser()
    return b.post_form("/interieur/regeneration", {
        "matricule": agent.matricule,
        "naissance": agent.birth if birth is None else birth,
        "secret": agent.secret if secret is None else secret})


def link_mails(agent):
    return [m for m in rf.mails_to(agent.email)
            if re.search(LINK_RE, rf.mail_text(m))]


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


def account_id(login):
    return int(sql("SELECT id FROM accounts WHERE login = '%s'" % login))


def handled(agent=None, event="recovery.request%"):
    """Audit rows `sesame deliver` wrote for regeneration requests (of
    `agent`'s account, or of none: no match)."""
    who = ("account_id = %d" % account_id(agent.login) if agent
           else "account_id IS NULL")
    return int(sql("SELECT COUNT(*) FROM audit_log WHERE event LIKE '%s' "
                   "AND detail = 'interior_regeneration' AND %s"
                   % (event, who)))


class InteriorSignInTest(unittest.TestCase):

    def test_four_field_sign_in(self):
        agent = enrol("in")
        b = rf.Browser()
        status, _, page = b.request("GET", "/interieur/connexion")
        self.assertEqual(status, 200)
        for field in ("matricule", "naissance", "cle", "password"):
            self.assertIn('name="%s"' % field, page)
        status, headers, _ = sign_in(agent, browser=b)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/account")
        status, _, page = b.request("GET", "/account")
        self.assertEqual(status, 200)
        self.assertIn("Agent " + agent.login, html.unescape(page))
        # Typed as a person types: spaces, another date shape, the key in
        # lower case without its dashes.
        d, m, y = agent.birth.split("/")
        status, headers, _ = sign_in(
            agent, matricule=" %s " % agent.matricule,
            birth="%d-%d-%s" % (int(d), int(m), y),
            key=agent.key.replace("-", "").lower())
        self.assertEqual(status, 303)

    def test_each_wrong_fact_gets_the_same_answer(self):
        agent = enrol("wr")
        other = enrol("wr2")
        answers = {
            "matricule": sign_in(agent, matricule=other.matricule),
            "birth date": sign_in(agent, birth="01/01/1949"),
            "security key": sign_in(agent, key=other.key),
            "password": sign_in(agent, password=other.password),
            "another agent's key and password": sign_in(
                agent, key=other.key, password=other.password),
        }
        for what, (status, _, page) in answers.items():
            self.assertEqual(status, 200, what)
            self.assertIn(WRONG, html.unescape(page), what)
            self.assertNotIn("aria-invalid", page, what)
        status, _, page = sign_in(agent, birth="31/02/1980")
        self.assertEqual(status, 400)
        self.assertIn("Cette date n'existe pas", html.unescape(page))
        self.assertEqual(sign_in(agent)[0], 303, "the right four still work")


class InteriorRegenerationTest(unittest.TestCase):

    def wait_link(self, agent, count=1):
        got = rf.wait_for(lambda: len(link_mails(agent)) >= count and
                          link_mails(agent))
        self.assertTrue(got, "no link mail for %s" % agent.email)
        text = rf.mail_text(got[-1])
        m = re.search(rf.CONF["public_base_url"] + LINK_RE, text)
        self.assertIsNotNone(m, text)
        rf.SEEN_TOKENS.append(m.group(1))
        return m.group(1), got[-1]

    def test_online_regeneration_to_a_new_password(self):
        agent = enrol("rg")
        status, headers, _ = regenerate(agent)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers),
                         "/interieur/regeneration/envoye")
        token, mail = self.wait_link(agent)
        self.assertIn("régénération de votre mot de passe",
                      str(mail["Subject"]))
        # A mail scanner opens the link first: GET and HEAD spend nothing.
        for method in ("GET", "HEAD"):
            status, headers, _ = rf.raw_request(
                method, "/interieur/lien?t=" + token)
            self.assertEqual(status, 303)
        b = rf.Browser()
        status, headers, _ = b.request("GET", "/interieur/lien?t=" + token)
        self.assertEqual(rf.location_path(headers), "/interieur/lien")
        status, _, page = b.request("GET", "/interieur/lien")
        self.assertEqual(status, 200, page)
        form = {"password": rf.NEW_PASSWORD,
                "password_confirm": rf.NEW_PASSWORD,
                "csrf": rf.csrf_of(page, "/interieur/lien", status)}
        status, headers, _ = b.request("POST", "/interieur/lien", form)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/interieur/lien/fait")
        # The old password no more; the new one with the security key.
        self.assertEqual(sign_in(agent)[0], 200)
        status, headers, _ = sign_in(agent, password=rf.NEW_PASSWORD)
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/account")
        # The link was single use.
        b2 = rf.Browser()
        b2.request("GET", "/interieur/lien?t=" + token)
        self.assertEqual(b2.request("GET", "/interieur/lien")[0], 410)
        # « Mot de passe modifié » reached the work address.
        self.assertTrue(rf.wait_for(lambda: len(rf.mails_to(agent.email)) >= 2))

    def test_same_answer_whatever_was_typed(self):
        agent = enrol("sa")

        def comparable(answer):
            status, headers, body = answer
            keep = [(k, v) for k, v in headers
                    if k not in ("date", "set-cookie")]
            return status, sorted(keep), body

        nomatch = handled(event="recovery.request.nomatch")
        answers = [regenerate(agent),
                   regenerate(agent, secret="ZZZZZZ000000"),
                   regenerate(agent, birth="01/01/1949")]
        for a in answers[1:]:
            self.assertEqual(comparable(a), comparable(answers[0]))
        self.wait_link(agent)
        self.assertTrue(rf.wait_for(lambda: handled(
            event="recovery.request.nomatch") >= nomatch + 2))
        self.assertEqual(len(rf.mails_to(agent.email)), 1)
        for secret in (agent.secret[:11], agent.secret + "A"):
            status, _, page = regenerate(agent, secret=secret)
            self.assertEqual(status, 400, secret)
            self.assertIn("exactement 12", page)

    def test_twenty_concurrent_regenerations_send_one_mail(self):
        agent = enrol("cc")
        b = rf.Browser()
        csrf = b.csrf("/interieur/regeneration")
        form = {"matricule": agent.matricule, "naissance": agent.birth,
                "secret": agent.secret, "csrf": csrf}
        start = threading.Barrier(20)
        statuses = [None] * 20

        def ask(i):
            start.wait()
            for _ in range(40):
                status, headers, _ = rf.raw_request(
                    "POST", "/interieur/regeneration", form,
                    cookies=dict(b.cookies))
                # nginx's own flood shedding (no Retry-After): again.
                if status == 429 and rf.header(headers, "retry-after") is None:
                    time.sleep(0.3)
                    continue
                break
            statuses[i] = status

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(statuses, [303] * 20)
        self.wait_link(agent)
        self.assertTrue(rf.wait_for(lambda: handled(agent) == 20, 60),
                        "sesame deliver handled every request")
        time.sleep(1)
        self.assertEqual(len(rf.mails_to(agent.email)), 1)

    def test_five_failures_suspend_the_online_regeneration(self):
        agent = enrol("su")
        nomatch = handled(event="recovery.request.nomatch")
        for i in range(5):
            self.assertEqual(regenerate(agent, secret="ZZZZZZ00000%d" % i)[0],
                             303)
        self.assertTrue(rf.wait_for(lambda: handled(
            event="recovery.request.nomatch") >= nomatch + 5))
        status, headers, page = regenerate(agent)
        self.assertEqual(status, 429)
        self.assertEqual(rf.header(headers, "retry-after"), "3600")
        self.assertIn("suspendue pour ce matricule", html.unescape(page))
        time.sleep(1)
        self.assertEqual(rf.mails_to(agent.email), [])
        self.assertEqual(sign_in(agent)[0], 303, "the sign-in still works")


class InteriorImportTest(unittest.TestCase):

    HEADER = ("login,email,phone,display_name,matricule,birth-date,"
              "card-number,iban,bureau\n")

    @staticmethod
    def write(path, lines):
        """The file for the agent's user alone, like the rest of the state
        folder (it holds card numbers and IBANs)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(lines)

    @staticmethod
    def row(agent, **override):
        values = {"login": agent.login, "email": agent.email,
                  "phone": agent.phone, "name": "Agent " + agent.login,
                  "matricule": agent.matricule, "birth": agent.birth,
                  "card": agent.card, "iban": agent.iban}
        values.update(override)
        return ("%(login)s,%(email)s,%(phone)s,%(name)s,%(matricule)s,"
                "%(birth)s,%(card)s,%(iban)s,BVE-TEST\n" % values)

    def test_bad_interior_rows_are_each_reported_and_nothing_imported(self):
        agents = [Agent("csv%d" % i) for i in range(6)]
        path = os.path.join(rf.STATE, "interior-%d.csv" % time.time_ns())
        self.write(path, [
            self.HEADER,
            self.row(agents[0]),                                    # 2: good
            self.row(agents[1], birth="31/02/1980"),                # 3
            self.row(agents[2], iban=wrong_check_digits(agents[2].iban)),
            self.row(agents[3], matricule="12AB34"),                # 5
            self.row(agents[4], card=""),                           # 6
            self.row(agents[5], iban=""),                           # 7
        ])
        r = rf.sesame("account", "import", path)
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn("%s:2:" % path, r.stderr)
        for line, why in ((3, "birth-date"), (4, "check digits"),
                          (5, "matricule"), (6, "go together"),
                          (7, "go together")):
            self.assertRegex(r.stderr, r"%s:%d: .*%s" % (re.escape(path), line,
                                                         why))
        self.assertIn("5 bad rows; nothing imported", r.stderr)
        for agent in agents:
            self.assertNotEqual(rf.sesame("account", "show",
                                          agent.login).returncode, 0)
        # No fact of any row in what the command printed.
        for agent in agents:
            for fact in (agent.card, agent.iban, agent.secret):
                self.assertNotIn(fact, r.stdout + r.stderr)
        # Fixed, the file imports whole and prints each security key once.
        self.write(path, [self.HEADER] + [self.row(a) for a in agents[:2]])
        r = rf.sesame("account", "import", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("imported 2 accounts", r.stdout)
        for agent in agents[:2]:
            m = re.search(re.escape(agent.login) + ": " + KEY_RE.pattern,
                          r.stdout)
            self.assertIsNotNone(m, r.stdout)
            agent.key = m.group(1)
        status, _, _ = sign_in(agents[1], password="")
        self.assertEqual(status, 400, "an imported agent has no password yet")
        status, _, _ = regenerate(agents[1])
        self.assertEqual(status, 303)
        self.assertTrue(rf.wait_for(lambda: link_mails(agents[1])),
                        "the imported agent regenerates online")


class InteriorPrivacyTest(unittest.TestCase):
    """The agent's facts never leave the database as typed: not in the logs
    of serve, deliver or nginx, not in a dump of the database."""

    def test_facts_never_in_logs_nor_in_the_database(self):
        agent = enrol("pv")
        d, m, y = agent.birth.split("/")
        typed_birth = "%d-%d-%s" % (int(d), int(m), y)
        # Everything the agent types, right and wrong.
        self.assertEqual(sign_in(agent)[0], 303)
        self.assertEqual(sign_in(agent, password="Pas le bon mot de passe 9")[0],
                         200)
        self.assertEqual(sign_in(agent, birth=typed_birth,
                                 key=agent.key.replace("-", ""))[0], 303)
        self.assertEqual(regenerate(agent, birth=typed_birth)[0], 303)
        self.assertEqual(regenerate(agent, secret=agent.secret.lower())[0],
                         303)
        got = rf.wait_for(lambda: link_mails(agent))
        self.assertTrue(got)
        token = re.search(LINK_RE, rf.mail_text(got[0])).group(1)
        b = rf.Browser()
        b.request("GET", "/interieur/lien?t=" + token)
        status, _, page = b.request("GET", "/interieur/lien")
        status, _, _ = b.request("POST", "/interieur/lien", {
            "password": rf.NEW_PASSWORD, "password_confirm": rf.NEW_PASSWORD,
            "csrf": rf.csrf_of(page, "/interieur/lien", status)})
        self.assertEqual(status, 303)
        self.assertTrue(rf.wait_for(lambda: handled(agent) == 2))
        time.sleep(1)  # nginx writes its lines once the answer is out

        key = agent.key
        secrets = {
            "card number": [agent.card],
            "IBAN": [agent.iban, " ".join(agent.iban[i:i + 4]
                                          for i in range(0, len(agent.iban), 4))],
            "birth date": [agent.birth, agent.birth.replace("/", ""),
                           typed_birth, "%s-%s-%s" % (y, m, d)],
            "réassort secret": [agent.secret, agent.secret.lower()],
            "security key": [key, key.replace("-", "")],
        }
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
                      for what, values in secrets.items()
                      if any(v in data for v in values)]
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
        self.assertIn(agent.login, text, "the dump holds the agent's row")
        found += ["database: %s" % what for what, values in secrets.items()
                  if any(v in text for v in values)]
        self.assertEqual(found, [])


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    unittest.main(verbosity=2)
