"""Solves Sésame's captchas the way only the server can: with its key.

The answer of a captcha is derived from its id (the hidden captcha_id field)
with a key derived from the server secret (src/captcha/captcha_rules.cc):
HKDF-SHA256(secret, salt "sesame-hkdf-v1", info "captcha-answer"), then
HMAC-SHA256(key, id) read as 32-bit big-endian groups, the first one below
4294960000 taken modulo 10^4. A test that holds the secret key file can
therefore answer; nothing a production deployment could switch on does.
"""
import hashlib
import hmac
import re

ID_RE = re.compile(r'name="captcha_id" value="([A-Za-z0-9_-]{43})"')
REJECT_FROM = 4294960000


def derive_key(secret, purpose):
    prk = hmac.new(b"sesame-hkdf-v1", secret, hashlib.sha256).digest()
    return hmac.new(prk, purpose + b"\x01", hashlib.sha256).digest()


def answer(secret, captcha_id):
    key = derive_key(secret, b"captcha-answer")
    block = hmac.new(key, captcha_id.encode(), hashlib.sha256).digest()
    while True:
        for at in range(0, len(block) - 3, 4):
            v = int.from_bytes(block[at:at + 4], "big")
            if v < REJECT_FROM:
                return "%04d" % (v % 10000)
        block = hmac.new(key, block, hashlib.sha256).digest()


def captcha_id(page):
    """The captcha id of a form page, or None when it asks for none."""
    m = ID_RE.search(page)
    return m.group(1) if m else None
