#!/usr/bin/env python3
"""Boots a guest image under minivmm: `./bazelw run //examples:minivmm --
--guest PATH [--smp N]`.

Bazel passes the boot program (platforms/emulator/boot.py), the machine, its
CPU and the minivmm image built for it; the user passes the guest image (a
flat binary or an ELF; a relative PATH is taken from the directory `bazel run`
was started in) and the number of vCPUs. The image's bytes go to minivmm's
staging area and a handoff record (magic, size, vCPUs) to its handoff address,
both through QEMU's generic loader; the exit status is the guest's (0 when it
powers off). The addresses are those of examples/minivmm/minivmm_<cpu>.c.
"""

import argparse
import os
import subprocess
import sys

MAGIC = int.from_bytes(b"MINIVMM1", "little")

# cpu -> (staging address, staging size, handoff address)
LAYOUT = {
    "aarch64": (0x4C000000, 0x03FF0000, 0x4FFF0000),
    "riscv64": (0x8C000000, 0x03000000, 0x8F000000),
}


def main():
    parser = argparse.ArgumentParser(prog="minivmm", description=__doc__.splitlines()[0])
    parser.add_argument("--boot", required=True, help=argparse.SUPPRESS)
    parser.add_argument("--machine", required=True, help=argparse.SUPPRESS)
    parser.add_argument("--cpu", required=True, choices=sorted(LAYOUT), help=argparse.SUPPRESS)
    parser.add_argument("--image", required=True, help=argparse.SUPPRESS)
    parser.add_argument("--guest", required=True, help="the guest image (flat binary or ELF)")
    parser.add_argument("--smp", type=int, default=1, help="number of vCPUs (1-4)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds before the emulator is stopped")
    args = parser.parse_args()

    guest = os.path.join(os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd()), args.guest)
    staging, staging_size, handoff = LAYOUT[args.cpu]
    if not os.path.isfile(guest):
        parser.error(f"no guest image at {guest}")
    size = os.path.getsize(guest)
    if not 0 < size <= staging_size:
        parser.error(f"the guest image must be 1 to {staging_size} bytes, not {size}")
    if not 1 <= args.smp <= 4:
        parser.error("--smp must be between 1 and 4")
    command = [
        sys.executable, args.boot, "--machine", args.machine, "--image", args.image,
        "--smp", str(max(args.smp, 2)),
        "--load", f"{guest}@{staging:#x}",
        "--data", f"{MAGIC:#x}@{handoff:#x}",
        "--data", f"{size}@{handoff + 8:#x}",
        "--data", f"{args.smp}@{handoff + 16:#x}",
    ]
    if args.timeout is not None:
        command += ["--timeout", str(args.timeout)]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
