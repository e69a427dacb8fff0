#!/usr/bin/python3
"""`sesame serve` as systemd runs it, without systemd: a listening socket
passed as fd 3 (LISTEN_FDS=1, LISTEN_PID), a NOTIFY_SOCKET datagram socket
for READY=1 / RELOADING=1 / STOPPING=1, SIGHUP to reload the configuration
while a slow request is under way, SIGTERM to stop.

Its own configuration, whose database does not answer (serve starts
anyway: /livez 200, /healthz 503, and the pages that need no database
render). Requests go straight to the FastCGI socket (a small client below).
Needs SESAME_BIN (deploy/test exports it). Standard library only.
"""
import os
import signal
import socket
import struct
import subprocess
import tempfile
import time
import unittest

SESAME = os.environ.get("SESAME_BIN", "")
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(
    __file__)), "..", ".."))

CONFIG = """\
[server]
listen = "{dir}/configured-but-unused.sock"
threads = 2
templates_dir = "{repo}/html"

[database]
socket = "{dir}/no-database-here.sock"
connect_timeout_seconds = 1

[security]
secret_key_file = "{dir}/secret.key"

[branding]
organisation = "{organisation}"
"""

# --- a FastCGI client (RFC-less but as nginx speaks it) -------------------

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def record(kind, content=b"", request_id=1):
    return struct.pack("!BBHHBx", 1, kind, request_id, len(content), 0) + \
        content


def pair(name, value):
    out = b""
    for part in (name, value):
        n = len(part)
        out += bytes([n]) if n < 128 else struct.pack("!I", n | 0x80000000)
    return out + name + value


class FcgiRequest:
    """One request on its own connection; body may be sent in parts."""

    def __init__(self, path, method="GET", body=b"", content_type=None):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(LISTEN_PATH)
        params = {"REQUEST_METHOD": method, "DOCUMENT_URI": path,
                  "REQUEST_URI": path, "QUERY_STRING": "",
                  "REMOTE_ADDR": "127.0.0.1",
                  "CONTENT_LENGTH": str(len(body))}
        if content_type:
            params["CONTENT_TYPE"] = content_type
        encoded = b"".join(pair(k.encode(), v.encode())
                           for k, v in params.items())
        self.sock.sendall(record(BEGIN_REQUEST, struct.pack("!HB5x", 1, 0)) +
                          record(PARAMS, encoded) + record(PARAMS))
        self.body = body

    def send_body(self, part):
        if part:
            self.sock.sendall(record(STDIN, part))

    def finish(self):
        """Sends the end of the body, reads the answer: (status, head, body)."""
        self.sock.sendall(record(STDIN))
        out = b""
        buf = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            buf += chunk
            done = False
            while len(buf) >= 8:
                _, kind, _, length, padding = struct.unpack("!BBHHB", buf[:7])
                if len(buf) < 8 + length + padding:
                    break
                content = buf[8:8 + length]
                buf = buf[8 + length + padding:]
                if kind == STDOUT:
                    out += content
                elif kind == END_REQUEST:
                    done = True
            if done:
                break
        self.sock.close()
        head, _, body = out.partition(b"\r\n\r\n")
        status = int(head.split(b"\r\n")[0].split()[1])
        return status, head.decode(), body.decode("utf-8", "replace")


def get(path):
    return FcgiRequest(path).finish()


LISTEN_PATH = ""


class ServeUnderSystemd(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        global LISTEN_PATH
        if not SESAME:
            raise SystemExit("run through deploy/test (missing SESAME_BIN)")
        cls.tmp = tempfile.TemporaryDirectory(prefix="sesame-systemd-")
        d = cls.dir = cls.tmp.name
        subprocess.run([SESAME, "gen-key", d + "/secret.key"], check=True,
                       capture_output=True)
        cls.config = d + "/sesame.toml"
        cls.write_config("Avant")
        # What systemd's sesame-serve@.socket does: the socket is bound and
        # listening before serve starts, and outlives it.
        LISTEN_PATH = d + "/activated.sock"
        cls.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        cls.listener.bind(LISTEN_PATH)
        cls.listener.listen(64)
        cls.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        cls.notify.bind(d + "/notify.sock")
        cls.notify.settimeout(30)
        cls.log_path = d + "/serve.log"
        cls.log = open(cls.log_path, "w")
        env = dict(os.environ, LISTEN_FDS="1", NOTIFY_SOCKET=d + "/notify.sock")
        env.pop("LISTEN_PID", None)
        fd = cls.listener.fileno()
        # LISTEN_PID must be serve's own pid: the shell exports its $$ and
        # execs serve in its place, the listener as fd 3.
        cls.proc = subprocess.Popen(
            ["/bin/sh", "-c", 'export LISTEN_PID=$$; exec "$@" 3<&%d' % fd,
             "sh", SESAME, "-c", cls.config, "serve"],
            env=env, pass_fds=(fd,), stdout=cls.log, stderr=cls.log)
        cls.ready_notice = cls.next_notice()

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()
        cls.log.close()
        cls.listener.close()
        cls.notify.close()
        cls.tmp.cleanup()

    @classmethod
    def write_config(cls, organisation, extra=""):
        with open(cls.config + ".new", "w") as f:
            f.write(CONFIG.format(dir=cls.dir, repo=REPO,
                                  organisation=organisation) + extra)
        os.replace(cls.config + ".new", cls.config)

    @classmethod
    def next_notice(cls):
        return cls.notify.recv(4096).decode()

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def wait_for_log(self, text, after=0):
        for _ in range(200):
            if text in self.log_text()[after:]:
                return
            time.sleep(0.05)
        self.fail("no %r in serve's log:\n%s" % (text, self.log_text()))

    def test_1_ready_on_the_inherited_socket(self):
        self.assertIn("READY=1", self.ready_notice)
        log = self.log_text()
        self.assertIn("the socket systemd passed (fd 3)", log)
        self.assertIn("[server] listen (%s/configured-but-unused.sock) is "
                      "not used" % self.dir, log)
        self.assertFalse(os.path.exists(
            self.dir + "/configured-but-unused.sock"))
        # Ready without a database: it answers, and says the database does
        # not.
        self.assertIn("serving anyway: pages answer 503", log)
        self.assertEqual(get("/livez")[0], 200)
        self.assertEqual(get("/healthz")[0], 503)
        status, _, body = get("/login")
        self.assertEqual(status, 200)
        self.assertIn("Avant", body)

    def test_2_sighup_swaps_the_config_while_a_slow_request_finishes(self):
        before = len(self.log_text())
        # A request whose body is still arriving: accepted on the old
        # configuration.
        body = b"login=camille&password=x"
        slow = FcgiRequest("/login", "POST", body,
                           "application/x-www-form-urlencoded")
        slow.send_body(body[:5])
        time.sleep(0.5)  # let a worker accept it
        self.write_config("Après")
        self.proc.send_signal(signal.SIGHUP)
        self.assertIn("RELOADING=1", self.next_notice())
        self.assertIn("READY=1", self.next_notice())
        self.wait_for_log("configuration reloaded from " + self.config, before)
        status, _, page = get("/login")
        self.assertEqual(status, 200)
        self.assertIn("Après", page)
        self.assertNotIn("Avant", page)
        slow.send_body(body[5:])
        status, _, page = slow.finish()
        # Answered in full (a CSRF refusal: no token), by the old one.
        self.assertEqual(status, 403)
        self.assertIn("Avant", page)
        self.assertNotIn("Après", page)

    def test_3_invalid_file_keeps_the_running_config(self):
        before = len(self.log_text())
        with open(self.config, "a") as f:
            f.write("\n[security.limits]\nlogin_per_ip = \"cinquante\"\n")
        self.proc.send_signal(signal.SIGHUP)
        self.assertIn("RELOADING=1", self.next_notice())
        self.assertIn("READY=1", self.next_notice())
        self.wait_for_log("reload refused, the running configuration stays",
                          before)
        self.assertIn("security.limits.login_per_ip: expected an integer",
                      self.log_text()[before:])
        status, _, page = get("/login")
        self.assertEqual(status, 200)
        self.assertIn("Après", page)

    def test_4_restart_only_keys_are_named_and_kept(self):
        before = len(self.log_text())
        self.write_config("Encore après")
        with open(self.config) as f:
            text = f.read().replace("threads = 2", "threads = 3")
        with open(self.config, "w") as f:
            f.write(text)
        self.proc.send_signal(signal.SIGHUP)
        self.assertIn("RELOADING=1", self.next_notice())
        self.assertIn("READY=1", self.next_notice())
        self.wait_for_log("configuration reloaded", before)
        self.assertIn("server.threads changed but needs a restart; the "
                      "running value stays", self.log_text()[before:])
        self.assertIn("Encore après", get("/login")[2])

    def test_5_sigterm_stops_and_leaves_the_socket_to_systemd(self):
        self.proc.send_signal(signal.SIGTERM)
        self.assertIn("STOPPING=1", self.next_notice())
        self.assertEqual(self.proc.wait(timeout=30), 0)
        self.assertIn("sesame: serve.stop\n", self.log_text())
        # The listening socket still takes connections (for the next
        # instance systemd would start): serve did not shut it down.
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.settimeout(5)
        c.connect(LISTEN_PATH)
        c.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
