#!/usr/bin/env python3
"""Runs the hello image the way `bazel run //examples:hello` does and checks
what a person would see: the guest's greetings through the emulated UART, the
hypercall, the second vCPU, the poweroff, the table of exits, status 0.

Usage: hello_test.py BOOT_PY MACHINE IMAGE
"""

import re
import subprocess
import sys
import time

EXPECTED = [
    r"^hello: a VMM on the vcpu library, \w+ backend, .+, 2 physical CPUs$",
    r"^\[vCPU 0\] Hello, world! A guest is running on the vcpu library\.$",
    r"^hello: vCPU 0: hypercall MULTIPLY\(6, 7\) -> 42$",
    r"^\[vCPU 0\] The hypervisor says 6 x 7 = 42\.$",
    r"^\[vCPU 1\] Hello from vCPU 1, started through .+\.$",
    r"^\[vCPU 0\] vCPU 1 is off again\. Powering off\. Bye!$",
    r"^hello: the guest powered off$",
    r"^exits by reason +vCPU 0 +vCPU 1 +total$",
    r"^HYPERCALL +2 +0 +2$",
    r"^(MMIO|IO)_WRITE +\d+ +\d+ +\d+$",
    r"^CPU_UP +1 +0 +1$",
    r"^CPU_DOWN +0 +1 +1$",
    r"^SYSTEM_DOWN +1 +0 +1$",
    r"^vcpu_run\(\) calls +\d+ +\d+ +\d+$",
    r"^hello: exit status 0$",
]


def main():
    boot, machine, image = sys.argv[1:4]
    start = time.monotonic()
    proc = subprocess.run([sys.executable, boot, "--machine", machine, "--image", image],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60,
                          check=False)
    elapsed = time.monotonic() - start
    out = proc.stdout.decode("utf-8", errors="replace")
    print(out)
    lines = out.splitlines()
    problems = []
    position = 0
    for pattern in EXPECTED:
        regex = re.compile(pattern)
        found = next((i for i in range(position, len(lines)) if regex.match(lines[i])), None)
        if found is None:
            problems.append(f"no line matching {pattern!r} (in order)")
        else:
            position = found + 1
    mmio = next((line for line in lines if line.startswith(("MMIO_WRITE", "IO_WRITE"))), "")
    text = "".join(line.split("] ", 1)[1] + "\n" for line in lines if line.startswith("[vCPU"))
    if mmio and int(mmio.split()[-1]) != len(text):
        problems.append(f"MMIO_WRITE total is not the {len(text)} characters the guest printed")
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}, expected 0")
    if elapsed > 20:
        problems.append(f"took {elapsed:.1f} s; the main command should take a few seconds")
    for p in problems:
        print("hello_test: FAIL: " + p)
    if not problems:
        print(f"hello_test: PASS ({elapsed:.2f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
