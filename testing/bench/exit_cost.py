#!/usr/bin/env python3
"""Exit-cost benchmark runner: `./bazelw run //testing/bench:exit_cost`.

Boots each row's benchmark image on its machine with deterministic
instruction counting (testing/emulator/runner.py --icount --smp 1) and prints
one table: instructions per exit round trip through the full public API, the
hand-written floor for the same guest instruction, and their ratio; then the
host core overhead of vcpu_run() over a direct backend call, counted by
valgrind's callgrind through the fake backend.

Usage: exit_cost.py --runner runner.py --core CORE_BINARY
                    --backend NAME=IMAGE:MACHINE [--backend ...]
                    [--json FILE] [--determinism]

--json FILE writes the same figures machine-readably (relative paths are
taken from the directory `bazel run` was started in). --determinism runs
everything twice and fails unless every count is identical (the test).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

KINDS = ["hypercall", "mmio_write", "mmio_read", "sysreg_read", "halt"]
# The performance targets: full API / floor per kind, and core instructions per call.
RATIO_TARGETS = {"hypercall": 1.5, "mmio_write": 2.0}
CORE_TARGET = 40
BENCH_RE = re.compile(r"^BENCH (\S+) trips=(\d+) api=(\d+) floor=(\d+)$")
CORE_TRIPS_RE = re.compile(r"core_overhead: trips=(\d+)")
TOTALS_RE = re.compile(r"^totals: (\d+)", re.M)
FN_RE = re.compile(r"^\s*([\d,]+) (?:\([^)]*\))?\s*\?\?\?:(\S+)", re.M)


def fail(message):
    print("exit_cost: " + message, file=sys.stderr)
    sys.exit(1)


def run_backend(runner, image, machine):
    """Boots one image; returns {kind: {"trips", "api", "floor"}}."""
    command = [sys.executable, runner, "--machine", machine, "--image", image, "--icount",
               "--smp", "1"]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          check=False, env=dict(os.environ, TEST_UNDECLARED_OUTPUTS_DIR=""))
    out = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        fail(f"{image} on {machine} failed:\n{out}")
    kinds = {}
    for line in out.splitlines():
        m = BENCH_RE.match(line.strip())
        if m:
            kinds[m.group(1)] = {"trips": int(m.group(2)), "api": int(m.group(3)),
                                 "floor": int(m.group(4))}
    if sorted(kinds) != sorted(KINDS):
        fail(f"{image}: expected BENCH lines for {KINDS}, got {sorted(kinds)}:\n{out}")
    return kinds


def callgrind(binary, function, work):
    """Instructions inside `function` (and its callees), and their split by function."""
    out_file = os.path.join(work, "callgrind." + function)
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=" + function,
                           "--callgrind-out-file=" + out_file, binary],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        fail(f"valgrind {binary} failed:\n{proc.stderr.decode(errors='replace')}")
    trips = CORE_TRIPS_RE.search(proc.stdout.decode())
    with open(out_file, encoding="utf-8") as f:
        totals = TOTALS_RE.search(f.read())
    if trips is None or totals is None:
        fail(f"no callgrind totals for {function}")
    annotate = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", out_file],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    split = {name: int(count.replace(",", ""))
             for count, name in FN_RE.findall(annotate.stdout.decode(errors="replace"))}
    return int(trips.group(1)), int(totals.group(1)), split


def run_core(binary):
    with tempfile.TemporaryDirectory(prefix="vcpu-callgrind-") as work:
        trips, api, api_split = callgrind(binary, "bench_api_loop", work)
        _, direct, _ = callgrind(binary, "bench_direct_loop", work)
    return {"trips": trips, "api": api, "direct": direct, "api_by_function": api_split}


def measure(args):
    results = {"backends": {}, "core": None}
    for spec in args.backend:
        name, rest = spec.split("=", 1)
        image, machine = rest.rsplit(":", 1)
        results["backends"][name] = {"machine": machine,
                                     "kinds": run_backend(args.runner, image, machine)}
    results["core"] = run_core(args.core)
    return results


def add_figures(results):
    """Adds per-trip means, ratios and target verdicts next to the raw counts."""
    for backend in results["backends"].values():
        for kind, k in backend["kinds"].items():
            k["api_per_trip"] = k["api"] / k["trips"]
            k["floor_per_trip"] = k["floor"] / k["trips"]
            k["ratio"] = k["api"] / k["floor"]
            if kind in RATIO_TARGETS:
                k["target_ratio"] = RATIO_TARGETS[kind]
                k["target_met"] = k["ratio"] <= RATIO_TARGETS[kind]
    core = results["core"]
    core["api_per_call"] = core["api"] / core["trips"]
    core["direct_per_call"] = core["direct"] / core["trips"]
    core["overhead_per_call"] = core["api_per_call"] - core["direct_per_call"]
    core["target"] = CORE_TARGET
    core["target_met"] = core["overhead_per_call"] <= CORE_TARGET


def print_table(results):
    trips = sorted({k["trips"] for b in results["backends"].values() for k in b["kinds"].values()})
    print(f"Exit cost: instructions per round trip (mean of {'/'.join(map(str, trips))} trips; "
          "QEMU: -icount shift=0,sleep=off counters; Bochs: TSC at its fixed ips)")
    print(f"{'backend':<9} {'machine':<17} {'exit':<12} {'full API':>9} {'floor':>7} "
          f"{'ratio':>6}  target")
    for name, backend in results["backends"].items():
        for kind in KINDS:
            k = backend["kinds"][kind]
            target = ""
            if "target_ratio" in k:
                verdict = "met" if k["target_met"] else "MISSED"
                target = f"<= {k['target_ratio']}x {verdict}"
            print(f"{name:<9} {backend['machine']:<17} {kind:<12} {k['api_per_trip']:9.1f} "
                  f"{k['floor_per_trip']:7.1f} {k['ratio']:6.2f}  {target}".rstrip())
    core = results["core"]
    verdict = "met" if core["target_met"] else "MISSED"
    print(f"core overhead (host, fake backend, callgrind, {core['trips']} calls): "
          f"vcpu_run() {core['api_per_call']:.1f}, direct vcpu_arch_run() "
          f"{core['direct_per_call']:.1f}, overhead {core['overhead_per_call']:.1f} "
          f"instructions per call (target <= {CORE_TARGET}: {verdict})")
    split = sorted(core["api_by_function"].items(), key=lambda item: (-item[1], item[0]))
    print("  vcpu_run() per call by function: " + ", ".join(
        f"{name} {count / core['trips']:.1f}" for name, count in split))


def counts_only(results):
    """The raw counts, which must not change between runs."""
    return {
        "backends": {n: {k: (v["api"], v["floor"]) for k, v in b["kinds"].items()}
                     for n, b in results["backends"].items()},
        "core": (results["core"]["api"], results["core"]["direct"]),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runner", required=True)
    parser.add_argument("--core", required=True)
    parser.add_argument("--backend", action="append", default=[])
    parser.add_argument("--json")
    parser.add_argument("--determinism", action="store_true")
    args = parser.parse_args()

    results = measure(args)
    if args.determinism:
        again = measure(args)
        if counts_only(results) != counts_only(again):
            fail(f"counts differ between two runs:\n{counts_only(results)}\n"
                 f"{counts_only(again)}")
        print("exit_cost: two runs gave identical counts")
    add_figures(results)
    print_table(results)
    if args.json:
        path = args.json
        if not os.path.isabs(path):
            path = os.path.join(os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd()), path)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"exit_cost: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
