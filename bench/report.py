"""bench/run's report: rows (JSON lines) -> Markdown table + bench.json.

    report.py ROWS.jsonl OUT.json [--smoke]

Each input line is one row: {"row", "kind", ...} where kind is
  "wrk"     a wrk measurement (rps, p50_ms, p99_ms, errors, requests, ...),
            "vs" names its ceiling: "static", "livez" or "hash";
  "hash"    the Argon2id ceiling (hashes_per_second from sesame hash-bench);
  "deliver" outbox drain (messages, seconds, rps);
  "memory"  peak RSS of a process (kib);
  "na"      a row that cannot be measured yet (note says why).
Prints the table on stdout; with --smoke, exits 1 when a row did not work
(no requests, or unexpected errors) and says which.
"""

import json
import sys


def fmt(v, digits=1):
    if v is None:
        return ""
    if isinstance(v, float):
        return "%.*f" % (digits, v)
    return str(v)


def main(argv):
    rows_path, out_path = argv[1], argv[2]
    smoke = "--smoke" in argv[3:]
    rows = [json.loads(line) for line in open(rows_path, encoding="utf-8")
            if line.strip()]

    ceilings = {}
    for r in rows:
        if r["kind"] == "wrk" and r.get("ceiling"):
            ceilings[r["ceiling"]] = r
        if r["kind"] == "hash":
            ceilings["hash"] = r
    names = {
        "static": "GET /static/sesame.css (nginx static)",
        "livez": "GET /livez (FastCGI, no database)",
        "hash": "Argon2id hashes/s, all cores",
    }

    def ceiling_rate(name):
        c = ceilings.get(name)
        if not c:
            return None
        return c.get("hashes_per_second") if name == "hash" else c.get("rps")

    failures = []
    table = [
        "| row | conns | req/s | p50 ms | p99 ms | errors | ratio | ceiling used | serve RSS MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in rows:
        kind = r["kind"]
        name = r["row"]
        if kind == "na":
            table.append("| %s | | n/a (%s) | | | | | | |" % (name, r["note"]))
            continue
        if kind == "memory":
            table.append("| %s | | | | | | | | %.1f peak |" %
                         (name, r["kib"] / 1024.0))
            continue
        if kind == "hash":
            table.append("| %s | | %s | | | | 1.00 | (ceiling: %d threads, %s s) | |"
                         % (name, fmt(float(r["hashes_per_second"])),
                            r["threads"], fmt(r["seconds"])))
            if not r.get("hashes"):
                failures.append("%s: no hash computed" % name)
            continue
        if kind == "deliver":
            vs = r.get("vs")
            base = r.get("vs_rps")
            ratio = r["rps"] / base if base else None
            table.append("| %s | | %s | | | %s | %s | %s | %s |" % (
                name, fmt(r["rps"]), fmt(r.get("left")),
                fmt(ratio, 2), vs or "", fmt(r.get("rss_kib", 0) / 1024.0)
                if r.get("rss_kib") else ""))
            r["ratio"] = ratio
            if r.get("messages", 0) <= 0:
                failures.append("%s: no message delivered" % name)
            elif r.get("left"):
                failures.append("%s: %d messages still queued" %
                                (name, r["left"]))
            continue
        # wrk row
        vs = r.get("vs")
        base = ceiling_rate(vs) if vs else None
        ratio = r["rps"] / base if base else None
        r["ratio"] = ratio
        r["ceiling_used"] = names.get(vs, "") if vs else ""
        label = r["ceiling_used"] if vs else "(ceiling)"
        errors = r["errors"]
        err_text = str(errors)
        if r.get("expected_status"):
            err_text += " (+%d expected %s)" % (r["expected_status"],
                                                r.get("expect"))
        table.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, r.get("connections", ""), fmt(r["rps"]), fmt(r["p50_ms"], 2), fmt(r["p99_ms"], 2),
            err_text, fmt(ratio, 3) if ratio is not None else
            ("1.00" if not vs else ""), label,
            fmt(r["serve_rss_kib"] / 1024.0) if r.get("serve_rss_kib") else ""))
        if r["requests"] <= 0:
            failures.append("%s: no request completed" % name)
        elif errors:
            failures.append("%s: %d errors (%d socket, %d status)" % (
                name, errors, r["socket_errors"], r["status_errors"]))

    print("\n".join(table))
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"rows": rows, "smoke": smoke,
                   "failures": failures}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    if failures:
        print("\nProblems:", file=sys.stderr)
        for x in failures:
            print("  " + x, file=sys.stderr)
        if smoke:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
