#!/usr/bin/env python3
"""Boots an image on a machine of platforms/machines.bzl.

Usage: boot.py --machine NAME --image ELF [--smp N] [--timeout SECONDS]
               [--load FILE@ADDR]... [--data VALUE@ADDR]... [--icount]
               [--emulator-arg ARG]... [--machines JSON]

The console streams to stdout and the exit status is the image's (its
board_exit() code; 0 for a pass). This is what `bazel run //examples:hello`
runs; `bazel run //platforms/emulator:boot -- --machine NAME --image PATH`
boots any image by hand. The emulator always runs under a timeout (default
50 s, below Bazel's 60 s for a small test, or $VCPU_EMULATOR_TIMEOUT); a
timeout is status 124.

--smp sets the number of CPUs (QEMU -smp, Bochs' cpu count). --load
FILE@ADDR has QEMU copy a file's raw bytes to physical memory at ADDR, and
--data VALUE@ADDR writes a 64-bit little-endian value there (both with QEMU's
generic loader device, before any CPU starts). --icount makes QEMU count time
in instructions (-icount shift=0,sleep=off), so timers and counters are
deterministic (benchmarks; Bochs always runs at a fixed ips). --emulator-arg
appends one argument to the emulator's command line (e.g. QEMU's tracing
flags for the benchmark's breakdown).

The machines' facts (emulator, its options, exit status of a pass, CPU limit)
come from machines.json, generated from platforms/machines.bzl; --machines
names another copy. The test runner (testing/emulator/runner.py) uses this
module to boot and judges the console itself.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

sys.dont_write_bytecode = True  # never leave __pycache__ in the source tree

import bochs  # noqa: E402  (after the line above)

DEFAULT_SMP = 2


def find_up(start, relative):
    """The first `relative` path under `start` or one of its parents, or None."""
    here = os.path.abspath(start)
    while True:
        path = os.path.join(here, relative)
        if os.path.exists(path):
            return path
        if os.path.dirname(here) == here:
            return None
        here = os.path.dirname(here)


def machines_json():
    """machines.json: in the runfiles of the program that runs this file, else
    (run by hand from the source tree) the last build's in bazel-bin."""
    here = os.path.dirname(os.path.abspath(__file__))
    return (find_up(here, os.path.join("platforms", "emulator", "machines.json"))
            or find_up(os.path.realpath(here),
                       os.path.join("bazel-bin", "platforms", "emulator", "machines.json")))


class BootError(Exception):
    """The image cannot be booted as asked (the message says why)."""


class Boot:
    """One prepared boot: the command line, its work directory, where the
    console goes, and the exit status that means a pass."""

    def __init__(self, machine, command, work, console_file):
        self.machine = machine
        self.command = command
        self.work = work
        self.console_file = console_file  # None: the emulator's stdout
        self.pass_status = machine["pass_status"]

    def uses_bochs(self):
        return self.machine["emulator"] == "bochs"

    def read_console_file(self):
        """The console written to a file in the work directory ("" if none)."""
        path = os.path.join(self.work, self.console_file)
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().replace("\r", "")

    def logs(self):
        """Paths of the emulator's own log files in the work directory."""
        if not self.uses_bochs():
            return []
        return [os.path.join(self.work, name) for name in bochs.LOGS
                if os.path.exists(os.path.join(self.work, name))]

    def cleanup(self):
        shutil.rmtree(self.work, ignore_errors=True)


def load_machines(path=None):
    """The machine table: name -> facts (the emulated machines only)."""
    path = path or machines_json()
    if path is None or not os.path.exists(path):
        raise BootError(f"no machines.json ({path or 'not found'}): build "
                        "//platforms/emulator:machines, or use bazel run")
    with open(path, encoding="utf-8") as f:
        machines = json.load(f)
    return {name: m for name, m in machines.items() if m["emulator"]}


def split_at(spec):
    """Splits "WHAT@ADDR" (ADDR in C notation) into (WHAT, int address)."""
    what, sep, addr = spec.rpartition("@")
    if not sep or not what:
        raise argparse.ArgumentTypeError(f"expected WHAT@ADDR, got {spec!r}")
    return what, int(addr, 0)


def add_arguments(parser):
    """The options of a boot, shared with the test runner."""
    parser.add_argument("--machine", required=True,
                        help="a machine of platforms/machines.bzl")
    parser.add_argument("--image", required=True)
    parser.add_argument("--machines", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float,
                        default=float(os.environ.get("VCPU_EMULATOR_TIMEOUT", "50")))
    parser.add_argument("--smp", type=int, default=DEFAULT_SMP,
                        help="number of CPUs of the machine")
    parser.add_argument("--load", type=split_at, action="append", default=[],
                        metavar="FILE@ADDR", help="copy FILE's bytes to physical ADDR (QEMU)")
    parser.add_argument("--data", type=split_at, action="append", default=[],
                        metavar="VALUE@ADDR", help="write a 64-bit VALUE at physical ADDR (QEMU)")
    parser.add_argument("--icount", action="store_true",
                        help="QEMU: deterministic instruction counting")
    parser.add_argument("--emulator-arg", action="append", default=[],
                        help="extra emulator argument (repeatable)")


def loader_args(loads, datas):
    """QEMU generic-loader devices for --load and --data."""
    args = []
    for path, addr in loads:
        args += ["-device", f"loader,file={os.path.abspath(path)},addr={addr:#x},force-raw=on"]
    for value, addr in datas:
        args += ["-device", f"loader,addr={addr:#x},data={int(value, 0):#x},data-len=8"]
    return args


def find_image(path):
    """`path` as given, or taken from the directory `bazel run` started in."""
    if os.path.exists(path) or os.path.isabs(path):
        return os.path.abspath(path)
    base = os.environ.get("BUILD_WORKING_DIRECTORY")
    return os.path.abspath(os.path.join(base, path) if base else path)


def prepare(args):
    """Builds the command line of a boot from the parsed options (see
    add_arguments); raises BootError when it cannot be booted as asked."""
    machines = load_machines(args.machines)
    if args.machine not in machines:
        raise BootError(f"unknown machine {args.machine!r}; the machines are "
                        + ", ".join(sorted(machines)))
    machine = machines[args.machine]
    if not 1 <= args.smp <= machine["smp_max"]:
        raise BootError(f"--smp must be between 1 and {machine['smp_max']} on {args.machine}")
    image = find_image(args.image)
    if shutil.which(machine["emulator"]) is None:
        raise BootError(f"{machine['emulator']} not found; run ./bazelw, which installs "
                        "the emulators")
    if (args.load or args.data) and machine["emulator"] == "bochs":
        raise BootError("--load and --data need a QEMU machine")
    work = tempfile.mkdtemp(prefix="vcpu-emu-")
    if machine["emulator"] == "bochs":
        command = bochs.prepare(image, work, machine["bochs_model"], args.smp)
        console_file = bochs.CONSOLE
    else:
        command = ([machine["emulator"]] + machine["emulator_args"]
                   + ["-smp", str(args.smp), "-kernel", image]
                   + (["-icount", "shift=0,sleep=off"] if args.icount else []))
        console_file = None
    command += args.emulator_arg + loader_args(args.load, args.data)
    return Boot(machine, command, work, console_file)


def run_captured(boot, timeout):
    """Runs a prepared boot to its end; returns (emulator output, exit
    status, timed out). The output is the console unless boot.console_file
    names the file it went to."""
    if boot.uses_bochs():
        return bochs.drive_debugger(boot.command, boot.work, timeout)
    proc = subprocess.Popen(boot.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, cwd=boot.work)
    timed_out = False
    try:
        raw, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        raw, _ = proc.communicate()
    return raw.decode("utf-8", errors="replace"), proc.returncode, timed_out


def run_streaming(boot, timeout):
    """Runs a prepared boot with its console on stdout; returns (exit
    status, timed out)."""
    if boot.uses_bochs():
        # Bochs stops in its debugger; the console is COM1's file.
        _, returncode, timed_out = bochs.drive_debugger(boot.command, boot.work, timeout)
        sys.stdout.write(boot.read_console_file())
        return returncode, timed_out
    proc = subprocess.Popen(boot.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, cwd=boot.work)
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    for raw in proc.stdout:
        if boot.console_file is None:
            sys.stdout.write(raw.decode("utf-8", errors="replace").replace("\r", ""))
            sys.stdout.flush()
    proc.wait()
    timer.cancel()
    if boot.console_file is not None:
        sys.stdout.write(boot.read_console_file())
    return proc.returncode, timed_out.is_set()


def image_status(boot, returncode):
    """The exit status `bazel run` gives: 0 for a pass, else the emulator's
    (at least 1)."""
    if returncode == boot.pass_status:
        return 0
    return returncode if returncode > 0 else 1


def main():
    parser = argparse.ArgumentParser(prog="boot", description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    try:
        boot = prepare(args)
    except BootError as e:
        print(f"boot: {e}", file=sys.stderr)
        return 1
    print("boot: " + " ".join(boot.command), file=sys.stderr, flush=True)
    try:
        returncode, timed_out = run_streaming(boot, args.timeout)
    finally:
        boot.cleanup()
    if timed_out:
        print(f"boot: timed out after {args.timeout:.0f} s", file=sys.stderr)
        return 124
    return image_status(boot, returncode)


if __name__ == "__main__":
    sys.exit(main())
