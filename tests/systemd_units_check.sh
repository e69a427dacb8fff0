#!/usr/bin/env bash
# The systemd units of deploy/systemd/ (installed by the package):
# `systemd-analyze verify` must find nothing to say about them, and
# `systemd-analyze security --offline=true` must rate each service at
# most 2.0 ("OK"; they are at 1.1). The units name /usr/bin/sesame: here it
# is replaced by the built binary (argument 1), since verify checks that
# ExecStart exists. Skipped (exit 77) without systemd-analyze (Debian's
# package `systemd`, which deploy/install-deps installs).
#
#   tests/systemd_units_check.sh SESAME_BIN
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:?usage: $0 SESAME_BIN}
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze is not installed (apt-get install systemd)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
units=()
for f in "$REPO"/deploy/systemd/sesame-*; do
  sed "s#/usr/bin/sesame #$bin #" "$f" >"$tmp/$(basename "$f")"
  units+=("$tmp/$(basename "$f")")
done
((${#units[@]} >= 5)) || { echo "FAIL: expected 5 units, found ${#units[@]}"; exit 1; }
fail=0
# --man=no: the man pages are installed by the package, not here.
if ! out=$(systemd-analyze verify --man=no "${units[@]}" 2>&1) || [[ -n $out ]]; then
  echo "FAIL: systemd-analyze verify:"
  printf '%s\n' "$out"
  fail=1
fi
for u in "$tmp"/*.service; do
  # --threshold is on the 0-100 scale of the 0.0-10.0 score shown.
  line=$(systemd-analyze security --offline=true --threshold=20 "$u" 2>&1 | grep 'Overall exposure') || {
    echo "FAIL: $(basename "$u"): exposure above 2.0:"
    systemd-analyze security --offline=true "$u" 2>&1 | grep -E '✗|Overall'
    fail=1
    continue
  }
  echo "$line"
done
((fail == 0)) && echo "OK: ${#units[@]} units verified"
exit "$fail"
