/* Lazy switching of the guest's EL1/EL0 system registers. */
#ifndef ARM_EL2_EL1_STATE_H
#define ARM_EL2_EL1_STATE_H

#include <vcpu/vcpu.h>

/* Every register switched, in save order (the order of enum arm_el2_el1_reg);
 * `reset` is its value at vCPU start, `enc` its VCPU_SYSREG_ARM64 address. */
#define EL1_REGISTERS(X)                                                                           \
    X(sctlr_el1, 0x30d00800, VCPU_SYSREG_ARM64(3, 0, 1, 0, 0))                                     \
    X(cpacr_el1, 0, VCPU_SYSREG_ARM64(3, 0, 1, 0, 2))                                              \
    X(ttbr0_el1, 0, VCPU_SYSREG_ARM64(3, 0, 2, 0, 0))                                              \
    X(ttbr1_el1, 0, VCPU_SYSREG_ARM64(3, 0, 2, 0, 1))                                              \
    X(tcr_el1, 0, VCPU_SYSREG_ARM64(3, 0, 2, 0, 2))                                                \
    X(esr_el1, 0, VCPU_SYSREG_ARM64(3, 0, 5, 2, 0))                                                \
    X(afsr0_el1, 0, VCPU_SYSREG_ARM64(3, 0, 5, 1, 0))                                              \
    X(afsr1_el1, 0, VCPU_SYSREG_ARM64(3, 0, 5, 1, 1))                                              \
    X(far_el1, 0, VCPU_SYSREG_ARM64(3, 0, 6, 0, 0))                                                \
    X(mair_el1, 0, VCPU_SYSREG_ARM64(3, 0, 10, 2, 0))                                              \
    X(vbar_el1, 0, VCPU_SYSREG_ARM64(3, 0, 12, 0, 0))                                              \
    X(contextidr_el1, 0, VCPU_SYSREG_ARM64(3, 0, 13, 0, 1))                                        \
    X(amair_el1, 0, VCPU_SYSREG_ARM64(3, 0, 10, 3, 0))                                             \
    X(cntkctl_el1, 0, VCPU_SYSREG_ARM64(3, 0, 14, 1, 0))                                           \
    X(par_el1, 0, VCPU_SYSREG_ARM64(3, 0, 7, 4, 0))                                                \
    X(tpidr_el1, 0, VCPU_SYSREG_ARM64(3, 0, 13, 0, 4))                                             \
    X(sp_el1, 0, VCPU_SYSREG_ARM64(3, 4, 4, 1, 0))                                                 \
    X(elr_el1, 0, VCPU_SYSREG_ARM64(3, 0, 4, 0, 1))                                                \
    X(spsr_el1, 0, VCPU_SYSREG_ARM64(3, 0, 4, 0, 0))                                               \
    X(sp_el0, 0, VCPU_SYSREG_ARM64(3, 0, 4, 1, 0))                                                 \
    X(tpidr_el0, 0, VCPU_SYSREG_ARM64(3, 3, 13, 0, 2))                                             \
    X(tpidrro_el0, 0, VCPU_SYSREG_ARM64(3, 3, 13, 0, 3))                                           \
    X(csselr_el1, 0, VCPU_SYSREG_ARM64(3, 2, 0, 0, 0))                                             \
    X(cntv_ctl_el0, 0, VCPU_SYSREG_ARM64(3, 3, 14, 3, 1))                                          \
    X(cntv_cval_el0, 0, VCPU_SYSREG_ARM64(3, 3, 14, 3, 2))

/* Index of each register in the saved array: ARM_EL2_EL1_<name>. */
enum arm_el2_el1_reg {
#define INDEX_ONE(name, reset, enc) ARM_EL2_EL1_##name,
    EL1_REGISTERS(INDEX_ONE)
#undef INDEX_ONE
};

/* Sets `el1` to the architectural reset state a guest starts from. */
void arm_el2_el1_reset(uint64_t el1[ARM_EL2_EL1_REG_COUNT]);

/* Copies the calling CPU's EL1/EL0 registers into `el1`, or `el1` into them. */
void arm_el2_el1_save(uint64_t el1[ARM_EL2_EL1_REG_COUNT]);
void arm_el2_el1_restore(const uint64_t el1[ARM_EL2_EL1_REG_COUNT]);

/* The index in the saved array of the register at VCPU_SYSREG_ARM64 address
 * `sysreg`, or -1 if the backend does not switch it. Pure. */
int arm_el2_el1_index(vcpu_sysreg_t sysreg);

#endif
