#!/usr/bin/env python3
"""Boots a test image under its emulator and turns the console into a verdict.

Usage: run_emulator.py --platform NAME --image ELF [--timeout SECONDS]
                       [--smp N] [--icount] [--emulator-arg ARG]...
       run_emulator.py --plain --platform NAME --image ELF [--smp N]
                       [--load FILE@ADDR]... [--data VALUE@ADDR]...

The emulator always runs under a timeout (default 50 s, below Bazel's 60 s for
a small test, or $VCPU_EMULATOR_TIMEOUT).
The console log is kept in $TEST_UNDECLARED_OUTPUTS_DIR/console.log, per-case
results are parsed from the GoogleTest-style lines the in-image harness prints
and written as JUnit XML to $XML_OUTPUT_FILE. The test fails on a timeout, an
emulator crash or unexpected exit status, a missing verdict line, a case count
that does not match, or any failed case.

With --plain it is a plain runner for `bazel run` (//examples): the console
streams to stdout, no test cases are parsed, and the exit status is the
image's (its board_exit() code; 0 for a pass). --smp sets the number of
CPUs, --load FILE@ADDR has QEMU copy a file's raw bytes to physical memory at
ADDR, and --data VALUE@ADDR writes a 64-bit little-endian value there (both
with QEMU's generic loader device, before any CPU starts).

--smp also sets Bochs' CPU count. --icount makes QEMU count time in
instructions (-icount shift=0,sleep=off), so timers and counters are
deterministic (benchmarks; Bochs always runs at a fixed ips). --emulator-arg
appends one argument to the emulator's command line (e.g. QEMU's tracing
flags for the benchmark's breakdown).
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from xml.sax.saxutils import escape, quoteattr

BOCHSRC = """megs: 256
cpu: model={model}, count=2, ips=10000000, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
display_library: rfb, options="timeout=0"
ata0-master: type=cdrom, path=image.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=serial.txt
log: bochs.log
panic: action=fatal, cpu0=report, cpu1=report
error: action=report
info: action=report
debug: action=ignore
clock: sync=none, time0=1
speaker: enabled=0
sound: driver=dummy
magic_break: enabled=1
"""

GRUB_CFG = """set timeout=0
set default=0
menuentry "vcpu test image" {
    multiboot /boot/image.elf
    boot
}
"""


def bochs(model):
    """Bochs boots the image from a GRUB ISO made in `work`; headless (rfb with
    no wait), sound off, its debugger driven by drive_bochs_debugger() (a magic
    break ends a passing run with status 0; a failing one exits 1). The console
    is COM1 written to serial.txt. CPU panics are reported, not fatal: Bochs
    2.7 panics on a triple fault before it takes the SVM SHUTDOWN intercept,
    which a guest's triple fault must reach."""

    def build(image, work):
        iso = os.path.join(work, "iso", "boot", "grub")
        os.makedirs(iso)
        shutil.copy(image, os.path.join(work, "iso", "boot", "image.elf"))
        with open(os.path.join(iso, "grub.cfg"), "w", encoding="utf-8") as f:
            f.write(GRUB_CFG)
        subprocess.run(["grub-mkrescue", "-o", os.path.join(work, "image.iso"),
                        os.path.join(work, "iso")], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        with open(os.path.join(work, "bochsrc"), "w", encoding="utf-8") as f:
            f.write(BOCHSRC.format(model=model))
        return ["bochs", "-q", "-f", "bochsrc"]

    return build


# The number of CPUs the QEMU entries give the machine (--smp changes it).
SMP = ["2"]

# emulator -> (command line builder, exit status that means "pass", console
# file in the work directory or None for the emulator's stdout).
PLATFORMS = {
    "qemu_virt_aarch64": (
        lambda image, work: [
            "qemu-system-aarch64", "-M", "virt,virtualization=on", "-cpu", "cortex-a72",
            "-smp", SMP[0], "-m", "256M", "-semihosting", "-nographic", "-no-reboot",
            "-kernel", image,
        ],
        0,
        None,
    ),
    "qemu_virt_riscv64": (
        lambda image, work: [
            "qemu-system-riscv64", "-M", "virt", "-cpu", "rv64", "-smp", SMP[0], "-m", "256M",
            "-nographic", "-no-reboot", "-bios", "default", "-kernel", image,
        ],
        0,
        None,
    ),
    "qemu_x86_64_svm": (
        lambda image, work: [
            "qemu-system-x86_64", "-cpu", "max", "-smp", SMP[0], "-m", "256M", "-display", "none",
            "-serial", "stdio", "-no-reboot", "-net", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-kernel", image,
        ],
        33,
        None,
    ),
    "bochs_ryzen": (bochs("ryzen"), 0, "serial.txt"),
    "bochs_skylake": (bochs("corei7_skylake_x"), 0, "serial.txt"),
}
# The VMX platform's own emulator is Bochs' Skylake-X.
PLATFORMS["bochs_x86_64_vmx"] = PLATFORMS["bochs_skylake"]

BOCHS_STOP = "Next at t="
BOCHS_MAGIC = re.compile(r"\(\d+\) Magic breakpoint")  # may follow terminal escapes


def drive_bochs_debugger(command, work, timeout):
    """Runs Bochs (built with its debugger, which stops at t=0, at a magic
    break, and at a reported panic) on a pseudo-terminal: every stop is
    answered with "c" (continue), except the image's magic break, the pass
    signal, which is answered with "quit" (exit status 0). Returns (output,
    exit status, timed out)."""
    import pty
    import select
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True, cwd=work)
    os.close(slave)
    deadline = time.monotonic() + timeout
    out, pending, magic = [], "", False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            os.close(master)
            return "".join(out), proc.returncode, True
        ready, _, _ = select.select([master], [], [], min(left, 1.0))
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536).decode("utf-8", errors="replace")
        except OSError:  # the other end closed: Bochs exited
            break
        if not chunk:
            break
        out.append(chunk)
        pending += chunk
        *lines, pending = pending.split("\n")
        for line in lines:
            line = line.strip("\r")
            if BOCHS_MAGIC.search(line):
                magic = True
            elif line.startswith(BOCHS_STOP):
                os.write(master, b"quit\n" if magic else b"c\n")
    proc.wait()
    os.close(master)
    return "".join(out), proc.returncode, False

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


def split_at(spec):
    """Splits "WHAT@ADDR" (ADDR in C notation) into (WHAT, int address)."""
    what, sep, addr = spec.rpartition("@")
    if not sep or not what:
        raise argparse.ArgumentTypeError(f"expected WHAT@ADDR, got {spec!r}")
    return what, int(addr, 0)


def loader_args(loads, datas):
    """QEMU generic-loader devices for --load and --data."""
    args = []
    for path, addr in loads:
        args += ["-device", f"loader,file={os.path.abspath(path)},addr={addr:#x},force-raw=on"]
    for value, addr in datas:
        args += ["-device", f"loader,addr={addr:#x},data={int(value, 0):#x},data-len=8"]
    return args


def tune(command, work, icount, smp):
    """Applies --icount (QEMU) and --smp (Bochs: to the bochsrc its builder
    wrote in `work`; QEMU's command line already has it)."""
    if command[0].startswith("qemu-"):
        return command + (["-icount", "shift=0,sleep=off"] if icount else [])
    if command[0] == "bochs":
        rc = os.path.join(work, command[command.index("-f") + 1])
        with open(rc, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"count=\d+", f"count={smp}", text)
        # Per-CPU log settings (panic: ..., cpu1=report) of CPUs that do not
        # exist are an error for Bochs.
        text = re.sub(r",\s*cpu(\d+)=\w+",
                      lambda m: "" if int(m.group(1)) >= smp else m.group(0), text)
        with open(rc, "w", encoding="utf-8") as f:
            f.write(text)
    return command


def run_plain(command, work, console_file, pass_status, timeout):
    """Streams the console and returns the image's exit status."""
    print("runner: " + " ".join(command), file=sys.stderr, flush=True)
    if command[0] == "bochs":
        # Bochs stops in its debugger; the console is COM1's file.
        _, returncode, timed_out = drive_bochs_debugger(command, work, timeout)
        path = os.path.join(work, console_file)
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                sys.stdout.write(f.read().replace("\r", ""))
        shutil.rmtree(work, ignore_errors=True)
        if timed_out:
            print(f"runner: timed out after {timeout:.0f} s", file=sys.stderr)
            return 124
        return 0 if returncode == pass_status else max(returncode, 1)
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, cwd=work)
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    for raw in proc.stdout:
        if console_file is None:
            sys.stdout.write(raw.decode("utf-8", errors="replace").replace("\r", ""))
            sys.stdout.flush()
    proc.wait()
    timer.cancel()
    if console_file is not None and os.path.exists(os.path.join(work, console_file)):
        with open(os.path.join(work, console_file), encoding="utf-8", errors="replace") as f:
            sys.stdout.write(f.read().replace("\r", ""))
    shutil.rmtree(work, ignore_errors=True)
    if timed_out.is_set():
        print(f"runner: timed out after {timeout:.0f} s", file=sys.stderr)
        return 124
    if proc.returncode == pass_status:
        return 0
    return proc.returncode if proc.returncode > 0 else 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--platform", required=True, choices=sorted(PLATFORMS))
    parser.add_argument("--image", required=True)
    parser.add_argument("--timeout", type=float,
                        default=float(os.environ.get("VCPU_EMULATOR_TIMEOUT", "50")))
    parser.add_argument("--plain", action="store_true",
                        help="just run the image: stream the console, exit with its status")
    parser.add_argument("--smp", type=int, default=2, help="number of CPUs of the machine")
    parser.add_argument("--load", type=split_at, action="append", default=[],
                        metavar="FILE@ADDR", help="copy FILE's bytes to physical ADDR (QEMU)")
    parser.add_argument("--data", type=split_at, action="append", default=[],
                        metavar="VALUE@ADDR", help="write a 64-bit VALUE at physical ADDR (QEMU)")
    parser.add_argument("--icount", action="store_true",
                        help="QEMU: deterministic instruction counting")
    parser.add_argument("--emulator-arg", action="append", default=[],
                        help="extra emulator argument (repeatable)")
    args = parser.parse_args()
    if not 1 <= args.smp <= 8:
        parser.error("--smp must be between 1 and 8")
    SMP[0] = str(args.smp)

    build_command, pass_status, console_file = PLATFORMS[args.platform]
    work = tempfile.mkdtemp(prefix="vcpu-emu-")
    command = tune(build_command(os.path.abspath(args.image), work), work, args.icount,
                   args.smp) + args.emulator_arg
    if shutil.which(command[0]) is None:
        print(f"runner: {command[0]} not found; run ./bazelw, which installs the emulators",
              file=sys.stderr)
        return 1
    if args.load or args.data:
        if not command[0].startswith("qemu-"):
            parser.error("--load and --data need a QEMU platform")
        command += loader_args(args.load, args.data)
    if args.plain:
        return run_plain(command, work, console_file, pass_status, args.timeout)
    outputs = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR") or tempfile.mkdtemp()
    print("runner: " + " ".join(command), flush=True)

    start = time.monotonic()
    if command[0] == "bochs":
        text, returncode, timed_out = drive_bochs_debugger(command, work, args.timeout)
    else:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True, cwd=work)
        timed_out = False
        try:
            raw, _ = proc.communicate(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            raw, _ = proc.communicate()
        text, returncode = raw.decode("utf-8", errors="replace"), proc.returncode
    elapsed = time.monotonic() - start
    console = text.replace("\r", "")
    if console_file is not None:
        path = os.path.join(work, console_file)
        emulator_log = console
        console = ""
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                console = f.read().replace("\r", "")
        with open(os.path.join(outputs, "emulator.log"), "w", encoding="utf-8") as f:
            f.write(emulator_log)
        for name in ("bochs.log",):
            if os.path.exists(os.path.join(work, name)):
                shutil.copy(os.path.join(work, name), os.path.join(outputs, name))
    with open(os.path.join(outputs, "console.log"), "w", encoding="utf-8") as f:
        f.write(console)
    sys.stdout.write(console)

    lines = console.splitlines()
    cases, announced = parse_cases(lines)
    problems = []
    if timed_out:
        problems.append(f"timed out after {args.timeout:.0f} s (the image hung)")
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

    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        write_junit(xml, os.environ.get("TEST_TARGET", args.image), cases, problems,
                    "\n".join(lines[-40:]))
    shutil.rmtree(work, ignore_errors=True)
    print(f"runner: {len(cases)} cases, {len(failed)} failed, {elapsed:.2f} s wall")
    if problems:
        print("runner: FAIL: " + "; ".join(problems))
        return 1
    print("runner: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
