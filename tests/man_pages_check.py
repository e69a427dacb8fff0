#!/usr/bin/python3
"""The man pages list everything the code knows: deploy/gen-man writes
sesame(8) and sesame.toml(5) (from `sesame --help` and the README's key
tables); every command src/main.cc dispatches must be a command of
sesame(8), and every key the config parser reads (printed by
sesame-config-keys, KnownConfigKeys) a key of sesame.toml(5) — and no key
listed there may be one the parser does not know.

    tests/man_pages_check.py SESAME_BIN CONFIG_KEYS_BIN
"""
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def terms(page):
    """The first line after each .TP, as plain text."""
    lines = page.splitlines()
    out = []
    for i, line in enumerate(lines[:-1]):
        if line == ".TP":
            t = re.sub(r"\\f[BIR]", "", lines[i + 1]).replace("\\-", "-")
            out.append(t.replace("\\&", ""))
    return out


def main():
    sesame, keys_bin = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["/usr/bin/python3", os.path.join(REPO, "deploy", "gen-man"),
                        "--sesame", sesame, "--readme",
                        os.path.join(REPO, "README.md"), "--out", out],
                       check=True)
        with open(os.path.join(out, "sesame.8"), encoding="utf-8") as f:
            man8 = f.read()
        with open(os.path.join(out, "sesame.toml.5"), encoding="utf-8") as f:
            man5 = f.read()

    with open(os.path.join(REPO, "src", "main.cc"), encoding="utf-8") as f:
        commands = sorted(set(re.findall(r'command == "([a-z-]+)"', f.read())))
    assert commands, "no command found in src/main.cc"
    listed = {t.split(" ")[0] for t in terms(man8)}
    for c in commands:
        if c not in listed:
            failures.append("sesame(8) lacks the command %r (add it to the "
                            "usage text of src/main.cc)" % c)

    known = set(subprocess.run([keys_bin], check=True, text=True,
                               capture_output=True).stdout.split())
    assert known, "sesame-config-keys printed no key"
    documented = set()
    for t in terms(man5):
        documented.update(k.strip() for k in t.split(",") if k.strip())
    # Tables of free keys (`translations.<lang>`, `x.*`) are not the parser's
    # fixed keys.
    documented = {k for k in documented if "*" not in k and "<" not in k}
    for k in sorted(known - documented):
        failures.append("sesame.toml(5) lacks the key %s (add it to a key "
                        "table of README.md)" % k)
    for k in sorted(documented - known):
        failures.append("sesame.toml(5) lists %s, which the parser does not "
                        "know (README.md key tables)" % k)
    if failures:
        print("\n".join(failures))
        return 1
    print("OK: %d commands in sesame(8), %d keys in sesame.toml(5)"
          % (len(commands), len(known)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
