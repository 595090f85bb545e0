#!/usr/bin/env python3
"""Proves the runner fails a failing image and a hanging image, and passes a
passing one, with per-case JUnit XML, on each machine given.

Usage: runner_selftest.py RUNNER (MACHINE PASS_IMAGE FAIL_IMAGE HANG_IMAGE)...
"""

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def run(runner, machine, image, timeout):
    """Runs the runner on `image`; returns (exit status, parsed XML root, output)."""
    xml_path = tempfile.mktemp(suffix=".xml")
    env = dict(os.environ, XML_OUTPUT_FILE=xml_path, TEST_UNDECLARED_OUTPUTS_DIR=tempfile.mkdtemp())
    proc = subprocess.run(
        [runner, "--machine", machine, "--image", image, "--timeout", str(timeout)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    root = ET.parse(xml_path).getroot()
    return proc.returncode, root, proc.stdout


def failures(root):
    return [tc.get("classname") + "." + tc.get("name") for tc in root.iter("testcase")
            if tc.find("failure") is not None]


def check(runner, machine, pass_image, fail_image, hang_image):
    """Returns the list of ways the runner misjudged the three images."""
    errors = []
    status, root, out = run(runner, machine, pass_image, 30)
    if status != 0 or failures(root):
        errors.append(f"{machine}: passing image: status {status}, failures {failures(root)}\n{out}")
    names = [tc.get("name") for tc in root.iter("testcase")]
    if names != ["arithmetic", "second_cpu_runs_work"]:
        errors.append(f"{machine}: passing image: unexpected cases {names}")

    status, root, out = run(runner, machine, fail_image, 30)
    if status == 0 or "harness_fail.fails_on_purpose" not in failures(root):
        errors.append(f"{machine}: failing image: status {status}, failures {failures(root)}\n{out}")

    # Bochs boots through its BIOS and GRUB first: give the hang time to start.
    status, root, out = run(runner, machine, hang_image, 10 if "bochs" in machine else 3)
    if status == 0 or "timed out" not in out or "harness_hang.spins_forever" not in failures(root):
        errors.append(f"{machine}: hanging image: status {status}, failures {failures(root)}\n{out}")
    return errors


def main():
    runner, groups = sys.argv[1], sys.argv[2:]
    errors = []
    for i in range(0, len(groups), 4):
        errors += check(runner, *groups[i:i + 4])
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("PASS: the runner passes a passing image and fails a failing and a hanging one, "
              "on every machine given")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
