#!/usr/bin/env bash
# Fails (and prints the files) when any C++ source differs from clang-format.
# One clang-format process for every file: a process a file took minutes.
set -euo pipefail
CF=${1:-clang-format}
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 2>/dev/null ||
                     find src tests bench -name '*.cc' -o -name '*.h')
present=()
for f in "${files[@]}"; do [[ -f $f ]] && present+=("$f"); done
((${#present[@]})) || { echo "format_check: no C++ source found" >&2; exit 1; }
set +e
report=$("$CF" --style=file --dry-run --Werror "${present[@]}" 2>&1 >/dev/null)
rc=$?
set -e
((rc == 0)) && exit 0
# Each misformatted place is "FILE:LINE:COL: error: code should be
# clang-formatted"; anything else (a crash, no .clang-format) is printed.
bad=$(grep -oE '^[^:]+:[0-9]+:[0-9]+: error: code should be clang-formatted' <<<"$report" | cut -d: -f1 | sort -u)
if [[ -z $bad ]]; then
  echo "format_check: $CF failed ($rc):" >&2
  echo "$report" >&2
  exit 1
fi
while read -r f; do echo "not formatted: $f (run: clang-format -i $f)"; done <<<"$bad"
exit 1
