#!/usr/bin/python3
"""What every flow's stack test uses: the test stack's settings (what
deploy/test exports), HTTP through nginx with a cookie jar (Browser), the
CLI, fresh accounts, the mail and SMS catchers' files.

Needs SESAME_TEST_BASE_URL, SESAME_TEST_STATE, SESAME_TEST_MAIL_DIR,
SESAME_TEST_SMS_DIR, SESAME_TEST_CONFIG, SESAME_BIN and SESAME_TEST_STACKCTL
(require_env() says which are missing). Standard library only (Debian's
/usr/bin/python3).
"""
import email
import email.policy
import email.utils
import glob
import html
import http.client
import itertools
import json
import os
import re
import subprocess
import threading
import time
import tomllib
import unittest
import urllib.parse

BASE = os.environ.get("SESAME_TEST_BASE_URL", "").rstrip("/")
STATE = os.environ.get("SESAME_TEST_STATE", "")
MAIL_DIR = os.environ.get("SESAME_TEST_MAIL_DIR", "")
SMS_DIR = os.environ.get("SESAME_TEST_SMS_DIR", "")
CONFIG = os.environ.get("SESAME_TEST_CONFIG", "")
SESAME = os.environ.get("SESAME_BIN", "")
STACKCTL = os.environ.get("SESAME_TEST_STACKCTL", "")

REQUIRED = ("SESAME_TEST_BASE_URL", "SESAME_TEST_STATE",
            "SESAME_TEST_MAIL_DIR", "SESAME_TEST_SMS_DIR",
            "SESAME_TEST_CONFIG", "SESAME_BIN", "SESAME_TEST_STACKCTL")

NEW_PASSWORD = "Verger bleu, quatorze lanternes & un hibou"

# Every link token a test saw, for the log checks (G42).
SEEN_TOKENS = []


def require_env():
    missing = [n for n in REQUIRED if not os.environ.get(n)]
    if missing:
        raise SystemExit("run through deploy/test (missing %s)"
                         % ", ".join(missing))


def load_config():
    with open(CONFIG, "rb") as f:
        conf = tomllib.load(f)
    rec = conf.get("recovery", {})
    return {
        "organisation": conf["branding"]["organisation"],
        "public_base_url": conf["server"]["public_base_url"].rstrip("/"),
        "code_length": rec.get("code_length", 5),
        "code_attempts": rec.get("code_attempts", 5),
        "request_per_account_hour": conf.get("security", {}).get(
            "limits", {}).get("request_per_account_hour", 3),
    }


CONF = {}


# ---------------------------------------------------------------- HTTP ----

class NoAnswer(Exception):
    """nginx closed the connection without an answer (its 444)."""


def raw_request(method, path, form=None, headers=None, cookies=None,
                host_header=None):
    """One request on a fresh connection; (status, headers, body).
    Headers are a list of (lower-case name, value) pairs."""
    u = urllib.parse.urlsplit(BASE)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True,
                        skip_accept_encoding=True)
        conn.putheader("Host", host_header or u.netloc)
        if cookies:
            conn.putheader("Cookie", "; ".join(
                "%s=%s" % kv for kv in cookies.items()))
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            conn.putheader("Content-Type", "application/x-www-form-urlencoded")
            conn.putheader("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders(body)
        try:
            resp = conn.getresponse()
            data = resp.read().decode("utf-8", "replace")
        except (http.client.RemoteDisconnected, ConnectionResetError,
                http.client.IncompleteRead) as e:
            raise NoAnswer(str(e))
        return (resp.status, [(k.lower(), v) for k, v in resp.getheaders()],
                data)
    finally:
        conn.close()


def header(headers, name):
    for k, v in headers:
        if k == name:
            return v
    return None


def location_path(headers):
    """The path a redirect points to, whether absolute or not."""
    loc = header(headers, "location")
    if loc is None:
        return None
    u = urllib.parse.urlsplit(loc)
    return u.path + ("?" + u.query if u.query else "")


class Browser:
    """A cookie-keeping client that follows no redirects."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        status, hdrs, body = raw_request(method, path, form, headers,
                                         self.cookies)
        for k, value in hdrs:
            if k != "set-cookie":
                continue
            name, v = value.split(";", 1)[0].split("=", 1)
            if "max-age=0" in value.lower() or v == "":
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = v
        return status, hdrs, body

    def csrf(self, path):
        status, _, body = self.request("GET", path)
        return csrf_of(body, path, status)

    def post_form(self, path, form):
        form = dict(form)
        form["csrf"] = self.csrf(path)
        return self.request("POST", path, form)

    def reset_cookie(self):
        """(name, value) of the cookie that holds the link's token."""
        for k, v in self.cookies.items():
            if k.endswith("reset"):
                return k, v
        return None, None


def csrf_of(body, path="", status=0):
    m = re.search(r'name="csrf" value="([^"]+)"', body)
    assert m, "no csrf field on %s (status %d)" % (path, status)
    return html.unescape(m.group(1))


# -------------------------------------------------------- the stack ----

def sesame(*args, stdin=None):
    return subprocess.run([SESAME, "-c", CONFIG] + list(args), input=stdin,
                          capture_output=True, text=True, timeout=120)


def stackctl(verb):
    subprocess.run([STACKCTL, "--state", STATE, verb], check=True,
                   capture_output=True, timeout=120)


_counter = itertools.count(1)


class Account:
    def __init__(self, login, email_address, phone, password):
        self.login, self.email, self.phone = login, email_address, phone
        self.password = password


def new_account(tag, phone=True):
    """A fresh account with its own address and (unless phone=False) its own
    phone number +3361xxxxxxx, so mail and SMS can be told apart."""
    n = next(_counter)
    stamp = int(time.time() * 1000) % 10**8
    login = "rf%s%d%02d" % (tag, stamp, n)
    address = login + "@example.org"
    number = "+3361%07d" % ((stamp * 100 + n + os.getpid()) % 10**7)
    password = "Lanterne verte sous la pluie %s 42" % tag
    args = ["account", "add", "--login", login, "--email", address,
            "--name", "Essai " + tag, "--password-stdin"]
    if phone:
        args += ["--phone", number]
    r = sesame(*args, stdin=password + "\n")
    assert r.returncode == 0, "sesame account add: %s" % r.stderr
    return Account(login, address, number if phone else "", password)


def _recipients(msg):
    return [a.lower() for _, a in email.utils.getaddresses(
        [str(v) for v in msg.get_all("To", [])])]


def mails_to(address):
    """Every mail in the catcher addressed (To) to exactly `address`, oldest
    first."""
    found = []
    for path in sorted(glob.glob(os.path.join(MAIL_DIR, "*.eml"))):
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        if address.lower() in _recipients(msg):
            found.append(msg)
    return found


def mail_text(msg):
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def mail_html(msg):
    part = msg.get_body(preferencelist=("html",))
    return part.get_content() if part else ""


def sms_to(number, since=0.0):
    """Every SMS to `number` that the catcher stored after `since` (epoch
    seconds), oldest first: dicts with "to" and "text"."""
    found = []
    for path in sorted(glob.glob(os.path.join(SMS_DIR, "*.json"))):
        name = os.path.basename(path)
        m = re.match(r"(\d+)-", name)
        stored = int(m.group(1)) / 1e9 if m else os.stat(path).st_mtime
        if stored < since - 1:
            continue
        try:
            with open(path, encoding="utf-8") as f:
                sms = json.load(f)
        except (OSError, ValueError):
            continue
        if sms.get("to") == number:
            found.append(sms)
    return found


def wait_for(predicate, seconds=30, step=0.2):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()
