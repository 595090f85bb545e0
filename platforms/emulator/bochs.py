"""Bochs as a machine: the GRUB ISO it boots, its bochsrc, and the driver of
its debugger.

Debian's Bochs is built with its debugger, which stops at t = 0, at the
image's magic break (`xchg %bx, %bx`, the pass signal) and at a reported
panic; drive_debugger() answers every stop over a pseudo-terminal.
"""

import os
import re
import shutil
import signal
import subprocess
import time

# COM1 of the machine, the image's console, in the work directory.
CONSOLE = "serial.txt"
# Bochs' own log files in the work directory (kept with a test's outputs).
LOGS = ("bochs.log",)

BOCHSRC = """megs: 256
cpu: model={model}, count={count}, ips=10000000, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
display_library: rfb, options="timeout=0"
ata0-master: type=cdrom, path=image.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev={console}
log: bochs.log
panic: action=fatal, {report}
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

STOP = "Next at t="
MAGIC = re.compile(r"\(\d+\) Magic breakpoint")  # may follow terminal escapes


def prepare(image, work, model, smp):
    """Writes a GRUB ISO holding `image` (a Multiboot ELF) and a bochsrc for
    CPU `model` with `smp` CPUs into `work`; returns the command line.

    Headless (rfb with no wait), sound off. The console is COM1 written to
    CONSOLE. CPU panics are reported, not fatal: Bochs 2.7 panics on a triple
    fault before it takes the SVM SHUTDOWN intercept, which a guest's triple
    fault must reach; any other panic stays fatal."""
    iso = os.path.join(work, "iso", "boot", "grub")
    os.makedirs(iso)
    shutil.copy(image, os.path.join(work, "iso", "boot", "image.elf"))
    with open(os.path.join(iso, "grub.cfg"), "w", encoding="utf-8") as f:
        f.write(GRUB_CFG)
    subprocess.run(["grub-mkrescue", "-o", os.path.join(work, "image.iso"),
                    os.path.join(work, "iso")], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    report = ", ".join(f"cpu{i}=report" for i in range(smp))
    with open(os.path.join(work, "bochsrc"), "w", encoding="utf-8") as f:
        f.write(BOCHSRC.format(model=model, count=smp, console=CONSOLE, report=report))
    return ["bochs", "-q", "-f", "bochsrc"]


def drive_debugger(command, work, timeout):
    """Runs Bochs on a pseudo-terminal in `work`: every debugger stop is
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
            if MAGIC.search(line):
                magic = True
            elif line.startswith(STOP):
                os.write(master, b"quit\n" if magic else b"c\n")
    proc.wait()
    os.close(master)
    return "".join(out), proc.returncode, False
