/* Backend state layout of the ARM EL2 (aarch64, non-VHE) backend. */
#ifndef VCPU_BACKEND_ARM_EL2_STATE_H
#define VCPU_BACKEND_ARM_EL2_STATE_H

#include <vcpu/types.h>
#include <vcpu_backend/arm_el2_vmid.h>

#ifdef __cplusplus
extern "C" {
#endif

/* x0..x30 by architectural index; the hypercall return register is x0. */
#define VCPU_ARCH_GPR_COUNT 31u
#define VCPU_ARCH_RETURN_GPR 0u
/* Injectable vectors are GIC interrupt ids (SGIs, PPIs and SPIs). */
#define VCPU_ARCH_VECTOR_MIN 0u
#define VCPU_ARCH_VECTOR_MAX 1019u
#define VCPU_ARCH_VECTOR_VALID(v) ((v) <= VCPU_ARCH_VECTOR_MAX)
/* Level-triggered injection is not delivered yet (VCPU_ERR_NOT_SUPPORTED). */
#define VCPU_ARCH_TRIGGER_LEVEL 0
#define VCPU_ARCH_EXIT_ARCH VCPU_ARCH_ARM64

/* Most GICv2 list registers the backend uses (hardware may have fewer). */
#define ARM_EL2_MAX_LRS 16u
/* EL1/EL0 system registers switched lazily (see el1_state.c). */
#define ARM_EL2_EL1_REG_COUNT 25u

/* Options of vcpu_init(). */
struct vcpu_create_config {
    uint64_t mpidr; /* the guest's MPIDR_EL1 affinity; 0 means the vCPU id in Aff0 */
};

/* Options of vcpu_setup(); zero fields take the QEMU virt defaults. */
struct vcpu_setup_config {
    uint64_t x0;        /* initial x0 (e.g. the device tree address) */
    uint64_t vtcr;      /* VTCR_EL2; 0 = 4 KiB granule, 32-bit IPA, start at level 1 */
    uint64_t gich_base; /* GICv2 virtual interface control; 0 = 0x08030000 */
    uint64_t gicc_base; /* physical GICv2 CPU interface; 0 = 0x08010000 */
    /* Nonzero: the guest reaches the physical PMU directly (MDCR_EL2.TPM and
     * TPMCR clear), sharing its counters with the host and every other guest
     * on the CPU. Only for measurement images (the exit-cost benchmark); the
     * default traps every PMU access to the VMM as a SYSREG exit. */
    uint32_t pmu_passthrough;
};

/* Guest general registers and the exception return state, as the world
 * switch (switch.S) saves them. The layout is used by assembly. */
struct arm_el2_guest_regs {
    uint64_t x[31];
    uint64_t pc;   /* ELR_EL2 */
    uint64_t spsr; /* SPSR_EL2 */
};

/* The guest's FP/SIMD registers while another vCPU (or nobody) owns the
 * CPU's: q0..q31, then FPCR and FPSR. Layout used by assembly (fpsimd.S). */
struct arm_el2_fpsimd {
    _Alignas(16) uint64_t q[64];
    uint64_t fpcr, fpsr;
};

struct vcpu_arch {
    struct arm_el2_guest_regs regs;
    uint64_t el1[ARM_EL2_EL1_REG_COUNT];
    struct arm_el2_fpsimd fp;
    uint64_t hcr, vtcr, vmpidr;
    uint64_t mdcr; /* MDCR_EL2 trap bits of the guest (HPMN is the host's) */
    uint64_t root; /* stage-2 table (VTTBR_EL2.BADDR) */
    uint64_t gich_base, gicc_base;
    uint32_t lr[ARM_EL2_MAX_LRS]; /* GICH list registers while not running */
    uint32_t gich_vmcr, gich_apr;
    uint32_t flush_stage2; /* invalidate stage-2 TLBs at the next entry */
    uint32_t el1_loaded;   /* el1[] lives in the owning CPU's registers */
    uint32_t fp_loaded;    /* fp lives in the owning CPU's registers */
};

/* Where the world switch keeps the host's callee-saved state; TPIDR_EL2 of
 * each CPU points at its struct while virtualization is enabled. Layout used
 * by assembly. */
struct arm_el2_cpu_context {
    uint64_t host_x19_x30[12];
    uint64_t host_sp;
    struct arm_el2_guest_regs *guest;
};

struct vcpu_arch_percpu {
    struct arm_el2_cpu_context ctx; /* first: assembly finds it at TPIDR_EL2 */
    uint32_t cpu_id;
    uint32_t vmid_bits; /* 8 or 16 (ID_AA64MMFR1_EL1.VMIDBits) */
    uint64_t saved_vbar, saved_hcr, saved_tpidr, saved_mdcr, saved_cnthctl, saved_cptr;
    const void *loaded;              /* the vCPU whose EL1 state is in the registers */
    const void *fp_owner;            /* the vCPU whose FP/SIMD state is in the registers */
    struct arm_el2_vmid_table vmids; /* this CPU's VMID owners */
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_BACKEND_ARM_EL2_STATE_H */
