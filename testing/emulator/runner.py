#!/usr/bin/env python3
"""Boots a test image on a machine and turns its console into a verdict.

Usage: runner.py --machine NAME --image ELF [--timeout SECONDS] [--smp N]
                 [--icount] [--emulator-arg ARG]... [--load FILE@ADDR]...
                 [--data VALUE@ADDR]...

The boot itself (the machine's emulator command line, the options above) is
platforms/emulator/boot.py's; this runner judges it. The console log is kept
in $TEST_UNDECLARED_OUTPUTS_DIR/console.log, per-case results are parsed from
the GoogleTest-style lines the in-image framework (vtest) prints and written
as JUnit XML to $XML_OUTPUT_FILE. The test fails on a timeout, an emulator
crash or unexpected exit status, a missing verdict line, a case count that
does not match, or any failed case.
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from xml.sax.saxutils import escape, quoteattr

sys.dont_write_bytecode = True  # never leave __pycache__ in the source tree


def boot_directory():
    """platforms/emulator, where boot.py lives with the machine table: in the
    runfiles of the test (or program) that runs this file, or in the source
    tree when run by hand."""
    here = os.path.dirname(os.path.abspath(__file__))
    while not os.path.exists(os.path.join(here, "platforms", "emulator", "boot.py")):
        if os.path.dirname(here) == here:
            sys.exit("runner: platforms/emulator/boot.py is not in this program's runfiles")
        here = os.path.dirname(here)
    return os.path.join(here, "platforms", "emulator")


sys.path.insert(0, boot_directory())
import boot  # noqa: E402  (after the path above)

RUN_RE = re.compile(r"^\[ RUN      \] (\S+)\.(\S+)")
OK_RE = re.compile(r"^\[       OK \] (\S+)\.(\S+)")
FAILED_RE = re.compile(r"^\[  FAILED  \] (\S+)\.(\S+) \(")
TOTAL_RE = re.compile(r"^\[==========\] Running (\d+) tests")


def parse_cases(lines):
    """Returns (cases, announced): cases is a list of dicts in run order."""
    cases, current, announced = [], None, None
    for line in lines:
        if m := TOTAL_RE.match(line):
            announced = int(m.group(1))
        elif m := RUN_RE.match(line):
            current = {"suite": m.group(1), "name": m.group(2), "status": "incomplete",
                       "output": []}
            cases.append(current)
        elif m := OK_RE.match(line):
            if current is not None:
                current["status"] = "passed"
            current = None
        elif m := FAILED_RE.match(line):
            if current is not None:
                current["status"] = "failed"
            current = None
        elif current is not None:
            current["output"].append(line)
    return cases, announced


def write_junit(path, target, cases, problems, console_tail):
    failures = sum(1 for c in cases if c["status"] != "passed") + (1 if problems else 0)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites tests="{len(cases) + (1 if problems else 0)}" failures="{failures}">',
        f'<testsuite name={quoteattr(target)} tests="{len(cases)}" failures="{failures}">',
    ]
    for c in cases:
        out.append(f'<testcase classname={quoteattr(c["suite"])} name={quoteattr(c["name"])}>')
        if c["status"] != "passed":
            msg = "\n".join(c["output"]) or c["status"]
            out.append(f'<failure message={quoteattr(c["status"])}>{escape(msg)}</failure>')
        out.append("</testcase>")
    if problems:
        out.append('<testcase classname="emulator" name="verdict">')
        out.append(f'<failure message={quoteattr("; ".join(problems))}>'
                   f'{escape(console_tail)}</failure>')
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def console_and_logs(run, output, outputs):
    """The image's console; for a machine whose console is a file (Bochs'
    COM1), the emulator's own output and log files go to `outputs`."""
    console = output.replace("\r", "")
    if run.console_file is None:
        return console
    with open(os.path.join(outputs, "emulator.log"), "w", encoding="utf-8") as f:
        f.write(console)
    for log in run.logs():
        shutil.copy(log, os.path.join(outputs, os.path.basename(log)))
    return run.read_console_file()


def verdict(lines, timed_out, returncode, pass_status, timeout):
    """Returns (cases, failed case names, problems) of a finished run."""
    cases, announced = parse_cases(lines)
    problems = []
    if timed_out:
        problems.append(f"timed out after {timeout:.0f} s (the image hung)")
    elif returncode != pass_status:
        problems.append(f"emulator exit status {returncode}, a pass is {pass_status}")
    if "RESULT: PASS" not in lines:
        problems.append("no 'RESULT: PASS' verdict on the console")
    if announced is None or announced != len(cases):
        problems.append(f"the image announced {announced} cases but {len(cases)} ran")
    if not cases:
        problems.append("no test case ran")
    failed = [f'{c["suite"]}.{c["name"]}' for c in cases if c["status"] != "passed"]
    if failed:
        problems.append("failed cases: " + ", ".join(failed))
    return cases, failed, problems


def main():
    parser = argparse.ArgumentParser(prog="runner", description=__doc__.splitlines()[0])
    boot.add_arguments(parser)
    args = parser.parse_args()
    try:
        run = boot.prepare(args)
    except boot.BootError as e:
        print(f"runner: {e}", file=sys.stderr)
        return 1
    outputs = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR") or tempfile.mkdtemp()
    print("runner: " + " ".join(run.command), flush=True)

    start = time.monotonic()
    try:
        output, returncode, timed_out = boot.run_captured(run, args.timeout)
        elapsed = time.monotonic() - start
        console = console_and_logs(run, output, outputs)
    finally:
        run.cleanup()
    with open(os.path.join(outputs, "console.log"), "w", encoding="utf-8") as f:
        f.write(console)
    sys.stdout.write(console)

    lines = console.splitlines()
    cases, failed, problems = verdict(lines, timed_out, returncode, run.pass_status,
                                      args.timeout)
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        write_junit(xml, os.environ.get("TEST_TARGET", args.image), cases, problems,
                    "\n".join(lines[-40:]))
    print(f"runner: {len(cases)} cases, {len(failed)} failed, {elapsed:.2f} s wall")
    if problems:
        print("runner: FAIL: " + "; ".join(problems))
        return 1
    print("runner: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
