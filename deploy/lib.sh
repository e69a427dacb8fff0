# Shared shell functions for deploy/run, deploy/test and bench/run.
#
# Source it from bash:  . "$(dirname "$0")/lib.sh"
#
# Everything the local stack runs is a private instance under one state
# folder (STATE); the system mariadb and nginx services are never used:
#
#   STATE/conf/   sesame.toml, nginx.conf, db.password (the `sesame` user of
#                 serve, deliver and the other commands), db-admin.password
#                 (`sesame_admin`, for `sesame migrate`), secret.key
#   STATE/db/     MariaDB data directory
#   STATE/run/    sockets, *.pid, ports.env
#   STATE/log/    one log per process
#   STATE/mail/   one .eml (+ .json envelope) per mail the catcher received
#   STATE/sms/    one .json per SMS the gateway catcher received
#   STATE/oidc/   the OpenID Connect provider standing in for FranceConnect
#                 (glewlwyd): its config, SQLite database, signing keys
#                 (keys.jwks), admin password and test user's password
#   STATE/nginx/  nginx prefix (temporary files)
#
# Functions (all return non-zero with a message on stderr on failure):
#   sesame_build BUILD_DIR [release|sanitize]
#   start_mariadb STATE
#   start_catchers STATE
#   start_oidc_provider STATE PORT   (after start_catchers)
#   write_config STATE PORT SESAME_BIN
#   migrate_db STATE SESAME_BIN
#   grant_app_user STATE
#   start_sesame STATE SESAME_BIN
#   start_nginx STATE PORT
#   stop_all STATE
#   stack_bin STATE            (the sesame binary the stack runs)
#   stack_running STATE        (0 when a stack with live pids is there)
#   ensure_demo_account STATE SESAME_BIN
#   ensure_demo_officer STATE SESAME_BIN
#   wait_for_http URL [SECONDS]
#   free_port [PREFERRED]
#   ensure_demo_agent STATE SESAME_BIN   (then prints its facts)
#
# deploy/cluster runs the same functions on several hosts (network
# namespaces); these variables, all unset for deploy/run and deploy/test,
# change where things listen:
#   SESAME_MARIADB_DEFAULTS_FILE  mariadbd reads this --defaults-file (its
#                                 Galera options) instead of none; when it
#                                 sets wsrep_on, start_mariadb waits for
#                                 wsrep_ready
#   SESAME_MARIADB_BIND           MariaDB also listens on this address (TCP,
#                                 port SESAME_MARIADB_PORT, 3306)
#   SESAME_MARIADB_WAIT_SECONDS   how long start_mariadb waits (60)
#   SESAME_DB_USER_HOSTS          the hosts of the `sesame` and `sesame_admin`
#                                 users ("localhost")
#   SESAME_DB_HOST, SESAME_DB_PORT  sesame.toml's database over TCP instead
#                                 of STATE/run/mysql.sock
#   SESAME_CATCHER_HOST           where the catchers listen (127.0.0.1)
#   SESAME_LISTEN                 serve's FastCGI address, host:port
#                                 (STATE/run/sesame.sock)
#   SESAME_NGINX_UPSTREAMS        nginx passes to these host:port (several)
#                                 instead of STATE/run/sesame.sock

SESAME_REPO="${SESAME_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
SESAME_PY=/usr/bin/python3

# The state folder holds the database, the mails and SMS (live links and
# codes) and the logs: everything the stack writes is for its user alone
# (folders 0700, files 0600). Every process started from here inherits it;
# MariaDB sets its own umask from UMASK and UMASK_DIR.
umask 077
export UMASK=0600 UMASK_DIR=0700

# Names of the processes the stack starts, in start order; stop_all stops
# them in reverse order (nginx first, the database last).
SESAME_PROCS=(mailcatcher smscatcher oidc serve deliver nginx)

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; return 1; }

# Seconds since the epoch with decimals, for phase timings.
now_seconds() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# free_port [PREFERRED]: prints PREFERRED if nothing listens on it on
# 127.0.0.1, else a free port chosen by the kernel.
free_port() {
  "$SESAME_PY" - "${1:-0}" <<'EOF'
import socket, sys
want = int(sys.argv[1])
def try_bind(p):
    s = socket.socket()
    # Like nginx: connections in TIME_WAIT do not make a port busy.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p))
        return s.getsockname()[1]
    except OSError:
        return None
    finally:
        s.close()
print(try_bind(want) if want and try_bind(want) else try_bind(0))
EOF
}

# sesame_build BUILD_DIR [release|sanitize]: configure (once) and build.
# cmake only rebuilds what changed.
sesame_build() {
  local dir=$1 kind=${2:-release}
  local -a opts=(-DCMAKE_BUILD_TYPE=Release -DSESAME_SANITIZE=OFF)
  if [[ $kind == sanitize ]]; then
    # -O1 -g1 compiles faster than -O2 -g and still gives file:line
    # stack traces.
    opts=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DSESAME_SANITIZE=ON)
  fi
  # GCC 12 at -O2/-O3 reports false maybe-uninitialized and restrict
  # warnings inside libstdc++ (std::regex, std::string); they stay warnings.
  opts+=("-DCMAKE_CXX_FLAGS=-Wno-error=maybe-uninitialized -Wno-error=restrict")
  cmake -S "$SESAME_REPO" -B "$dir" "${opts[@]}" >/dev/null ||
    die "cmake configure failed in $dir" || return 1
  cmake --build "$dir" -j2 || die "build failed in $dir"
}

# _start NAME STATE CMD...: runs CMD in its own session (Ctrl-C in the
# terminal reaches only deploy/run, which then stops everything in order),
# stdout/stderr to STATE/log/NAME.log, pid in STATE/run/NAME.pid.
_start() {
  local name=$1 state=$2
  shift 2
  # A background job of a script is not a process-group leader, so setsid
  # execs in place and $! is the process itself.
  setsid "$@" </dev/null >>"$state/log/$name.log" 2>&1 &
  echo $! >"$state/run/$name.pid"
}

_pid_alive() {
  local f=$1 pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# _wait_until SECONDS CMD...: polls CMD every 0.1 s.
_wait_until() {
  local limit=$1 i
  shift
  for ((i = 0; i < limit * 10; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

_mkstate() {
  local state=$1
  mkdir -p "$state"/{conf,run,log,mail,sms,db,nginx/tmp}
  # A state folder made before the umask above: take group and other
  # rights away from what the stack wrote there (its own folders only; the
  # state folder itself may be one the user shares, like /tmp).
  chmod -R go-rwx "$state"/{conf,run,log,mail,sms,db,nginx} ||
    log "warning: could not make every file under $state private"
}

_mysql_root() {
  mariadb --no-defaults --socket="$1/run/mysql.sock" -uroot "${@:2}"
}

# stack_buffer_pool_mib: the private MariaDB's InnoDB buffer pool, in MiB:
# an eighth of the machine's memory, within 128..4096 (SESAME_MARIADB_BUFFER_POOL_MIB
# overrides). The stack shares the machine with its tests and builds; an
# operator's own MariaDB is sized by the rule in the README.
stack_buffer_pool_mib() {
  if [[ -n ${SESAME_MARIADB_BUFFER_POOL_MIB:-} ]]; then
    echo "$SESAME_MARIADB_BUFFER_POOL_MIB"
    return
  fi
  local kib
  kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  local mib=$((kib / 1024 / 8))
  ((mib < 128)) && mib=128
  ((mib > 4096)) && mib=4096
  echo "$mib"
}

# start_mariadb STATE: a private MariaDB on a unix socket only, data in
# STATE/db; creates the `sesame` database, its owner `sesame_admin`
# (password in STATE/conf/db-admin.password; `sesame migrate` and the
# integration tests' scratch databases) and the `sesame` user of serve and
# deliver (STATE/conf/db.password), which gets only grant_app_user's
# grants, the first time.
start_mariadb() {
  local state=$1
  _mkstate "$state"
  local -a as_user=()
  [[ $(id -u) -eq 0 ]] && as_user=(--user=root)
  if [[ ! -d $state/db/mysql ]]; then
    mariadb-install-db --no-defaults "${as_user[@]}" --datadir="$state/db" \
      --auth-root-authentication-method=normal --skip-test-db \
      >"$state/log/mariadb-install.log" 2>&1 ||
      die "mariadb-install-db failed, see $state/log/mariadb-install.log" || return 1
  fi
  local defaults=--no-defaults network=--skip-networking galera=0
  local -a pool=("--innodb-buffer-pool-size=$(stack_buffer_pool_mib)M")
  if [[ -n ${SESAME_MARIADB_DEFAULTS_FILE:-} ]]; then
    defaults=--defaults-file=$SESAME_MARIADB_DEFAULTS_FILE
    # The file sizes the pool: Galera's SST passes a pool size given on the
    # command line on to mariadb-backup, which refuses it.
    pool=()
    grep -Eqi '^[[:space:]]*wsrep[_-]on[[:space:]]*=[[:space:]]*(on|1)' \
      "$SESAME_MARIADB_DEFAULTS_FILE" && galera=1
  fi
  [[ -n ${SESAME_MARIADB_BIND:-} ]] &&
    network="--bind-address=$SESAME_MARIADB_BIND --port=${SESAME_MARIADB_PORT:-3306}"
  if ! _pid_alive "$state/run/mariadb.pid"; then
    rm -f "$state/run/mysql.sock" "$state/run/mariadb.pid"
    # shellcheck disable=SC2086 # $network is one or two options
    setsid mariadbd "$defaults" "${as_user[@]}" --datadir="$state/db" \
      --socket="$state/run/mysql.sock" $network \
      --pid-file="$state/run/mariadb.pid" \
      "${pool[@]}" \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --log-error="$state/log/mariadb.log" \
      ${SESAME_MARIADB_ARGS:-} </dev/null >/dev/null 2>&1 &
  fi
  local wait=${SESAME_MARIADB_WAIT_SECONDS:-60}
  _wait_until "$wait" mariadb-admin --no-defaults --socket="$state/run/mysql.sock" \
    -uroot ping >/dev/null 2>&1 ||
    die "MariaDB did not start, see $state/log/mariadb.log" || return 1
  # A Galera node answers before it has joined; it takes writes once
  # wsrep_ready is ON. (A server without wsrep reports it OFF or not at
  # all: that case never waits here.)
  if ((galera)); then
    _wait_until "$wait" _wsrep_ready "$state" ||
      die "the Galera node in $state did not become ready, see $state/log/mariadb.log" ||
      return 1
  fi
  # mariadbd makes its socket 0777 whatever the umask (run/ is 0700 anyway).
  chmod 0600 "$state/run/mysql.sock"

  local pwfile=$state/conf/db.password
  if [[ ! -s $pwfile ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$pwfile")
  fi
  chmod 0600 "$pwfile"
  local pw
  pw=$(<"$pwfile")
  local admin_pwfile=$state/conf/db-admin.password admin_pw
  if [[ ! -s $admin_pwfile ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$admin_pwfile")
  fi
  chmod 0600 "$admin_pwfile"
  admin_pw=$(<"$admin_pwfile")
  local host
  {
    echo "CREATE DATABASE IF NOT EXISTS sesame CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
    for host in ${SESAME_DB_USER_HOSTS:-localhost}; do
      cat <<EOF
CREATE USER IF NOT EXISTS 'sesame'@'$host' IDENTIFIED BY '$pw';
ALTER USER 'sesame'@'$host' IDENTIFIED BY '$pw';
CREATE USER IF NOT EXISTS 'sesame_admin'@'$host' IDENTIFIED BY '$admin_pw';
ALTER USER 'sesame_admin'@'$host' IDENTIFIED BY '$admin_pw';
GRANT ALL PRIVILEGES ON sesame.* TO 'sesame_admin'@'$host';
GRANT ALL PRIVILEGES ON \`sesame\_test\_%\`.* TO 'sesame_admin'@'$host';
EOF
    done
    echo "FLUSH PRIVILEGES;"
  } | _mysql_root "$state" || die "cannot create the sesame database" || return 1
  grant_app_user "$state"
}

# _wsrep_ready STATE: the Galera node in STATE takes writes.
_wsrep_ready() {
  [[ $(_mysql_root "$1" -N -B -e "SHOW GLOBAL STATUS LIKE 'wsrep_ready'" 2>/dev/null) == *ON ]]
}

# grant_app_user STATE: the `sesame` user gets, on every table there is (so
# again after each migration), the README's grants: SELECT, INSERT, UPDATE,
# DELETE, but on audit_log only SELECT and INSERT, on audit_head only SELECT
# and UPDATE, nothing on schema_migrations. Database-wide grants that an
# older state folder gave it are revoked first.
grant_app_user() {
  local state=$1 host
  {
    for host in ${SESAME_DB_USER_HOSTS:-localhost}; do
      _mysql_root "$state" -N -B -r -e "SELECT CONCAT('REVOKE ALL PRIVILEGES ON \`',
          Db, '\`.* FROM ''sesame''@''$host'';') FROM mysql.db
        WHERE User = 'sesame' AND Host = '$host'" &&
        _mysql_root "$state" -N -B -r -e "SELECT CONCAT('GRANT ',
          CASE TABLE_NAME WHEN 'audit_log' THEN 'SELECT, INSERT'
            WHEN 'audit_head' THEN 'SELECT, UPDATE'
            ELSE 'SELECT, INSERT, UPDATE, DELETE' END,
          ' ON sesame.', TABLE_NAME, ' TO ''sesame''@''$host'';')
        FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = 'sesame' AND TABLE_NAME <> 'schema_migrations'" ||
        return 1
    done
  } >"$state/run/grants.sql" &&
    _mysql_root "$state" <"$state/run/grants.sql" ||
    die "cannot grant the sesame user its tables" || return 1
}

# start_catchers STATE: the SMTP and SMS gateway catchers on free ports,
# recorded in STATE/run/ports.env (MAIL_PORT=, SMS_PORT=).
start_catchers() {
  local state=$1 name port
  _mkstate "$state"
  for name in mailcatcher smscatcher; do
    if _pid_alive "$state/run/$name.pid" && [[ -s $state/run/$name.port ]]; then
      continue
    fi
    rm -f "$state/run/$name.port"
    local dir=$state/mail
    [[ $name == smscatcher ]] && dir=$state/sms
    _start "$name" "$state" "$SESAME_PY" -u "$SESAME_REPO/deploy/$name.py" \
      --host "${SESAME_CATCHER_HOST:-127.0.0.1}" --port 0 --dir "$dir" \
      --port-file "$state/run/$name.port"
    _wait_until 20 test -s "$state/run/$name.port" ||
      die "$name did not start, see $state/log/$name.log" || return 1
  done
  {
    echo "MAIL_PORT=$(<"$state/run/mailcatcher.port")"
    echo "SMS_PORT=$(<"$state/run/smscatcher.port")"
  } >"$state/run/ports.env"
}

# The path of Sésame's FranceConnect callback, registered at the provider
# (the default of [education.oidc] redirect_path).
OIDC_REDIRECT_PATH=/education/franceconnect/retour

# start_oidc_provider STATE PORT: the OpenID Connect provider standing in
# for FranceConnect, glewlwyd (Debian's package) on a free loopback port
# (OIDC_PORT= in STATE/run/ports.env), its files in STATE/oidc/. Set up by
# deploy/glewlwyd-setup.py: SQLite database, one RSA and one EC P-256
# signing key made the first time, the OIDC plugin, the confidential
# clients `sesame` (RS256) and `sesame-es256` (ES256) whose secret is
# STATE/conf/oidc-client.secret and whose redirect URI is Sésame's callback
# on http://127.0.0.1:PORT, and the test identity (STATE/oidc/test-user.env).
start_oidc_provider() {
  local state=$1 public_port=$2 dir=$1/oidc port setup
  setup=$SESAME_REPO/deploy/glewlwyd-setup.py
  _mkstate "$state"
  mkdir -p "$dir" && chmod 0700 "$dir"
  local secret=$state/conf/oidc-client.secret
  if [[ ! -s $secret ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$secret")
  fi
  if ! _pid_alive "$state/run/oidc.pid" || [[ ! -s $state/run/oidc.port ]]; then
    port=$(free_port 0)
    "$SESAME_PY" "$setup" write --dir "$dir" --port "$port" \
      >>"$state/log/oidc-setup.log" 2>&1 ||
      die "glewlwyd set-up failed, see $state/log/oidc-setup.log" || return 1
    _start oidc "$state" glewlwyd -c "$dir/glewlwyd.conf"
    echo "$port" >"$state/run/oidc.port"
  fi
  port=$(<"$state/run/oidc.port")
  "$SESAME_PY" "$setup" configure --dir "$dir" --port "$port" \
    --redirect-uri "http://127.0.0.1:$public_port$OIDC_REDIRECT_PATH" \
    --client-secret-file "$secret" --user-file "$dir/test-user.env" \
    >>"$state/log/oidc-setup.log" 2>&1 || {
    tail -n 5 "$state/log/oidc-setup.log" "$state/log/oidc.log" >&2
    die "glewlwyd did not take its configuration, see $state/log/oidc-setup.log"
    return 1
  }
  sed -i '/^OIDC_PORT=/d' "$state/run/ports.env"
  echo "OIDC_PORT=$port" >>"$state/run/ports.env"
}

# _render IN OUT KEY=VALUE...: replaces every @KEY@ of IN by VALUE.
_render() {
  "$SESAME_PY" - "$@" <<'EOF'
import sys
src, dst, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(src, encoding="utf-8").read()
for p in pairs:
    k, v = p.split("=", 1)
    text = text.replace("@" + k + "@", v)
if "@" in text:
    import re
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        sys.exit("render %s: unreplaced %s" % (src, " ".join(left)))
open(dst + ".tmp", "w", encoding="utf-8").write(text)
import os
os.rename(dst + ".tmp", dst)
EOF
}

# write_config STATE PORT SESAME_BIN: STATE/conf/sesame.toml (from
# deploy/sesame.toml.in) and the secret key; then `sesame check-config`.
# SESAME_STACK_PROFILE=test raises the per-IP limits (every test client is
# 127.0.0.1) and lowers the Argon2 cost.
write_config() {
  local state=$1 port=$2 bin=$3
  _mkstate "$state"
  [[ -s $state/run/ports.env ]] || die "start_catchers first" || return 1
  # shellcheck disable=SC1091
  . "$state/run/ports.env"
  local key=$state/conf/secret.key
  if [[ ! -s $key ]]; then
    "$bin" gen-key "$key" || die "sesame gen-key failed" || return 1
  fi
  chmod 0600 "$key"
  local login_per_ip=50 request_per_ip=20 sms_dest=5 argon_mem=19456
  local code_display=120 log_format=text
  local db_socket=$state/run/mysql.sock
  [[ -n ${SESAME_DB_HOST:-} ]] && db_socket=""
  if [[ ${SESAME_STACK_PROFILE:-} == test ]]; then
    login_per_ip=100000 request_per_ip=100000 sms_dest=1000 argon_mem=19456
    log_format=json
    code_display=${SESAME_TEST_CODE_DISPLAY_SECONDS:-10}
  fi
  _render "$SESAME_REPO/deploy/sesame.toml.in" "$state/conf/sesame.toml" \
    "PUBLIC_BASE_URL=http://127.0.0.1:$port" \
    "LISTEN=${SESAME_LISTEN:-$state/run/sesame.sock}" \
    "WAKE_SOCKET=${SESAME_WAKE_SOCKET-$state/run/deliver.sock}" \
    "TEMPLATES_DIR=$SESAME_REPO/html" \
    "DB_SOCKET=$db_socket" \
    "DB_HOST=${SESAME_DB_HOST:-127.0.0.1}" "DB_PORT=${SESAME_DB_PORT:-3306}" \
    "DB_PASSWORD_FILE=$state/conf/db.password" \
    "SMTP_URL=smtp://${SESAME_CATCHER_HOST:-127.0.0.1}:$MAIL_PORT" \
    "SMS_URL=http://${SESAME_CATCHER_HOST:-127.0.0.1}:$SMS_PORT/send" \
    "SECRET_KEY_FILE=$key" \
    "CAPTCHA_AUDIO_DIR=$(cd "$(dirname "$bin")" && pwd)/captcha-audio" \
    "LOGIN_PER_IP=$login_per_ip" \
    "REQUEST_PER_IP=$request_per_ip" \
    "SMS_PER_DESTINATION=$sms_dest" \
    "ARGON2_MEMORY=$argon_mem" \
    "CODE_DISPLAY_SECONDS=$code_display" \
    "LOG_FORMAT=$log_format" \
    "OIDC_ISSUER=${OIDC_PORT:+http://127.0.0.1:$OIDC_PORT/api/oidc}" \
    "OIDC_SECRET_FILE=$state/conf/oidc-client.secret" \
    "OIDC_REDIRECT_PATH=$OIDC_REDIRECT_PATH" || return 1
  "$bin" -c "$state/conf/sesame.toml" check-config >"$state/log/check-config.log" 2>&1 || {
    cat "$state/log/check-config.log" >&2
    die "sesame check-config rejected $state/conf/sesame.toml"
    return 1
  }
}

# migrate_db STATE SESAME_BIN: applies sql/ (idempotent) as the
# database's owner, then grants the `sesame` user the tables.
migrate_db() {
  local state=$1 bin=$2
  "$bin" -c "$state/conf/sesame.toml" migrate --dir "$SESAME_REPO/sql" \
    --db-user sesame_admin --db-password-file "$state/conf/db-admin.password" \
    >>"$state/log/migrate.log" 2>&1 || {
    tail -n 20 "$state/log/migrate.log" >&2
    die "sesame migrate failed, see $state/log/migrate.log"
    return 1
  }
  grant_app_user "$state"
}

# start_sesame STATE SESAME_BIN: `sesame serve` and `sesame deliver`. The
# binary's path is kept in STATE/run/sesame.bin, for deploy/stackctl.
start_sesame() {
  local state=$1 bin=$2 conf=$1/conf/sesame.toml
  (cd "$(dirname "$bin")" && printf '%s\n' "$PWD/$(basename "$bin")") >"$state/run/sesame.bin"
  if ! _pid_alive "$state/run/serve.pid"; then
    rm -f "$state/run/sesame.sock"
    _start serve "$state" "$bin" -c "$conf" serve
  fi
  if ! _pid_alive "$state/run/deliver.pid"; then
    _start deliver "$state" "$bin" -c "$conf" deliver
  fi
  local listen=${SESAME_LISTEN:-$state/run/sesame.sock}
  if [[ -z ${SESAME_LISTEN:-} || $listen == /* ]]; then
    _wait_until 30 test -S "$listen"
  else
    _wait_until 30 "$SESAME_PY" -c "import socket; socket.create_connection(('${listen%:*}', ${listen##*:}), 1).close()" 2>/dev/null
  fi || {
    tail -n 20 "$state/log/serve.log" >&2
    die "sesame serve did not open $listen, see $state/log/serve.log"
    return 1
  }
  _pid_alive "$state/run/deliver.pid" || {
    tail -n 20 "$state/log/deliver.log" >&2
    die "sesame deliver exited, see $state/log/deliver.log"
    return 1
  }
}

# write_nginx_config STATE PORT: STATE/conf/nginx.conf and the two included
# files, rendered for this state folder and port, then `nginx -t`.
write_nginx_config() {
  local state=$1 port=$2
  _mkstate "$state"
  local user_line="# (not root: nginx keeps the invoking user)"
  # nginx started by root switches its workers to `nobody`, which could read
  # neither the repository's html/static (a checkout under /root is 0700)
  # nor the state folder; for this private, loopback-only stack the workers
  # keep root. A production server uses its distribution's nginx user.
  [[ $(id -u) -eq 0 ]] && user_line="user root;"
  cp /etc/nginx/mime.types /etc/nginx/fastcgi_params "$state/conf/"
  _render "$SESAME_REPO/deploy/nginx.conf.in" "$state/conf/nginx.conf" \
    "USER_LINE=$user_line" "STATE=$state" "PORT=$port" \
    || return 1
  # The two includes are the files a sysadmin uses as they are; only their
  # paths (and the per-IP connection cap, for benchmarks) change here.
  local pass=unix:$state/run/sesame.sock
  [[ -n ${SESAME_NGINX_UPSTREAMS:-} ]] && pass=sesame_upstreams
  sed -e "s#/usr/share/sesame/html/static/#$SESAME_REPO/html/static/#g" \
    -e "s#unix:/run/sesame/sesame.sock#$pass#g" \
    -e "s#limit_conn sesame_conn [0-9]*;#limit_conn sesame_conn ${SESAME_NGINX_CONN_LIMIT:-20};#" \
    "$SESAME_REPO/deploy/nginx-sesame.conf" >"$state/conf/nginx-sesame.conf"
  cp "$SESAME_REPO/deploy/nginx-sesame-auth-example.conf" "$state/conf/"
  mkdir -p "$state/www/intranet"
  printf '<!doctype html>\n<title>Intranet</title>\n<p>Intranet de test</p>\n' \
    >"$state/www/intranet/index.html"
  sed -e "s#rate=[0-9]*r/[sm]#rate=${SESAME_NGINX_AUTH_RATE:-5r/s}#" \
    "$SESAME_REPO/deploy/nginx-sesame-http.conf" >"$state/conf/nginx-sesame-http.conf"
  if [[ -n ${SESAME_NGINX_UPSTREAMS:-} ]]; then
    # Several `sesame serve` hosts: a refused or dead one is skipped (nginx
    # passes the request to the next, and leaves the host out for 2 s).
    local up
    {
      echo "upstream sesame_upstreams {"
      for up in $SESAME_NGINX_UPSTREAMS; do
        echo "  server $up max_fails=1 fail_timeout=2s;"
      done
      echo "}"
    } >>"$state/conf/nginx-sesame-http.conf"
  fi
  nginx -t -q -p "$state/nginx" -c "$state/conf/nginx.conf" 2>"$state/log/nginx-t.log" || {
    cat "$state/log/nginx-t.log" >&2
    die "nginx -t rejected $state/conf/nginx.conf"
    return 1
  }
}

# start_nginx STATE PORT: a private nginx on 127.0.0.1:PORT.
start_nginx() {
  local state=$1 port=$2
  write_nginx_config "$state" "$port" || return 1
  if _pid_alive "$state/run/nginx.pid"; then
    nginx -p "$state/nginx" -c "$state/conf/nginx.conf" -s reload \
      >>"$state/log/nginx.log" 2>&1
    return
  fi
  _start nginx "$state" nginx -p "$state/nginx" -c "$state/conf/nginx.conf" -g 'daemon off;'
  _wait_until 20 "$SESAME_PY" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null || {
    tail -n 20 "$state/log/nginx.log" "$state/log/nginx-error.log" >&2 2>/dev/null
    die "nginx did not listen on 127.0.0.1:$port"
    return 1
  }
  # nginx listens before it rewrites its PID file and sets up its signals:
  # a reload (nginx -s reload reads that file) waits for its first worker.
  _wait_until 20 _nginx_has_worker "$state" || {
    die "nginx started no worker, see $state/log/nginx-error.log"
    return 1
  }
}

_nginx_has_worker() {
  local pid
  pid=$(cat "$1/run/nginx.pid" 2>/dev/null) && [[ -n $pid ]] && pgrep -P "$pid" >/dev/null
}

# ensure_demo_account STATE SESAME_BIN: the demo account (login `demo`),
# created once with a random passphrase kept in STATE/conf/demo.password so
# that later runs print the same one. It is a normal password (given with
# --password-stdin), not a one-time one.
ensure_demo_account() {
  local state=$1 bin=$2 conf=$1/conf/sesame.toml pwfile=$1/conf/demo.password
  local words=(abricot baleine cerisier dauphin ecureuil falaise girafe hibou
    iris jonquille kiwi libellule mimosa noisette olivier papillon quartz
    renard sapin tulipe violette wagon xylophone yaourt zebre lavande
    marmotte cascade boussole citronnier pivoine grenouille)
  if [[ ! -s $pwfile ]]; then
    local pw="" n _
    for _ in 1 2 3 4; do
      n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
      pw+="${words[n % ${#words[@]}]}-"
    done
    pw+=$(head -c 64 /dev/urandom | base64 | tr -dc 'a-z0-9' | head -c 8)
    (umask 077 && printf '%s\n' "$pw" >"$pwfile")
  fi
  # The Crédit Municipal demo, and the consular one (with a NUMIC).
  local -a demos=(
    "demo demo@example.org +33612345678 Camille_Démo"
    "electeur electeur@example.org +33698765432 Dominique_Électeur 123456"
  )
  local line login email phone name numic
  for line in "${demos[@]}"; do
    read -r login email phone name numic <<<"$line"
    "$bin" -c "$conf" account show "$login" >/dev/null 2>&1 && continue
    local extra=()
    [[ -n $numic ]] && extra=(--numic "$numic")
    "$bin" -c "$conf" account add --login "$login" --email "$email" \
      --phone "$phone" --name "${name//_/ }" "${extra[@]}" --password-stdin \
      <"$pwfile" >>"$state/log/account.log" 2>&1 || {
      tail -n 20 "$state/log/account.log" >&2
      die "could not create the demo account $login, see $state/log/account.log"
      return 1
    }
  done
}

# ensure_demo_officer STATE SESAME_BIN: the desk's demo officer (login
# `president`, bureau BVE-DEMO, the demo agent's), created once with
# `sesame officer add`; the password and TOTP secret it printed are kept in
# STATE/conf/officer.env (0600) so that later runs print the same ones.
ensure_demo_officer() {
  local state=$1 bin=$2 conf=$1/conf/sesame.toml file=$1/conf/officer.env
  local out password secret
  if "$bin" -c "$conf" account show president >/dev/null 2>&1; then
    [[ -s $file ]] && return 0
    die "the demo officer exists but $file is gone: its password and TOTP secret were shown only once"
    return 1
  fi
  out=$("$bin" -c "$conf" officer add --login president --bureau BVE-DEMO \
    --name "Président du BVE (démo)" 2>>"$state/log/account.log") || {
    tail -n 20 "$state/log/account.log" >&2
    die "could not create the demo officer, see $state/log/account.log"
    return 1
  }
  password=$(sed -n 's/^password ([^)]*): //p' <<<"$out")
  secret=$(sed -n 's/^TOTP secret ([^)]*): //p' <<<"$out")
  [[ -n $password && -n $secret ]] || {
    die "sesame officer add printed no password or TOTP secret"
    return 1
  }
  (umask 077 && printf 'OFFICER_PASSWORD=%s\nOFFICER_TOTP_SECRET=%s\n' \
    "$password" "$secret" >"$file")
}

# wait_for_http URL [SECONDS]: until URL answers 200.
wait_for_http() {
  local url=$1 limit=${2:-30}
  _wait_until "$limit" curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null ||
    die "$url did not answer 200 within ${limit}s"
}

# The Interior flow's demo agent: its facts as `sesame account add` takes
# them. The réassort secret is derived from them (6 first characters of the
# card number, 6 last of the IBAN); the security key is generated by the
# CLI, printed once, and kept in STATE/conf/demo-agent.key so that later
# runs print it again.
DEMO_AGENT_LOGIN=agent
DEMO_AGENT_MATRICULE=20240017
DEMO_AGENT_BIRTH=14/07/1985
DEMO_AGENT_CARD=A1B2C3D4E5F6
DEMO_AGENT_IBAN=FR7630006000011234567890189
DEMO_AGENT_BUREAU=BVE-DEMO

# ensure_demo_agent STATE SESAME_BIN: the demo agent (login `agent`, the
# demo account's password), enrolled once; prints its facts.
ensure_demo_agent() {
  local state=$1 bin=$2 conf=$1/conf/sesame.toml
  local keyfile=$state/conf/demo-agent.key out
  if ! "$bin" -c "$conf" account show "$DEMO_AGENT_LOGIN" >/dev/null 2>&1; then
    out=$("$bin" -c "$conf" account add --login "$DEMO_AGENT_LOGIN" \
      --email agent@example.org --phone +33611223344 --name "Claude Agent" \
      --matricule "$DEMO_AGENT_MATRICULE" --birth-date "$DEMO_AGENT_BIRTH" \
      --card-number "$DEMO_AGENT_CARD" --iban "$DEMO_AGENT_IBAN" \
      --bureau "$DEMO_AGENT_BUREAU" --password-stdin \
      <"$state/conf/demo.password" 2>&1) || {
      printf '%s\n' "$out" >&2
      die "could not create the demo agent $DEMO_AGENT_LOGIN"
      return 1
    }
    sed -n 's/.*shown only now: //p' <<<"$out" >"$keyfile"
  fi
  local key="(unknown: not in $keyfile)"
  [[ -s $keyfile ]] && key=$(<"$keyfile")
  cat <<EOF
  Interior demo agent (same password): « Agents du ministère de
                l'Intérieur » on the login page (/interieur/connexion)
                matricule $DEMO_AGENT_MATRICULE, birth date $DEMO_AGENT_BIRTH,
                security key $key;
                card number $DEMO_AGENT_CARD, IBAN $DEMO_AGENT_IBAN,
                so the réassort secret is ${DEMO_AGENT_CARD:0:6}${DEMO_AGENT_IBAN: -6}
                (« Support en ligne »: the link to a new password
                goes to agent@example.org); bureau $DEMO_AGENT_BUREAU
EOF
}

DEMO_VOTER_LOGIN=votant
DEMO_VOTER_NIR=1850775123
DEMO_VOTER_NUMEN=07E0123456ABC
DEMO_VOTER_CODE='Notice-Démo-2026!'
DEMO_VOTER_ANSWER='Citroën'

# ensure_demo_voter STATE SESAME_BIN: the Education demo voter (login
# `votant`, the demo account's password), enrolled once; prints its facts.
ensure_demo_voter() {
  local state=$1 bin=$2 conf=$1/conf/sesame.toml out
  if ! "$bin" -c "$conf" account show "$DEMO_VOTER_LOGIN" >/dev/null 2>&1; then
    out=$("$bin" -c "$conf" account add --login "$DEMO_VOTER_LOGIN" \
      --email votant@example.org --name "Jean-Marc Nicolas" \
      --nir10 "$DEMO_VOTER_NIR" --numen "$DEMO_VOTER_NUMEN" \
      --vote-code-initial "$DEMO_VOTER_CODE" --question voiture \
      --answer "$DEMO_VOTER_ANSWER" --password-stdin \
      <"$state/conf/demo.password" 2>&1) || {
      printf '%s\n' "$out" >&2
      die "could not create the demo voter $DEMO_VOTER_LOGIN"
      return 1
    }
  fi
  cat <<EOF
  Education demo voter (same password): login $DEMO_VOTER_LOGIN, then
                /education/vote with the vote code $DEMO_VOTER_CODE;
                réassort: answer $DEMO_VOTER_ANSWER, NIR $DEMO_VOTER_NIR
                or NUMEN $DEMO_VOTER_NUMEN, a personal address; invalidate
                it with: sesame vote-code invalidate --login $DEMO_VOTER_LOGIN
EOF
}

# stack_bin STATE: the sesame binary the stack in STATE runs: $SESAME_BIN,
# else the one start_sesame recorded, else deploy/run's Release build.
stack_bin() {
  local state=$1 bin=${SESAME_BIN:-}
  [[ -z $bin && -s $state/run/sesame.bin ]] && bin=$(<"$state/run/sesame.bin")
  [[ -z $bin ]] && bin=$SESAME_REPO/build-release/sesame
  [[ -x $bin ]] || die "no sesame binary for the stack in $state ($bin): start it with deploy/run" || return 1
  printf '%s\n' "$bin"
}

# stack_running STATE: true when any process of the stack is alive.
stack_running() {
  local state=$1 name
  for name in "${SESAME_PROCS[@]}" mariadb; do
    _pid_alive "$state/run/$name.pid" && return 0
  done
  return 1
}

# stop_all STATE: SIGTERM to every process (reverse start order), wait for
# each, then shut MariaDB down. Safe to call twice, or with nothing running.
stop_all() {
  local state=$1 i name pid f
  [[ -d $state/run ]] || return 0
  for ((i = ${#SESAME_PROCS[@]} - 1; i >= 0; i--)); do
    name=${SESAME_PROCS[i]}
    f=$state/run/$name.pid
    if _pid_alive "$f"; then
      pid=$(<"$f")
      kill -TERM "$pid" 2>/dev/null || true
      if ! _wait_until 15 eval "! kill -0 $pid 2>/dev/null"; then
        log "$name ($pid) ignored SIGTERM for 15s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$f"
  done
  f=$state/run/mariadb.pid
  if _pid_alive "$f"; then
    pid=$(<"$f")
    mariadb-admin --no-defaults --socket="$state/run/mysql.sock" -uroot \
      shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    _wait_until 60 eval "! kill -0 $pid 2>/dev/null" || {
      log "mariadbd ($pid) did not stop in 60s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    }
  fi
  rm -f "$f" "$state/run/sesame.sock" "$state/run/"*.port
}
