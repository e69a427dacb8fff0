#!/usr/bin/python3
"""The Crédit Municipal flow on the whole stack, through nginx, with the real
mail and SMS catchers: /forgot -> mail + SMS -> /reset?t= -> code and new
password -> /reset/done. Tests carry the number of the check they cover in
/work/shared/research/security-anchors.md (A1, B6, D16, D22, E24, A3/R1, G42).

Run by ctest (label integration; run alone, since one test stops the mail
and SMS catchers). Needs what deploy/test exports: SESAME_TEST_BASE_URL,
SESAME_TEST_STATE, SESAME_TEST_MAIL_DIR, SESAME_TEST_SMS_DIR,
SESAME_TEST_CONFIG, SESAME_BIN and SESAME_TEST_STACKCTL. Fails without them.
Every test makes its own account, with its own e-mail address and phone
number, so tests do not see each other's mail or SMS.

Standard library only (Debian's /usr/bin/python3).
"""
# ctest: run alone
import email
import html
import os
import re
import threading
import time
import unittest

from stack_client import *  # noqa: F401,F403 (the shared stack helpers)
from stack_client import CONF, SEEN_TOKENS, _counter, load_config, require_env

TOKEN_RE = r"/reset\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"
CODE_RE = re.compile(r"veuillez saisir le code (\S+)\.$")


def is_reset_mail(msg):
    return "Réinitialisation" in str(msg.get("Subject", ""))


def is_changed_mail(msg):
    return "a été modifié" in str(msg.get("Subject", ""))


def ask(account=None, login=None, address=None, browser=None):
    """POST /forgot; (status, headers, body, browser)."""
    b = browser or Browser()
    status, headers, body = b.post_form("/forgot", {
        "login": login if login is not None else account.login,
        "email": address if address is not None else account.email})
    return status, headers, body, b


# ------------------------------------------------------------ tests ----

class ResetFlowTest(unittest.TestCase):
    maxDiff = None

    # Helpers that assert as they go.

    def request_reset(self, account):
        """Asks for a reset and returns (token, code) from the mail and SMS
        that arrive."""
        since = time.time()
        status, headers, _, _ = ask(account)
        self.assertEqual(status, 303)
        self.assertEqual(location_path(headers), "/forgot/sent")
        return self.wait_token(account), self.wait_code(account, since)

    def wait_token(self, account, count=1):
        mails = wait_for(lambda: [m for m in mails_to(account.email)
                                  if is_reset_mail(m)][count - 1:])
        self.assertTrue(mails, "no reset mail for %s within 30 s"
                        % account.email)
        text = mail_text(mails[-1])
        m = re.search(re.escape(CONF["public_base_url"]) + TOKEN_RE, text)
        self.assertIsNotNone(m, "no %s/reset?t= link in:\n%s"
                             % (CONF["public_base_url"], text))
        SEEN_TOKENS.append(m.group(1))
        return m.group(1)

    def wait_code(self, account, since):
        got = wait_for(lambda: sms_to(account.phone, since))
        self.assertTrue(got, "no SMS to %s within 30 s" % account.phone)
        text = got[-1]["text"]
        m = CODE_RE.search(text)
        self.assertIsNotNone(m, "no code in the SMS: %r" % text)
        return m.group(1)

    def open_link(self, token, browser=None):
        """GET /reset?t=TOKEN as a browser does, then GET /reset."""
        b = browser or Browser()
        status, headers, _ = b.request("GET", "/reset?t=" + token)
        self.assertEqual(status, 303)
        self.assertEqual(location_path(headers), "/reset",
                         "the token leaves the address bar")
        name, value = b.reset_cookie()
        self.assertEqual(value, token, "the token moves into a cookie")
        status, _, body = b.request("GET", "/reset")
        return b, status, body

    def submit(self, b, code, password=NEW_PASSWORD, confirm=None):
        status, _, page = b.request("GET", "/reset")
        self.assertEqual(status, 200, page)
        return b.request("POST", "/reset", {
            "code": code, "password": password,
            "password_confirm": password if confirm is None else confirm,
            "csrf": csrf_of(page, "/reset", status)})

    def assert_login(self, account, password, works):
        status, headers, _ = Browser().post_form(
            "/login", {"login": account.login, "password": password})
        if works:
            self.assertEqual(status, 303, "%s logs in" % password)
            self.assertEqual(location_path(headers), "/account")
        else:
            self.assertNotEqual(status, 303, "%s must not log in" % password)

    def assert_one_changed_mail(self, account):
        got = wait_for(lambda: [m for m in mails_to(account.email)
                                if is_changed_mail(m)])
        self.assertEqual(len(got), 1, "one « a été modifié » mail")
        time.sleep(3)
        got = [m for m in mails_to(account.email) if is_changed_mail(m)]
        self.assertEqual(len(got), 1, "exactly one « a été modifié » mail")
        return got[0]

    # The tests.

    def test_whole_flow_changes_the_password(self):
        acct = new_account("flow")
        since = time.time()
        status, headers, _, b = ask(acct)
        self.assertEqual(status, 303)
        self.assertEqual(location_path(headers), "/forgot/sent")
        status, _, body = b.request("GET", "/forgot/sent")
        self.assertEqual(status, 200)
        self.assertIn("Votre demande a bien été prise en compte", body)

        mails = wait_for(lambda: mails_to(acct.email))
        self.assertEqual(len(mails), 1)
        mail = mails[0]
        self.assertEqual(str(mail["Subject"]), "%s : Réinitialisation code "
                         "d'accès" % CONF["organisation"])
        token = self.wait_token(acct)
        self.assertEqual(len(token), 43)
        self.assertIn(CONF["public_base_url"] + "/reset?t=" + token,
                      mail_html(mail))
        code = self.wait_code(acct, since)
        self.assertEqual(len(code), CONF["code_length"])
        sms = sms_to(acct.phone, since)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms[0]["text"], "%s : pour valider votre nouveau "
                         "code d'accès, veuillez saisir le code %s."
                         % (CONF["organisation"], code))
        self.assertNotIn(code, mail_text(mail), "the code is not in the mail")

        b, status, form = self.open_link(token)
        self.assertEqual(status, 200)
        for field in ("code", "password", "password_confirm", "csrf"):
            self.assertIn('name="%s"' % field, form)
        self.assertIn('name="action" value="resend"', form)
        self.assertIn("Renvoyer le code", form)
        self.assertNotIn(token, form, "the page does not show the token")

        status, headers, _ = self.submit(b, code)
        self.assertEqual(status, 303)
        self.assertEqual(location_path(headers), "/reset/done")
        self.assertEqual(b.reset_cookie(), (None, None),
                         "the reset cookie is cleared")
        status, _, body = b.request("GET", "/reset/done")
        self.assertEqual(status, 200)
        self.assertIn("Code d'accès modifié", html.unescape(body))

        self.assert_login(acct, NEW_PASSWORD, True)
        self.assert_login(acct, acct.password, False)
        note = self.assert_one_changed_mail(acct)
        for secret in (NEW_PASSWORD, code, token):
            self.assertNotIn(secret, mail_text(note))
            self.assertNotIn(secret, mail_html(note))

        # D15: the link is dead once used, in this browser or another.
        _, status, body = self.open_link(token)
        self.assertEqual(status, 410)
        self.assertIn("Lien déjà utilisé", body)

    def test_A1_same_answer_for_any_input(self):
        real = new_account("a1ok")
        other = new_account("a1mail")
        off = new_account("a1off")
        r = sesame("account", "disable", off.login)
        self.assertEqual(r.returncode, 0, r.stderr)
        since = time.time()
        answers = {
            "existing": ask(real),
            "unknown": ask(login="inconnu%d" % next(_counter),
                           address="inconnu@example.org"),
            "wrong e-mail": ask(other, address="autre." + other.email),
            "disabled": ask(off),
        }

        def comparable(answer):
            status, headers, body, _ = answer
            kept = sorted((k, v) for k, v in headers
                          if k not in ("set-cookie", "date"))
            return status, kept, body

        first = comparable(answers["existing"])
        self.assertEqual(first[0], 303)
        self.assertEqual(location_path(answers["existing"][1]), "/forgot/sent")
        for name, answer in answers.items():
            self.assertEqual(comparable(answer), first, name)

        # Only the real match gets mail and SMS.
        self.assertTrue(wait_for(lambda: mails_to(real.email)))
        self.assertTrue(wait_for(lambda: sms_to(real.phone, since)))
        time.sleep(4)
        for acct in (other, off):
            self.assertEqual(mails_to(acct.email), [], acct.login)
            self.assertEqual(sms_to(acct.phone, since), [], acct.login)
        for address in ("inconnu@example.org", "autre." + other.email):
            self.assertEqual(mails_to(address), [], address)

    def test_B6_forged_host_gets_no_answer_and_links_use_the_base_url(self):
        acct = new_account("b6")
        for method, path, form in (("GET", "/forgot", None),
                                   ("POST", "/forgot",
                                    {"login": acct.login,
                                     "email": acct.email})):
            with self.assertRaises(NoAnswer, msg="%s %s" % (method, path)):
                raw_request(method, path, form, host_header="evil.tld")
        # Userinfo in Host (nginx keeps "127.0.0.1" as the server name):
        # whatever answers, nothing of the forged part comes back.
        try:
            status, headers, page = raw_request(
                "GET", "/forgot",
                host_header="127.0.0.1:dr.frankenstein@evil.tld")
            self.assertNotIn("evil.tld", page)
            self.assertNotIn("frankenstein", page)
            self.assertNotIn("evil.tld", str(headers))
        except NoAnswer:
            pass

        forged = {"X-Forwarded-Host": "evil.tld",
                  "Forwarded": "host=evil.tld;proto=https",
                  "X-Forwarded-Proto": "https",
                  "X-Forwarded-Server": "evil.tld"}
        b = Browser()
        since = time.time()
        status, _, page = b.request("GET", "/forgot", headers=forged)
        self.assertEqual(status, 200)
        self.assertNotIn("evil.tld", page)
        status, headers, _ = b.request("POST", "/forgot", {
            "login": acct.login, "email": acct.email,
            "csrf": csrf_of(page, "/forgot", status)}, headers=forged)
        self.assertEqual(status, 303)
        self.assertNotIn("evil.tld", header(headers, "location") or "")
        self.wait_token(acct)
        mail = mails_to(acct.email)[-1]
        self.assertNotIn("evil.tld", mail.as_string())
        links = re.findall(r"https?://[^\s\"<>]+/reset\?t=", mail_text(mail))
        self.assertEqual(links, [BASE + "/reset?t="])
        self.assertEqual(CONF["public_base_url"], BASE)
        self.wait_code(acct, since)

    def test_D16_concurrent_submissions_succeed_once(self):
        acct = new_account("d16")
        token, code = self.request_reset(acct)
        b, status, page = self.open_link(token)
        self.assertEqual(status, 200)
        csrf = csrf_of(page, "/reset", status)
        cookies = dict(b.cookies)
        n = 20
        barrier = threading.Barrier(n)
        # Let nginx's per-IP bucket (burst 20) empty before the 20 at once.
        time.sleep(1)
        results = [None] * n

        def worker(i):
            barrier.wait()
            try:
                status, headers, body = raw_request("POST", "/reset", {
                    "code": code, "password": NEW_PASSWORD,
                    "password_confirm": NEW_PASSWORD, "csrf": csrf},
                    cookies=cookies)
                results[i] = (status, location_path(headers), body)
            except Exception as e:  # reported below
                results[i] = (None, None, repr(e))

        threads = [threading.Thread(target=worker, args=(i,))
                   for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        statuses = sorted(str(r[0]) for r in results)
        wins = [r for r in results if r[0] == 303]
        self.assertEqual(len(wins), 1, "exactly one success: %s" % statuses)
        self.assertEqual(wins[0][1], "/reset/done")
        for status, _, body in results:
            if status != 303:
                self.assertIn(status, (400, 410),
                              "others are refused: %s" % statuses)
        self.assert_login(acct, NEW_PASSWORD, True)
        self.assert_login(acct, acct.password, False)
        self.assert_one_changed_mail(acct)

    def test_D22_get_and_head_spend_nothing(self):
        acct = new_account("d22")
        token, code = self.request_reset(acct)
        # Paced under nginx's per-IP limit on the authentication screens.
        for method in ("GET", "HEAD"):
            for _ in range(10):
                time.sleep(0.05)
                status, headers, _ = raw_request(method, "/reset?t=" + token)
                self.assertEqual(status, 303, method)
                self.assertEqual(location_path(headers), "/reset")
        b, status, _ = self.open_link(token)
        self.assertEqual(status, 200)
        for method in ("GET", "HEAD"):
            for _ in range(10):
                time.sleep(0.05)
                self.assertEqual(b.request(method, "/reset")[0], 200, method)
        # Opening the link spent neither the link nor the code's attempts.
        status, _, page = b.request("GET", "/reset")
        self.assertIn("Il vous reste %d essais" % CONF["code_attempts"], page)
        status, headers, _ = self.submit(b, code)
        self.assertEqual(status, 303)
        self.assertEqual(location_path(headers), "/reset/done")
        self.assert_login(acct, NEW_PASSWORD, True)

    def test_E24_five_wrong_codes_cancel_the_request(self):
        acct = new_account("e24")
        token, code = self.request_reset(acct)
        wrong = "ZZZZZZZZ"[:len(code)] if code != "ZZZZZZZZ"[:len(code)] \
            else "YYYYYYYY"[:len(code)]
        b, status, _ = self.open_link(token)
        self.assertEqual(status, 200)
        cookie = b.reset_cookie()
        attempts = CONF["code_attempts"]
        for i in range(1, attempts):
            status, _, body = self.submit(b, wrong)
            self.assertEqual(status, 400, "wrong code %d" % i)
            self.assertIn("Le code d'activation est incorrect",
                          html.unescape(body))
            left = attempts - i
            self.assertIn("Il vous reste %d essai%s" % (
                left, "" if left == 1 else "s"), body)
            self.assertNotIn(NEW_PASSWORD, body, "passwords are not echoed")
        status, _, body = self.submit(b, wrong)
        self.assertEqual(status, 410, "wrong code %d" % attempts)
        self.assertIn("Demande annulée", body)
        # The right code, even with the cookie kept, is now refused.
        csrf = b.csrf("/forgot")
        b.cookies[cookie[0]] = cookie[1]
        status, _, body = b.request("POST", "/reset", {
            "code": code, "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD, "csrf": csrf})
        self.assertEqual(status, 410)
        self.assertIn("Demande annulée", body)
        b.cookies[cookie[0]] = cookie[1]
        self.assertEqual(b.request("GET", "/reset")[0], 410)
        _, status, body = self.open_link(token)
        self.assertEqual(status, 410)
        self.assert_login(acct, acct.password, True)
        self.assert_login(acct, NEW_PASSWORD, False)

    def test_E25_fifty_parallel_wrong_codes_evaluate_at_most_the_budget(self):
        acct = new_account("e25")
        token, code = self.request_reset(acct)
        wrong = "ZZZZZZZZ"[:len(code)] if code != "ZZZZZZZZ"[:len(code)] \
            else "YYYYYYYY"[:len(code)]
        b, status, page = self.open_link(token)
        self.assertEqual(status, 200)
        csrf = csrf_of(page, "/reset", status)
        cookies = dict(b.cookies)
        n = 50
        barrier = threading.Barrier(n)
        time.sleep(1)  # let nginx's per-IP bucket empty first
        results = [None] * n

        def worker(i):
            barrier.wait()
            try:
                status, _, body = raw_request("POST", "/reset", {
                    "code": wrong, "password": NEW_PASSWORD,
                    "password_confirm": NEW_PASSWORD, "csrf": csrf},
                    cookies=cookies)
                results[i] = (status, html.unescape(body))
            except Exception as e:  # reported below
                results[i] = (None, repr(e))

        threads = [threading.Thread(target=worker, args=(i,))
                   for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        statuses = sorted(str(r[0]) for r in results)
        said_wrong = [r for r in results
                      if "Le code d'activation est incorrect" in r[1]]
        cancelled = [r for r in results if "Demande annulée" in r[1]]
        # The app saw them (not all turned away by nginx), and no more than
        # the budget were compared: the counter counts before it checks.
        self.assertGreaterEqual(len(said_wrong) + len(cancelled), 5, statuses)
        self.assertLessEqual(len(said_wrong), CONF["code_attempts"] - 1,
                             statuses)
        for status, _ in results:
            self.assertIn(status, (400, 410, 429, 503), statuses)
        # The request is dead: the right code no longer works.
        time.sleep(1)
        status, _, body = b.request("POST", "/reset", {
            "code": code, "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD, "csrf": csrf})
        self.assertEqual(status, 410)
        self.assertIn("Demande annulée", body)
        self.assert_login(acct, acct.password, True)

    def reset_mails(self, account):
        return [m for m in mails_to(account.email) if is_reset_mail(m)]

    def settle_intake(self):
        """Returns once sesame deliver has handled every request stored so
        far: intents are handled oldest first, so a later request's mail
        arriving means the earlier ones are done."""
        marker = new_account("settle")
        status, _, _, _ = ask(marker)
        self.assertEqual(status, 303)
        self.assertTrue(wait_for(lambda: self.reset_mails(marker)),
                        "sesame deliver handled nothing within 30 s")

    def test_E29_limits_survive_a_restart(self):
        acct = new_account("e29")
        cap = CONF["request_per_account_hour"]
        for i in range(cap):
            status, _, _, _ = ask(acct)
            self.assertEqual(status, 303, "request %d" % (i + 1))
        self.assertTrue(wait_for(lambda: len(self.reset_mails(acct)) == cap))
        for verb in ("stop-serve", "stop-deliver", "start-serve",
                     "start-deliver"):
            stackctl(verb)
        wait_for(lambda: raw_request("GET", "/livez")[0] == 200)
        # The form answers as always (it says nothing about the account);
        # sesame deliver, counting the account's budget, sends nothing.
        status, _, _, _ = ask(acct)
        self.assertEqual(status, 303)
        self.settle_intake()
        self.assertEqual(len(self.reset_mails(acct)), cap,
                         "the count outlived the processes")

    def test_R4_typing_someones_login_spends_nothing_of_their_budget(self):
        acct = new_account("r4")
        cap = CONF["request_per_account_hour"]
        for i in range(cap + 3):
            status, _, _, _ = ask(acct, address="intrus-%d@example.org" % i)
            self.assertEqual(status, 303)
        # The owner's own request still goes out, mail and SMS.
        token, code = self.request_reset(acct)
        self.assertTrue(token and code)
        self.assertEqual(len(self.reset_mails(acct)), 1)

    def test_A3_R1_mail_and_sms_down_same_answer_then_delivered_once(self):
        acct = new_account("r1")
        b = Browser()
        csrf = b.csrf("/forgot")
        since = time.time()
        stackctl("stop-mail")
        try:
            stackctl("stop-sms")
            try:
                started = time.time()
                status, headers, _ = b.request("POST", "/forgot", {
                    "login": acct.login, "email": acct.email, "csrf": csrf})
                took = time.time() - started
                self.assertEqual(status, 303)
                self.assertEqual(location_path(headers), "/forgot/sent")
                self.assertLess(took, 5, "the request waits for no server")
                status, _, body = b.request("GET", "/forgot/sent")
                self.assertEqual(status, 200)
                self.assertIn("Votre demande a bien été prise en compte", body)
                time.sleep(2)
                self.assertEqual(mails_to(acct.email), [])
                self.assertEqual(sms_to(acct.phone, since), [])
            finally:
                stackctl("start-sms")
        finally:
            stackctl("start-mail")
        self.assertTrue(wait_for(lambda: mails_to(acct.email), 90),
                        "the mail arrives once the catcher is back")
        self.assertTrue(wait_for(lambda: sms_to(acct.phone, since), 90),
                        "the SMS arrives once the gateway is back")
        time.sleep(4)
        self.assertEqual(len(mails_to(acct.email)), 1, "exactly one mail")
        self.assertEqual(len(sms_to(acct.phone, since)), 1, "exactly one SMS")
        # And they still work.
        token, code = self.wait_token(acct), self.wait_code(acct, since)
        b, status, _ = self.open_link(token)
        self.assertEqual(status, 200)
        self.assertEqual(self.submit(b, code)[0], 303)

    def test_no_phone_gets_a_mail_without_link(self):
        acct = new_account("nophone", phone=False)
        status, headers, _, _ = ask(acct)
        self.assertEqual(status, 303)
        self.assertEqual(location_path(headers), "/forgot/sent")
        mails = wait_for(lambda: mails_to(acct.email))
        self.assertEqual(len(mails), 1)
        self.assertEqual(str(mails[0]["Subject"]), "%s : Réinitialisation "
                         "code d'accès" % CONF["organisation"])
        text, page = mail_text(mails[0]), mail_html(mails[0])
        self.assertNotIn("/reset", text)
        self.assertNotIn("/reset", page)
        self.assertIn("contactez l'assistance", text)
        self.assertIn("Aucun numéro de téléphone", text)
        time.sleep(2)
        self.assertEqual(len(mails_to(acct.email)), 1)

    def test_G42_logs_never_hold_the_token(self):
        acct = new_account("g42")
        token, code = self.request_reset(acct)
        b, status, _ = self.open_link(token)
        self.assertEqual(status, 200)
        raw_request("HEAD", "/reset?t=" + token)
        raw_request("GET", "/reset/?t=" + token)
        self.assertEqual(self.submit(b, code)[0], 303)
        _, status, _ = self.open_link(token)
        self.assertEqual(status, 410)
        time.sleep(1)  # nginx writes its access log line after the answer
        access = os.path.join(STATE, "log", "nginx-access.log")
        with open(access, encoding="utf-8", errors="replace") as f:
            log = f.read()
        self.assertIn("/reset ", log, "the access log has the /reset lines")
        self.assertNotIn("?t=", log)
        for t in SEEN_TOKENS + [token]:
            self.assertNotIn(t, log, "token in %s" % access)
        # Sésame's own logs (invariant 10) hold no token either.
        for name in ("serve.log", "deliver.log"):
            path = os.path.join(STATE, "log", name)
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for t in SEEN_TOKENS + [token]:
                self.assertNotIn(t, text, "token in %s" % path)


if __name__ == "__main__":
    require_env()
    CONF.update(load_config())
    unittest.main(verbosity=2)
