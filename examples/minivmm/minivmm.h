/* minivmm: a reference VMM that boots an external guest image on the vcpu
 * library. The runner (minivmm.py) has QEMU copy the image's raw bytes to a
 * staging area and writes a handoff record (magic, size, vCPU count) before
 * any CPU starts; the VMM loads the image into guest RAM, writes a device tree
 * and starts vCPU 0 the way firmware does. Machine facts and the device tree
 * are per ISA (minivmm_<arch>.c). */
#ifndef EXAMPLES_MINIVMM_MINIVMM_H
#define EXAMPLES_MINIVMM_MINIVMM_H

#include "examples/vmm/vmm.h"

/* "MINIVMM1" read as a little-endian 64-bit number; minivmm.py writes it. */
#define MINIVMM_HANDOFF_MAGIC 0x314d4d56494e494dull

/* What the runner wrote at the machine's handoff address. */
struct minivmm_handoff {
    uint64_t magic;
    uint64_t image_size; /* bytes at the staging address */
    uint64_t vcpus;      /* --smp */
};

/* Memory layout of the machine (host physical addresses in the emulator's
 * RAM; guest physical addresses as the guest sees them). The same numbers are
 * in minivmm.py. */
struct minivmm_machine {
    vcpu_gpa_t ram_gpa; /* guest RAM, as on the real board */
    vcpu_hpa_t ram_hpa; /* the host memory behind it */
    uint64_t ram_size;
    vcpu_hpa_t staging_hpa; /* where the runner puts the image file */
    uint64_t staging_size;
    vcpu_hpa_t handoff_hpa; /* where the runner puts struct minivmm_handoff */
    vcpu_gpa_t dt_gpa;      /* where the device tree goes */
    uint32_t dt_max;        /* room for it */
    uint16_t elf_machine;   /* EM_AARCH64 / EM_RISCV */
};

extern const struct minivmm_machine minivmm_machine;

/* Where a flat binary goes: the board's kernel address, or what the image's
 * own header asks for (an arm64 Image's text_offset). */
vcpu_gpa_t minivmm_arch_flat_gpa(const uint8_t *image, uint64_t size);

/* Maps what the guest needs besides RAM into the stage-2 tables of `s2root`
 * and adds the emulated devices (the UART) to `vm`. Returns VCPU_OK or an
 * error. */
int minivmm_arch_add_devices(struct vmm_vm *vm);

/* Writes the device tree for `vcpus` vCPUs into buf[0, cap): memory, CPUs,
 * the UART (also as stdout-path) and the firmware interface. Returns its
 * size, or 0 if it did not fit. */
uint32_t minivmm_arch_build_dt(void *buf, uint32_t cap, uint32_t vcpus);

#endif /* EXAMPLES_MINIVMM_MINIVMM_H */
