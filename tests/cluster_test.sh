#!/usr/bin/env bash
# deploy/cluster on this machine: up (three Galera nodes, HAProxy, two app
# hosts, nginx), one Crédit Municipal reset through nginx (request, mail,
# SMS, code and new password, sign-in), kill -9 of the writer node, the
# service back within 10 s and a second reset, then `deploy/cluster chaos`
# in its short form (SESAME_CLUSTER_CHAOS_SECONDS, 40: each fault gets at
# least 12 s, about two minutes and a half in all), then down.
#
# Root only, and only when asked (SESAME_CLUSTER_TEST=1): it makes network
# namespaces and a bridge, and takes about two and a half minutes. Otherwise
# it exits 77, which ctest reports as skipped (label `cluster`; deploy/test
# sets the variable when it runs as root, unless SESAME_CLUSTER_TEST=0); so
# does a machine where a network namespace cannot be made (a container
# without CAP_SYS_ADMIN).
# SESAME_BIN: the binary (default build-release/sesame).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
if [[ $(id -u) -ne 0 || ${SESAME_CLUSTER_TEST:-} != 1 ]]; then
  echo "skipped: needs root and SESAME_CLUSTER_TEST=1"
  exit 77
fi
probe=sesame-probe-$$
if ! ip netns add "$probe" 2>/dev/null; then
  echo "skipped: this machine cannot make a network namespace (ip netns add)"
  exit 77
fi
ip netns delete "$probe"
export SESAME_BIN=${SESAME_BIN:-$REPO/build-release/sesame}
state=$(mktemp -d /tmp/sesame-cluster-test.XXXXXX)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cluster() { "$REPO/deploy/cluster" "$@" --state "$state"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
finish() {
  local rc=$?
  cluster down || true
  if ((rc == 0)); then rm -rf "$state"; else echo "state kept in $state" >&2; fi
  exit "$rc"
}
trap finish EXIT

"$REPO/deploy/cluster" up --state "$state" --port "$port"
cluster status
once() {
  /usr/bin/python3 "$REPO/deploy/cluster-chaos.py" --cluster "$REPO/deploy/cluster" \
    --state "$state" --port "$port" --once
}
once || fail "the Crédit Municipal reset through nginx"

writer=$(cluster writer)
[[ $writer == db1 ]] || fail "the writer is $writer, not db1"
t0=$(date +%s.%N)
cluster kill-db 1
back=""
for _ in $(seq 1 200); do
  sleep 0.05
  if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz") == 200 ]] &&
    [[ $(cluster writer) != db1 ]]; then
    back=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    break
  fi
done
[[ -n $back ]] || fail "no /healthz 200 through nginx within 10 s of killing the writer"
echo "writer db1 killed: /healthz back through nginx in ${back} s, writer now $(cluster writer)"
once || fail "the Crédit Municipal reset after the writer was killed"
cluster start-db 1
cluster status
# Every fault, the partition included (SESAME_CLUSTER_CHAOS_PARTITION=0
# leaves it out).
[[ ${SESAME_CLUSTER_CHAOS_PARTITION:-1} == 1 ]] || export SESAME_CHAOS_NO_PARTITION=1
cluster chaos --seconds "${SESAME_CLUSTER_CHAOS_SECONDS:-40}" ||
  fail "deploy/cluster chaos missed a target"
echo "PASS"
