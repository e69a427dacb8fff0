#!/usr/bin/python3
"""`sesame deliver` woken by `serve` on the whole stack: with the poll
interval set to an hour, a POST /forgot's mail and SMS still arrive (only
the wake datagram can have ended deliver's wait); with wake_socket = "",
deliver still starts and polls.

Run by ctest (label integration, alone: it restarts deliver with its own
config). Needs what deploy/test exports (stack_client.require_env).
Standard library only (Debian's /usr/bin/python3).
"""
import os
import re
import subprocess
import time
import unittest

from stack_client import (CONFIG, SESAME, STATE, Browser, location_path,
                          mails_to, new_account, require_env, sms_to,
                          stackctl, wait_for)


def config_with(replacements):
    """A copy of the stack's config with [deliver] keys replaced."""
    with open(CONFIG, encoding="utf-8") as f:
        text = f.read()
    for key, value in replacements.items():
        text, n = re.subn(r"(?m)^%s = .*$" % key, "%s = %s" % (key, value),
                          text)
        assert n == 1, "no %s line in %s" % (key, CONFIG)
    path = os.path.join(STATE, "conf", "sesame-wake-test.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class DeliverRun:
    """The stack's deliver stopped; one with `config` started instead,
    until the end of the with-block, then the stack's own again."""

    def __init__(self, config):
        self.config = config
        self.proc = None

    def __enter__(self):
        stackctl("stop-deliver")
        self.log = open(os.path.join(STATE, "log", "deliver-wake-test.log"),
                        "ab")
        self.proc = subprocess.Popen([SESAME, "-c", self.config, "deliver"],
                                     stdout=self.log, stderr=self.log,
                                     stdin=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        stackctl("start-deliver")
        return False


def ask(account):
    b = Browser()
    status, headers, _ = b.post_form(
        "/forgot", {"login": account.login, "email": account.email})
    return status, location_path(headers)


def wake_socket():
    with open(CONFIG, encoding="utf-8") as f:
        m = re.search(r'(?m)^wake_socket = "(.*)"$', f.read())
    return m.group(1) if m else ""


class DeliverWakeStackTest(unittest.TestCase):
    def test_forgot_mail_arrives_with_an_hour_long_poll_interval(self):
        socket_path = wake_socket()
        self.assertTrue(socket_path, "the stack's config has no wake_socket")
        conf = config_with({"poll_interval_ms": "3600000"})
        account = new_account("wake")
        with DeliverRun(conf) as run:
            # deliver binds the socket before it reports ready.
            self.assertTrue(wait_for(lambda: os.path.exists(socket_path)
                                     and run.proc.poll() is None, 30),
                            "deliver did not create %s" % socket_path)
            # The stack's [server] socket_mode, which the wake socket takes.
            self.assertEqual(os.stat(socket_path).st_mode & 0o777, 0o600)
            time.sleep(1)  # past deliver's first claims: now it waits
            since = time.time()
            self.assertEqual(ask(account), (303, "/forgot/sent"))
            # Within the deadline only a wake can have ended the hour's wait.
            mails = wait_for(lambda: mails_to(account.email), 60)
            self.assertEqual(len(mails), 1, "no mail within 60 s")
            self.assertTrue(wait_for(lambda: sms_to(account.phone, since), 60),
                            "no SMS within 60 s")
            self.assertIsNone(run.proc.poll(), "deliver exited")
        # deliver removes its socket when it stops; the stack's own deliver
        # binds it again.
        self.assertTrue(wait_for(lambda: os.path.exists(socket_path), 30))

    def test_without_wake_socket_deliver_polls(self):
        conf = config_with({"wake_socket": '""', "poll_interval_ms": "200"})
        account = new_account("poll")
        with DeliverRun(conf) as run:
            time.sleep(1)
            self.assertEqual(ask(account), (303, "/forgot/sent"))
            self.assertEqual(len(wait_for(lambda: mails_to(account.email), 60)),
                             1)
            self.assertIsNone(run.proc.poll(), "deliver exited")


if __name__ == "__main__":
    require_env()
    unittest.main(verbosity=2)
