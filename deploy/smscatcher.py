#!/usr/bin/python3
"""A local HTTP SMS gateway that keeps every SMS it accepts as a JSON file.

Stand-in for an SMS provider's HTTP API in the local stack and the tests.
POST or PUT on any path: the body (JSON, or application/x-www-form-urlencoded)
is parsed and DIR/<epoch-ns>-<n>.json is written atomically (temporary name,
then rename), mode 0600 since it holds codes and passwords (DIR is made 0700
when it does not exist):

  {"id", "path", "method", "to", "text", "sender", "fields", "headers", "raw"}

"to"/"text"/"sender" are read from the usual field names (to, recipient,
destination, number, phone / text, message, body, content / sender, from).
The Authorization header is never stored. The answer is
200 {"status":"queued","id":"..."}.

  /usr/bin/python3 deploy/smscatcher.py --host 127.0.0.1 --port 8025 --dir STATE/sms

Options:
  --port 0              pick a free port (first stdout line says which;
                        --port-file writes it to a file)
  --expect-auth VALUE   answer 401 unless "Authorization: VALUE" is sent
  --fail-first N        answer 500 to the first N SMS requests
Control endpoints (not SMS, never stored, never failed):
  POST /_control/fail?n=N   the next N SMS requests get a 500
  GET  /_control/count      {"stored": N, "requests": N}
SIGTERM or SIGINT stops it cleanly. Standard library only.
"""

import argparse
import itertools
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TO_KEYS = ("to", "recipient", "destination", "number", "phone", "msisdn")
TEXT_KEYS = ("text", "message", "body", "content", "msg")
SENDER_KEYS = ("sender", "from", "originator")
MAX_BODY = 1 << 20


class State:
    """Shared between the handler threads."""

    def __init__(self, directory, expect_auth, fail_next):
        self.directory = directory
        self.expect_auth = expect_auth
        self.fail_next = fail_next
        self.lock = threading.Lock()
        self.counter = itertools.count(1)
        self.stored = 0
        self.requests = 0

    def take_failure(self):
        with self.lock:
            self.requests += 1
            if self.fail_next > 0:
                self.fail_next -= 1
                return True
            return False


def pick(fields, keys):
    for k in keys:
        if k in fields:
            v = fields[k]
            return v if isinstance(v, str) else json.dumps(v)
    return None


def parse_body(content_type, raw):
    """Returns the body's fields as a flat dict (may be empty)."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    text = raw.decode("utf-8", errors="replace")
    if ctype == "application/x-www-form-urlencoded":
        return {k: v[0] for k, v in
                urllib.parse.parse_qs(text, keep_blank_values=True).items()}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if isinstance(data, dict):
        # Some gateways nest the message: {"messages":[{"to":..}]}.
        for key in ("messages", "message"):
            inner = data.get(key)
            if isinstance(inner, list) and inner and isinstance(inner[0], dict):
                return inner[0]
            if isinstance(inner, dict):
                return inner
        return data
    return {}


class Handler(BaseHTTPRequestHandler):
    server_version = "SesameSmsCatcher/1.0"
    protocol_version = "HTTP/1.1"
    # The answer's headers and body leave as two writes: without this the
    # body waits for the client's delayed ACK of the headers.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # one line per request, on stdout
        sys.stdout.write("smscatcher: %s\n" % (fmt % args))
        sys.stdout.flush()

    def _answer(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY:
            return None
        return self.rfile.read(length) if length else b""

    def _control(self, url):
        state = self.server.state
        if url.path == "/_control/fail" and self.command == "POST":
            self._read_body()
            q = urllib.parse.parse_qs(url.query)
            try:
                n = int(q.get("n", ["1"])[0])
            except ValueError:
                return self._answer(400, {"error": "n must be an integer"})
            with state.lock:
                state.fail_next = max(0, n)
            return self._answer(200, {"fail_next": n})
        if url.path == "/_control/count" and self.command == "GET":
            with state.lock:
                return self._answer(200, {"stored": state.stored,
                                          "requests": state.requests})
        return self._answer(404, {"error": "unknown control endpoint"})

    def _sms(self):
        state = self.server.state
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_control/"):
            return self._control(url)
        raw = self._read_body()
        if raw is None:
            return self._answer(413, {"error": "body too large"})
        if state.expect_auth is not None and \
                self.headers.get("Authorization") != state.expect_auth:
            return self._answer(401, {"error": "unauthorized"})
        if state.take_failure():
            return self._answer(500, {"error": "injected failure"})
        fields = parse_body(self.headers.get("Content-Type"), raw)
        n = next(state.counter)
        sms_id = "%d-%d" % (time.time_ns(), n)
        headers = {k: ("<redacted>" if k.lower() == "authorization" else v)
                   for k, v in self.headers.items()}
        record = {
            "id": sms_id,
            "path": url.path,
            "method": self.command,
            "to": pick(fields, TO_KEYS),
            "text": pick(fields, TEXT_KEYS),
            "sender": pick(fields, SENDER_KEYS),
            "fields": fields,
            "headers": headers,
            "raw": raw.decode("utf-8", errors="replace"),
        }
        name = sms_id + ".json"
        final = os.path.join(state.directory, name)
        tmp = os.path.join(state.directory, ".tmp-" + name)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.rename(tmp, final)
        except OSError as e:
            sys.stdout.write("smscatcher: cannot store: %s\n" % e)
            return self._answer(500, {"error": "cannot store"})
        with state.lock:
            state.stored += 1
        sys.stdout.write("smscatcher: %s to=%s chars=%d\n" %
                         (name, record["to"], len(record["text"] or "")))
        sys.stdout.flush()
        return self._answer(200, {"status": "queued", "id": sms_id})

    do_POST = _sms
    do_PUT = _sms

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_control/"):
            return self._control(url)
        return self._answer(405, {"error": "POST or PUT an SMS"})


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8025)
    p.add_argument("--dir", required=True, help="where SMS are stored")
    p.add_argument("--port-file", help="write the listening port here")
    p.add_argument("--expect-auth", help='e.g. "Bearer xyz"')
    p.add_argument("--fail-first", type=int, default=0)
    args = p.parse_args()

    os.makedirs(args.dir, mode=0o700, exist_ok=True)
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.state = State(args.dir, args.expect_auth, args.fail_first)
    port = server.server_address[1]
    # Handlers first: whoever reads the port may send SIGTERM at once.
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)

    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    print("smscatcher listening on %s:%d, storing in %s" %
          (args.host, port, args.dir), flush=True)
    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    print("smscatcher stopped", flush=True)


if __name__ == "__main__":
    main()
