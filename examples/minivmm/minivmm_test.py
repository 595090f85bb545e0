#!/usr/bin/env python3
"""Boots a test guest under minivmm and checks its console and exit status.

Usage: minivmm_test.py --status N [--expect TEXT]... [--min-ok N] -- MINIVMM_ARGS...

MINIVMM_ARGS are minivmm.py's (boot, machine, cpu, image, --guest, --smp). The
test passes when the exit status is N, every TEXT appears on the console, no
line reports "FAIL - ", and at least N checks report "ok - ".
"""

import argparse
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--status", type=int, required=True)
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--min-ok", type=int, default=0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    proc = subprocess.run([sys.executable] + command, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120, check=False)
    out = proc.stdout.decode("utf-8", errors="replace")
    print(out)
    problems = []
    if proc.returncode != args.status:
        problems.append(f"exit status {proc.returncode}, expected {args.status}")
    for text in args.expect:
        if text not in out:
            problems.append(f"no {text!r} on the console")
    failed = [line for line in out.splitlines() if line.startswith("FAIL - ")]
    if failed:
        problems.append("failed checks: " + "; ".join(failed))
    oks = sum(1 for line in out.splitlines() if line.startswith("ok - "))
    if oks < args.min_ok:
        problems.append(f"{oks} checks passed, expected at least {args.min_ok}")
    for p in problems:
        print("minivmm_test: FAIL: " + p)
    if not problems:
        print(f"minivmm_test: PASS ({oks} checks)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
