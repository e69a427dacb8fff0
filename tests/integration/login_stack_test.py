#!/usr/bin/python3
"""Sign-in limits on the whole stack, through nginx, from several client
addresses: each client connects from its own loopback address (127.0.0.N),
which nginx passes to Sésame as REMOTE_ADDR, the address every limit keys on.

R3: wrong passwords from a few addresses never lock the owner out; past
the per-account limit the account is slowed (one attempt per
login_slowdown_seconds), and a browser that signed in before (device
cookie) is not.

Needs what deploy/test exports (see stack_client.py). Standard library only
(Debian's /usr/bin/python3).
"""
import html
import http.client
import itertools
import threading
import time
import unittest
import urllib.parse

import stack_client as rf

# Loopback addresses handed out to clients, one per test client; each test
# run uses fresh accounts, so reusing an address across runs is harmless.
_addresses = itertools.count(2)


def fresh_address():
    n = next(_addresses)
    return "127.0.%d.%d" % (n // 250, 2 + n % 250)


class Client:
    """A cookie-keeping browser that connects from `address`."""

    def __init__(self, address=None):
        self.address = address or fresh_address()
        self.cookies = {}
        self.set_cookies = []

    def request(self, method, path, form=None):
        u = urllib.parse.urlsplit(rf.BASE)
        for _ in range(40):
            conn = http.client.HTTPConnection(
                u.hostname, u.port or 80, timeout=60,
                source_address=(self.address, 0))
            try:
                headers = {}
                if self.cookies:
                    headers["Cookie"] = "; ".join(
                        "%s=%s" % kv for kv in self.cookies.items())
                body = None
                if form is not None:
                    body = urllib.parse.urlencode(form).encode()
                    headers["Content-Type"] = (
                        "application/x-www-form-urlencoded")
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read().decode("utf-8", "replace")
                hdrs = [(k.lower(), v) for k, v in resp.getheaders()]
            finally:
                conn.close()
            # nginx's own flood shedding (no Retry-After): try again.
            if resp.status == 429 and rf.header(hdrs, "retry-after") is None:
                time.sleep(0.3)
                continue
            break
        for k, value in hdrs:
            if k != "set-cookie":
                continue
            self.set_cookies.append(value)
            name, v = value.split(";", 1)[0].split("=", 1)
            if "max-age=0" in value.lower() or v == "":
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = v
        return resp.status, hdrs, data

    def sign_in(self, login, password):
        if not hasattr(self, "_csrf"):
            status, _, page = self.request("GET", "/login")
            self._csrf = rf.csrf_of(page, "/login", status)
        return self.request("POST", "/login", {
            "login": login, "password": password, "csrf": self._csrf})

    def device_cookie(self):
        for name, value in self.cookies.items():
            if name.endswith("device"):
                return name, value
        return None, None


def hammer(login, addresses, tries):
    """`tries` wrong passwords on `login` from each address, two addresses
    at a time (more would only meet the Argon2 queue's 503);
    {address: [status, ...]}."""
    results = {}
    pending = list(addresses)
    lock = threading.Lock()

    def run():
        while True:
            with lock:
                if not pending:
                    return
                address = pending.pop()
            c = Client(address)
            results[address] = [c.sign_in(login, "mauvais mot de passe")[0]
                                for _ in range(tries)]

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def let_through(statuses):
    """Attempts a limit let through: a wrong password (200), or one that met
    a full Argon2 queue (503 « service surchargé », counted all the same)."""
    return sum(1 for s in statuses if s in (200, 503))


class LoginLimitsTest(unittest.TestCase):
    maxDiff = None

    def test_r3_three_addresses_cannot_lock_the_owner_out(self):
        owner = rf.new_account("r3a")
        attackers = [fresh_address() for _ in range(3)]
        results = hammer(owner.login, attackers, 34)
        per_pair = rf.CONF["login_per_account_ip"]
        for address, statuses in results.items():
            self.assertEqual(let_through(statuses[:per_pair]), per_pair,
                             (address, statuses))
            self.assertEqual(statuses[per_pair:], [429] * (34 - per_pair),
                             address)
        # The owner, from a fresh address, with the right password.
        status, headers, page = Client().sign_in(owner.login, owner.password)
        self.assertEqual(status, 303, html.unescape(page)[:2000])
        self.assertEqual(rf.location_path(headers), "/account")

    def test_r3_account_limit_slows_and_spares_the_owners_browser(self):
        owner = rf.new_account("r3b")
        limits = rf.CONF
        # The owner's browser signs in once: it gets the device cookie.
        mine = Client()
        status, _, _ = mine.sign_in(owner.login, owner.password)
        self.assertEqual(status, 303)
        name, value = mine.device_cookie()
        self.assertIsNotNone(name, mine.set_cookies)
        set_cookie = [c for c in mine.set_cookies if c.startswith(name + "=")]
        self.assertRegex(set_cookie[-1], r"HttpOnly")
        self.assertRegex(set_cookie[-1], r"SameSite=Strict")
        self.assertRegex(set_cookie[-1], r"Max-Age=15552000")
        self.assertNotIn(owner.login, value)

        # A distributed attack: enough addresses to pass the per-account
        # limit (the owner's sign-in counted one).
        per_pair = limits["login_per_account_ip"]
        needed = limits["login_per_account"] - 1
        n_addresses = -(-needed // per_pair)
        results = hammer(owner.login,
                         [fresh_address() for _ in range(n_addresses)],
                         per_pair)
        statuses = [s for v in results.values() for s in v]
        self.assertEqual(let_through(statuses), n_addresses * per_pair,
                         statuses)
        # Past the limit: slowed, one attempt per slowdown for the account
        # (the hammering may have taken the slot already, or this does).
        attacker = Client()
        for _ in range(3):
            status, headers, page = attacker.sign_in(owner.login, "mauvais")
            if status == 429:
                break
        self.assertEqual(status, 429)
        wait = limits["login_slowdown_seconds"]
        self.assertEqual(rf.header(headers, "retry-after"), str(wait))
        self.assertIn("réessayez dans %d secondes" % wait,
                      html.unescape(page))
        # The owner elsewhere without the cookie waits too...
        status, _, _ = Client().sign_in(owner.login, owner.password)
        self.assertEqual(status, 429)
        # ... the browser with the device cookie signs in at once.
        elsewhere = Client()
        elsewhere.cookies[name] = value
        for _ in range(3):
            status, headers, _ = elsewhere.sign_in(owner.login, owner.password)
            if status != 503:
                break
        self.assertEqual(status, 303)
        self.assertEqual(rf.location_path(headers), "/account")


def load_limits():
    import tomllib
    with open(rf.CONFIG, "rb") as f:
        conf = tomllib.load(f)
    limits = conf.get("security", {}).get("limits", {})
    return {
        "login_per_account_ip": limits.get("login_per_account_ip", 10),
        "login_per_account": limits.get("login_per_account", 100),
        "login_slowdown_seconds": limits.get("login_slowdown_seconds", 30),
    }


if __name__ == "__main__":
    rf.require_env()
    rf.CONF.update(rf.load_config())
    rf.CONF.update(load_limits())
    unittest.main(verbosity=2)
