#!/usr/bin/env bash
# Fails, naming file:line, on any #include "X/..." in src/ of a layer that is
# not below the including file's own, and on a flow's folder including
# another flow's (src/flows/<a>/ may include flows/*.h, not flows/<b>/).
#
# The layers come as arguments, lowest first, one argument per rank with
# siblings space-separated in it: ctest passes CMakeLists.txt's
# SESAME_LAYERS, the one list. By hand, from the source tree:
#   tests/layering_check.sh core crypto storage \
#     "notify oidc captcha recovery intake" web screens flows cli
set -euo pipefail
if (($# == 0)); then
  echo "usage: $0 LAYER... (lowest first; siblings in one argument)" >&2
  exit 2
fi
ranks=""
rank=0
for line in "$@"; do
  for layer in $line; do ranks+="$layer=$rank "; done
  rank=$((rank + 1))
done
order=""
for line in "$@"; do
  [[ "$line" == *" "* ]] && line="{${line// /, }}"
  order+="${order:+ < }$line"
done

mapfile -t listed < <(git ls-files -co --exclude-standard -- 'src/*.cc' 'src/*.h' 2>/dev/null ||
                      find src -name '*.cc' -o -name '*.h')
files=()
for f in "${listed[@]}"; do [[ -f "$f" ]] && files+=("$f"); done
((${#files[@]})) || { echo "no sources under src/ (run from the source tree)" >&2; exit 2; }

awk -v ranks="$ranks" -v order="$order" '
BEGIN {
  n = split(ranks, pairs, " ")
  for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); rank[kv[1]] = kv[2] }
}
FNR == 1 {
  path = FILENAME; sub(/^src\//, "", path)
  depth = split(path, part, "/")
  layer = depth > 1 ? part[1] : ""   # src/main.cc: the executable, on top
  flow = (layer == "flows" && depth > 2) ? part[2] : ""
  if (layer != "" && !(layer in rank) && !(layer in told)) {
    printf "%s: src/%s/ is in no layer (SESAME_LAYERS)\n", FILENAME, layer
    told[layer] = 1; bad = 1
  }
}
layer != "" && (layer in rank) && /^[ \t]*#[ \t]*include[ \t]*"[^"\/]+\// {
  inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
  m = split(inc, to, "/"); target = to[1]
  if (!(target in rank)) {
    printf "%s:%d: #include \"%s\": src/%s/ is in no layer\n", FILENAME, FNR, inc, target
    bad = 1
  } else if (target != layer && rank[target] >= rank[layer]) {
    printf "%s:%d: #include \"%s\": %s may include only layers below it, not %s\n", FILENAME, FNR, inc, layer, target
    bad = 1
  } else if (flow != "" && target == "flows" && m > 2 && to[2] != flow) {
    printf "%s:%d: #include \"%s\": the flow %s includes another flow\n", FILENAME, FNR, inc, flow
    bad = 1
  }
}
END {
  if (bad) printf "layers, lowest first: %s\n", order
  exit bad
}' "${files[@]}"
