/* Basic types shared by the whole public API. */
#ifndef VCPU_TYPES_H
#define VCPU_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Guest physical address. */
typedef uint64_t vcpu_gpa_t;
/* Host physical address. */
typedef uint64_t vcpu_hpa_t;
/* vCPU id inside its VM; id 0 is the bootstrap processor. */
typedef uint32_t vcpu_id_t;
/* VM id. */
typedef uint32_t vcpu_vm_id_t;
/* x86 I/O port. */
typedef uint16_t vcpu_port_t;
/* System register address: ARM64 = ISS Op0/Op1/CRn/CRm/Op2 encoding (see
 * VCPU_SYSREG_ARM64), RISC-V = CSR number, x86 = MSR index. */
typedef uint32_t vcpu_sysreg_t;

/* Number of physical CPUs the library can track (per-CPU state, current vCPU,
 * cpu_mask bits). A cpu_mask is a uint64_t, one bit per physical CPU. */
#define VCPU_MAX_CPUS 64u

/* Number of vCPUs that can be initialized at once: vcpu_init() records each
 * in the library's vCPU registry until it is initialized again, and fails
 * with VCPU_ERR_BUSY when the registry is full. */
#define VCPU_MAX_VCPUS 64u

/* Width of a guest memory, port or register access. */
enum vcpu_access_width {
    VCPU_WIDTH_8 = 0,
    VCPU_WIDTH_16 = 1,
    VCPU_WIDTH_32 = 2,
    VCPU_WIDTH_64 = 3,
};

/* ARM64 system-register encoding as it appears in the ESR ISS of a trapped
 * MSR/MRS: Op0 << 20 | Op2 << 17 | Op1 << 14 | CRn << 10 | CRm << 1. */
#define VCPU_SYSREG_ARM64(op0, op1, crn, crm, op2)                                                 \
    ((vcpu_sysreg_t)(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1)))

/* Bit flags describing a guest mapping (what lib/stage2's stage2_map() takes;
 * it documents how each table format encodes them) or an attempted guest
 * access (struct vcpu_npf_info: one of READ, WRITE, EXECUTE). */
enum vcpu_map_flags {
    VCPU_MAP_READ = 1u << 0,
    VCPU_MAP_WRITE = 1u << 1,
    VCPU_MAP_EXECUTE = 1u << 2,
    VCPU_MAP_USER = 1u << 3,     /* the guest's user mode may use it too */
    VCPU_MAP_DEVICE = 1u << 4,   /* device memory (no caching, no merging) */
    VCPU_MAP_UNCACHED = 1u << 5, /* normal memory, not cached */
};

/* Interrupt trigger mode. */
enum vcpu_trigger_mode {
    VCPU_TRIGGER_EDGE = 0,
    VCPU_TRIGGER_LEVEL = 1,
};

/* Facts of a nested (stage-2 / G-stage / EPT / NPT) page fault. */
struct vcpu_npf_info {
    vcpu_gpa_t fault_gpa;
    uint32_t access_flags; /* enum vcpu_map_flags of the attempted access */
};

/* A register named to vcpu_get_reg() / vcpu_set_reg(). Opaque: build it with
 * VCPU_REG_PC, VCPU_REG_SP or VCPU_REG_SYSREG(); any other value is an unknown
 * register (VCPU_ERR_INVALID_ARG). General registers have their own calls
 * (vcpu_get_gpr() / vcpu_set_gpr()). */
typedef uint64_t vcpu_reg_t;

/* The guest program counter (ELR/PC on ARM64, sepc/pc on RISC-V, RIP on x86). */
#define VCPU_REG_PC ((vcpu_reg_t)1 << 32)
/* The guest stack pointer of the mode it runs in (SP_EL1 or SP_EL0 as PSTATE
 * selects on ARM64, x2 on RISC-V, RSP on x86). */
#define VCPU_REG_SP ((vcpu_reg_t)2 << 32)
/* A system register the backend saves for the guest: an ARM64 EL1 register
 * (VCPU_SYSREG_ARM64 encoding), a RISC-V VS CSR (CSR number), an x86 MSR or
 * control register (see the backend's documentation for the list). */
#define VCPU_REG_SYSREG(sysreg) (((vcpu_reg_t)3 << 32) | (vcpu_reg_t)(vcpu_sysreg_t)(sysreg))

/* The nested page-table format a backend expects at vcpu_setup()'s
 * npt_root_hpa. */
struct vcpu_stage2_format {
    uint32_t levels;   /* translation levels walked from the root */
    uint32_t granule;  /* page size in bytes (4096) */
    uint32_t ipa_bits; /* guest physical address bits the root covers */
};

/* Returns the size in bytes (1, 2, 4 or 8) of `width`; 0 for a value outside
 * enum vcpu_access_width. Pure; callable on any CPU. */
unsigned vcpu_width_bytes(enum vcpu_access_width width);

/* Converts a size in bytes into an access width. Stores the width in *out and
 * returns VCPU_OK for 1, 2, 4 or 8; returns VCPU_ERR_INVALID_ARG (and leaves
 * *out untouched) for any other size or a NULL `out`. Pure; any CPU. */
int vcpu_width_from_bytes(unsigned bytes, enum vcpu_access_width *out);

/* The value a guest register receives when a read of `width` completes with
 * `value`: `value` truncated to `width`; if `signed_ext`, sign-extended from
 * `width` to `reg_width`; then zero-extended from `reg_width` to 64 bits (the
 * ARM64 W-register rule; pass VCPU_WIDTH_64 for a full register). Returns 0 for
 * a width outside the enum. Pure; any CPU. Backends use it to complete reads. */
uint64_t vcpu_read_value_extend(uint64_t value, enum vcpu_access_width width, bool signed_ext,
                                enum vcpu_access_width reg_width);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_TYPES_H */
