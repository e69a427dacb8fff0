#!/usr/bin/env python3
"""Sets up the local stack's OpenID Connect provider (glewlwyd), the stand-in
for FranceConnect.

  glewlwyd-setup.py write --dir STATE/oidc --port N
      Makes DIR/glewlwyd.conf, DIR/glewlwyd.db (Debian's init SQL), the
      signing keys (DIR/keys.jwks: one RSA 2048 and one EC P-256 key) and
      DIR/webapp (the login page). Idempotent: an existing database and
      keys are kept.

  glewlwyd-setup.py configure --dir STATE/oidc --port N --redirect-uri URI
      --client-secret-file F --user-file F
      Once glewlwyd answers: through its admin REST API, the OIDC plugin
      instance `oidc` (both keys, per-client key choice, PKCE, the
      FranceConnect pivot claims from user properties), the confidential
      clients `sesame` (ID tokens signed RS256) and `sesame-es256` (ES256),
      both with the secret of --client-secret-file and --redirect-uri, and
      the test identity (login, password and pivot claims written to
      --user-file, KEY=VALUE lines). The admin password is changed from
      Debian's default to DIR/admin.password. Idempotent.

Only the standard library and python3-cryptography (for the keys).
"""
import argparse
import base64
import http.cookiejar
import json
import os
import secrets
import shlex
import shutil
import sqlite3
import sys
import time
import urllib.error
import urllib.request

INIT_SQL = "/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3"
WEBAPP = "/usr/share/glewlwyd/webapp"
WEBAPP_CONFIG = "/usr/share/glewlwyd/templates/config.json"
DEBIAN_ADMIN_PASSWORD = "password"

# The FranceConnect identity pivot, as glewlwyd user properties and claims.
PIVOT = ["given_name", "family_name", "birthdate", "birthplace", "gender"]
TEST_USER = {
    "username": "fc-test",
    "given_name": "Angela Claire Louise",
    "family_name": "DUBOIS",
    "birthdate": "1962-08-24",
    "birthplace": "75107",
    "gender": "female",
}
CLIENTS = {"sesame": "sesame-rs256", "sesame-es256": "sesame-es256"}

CONF = """# Written by deploy/glewlwyd-setup.py for the local stack.
port={port}
bind_address="127.0.0.1"
external_url="http://127.0.0.1:{port}"
login_url="login.html"
static_files_path="{dir}/webapp/"
api_prefix="api"
allow_origin="*"
allow_methods="GET, POST, PUT, DELETE, OPTIONS"
allow_headers="Origin, X-Requested-With, Content-Type, Accept, Bearer, Authorization"
expose_headers="Content-Encoding, Authorization"
log_mode="console"
log_level="INFO"
cookie_secure=0
cookie_same_site="lax"
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=false
login_api_enabled=true
add_x_frame_option_header_deny=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
use_secure_connection=false
secure_connection_key_file=""
secure_connection_pem_file=""
hash_algorithm="SHA512"
database = {{ type = "sqlite3" path = "{dir}/glewlwyd.db" }};
static_files_mime_types = (
  {{ extension = ".html" mime_type = "text/html" }},
  {{ extension = ".css" mime_type = "text/css" }},
  {{ extension = ".js" mime_type = "application/javascript" }},
  {{ extension = ".json" mime_type = "application/json" }},
  {{ extension = ".png" mime_type = "image/png" }},
  {{ extension = ".ico" mime_type = "image/x-icon" }},
  {{ extension = ".woff" mime_type = "font/woff" }},
  {{ extension = ".woff2" mime_type = "font/woff2" }},
  {{ extension = ".ttf" mime_type = "font/ttf" }}
)
"""


def b64u(n, length=None):
    raw = n.to_bytes(length or (n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def make_keys():
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    rk = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rn = rk.private_numbers()
    pub = rn.public_numbers
    rsa_jwk = {
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": CLIENTS["sesame"],
        "n": b64u(pub.n), "e": b64u(pub.e), "d": b64u(rn.d), "p": b64u(rn.p),
        "q": b64u(rn.q), "dp": b64u(rn.dmp1), "dq": b64u(rn.dmq1),
        "qi": b64u(rn.iqmp),
    }
    ek = ec.generate_private_key(ec.SECP256R1())
    en = ek.private_numbers()
    ec_jwk = {
        "kty": "EC", "use": "sig", "alg": "ES256", "crv": "P-256",
        "kid": CLIENTS["sesame-es256"],
        "x": b64u(en.public_numbers.x, 32), "y": b64u(en.public_numbers.y, 32),
        "d": b64u(en.private_value, 32),
    }
    return {"keys": [rsa_jwk, ec_jwk]}


def write_private(path, text):
    fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def cmd_write(a):
    d = os.path.abspath(a.dir)
    os.makedirs(d, mode=0o700, exist_ok=True)
    write_private(os.path.join(d, "glewlwyd.conf"), CONF.format(port=a.port, dir=d))
    db = os.path.join(d, "glewlwyd.db")
    if not os.path.exists(db):
        con = sqlite3.connect(db + ".tmp")
        with open(INIT_SQL, encoding="utf-8") as f:
            con.executescript(f.read())
        # The database user backend keeps the pivot claims as user
        # properties (set before glewlwyd starts: the instance holds the
        # admin, so it cannot be reloaded through the API).
        (params,) = con.execute("SELECT gumi_parameters FROM g_user_module_instance"
                                " WHERE gumi_name = 'database'").fetchone()
        params = json.loads(params)
        for p in PIVOT:
            params["data-format"][p] = {
                "multiple": False, "read": True, "write": True,
                "profile-read": False, "profile-write": False}
        con.execute("UPDATE g_user_module_instance SET gumi_parameters = ?"
                    " WHERE gumi_name = 'database'", (json.dumps(params),))
        # ... and the client backend each client's signing key (sign_kid).
        (params,) = con.execute("SELECT gcmi_parameters FROM g_client_module_instance"
                                " WHERE gcmi_name = 'database'").fetchone()
        params = json.loads(params)
        params["data-format"]["sign_kid"] = {"multiple": False, "read": True, "write": True}
        con.execute("UPDATE g_client_module_instance SET gcmi_parameters = ?"
                    " WHERE gcmi_name = 'database'", (json.dumps(params),))
        con.commit()
        con.close()
        os.chmod(db + ".tmp", 0o600)
        os.rename(db + ".tmp", db)
    keys = os.path.join(d, "keys.jwks")
    if not os.path.exists(keys):
        write_private(keys, json.dumps(make_keys()))
    # The login page: a copy of Debian's files (glewlwyd serves no file
    # whose real path is outside its folder, so no links), its config.json
    # (in bookworm's package a link to a folder) replaced by the template.
    web = os.path.join(d, "webapp")
    if os.path.isdir(web):
        shutil.rmtree(web)
    shutil.copytree(WEBAPP, web, ignore=lambda folder, names: [
        n for n in names if folder == WEBAPP and n == "config.json"])
    shutil.copy(WEBAPP_CONFIG, os.path.join(web, "config.json"))
    # Private like the rest of the state folder (copies keep Debian's modes).
    for folder, dirs, files in os.walk(web):
        os.chmod(folder, 0o700)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o600)


class Api:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, method, path, body=None, ok=(200,)):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(req, timeout=10) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if status not in ok:
            sys.exit("glewlwyd %s %s: HTTP %d %s" % (method, path, status, text[:400]))
        return status, (json.loads(text) if text.strip().startswith(("{", "[")) else None)


def wait_up(base, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        try:
            with urllib.request.urlopen(base + "/oidc/.well-known/openid-configuration", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # answers (404 before the plugin exists)
        except OSError:
            time.sleep(0.2)
    sys.exit("glewlwyd did not answer on %s within %ds" % (base, seconds))


def read_or_make(path, n=24):
    if os.path.exists(path) and os.path.getsize(path):
        return open(path, encoding="utf-8").read().strip()
    value = secrets.token_urlsafe(n)
    write_private(path, value + "\n")
    return value


def cmd_configure(a):
    d = os.path.abspath(a.dir)
    base = "http://127.0.0.1:%d/api" % a.port
    wait_up(base)
    api = Api(base)
    admin_pw = read_or_make(os.path.join(d, "admin.password"))
    st, _ = api.call("POST", "/auth/", {"username": "admin", "password": admin_pw}, ok=(200, 401))
    if st == 401:
        api.call("POST", "/auth/", {"username": "admin", "password": DEBIAN_ADMIN_PASSWORD})
        _, admin = api.call("GET", "/user/admin")
        admin["password"] = admin_pw
        api.call("PUT", "/user/admin", admin)

    # Scopes: openid needs the password; FranceConnect's claim scopes.
    _, openid = api.call("GET", "/scope/openid")
    openid["password_required"] = True
    openid["password_max_age"] = 0
    api.call("PUT", "/scope/openid", openid)
    for p in PIVOT:
        scope = {"name": p, "display_name": p, "description": "FranceConnect " + p,
                 "password_required": False, "password_max_age": 0, "scheme": {}}
        st, _ = api.call("GET", "/scope/" + p, ok=(200, 404))
        api.call("PUT" if st == 200 else "POST", "/scope/" + p if st == 200 else "/scope/", scope)

    jwks = open(os.path.join(d, "keys.jwks"), encoding="utf-8").read()
    params = {
        "iss": "http://127.0.0.1:%d/api/oidc" % a.port,
        "jwks-private": jwks,
        "default-kid": CLIENTS["sesame"],
        "client-sign_kid-parameter": "sign_kid",
        "jwks-show": True,
        "access-token-duration": 600,
        "refresh-token-duration": 600,
        "code-duration": 120,
        "refresh-token-rolling": False,
        "allow-non-oidc": False,
        "auth-type-code-enabled": True,
        "auth-type-code-revoke-replayed": True,
        "auth-type-token-enabled": False,
        "auth-type-id-token-enabled": False,
        "auth-type-none-enabled": False,
        "auth-type-password-enabled": False,
        "auth-type-client-enabled": False,
        "auth-type-device-enabled": False,
        "auth-type-refresh-enabled": False,
        "secret-type": "public",
        "name-claim": "no",
        "email-claim": "no",
        "scope-claim": "no",
        "allowed-scope": ["openid"] + PIVOT,
        "pkce-allowed": True,
        "pkce-method-plain-allowed": False,
        "pkce-required": True,
        "request-parameter-allow": False,
        "claims": [
            {"name": p, "user-property": p, "type": "string", "mandatory": True,
             "on-demand": False, "scope": []}
            for p in PIVOT
        ],
    }
    plugin = {"module": "oidc", "name": "oidc", "display_name": "FranceConnect (test)",
              "enabled": True, "parameters": params}
    st, _ = api.call("GET", "/mod/plugin/oidc", ok=(200, 404))
    if st == 200:
        api.call("PUT", "/mod/plugin/oidc", plugin)
        # An instance updated in place serves its new parameters once
        # reloaded.
        api.call("PUT", "/mod/plugin/oidc/disable")
        api.call("PUT", "/mod/plugin/oidc/enable")
    else:
        api.call("POST", "/mod/plugin/", plugin)

    secret = open(a.client_secret_file, encoding="utf-8").read().strip()
    for cid, kid in CLIENTS.items():
        client = {
            "client_id": cid, "name": "Sésame (" + kid + ")", "enabled": True,
            "confidential": True, "password": secret,
            "redirect_uri": [a.redirect_uri], "authorization_type": ["code"],
            "token_endpoint_auth_method": ["client_secret_basic", "client_secret_post"],
            "scope": [], "sign_kid": kid,
        }
        st, _ = api.call("GET", "/client/" + cid, ok=(200, 404))
        if st == 200:
            api.call("PUT", "/client/" + cid, client)
        else:
            api.call("POST", "/client/", client)

    user_pw_file = os.path.join(d, "test-user.password")
    user_pw = read_or_make(user_pw_file, 12)
    user = dict(TEST_USER)
    user.update({"name": user["given_name"] + " " + user["family_name"],
                 "email": "", "enabled": True, "password": user_pw,
                 "scope": ["openid"] + PIVOT})
    st, _ = api.call("GET", "/user/" + user["username"], ok=(200, 404))
    if st == 200:
        api.call("PUT", "/user/" + user["username"], user)
    else:
        api.call("POST", "/user/", user)

    lines = ["OIDC_USER=%s" % shlex.quote(user["username"]),
             "OIDC_PASSWORD=%s" % shlex.quote(user_pw)]
    lines += ["OIDC_%s=%s" % (p.upper(), shlex.quote(TEST_USER[p])) for p in PIVOT]
    write_private(a.user_file, "\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("--dir", required=True)
    w.add_argument("--port", type=int, required=True)
    c = sub.add_parser("configure")
    c.add_argument("--dir", required=True)
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--redirect-uri", required=True)
    c.add_argument("--client-secret-file", required=True)
    c.add_argument("--user-file", required=True)
    a = ap.parse_args()
    cmd_write(a) if a.cmd == "write" else cmd_configure(a)


if __name__ == "__main__":
    main()
