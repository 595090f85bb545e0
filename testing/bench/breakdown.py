#!/usr/bin/env python3
"""Where the instructions of an exit round trip go: a per-function breakdown.

Usage: breakdown.py --runner runner.py --nm llvm-nm
                    --backend NAME=IMAGE100,IMAGE200:MACHINE [--backend ...]
                    [--top N] [--json FILE]

Each backend has two benchmark images that differ only in the number of round
trips (100 and 200). Both run under QEMU with one instruction per translation
block and every block logged (-singlestep -d exec,nochain), the log streamed
through a FIFO; each executed instruction is counted against its function and
against the exit kind and phase (full API or floor) running at the time (the
phase changes when the case function vtest_fn_exit_cost_<kind> or
bench_floor_run is entered). Count(200) - Count(100), divided by 100, is the
exact number of instructions per round trip spent in each function: boot,
setup and teardown cancel out. QEMU-only (Bochs has no such trace).
"""

import argparse
import bisect
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

KINDS = ["hypercall", "mmio_write", "mmio_read", "sysreg_read", "halt"]
TRACE_RE = re.compile(rb"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")


def symbols(nm, image):
    """Sorted (address, name) of the image's code symbols."""
    out = subprocess.run([nm, "-n", "--defined-only", image], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW" and not parts[2].startswith(("$", ".L")):
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def trace_counts(runner, image, machine, markers):
    """{(kind, phase, pc): instructions} for one traced run of `image`."""
    work = tempfile.mkdtemp(prefix="vcpu-trace-")
    fifo = os.path.join(work, "trace.fifo")
    os.mkfifo(fifo)
    counts = {}

    def reader():
        kind, phase = None, None
        with open(fifo, "rb") as f:
            for line in f:
                m = TRACE_RE.match(line)
                if not m:
                    continue
                pc = int(m.group(1), 16)
                mark = markers.get(pc)
                if mark is not None:
                    if mark == "floor":
                        phase = "floor"
                    else:
                        kind, phase = mark, "api"
                key = (kind, phase, pc)
                counts[key] = counts.get(key, 0) + 1

    thread = threading.Thread(target=reader)
    thread.start()
    command = [sys.executable, runner, "--machine", machine, "--image", image, "--smp", "1",
               "--timeout", "600"]
    for arg in ["-singlestep", "-d", "exec,nochain", "-D", fifo]:
        command += ["--emulator-arg=" + arg]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                          env=dict(os.environ, TEST_UNDECLARED_OUTPUTS_DIR=""))
    thread.join()
    os.unlink(fifo)
    os.rmdir(work)
    if proc.returncode != 0:
        sys.exit(f"breakdown: {image} failed:\n{proc.stdout.decode(errors='replace')}")
    return counts


def by_function(counts, syms):
    """{(kind, phase): {function: instructions}}."""
    addrs = [a for a, _ in syms]
    out = {}
    for (kind, phase, pc), n in counts.items():
        if kind is None:
            continue
        i = bisect.bisect_right(addrs, pc) - 1
        name = syms[i][1] if i >= 0 else "?"
        fn = out.setdefault((kind, phase), {})
        fn[name] = fn.get(name, 0) + n
    return out


def breakdown(args, spec):
    name, rest = spec.split("=", 1)
    images, machine = rest.rsplit(":", 1)
    small, large = images.split(",")
    per_image = []
    for image in (small, large):
        syms = symbols(args.nm, image)
        markers = {addr: "floor" for addr, sym in syms if sym == "bench_floor_run"}
        for addr, sym in syms:
            if sym.startswith("vtest_fn_exit_cost_"):
                markers[addr] = sym[len("vtest_fn_exit_cost_"):]
        per_image.append(by_function(trace_counts(args.runner, image, machine, markers), syms))
    result = {}
    for kind in KINDS:
        for phase in ("api", "floor"):
            a = per_image[0].get((kind, phase), {})
            b = per_image[1].get((kind, phase), {})
            diff = {fn: (b.get(fn, 0) - a.get(fn, 0)) / 100 for fn in set(a) | set(b)}
            diff = {fn: n for fn, n in diff.items() if abs(n) >= 0.05}
            result.setdefault(kind, {})[phase] = dict(
                sorted(diff.items(), key=lambda item: (-item[1], item[0])))
    return name, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runner", required=True)
    parser.add_argument("--nm", required=True)
    parser.add_argument("--backend", action="append", default=[])
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--json")
    args = parser.parse_args()
    results = {}
    for spec in args.backend:
        name, result = breakdown(args, spec)
        results[name] = result
        for kind, phases in result.items():
            for phase, fns in phases.items():
                total = sum(fns.values())
                print(f"{name} {kind} {phase}: {total:.1f} instructions per round trip")
                for fn, n in list(fns.items())[:args.top]:
                    print(f"    {n:8.1f}  {fn}")
    if args.json:
        path = args.json
        if not os.path.isabs(path):
            path = os.path.join(os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd()), path)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        print(f"breakdown: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
