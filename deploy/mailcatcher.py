#!/usr/bin/python3
"""A local SMTP server that keeps every message it accepts as a file.

Stand-in for a mail relay in the local stack and the tests. Each accepted
message becomes DIR/<epoch-ns>-<n>.eml (the raw bytes as received) plus
DIR/<epoch-ns>-<n>.json ({"mail_from", "rcpt_tos", "peer", "eml"}); both are
written to a temporary name and renamed, the .json first, so a reader that
sees the .eml also finds its envelope. Mails hold live links: the files are
0600, and DIR is made 0700 when it does not exist. The writes (each file
fsynced) run on a pool of threads, so the sessions of a client sending over
several connections are stored side by side; a mail is answered 250 once
both its files are renamed. TCP_NODELAY is set on every session.

  /usr/bin/python3 deploy/mailcatcher.py --host 127.0.0.1 --port 2525 --dir STATE/mail

--port 0 picks a free port. The first line on stdout is
"mailcatcher listening on HOST:PORT"; --port-file also writes the port to a
file. Then one line per message. SIGTERM or SIGINT stops it cleanly.

--reject-rcpt-domain D answers 550 to any recipient @D (permanent refusal).
--require-starttls with --tls-cert/--tls-key advertises STARTTLS and refuses
MAIL before it (to test clients that must upgrade).

Needs Debian's python3-aiosmtpd (run with /usr/bin/python3).
"""

import argparse
import asyncio
import concurrent.futures
import itertools
import json
import os
import signal
import socket
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult


class FileHandler:
    """aiosmtpd handler: one .eml (+ .json envelope) per message."""

    def __init__(self, directory, reject_domains=()):
        self.directory = directory
        self.reject_domains = {d.lower() for d in reject_domains}
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        domain = address.rpartition("@")[2].lower()
        if domain in self.reject_domains:
            print("mailcatcher: refused recipient in %s" % domain, flush=True)
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def _write_atomically(self, name, data):
        final = os.path.join(self.directory, name)
        tmp = os.path.join(self.directory, ".tmp-" + name)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, final)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        base = "%d-%d" % (time.time_ns(), n)
        raw = envelope.original_content or b""
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "peer": "%s:%s" % tuple(session.peer[:2]) if session.peer else "",
            "eml": base + ".eml",
        }
        def store():
            self._write_atomically(base + ".json",
                                   json.dumps(meta, indent=1).encode())
            self._write_atomically(base + ".eml", raw)

        try:
            # fsync blocks: off the event loop, which serves every session.
            await asyncio.get_running_loop().run_in_executor(None, store)
        except OSError as e:
            print("mailcatcher: cannot store message: %s" % e, flush=True)
            return "451 4.3.0 cannot store the message"
        print("mailcatcher: %s.eml from=%s to=%s bytes=%d" %
              (base, envelope.mail_from, ",".join(envelope.rcpt_tos), len(raw)),
              flush=True)
        return "250 2.0.0 Message accepted for delivery"


class NoDelaySMTP(SMTP):
    """SMTP with TCP_NODELAY: each reply leaves at once, not held back
    behind the client's delayed ACK of the previous one."""

    def connection_made(self, transport):
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        super().connection_made(transport)


def accept_any_login(server, session, envelope, mechanism, auth_data):
    """Authenticator for the local stack: any username/password is fine."""
    return AuthResult(success=True)


async def main_async(args):
    os.makedirs(args.dir, mode=0o700, exist_ok=True)
    handler = FileHandler(args.dir, args.reject_rcpt_domain)
    tls_context = None
    if args.require_starttls:
        if not (args.tls_cert and args.tls_key):
            print("mailcatcher: --require-starttls needs --tls-cert and "
                  "--tls-key", file=sys.stderr)
            return 2
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    def factory():
        kwargs = dict(hostname="mailcatcher.localhost",
                      ident="Sesame mailcatcher",
                      authenticator=accept_any_login,
                      auth_require_tls=bool(tls_context))
        if tls_context is not None:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        return NoDelaySMTP(handler, **kwargs)

    loop = asyncio.get_running_loop()
    loop.set_default_executor(
        concurrent.futures.ThreadPoolExecutor(max_workers=16))
    server = await loop.create_server(factory, host=args.host, port=args.port,
                                      reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    # Handlers first: whoever reads the port may send SIGTERM at once.
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)
    print("mailcatcher listening on %s:%d, storing in %s" %
          (args.host, port, args.dir), flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()
    print("mailcatcher stopped", flush=True)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=2525)
    p.add_argument("--dir", required=True, help="where messages are stored")
    p.add_argument("--port-file", help="write the listening port here")
    p.add_argument("--reject-rcpt-domain", action="append", default=[],
                   help="answer 550 to RCPT TO in this domain (repeatable)")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    args = p.parse_args()
    sys.exit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
