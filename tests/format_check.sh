#!/usr/bin/env bash
# Fails (and prints the files) when any C++ source differs from clang-format.
set -euo pipefail
CF=${1:-clang-format}
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 2>/dev/null ||
                     find src tests bench -name '*.cc' -o -name '*.h')
bad=0
for f in "${files[@]}"; do
  [[ -f "$f" ]] || continue
  if ! "$CF" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run: clang-format -i $f)"
    bad=1
  fi
done
exit $bad
