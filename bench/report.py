"""bench/run's report: rows (JSON lines) -> Markdown table + bench.json.

    report.py ROWS.jsonl OUT.json [--smoke]

Each input line is one row: {"row", "kind", ...} where kind is
  "wrk"     a wrk measurement (rps, p50_ms, p99_ms, errors, requests, ...),
            "vs" names its ceiling: "static", "livez" or "hash";
            "target", a ratio the row should reach (shown, not enforced).
            A full reset row also has "resets" and "links" (303 answers of
            the links it was given);
  "hash"    the Argon2id ceiling (hashes_per_second from sesame hash-bench);
  "deliver" a queue drained by sesame deliver: count (requests handled or
            messages sent), left, failed, seconds, rps, vs_rps; the mail
            throughput rows also db_statements and db_commits (per mail)
            and smtp_connections;
  "interleave" A2: sequential POST /forgot, existing and unknown accounts
            (or POST /interieur/regeneration, existing agent and unknown
            facts) interleaved (bench/interleave.py): p50/p99 of each kind,
            and on the existing row median_gap_pct and p99_gap_pct;
  "scale"   --scale: req/s at scale over req/s with the small dataset
            (ratio, target);
  "inbox"   time to inbox: POST /forgot at a paced rate (half of "vs"'s
            req/s) -> the mail or SMS in the catcher: rate, sent_rate,
            count, missing, failed, p50_ms, p99_ms, max_ms and the targets
            target_p50_ms, target_p99_ms (shown, not enforced);
  "info"    a line of context (note);
  "memory"  peak RSS of a process (kib);
  "na"      a row that cannot be measured yet (note says why); with
            "fail": true, a row that should have been measured.
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
            if r.get("fail"):
                failures.append("%s: %s" % (name, r["note"]))
            continue
        if kind == "hash_compare":
            base = ceiling_rate("hash")
            rate = float(r["hashes_per_second"])
            table.append("| %s | | %s | | | | %s | Argon2id hashes/s, all cores | |"
                         % (name, fmt(rate), fmt(rate / base, 3) if base else ""))
            continue
        if kind == "info":
            table.append("| %s | | | | | | | %s | |" % (name, r["note"]))
            continue
        if kind == "scale":
            ratio = r.get("ratio")
            extra = ""
            if r.get("p99_ratio") is not None:
                extra = ", p99 x %.2f" % r["p99_ratio"]
            table.append("| %s | | %s / %s | | | | %s | req/s at scale ÷ small; target ≥ %.2f%s | |" % (
                name, fmt(r["rps_big"]), fmt(r["rps_small"]),
                fmt(ratio, 3) if ratio is not None else "",
                r.get("target", 0.85), extra))
            if ratio is None:
                failures.append("%s: no ratio" % name)
            continue
        if kind == "interleave":
            gap = r.get("median_gap_pct")
            if gap is not None:
                ratio_text = "%+.1f %%" % gap
                label = ("median gap vs unknown (p99 %+.1f %%); target ≤ 5 %%"
                         % r["p99_gap_pct"]) if r.get("p99_gap_pct") is not None \
                    else "median gap vs unknown; target ≤ 5 %"
            else:
                ratio_text, label = "", "(reference of the gap)"
            table.append("| %s | %s | %s | %s | %s | %s | %s | %s | |" % (
                name + " (%d sequential)" % r["requests"], r.get("connections", 1),
                fmt(r["rps"]), fmt(r["p50_ms"], 2), fmt(r["p99_ms"], 2),
                r["errors"], ratio_text, label))
            if r["requests"] <= 0:
                failures.append("%s: no request completed" % name)
            elif r["errors"]:
                failures.append("%s: %d answers other than 303" % (name, r["errors"]))
            continue
        if kind == "inbox":
            missing = (r.get("missing") or 0) + (r.get("failed") or 0)
            label = ("paced at %s/s (sent %s/s; %s: %s/s); target p50 ≤ %d ms,"
                     " p99 ≤ %d ms; max %s ms" % (
                         fmt(r["rate"]), fmt(r["sent_rate"]), r.get("vs", ""),
                         fmt(r.get("vs_rps")),
                         r["target_p50_ms"], r["target_p99_ms"],
                         fmt(r.get("max_ms"), 0)))
            table.append("| %s (%d of %d) | 8 | %s | %s | %s | %s | | %s | |" % (
                name, r["count"], r["requests"], fmt(r["sent_rate"]),
                fmt(r["p50_ms"]), fmt(r["p99_ms"]), missing, label))
            if r["count"] <= 0:
                failures.append("%s: nothing arrived" % name)
            elif missing:
                failures.append("%s: %d missing" % (name, missing))
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
            unit = r.get("unit", "messages")
            count = r.get("count", r.get("messages", 0))
            left, failed = r.get("left") or 0, r.get("failed") or 0
            err_text = str(left + failed)
            if left or failed:
                err_text += " (%d left, %d failed)" % (left, failed)
            what = "%d %s" % (count, unit)
            if r.get("sample_step", 1) > 1:
                what = "%d of %d stored %s" % (count, r["stored"], unit)
            if r.get("cpu_seconds") is not None:
                # deliver's CPU time over the whole drain (both queues).
                what += ", deliver CPU %.1f s" % r["cpu_seconds"]
            label = vs or ""
            if r.get("db_statements") is not None:
                # What a message cost the database (MariaDB's counters).
                label += "%sDB %.2f statements, %.2f commits a %s" % (
                    "; " if label else "", r["db_statements"],
                    r["db_commits"], unit.rstrip("s"))
            if r.get("smtp_connections"):
                label += "; %s SMTP connections" % r["smtp_connections"]
            table.append("| %s (%s in %.1f s) | | %s | | | %s | %s | %s | %s |" % (
                name, what, r.get("seconds", 0.0), fmt(r["rps"]),
                err_text, fmt(ratio, 2), label,
                fmt(r.get("rss_kib", 0) / 1024.0) + " (deliver)"
                if r.get("rss_kib") else ""))
            r["ratio"] = ratio
            if count <= 0:
                failures.append("%s: no %s" % (name, unit))
            elif left:
                failures.append("%s: %d %s still queued" % (name, left, unit))
            elif failed:
                failures.append("%s: %d %s failed" % (name, failed, unit))
            continue
        # wrk row
        vs = r.get("vs")
        base = ceiling_rate(vs) if vs else None
        r["ceiling_used"] = names.get(vs, "") if vs else ""
        if vs == "hash" and r.get("hash_before") and r.get("hash_after"):
            # The ceiling measured just before and just after the row.
            if base:
                r["ratio_to_run_ceiling"] = r["rps"] / base
            base = (r["hash_before"] + r["hash_after"]) / 2
            r["ceiling_used"] = ("Argon2id hashes/s around the row (%s before, "
                                 "%s after)" % (fmt(r["hash_before"]),
                                                fmt(r["hash_after"])))
        ratio = r["rps"] / base if base else None
        r["ratio"] = ratio
        label = r["ceiling_used"] if vs else "(ceiling)"
        if r.get("links"):
            label += "; %d of %d links spent" % (r.get("resets", 0), r["links"])
        if r.get("target") is not None:
            label += "; target ≥ %.2f" % r["target"]
        if r.get("db_statements", 0) >= 0.5:
            label += "; DB %.1f statements, %.1f commits a request" % (
                r["db_statements"], r["db_commits"])
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
