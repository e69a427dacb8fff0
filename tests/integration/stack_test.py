#!/usr/bin/python3
"""Whole-stack fault tests through nginx: the real MariaDB, SMTP catcher,
SMS catcher, `sesame serve` and `sesame deliver` that deploy/test started.

Run by ctest (label integration, alone: it stops services). Needs
SESAME_TEST_BASE_URL, SESAME_TEST_STATE, SESAME_TEST_MAIL_DIR,
SESAME_TEST_CONFIG, SESAME_BIN and SESAME_TEST_STACKCTL (deploy/stackctl).
"""
import email
import email.policy
import glob
import html
import http.client
import os
import re
import signal
import subprocess
import time
import tomllib
import unittest
import urllib.parse

BASE = os.environ.get("SESAME_TEST_BASE_URL", "")
MAIL_DIR = os.environ.get("SESAME_TEST_MAIL_DIR", "")
CONFIG = os.environ.get("SESAME_TEST_CONFIG", "")
SESAME = os.environ.get("SESAME_BIN", "")
STACKCTL = os.environ.get("SESAME_TEST_STACKCTL", "")
STATE = os.environ.get("SESAME_TEST_STATE", "")
README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "README.md")


def require_env():
    missing = [n for n in ("SESAME_TEST_BASE_URL", "SESAME_TEST_MAIL_DIR",
                           "SESAME_TEST_CONFIG", "SESAME_BIN",
                           "SESAME_TEST_STACKCTL", "SESAME_TEST_STATE")
               if not os.environ.get(n)]
    if missing:
        raise SystemExit("stack_test: run through deploy/test (missing %s)"
                         % ", ".join(missing))


class Browser:
    """A tiny cookie-keeping HTTP client (no redirects followed)."""

    def __init__(self):
        u = urllib.parse.urlsplit(BASE)
        self.host, self.port = u.hostname, u.port or 80
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        h = {"Host": "%s:%d" % (self.host, self.port)}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read().decode("utf-8", "replace")
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, v = value.split(";", 1)[0].split("=", 1)
                if "Max-Age=0" in value:
                    self.cookies.pop(k, None)
                else:
                    self.cookies[k] = v
        conn.close()
        headers = dict((k.lower(), v) for k, v in resp.getheaders())
        return resp.status, headers, data

    def csrf(self, path):
        status, _, body = self.request("GET", path)
        m = re.search(r'name="csrf" value="([^"]+)"', body)
        assert m, "no csrf field on %s (status %d)" % (path, status)
        return html.unescape(m.group(1))

    def post_form(self, path, form):
        form = dict(form)
        form["csrf"] = self.csrf(path)
        return self.request("POST", path, form)


def sesame(*args, stdin=None):
    return subprocess.run([SESAME, "-c", CONFIG] + list(args), input=stdin,
                          capture_output=True, text=True, timeout=120)


def stackctl(verb):
    subprocess.run([STACKCTL, "--state", STATE, verb], check=True,
                   capture_output=True, timeout=120)


def mails_to(address):
    found = []
    for path in sorted(glob.glob(os.path.join(MAIL_DIR, "*.eml"))):
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        if address in str(msg.get("To", "")):
            found.append(msg)
    return found


def wait_for(predicate, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def new_account(tag):
    login = "it%s%d" % (tag, int(time.time() * 1000) % 10**9)
    password = "Lanterne verte sous la pluie %s 42" % tag
    r = sesame("account", "add", "--login", login, "--email",
               login + "@example.org", "--phone", "+33612345678", "--name",
               "Test " + tag, "--password-stdin", stdin=password + "\n")
    assert r.returncode == 0, r.stderr
    return login, password


class StackTest(unittest.TestCase):
    def test_login_reaches_the_account_page(self):
        login, password = new_account("login")
        b = Browser()
        status, headers, _ = b.post_form(
            "/login", {"login": login, "password": password})
        self.assertEqual(status, 303)
        self.assertEqual(headers["location"], "/account")
        status, _, body = b.request("GET", "/account")
        self.assertEqual(status, 200)
        self.assertIn("Test login", body)

    def test_password_change_mail_arrives_once_after_smtp_outage(self):
        login, password = new_account("smtp")
        b = Browser()
        self.assertEqual(b.post_form("/login", {"login": login,
                                                "password": password})[0], 303)
        new = "Un autre verger, douze hiboux et une lanterne"
        stackctl("stop-mail")
        try:
            started = time.time()
            status, _, _ = b.post_form(
                "/account/password", {"current_password": password,
                                      "password": new,
                                      "password_confirm": new})
            # The request does not wait for the mail server.
            self.assertEqual(status, 303)
            self.assertLess(time.time() - started, 20)
            time.sleep(2)
            self.assertEqual(mails_to(login + "@example.org"), [])
        finally:
            stackctl("start-mail")
        got = wait_for(lambda: mails_to(login + "@example.org"), 90)
        self.assertEqual(len(got), 1)
        time.sleep(3)
        got = mails_to(login + "@example.org")
        self.assertEqual(len(got), 1, "the mail must arrive exactly once")
        self.assertIn("modifié", str(got[0]["Subject"]))

    def test_database_loss_gives_503_then_recovers(self):
        login, password = new_account("db")
        b = Browser()
        csrf = b.csrf("/login")
        stackctl("stop-db")
        try:
            status, _, body = b.request("GET", "/healthz")
            self.assertEqual(status, 503)
            status, _, body = b.request(
                "POST", "/login",
                {"login": login, "password": password, "csrf": csrf})
            self.assertEqual(status, 503)
            self.assertIn("indisponible", body)
            self.assertNotIn("SQL", body)
            self.assertNotIn("mysql", body.lower())
            self.assertEqual(b.request("GET", "/livez")[0], 200)
        finally:
            stackctl("start-db")
        self.assertTrue(wait_for(
            lambda: b.request("GET", "/healthz")[0] == 200, 60))
        status, headers, _ = b.post_form("/login", {"login": login,
                                                    "password": password})
        self.assertEqual(status, 303)

    def test_stackctl_restarts_serve_and_deliver_without_sesame_bin(self):
        # As the README shows it: no SESAME_BIN in the environment; stackctl
        # finds the binary the stack was started with (STATE/run/sesame.bin).
        env = {k: v for k, v in os.environ.items() if k != "SESAME_BIN"}
        for verb in ("stop-serve", "start-serve", "stop-deliver",
                     "start-deliver"):
            r = subprocess.run([STACKCTL, "--state", STATE, verb], env=env,
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, "%s: %s" % (verb, r.stderr))
            self.assertNotIn("SESAME_BIN", r.stderr)
        self.assertTrue(wait_for(
            lambda: Browser().request("GET", "/healthz")[0] == 200, 60))
        with open(os.path.join(STATE, "run", "deliver.pid")) as f:
            os.kill(int(f.read()), 0)  # deliver runs again

    def test_host_header_is_never_used_for_links(self):
        b = Browser()
        status, _, body = b.request("GET", "/login",
                                    headers={"X-Forwarded-Host": "evil.tld"})
        self.assertEqual(status, 200)
        self.assertNotIn("evil.tld", body)


def sql_as_config_user(statement):
    """Runs `statement` with the mariadb client as the [database] user of the
    stack's config: the user `sesame serve` and `sesame deliver` run as."""
    with open(CONFIG, "rb") as f:
        db = tomllib.load(f)["database"]
    with open(db["password_file"], encoding="utf-8") as f:
        password = f.read().strip()
    env = dict(os.environ, MYSQL_PWD=password)
    return subprocess.run(
        ["mariadb", "--no-defaults", "--socket=" + db["socket"],
         "-u", db["user"], "-N", "-B", db["name"], "-e", statement],
        capture_output=True, text=True, timeout=60, env=env)


class AuditTest(unittest.TestCase):
    def test_r8_serve_user_cannot_rewrite_audit(self):
        # serve and deliver run with this config, hence as its user.
        for name in ("serve", "deliver"):
            with open(os.path.join(STATE, "run", name + ".pid")) as f:
                pid = f.read().strip()
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
            self.assertIn(CONFIG.encode(), argv, name)
        new_account("audit")  # at least one audit row
        r = sql_as_config_user("SELECT MAX(id) FROM audit_log")
        self.assertEqual(r.returncode, 0, r.stderr)
        last = int(r.stdout.strip())
        self.assertGreater(last, 0)
        before = sql_as_config_user(
            "SELECT HEX(hash) FROM audit_log WHERE id = %d" % last).stdout
        for statement in (
                "UPDATE audit_log SET event = 'login.ok' WHERE id = %d" % last,
                "DELETE FROM audit_log WHERE id = %d" % last,
                "DELETE FROM audit_log",
                "TRUNCATE TABLE audit_log",
                "DROP TABLE audit_log",
                "ALTER TABLE audit_log DROP COLUMN chain",
                "INSERT INTO audit_log SELECT * FROM audit_log "
                "ON DUPLICATE KEY UPDATE event = 'x'",
                "DELETE FROM audit_head"):
            r = sql_as_config_user(statement)
            self.assertNotEqual(r.returncode, 0, statement)
            self.assertIn("denied", r.stderr, statement)
        self.assertEqual(sql_as_config_user(
            "SELECT HEX(hash) FROM audit_log WHERE id = %d" % last).stdout,
            before)
        r = sesame("audit", "verify")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_r8_audit_anchor_and_verify_exit_codes(self):
        r = sesame("audit", "anchor")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^[0-9]+:[0-9a-f]{64}\n$")
        anchor = r.stdout.strip()
        row, mac = anchor.split(":")
        new_account("anchor")  # the chain grows past the anchor
        r = sesame("audit", "verify", "--anchor", anchor)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("anchor row %s matches" % row, r.stdout)
        self.assertNotIn(anchor, r.stdout)  # the head has moved on
        # Rows removed from the end: the chain no longer reaches the anchor.
        r = sesame("audit", "verify", "--anchor",
                   "%d:%s" % (int(row) + 10**6, mac))
        self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
        self.assertIn("rows were removed", r.stderr)
        # The anchor's row holds another MAC: rewritten.
        r = sesame("audit", "verify", "--anchor", "%s:%s" % (row, "0" * 64))
        self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
        self.assertIn("chain was rewritten", r.stderr)
        for bad in ("%s" % row, "%s:%s" % (row, mac[:-1]), "x:" + mac):
            r = sesame("audit", "verify", "--anchor", bad)
            self.assertEqual(r.returncode, 2, bad)
        self.assertEqual(sesame("audit", "verify", "--anchor").returncode, 2)

    def test_r8_readme_grants_are_the_stack_grants(self):
        """The README's GRANT statements for the `sesame` user are exactly
        what the stack's serve and deliver run with, table by table."""
        with open(README, encoding="utf-8") as f:
            readme = f.read()
        documented = {
            table: set(p.strip() for p in privileges.split(","))
            for privileges, table in re.findall(
                r"^\s*GRANT ([A-Z, ]+) ON sesame\.(\w+) TO 'sesame'@'localhost';",
                readme, re.M)}
        r = sql_as_config_user("SHOW GRANTS FOR CURRENT_USER")
        self.assertEqual(r.returncode, 0, r.stderr)
        granted = {}
        for line in r.stdout.splitlines():
            m = re.match(r"GRANT (.+) ON `sesame`\.`(\w+)` TO ", line)
            if m:
                granted[m.group(2)] = set(
                    p.strip() for p in m.group(1).split(","))
            else:
                self.assertRegex(line, r"^GRANT USAGE ON \*\.\* TO ", line)
        self.assertEqual(documented, granted)
        # Every table but schema_migrations has its grant: listed as root,
        # since a user sees only the tables it was granted.
        r = subprocess.run(
            ["mariadb", "--no-defaults",
             "--socket=" + os.environ["SESAME_TEST_DB_SOCKET"], "-uroot",
             "-N", "-B", "-e",
             "SELECT TABLE_NAME FROM information_schema.TABLES "
             "WHERE TABLE_SCHEMA = 'sesame'"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(set(r.stdout.split()) - {"schema_migrations"},
                         set(granted))
        self.assertEqual(granted["audit_log"], {"SELECT", "INSERT"})


class CommandLineTest(unittest.TestCase):
    def write_config(self, replace):
        """A copy of the stack's config with one line replaced."""
        with open(CONFIG, encoding="utf-8") as f:
            text = f.read()
        for old, new in replace:
            self.assertIn(old, text)
            text = text.replace(old, new, 1)
        path = os.path.join(STATE, "conf", "variant-%d.toml" % time.time_ns())
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_unknown_key_is_named_and_nothing_starts(self):
        path = self.write_config([("[mail]\n", "[mail]\nsmtp_ulr = \"x\"\n")])
        r = subprocess.run([SESAME, "-c", path, "check-config"],
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("mail.smtp_ulr", r.stderr)
        r = subprocess.run([SESAME, "-c", path, "serve"],
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("mail.smtp_ulr", r.stderr)

    def test_unreachable_database_at_start_is_named_and_served_anyway(self):
        # serve starts without its database (a service manager would
        # otherwise restart it in a loop and give up): it names the
        # database it cannot reach, and stops cleanly on SIGTERM.
        with open(CONFIG, encoding="utf-8") as f:
            socket_line = next(l for l in f if l.startswith("socket = "))
        path = self.write_config(
            [(socket_line, 'socket = "/nonexistent/mysql.sock"\n')])
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # Its own socket, so it cannot disturb the running server.
        text = re.sub(r'listen = "[^"]*"',
                      'listen = "%s/run/variant.sock"' % STATE, text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        log_path = path + ".log"
        with open(log_path, "w", encoding="utf-8") as log:
            p = subprocess.Popen([SESAME, "-c", path, "serve"],
                                 stdout=log, stderr=log, text=True)
        try:
            text = ""
            for _ in range(300):
                with open(log_path, encoding="utf-8") as f:
                    text = f.read()
                if "serving anyway" in text:
                    break
                time.sleep(0.1)
            self.assertIn("database", text)
            self.assertIn("/nonexistent/mysql.sock", text)
            self.assertIn("serving anyway", text)
        finally:
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(timeout=60), 0)

    def test_csv_import_reports_every_bad_line_and_imports_nothing(self):
        tag = time.time_ns() % 10**9
        good = "csvok%d" % tag
        path = os.path.join(STATE, "import-%d.csv" % tag)
        with open(path, "w", encoding="utf-8") as f:
            f.write("login,email,phone,display_name\n")
            f.write("%s,%s@example.org,06 12 34 56 78,Bon Compte\n" % (good, good))
            f.write("bad login,x@example.org,,Espace\n")
            f.write("csvbad%d,not-an-address,,Adresse\n" % tag)
            f.write("csvphone%d,p@example.org,12,Téléphone\n" % tag)
        r = sesame("account", "import", path)
        self.assertNotEqual(r.returncode, 0)
        for line in (3, 4, 5):
            self.assertIn("%s:%d:" % (path, line), r.stderr)
        self.assertNotIn("%s:2:" % path, r.stderr)
        self.assertIn("nothing imported", r.stderr)
        self.assertNotEqual(sesame("account", "show", good).returncode, 0)
        # Fixed, the same file imports whole.
        with open(path, "w", encoding="utf-8") as f:
            f.write("login,email,phone,display_name\n")
            f.write("%s,%s@example.org,06 12 34 56 78,Bon Compte\n" % (good, good))
        r = sesame("account", "import", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        shown = sesame("account", "show", good)
        self.assertEqual(shown.returncode, 0)
        self.assertIn("+33612345678", shown.stdout)


if __name__ == "__main__":
    require_env()
    unittest.main(verbosity=2)
