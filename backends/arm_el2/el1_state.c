/* The guest's EL1/EL0 system registers live in hardware while its vCPU is
 * the one loaded on a CPU; they are saved only when another vCPU is loaded
 * there or the vCPU is unbound. */
#include "el1_state.h"

/* Every register switched, in save order; `reset` is its value at vCPU start. */
#define EL1_REGISTERS(X)                                                                           \
    X(sctlr_el1, 0x30d00800)                                                                       \
    X(cpacr_el1, 0)                                                                                \
    X(ttbr0_el1, 0)                                                                                \
    X(ttbr1_el1, 0)                                                                                \
    X(tcr_el1, 0)                                                                                  \
    X(esr_el1, 0)                                                                                  \
    X(afsr0_el1, 0)                                                                                \
    X(afsr1_el1, 0)                                                                                \
    X(far_el1, 0)                                                                                  \
    X(mair_el1, 0)                                                                                 \
    X(vbar_el1, 0)                                                                                 \
    X(contextidr_el1, 0)                                                                           \
    X(amair_el1, 0)                                                                                \
    X(cntkctl_el1, 0)                                                                              \
    X(par_el1, 0)                                                                                  \
    X(tpidr_el1, 0)                                                                                \
    X(sp_el1, 0)                                                                                   \
    X(elr_el1, 0)                                                                                  \
    X(spsr_el1, 0)                                                                                 \
    X(sp_el0, 0)                                                                                   \
    X(tpidr_el0, 0)                                                                                \
    X(tpidrro_el0, 0)                                                                              \
    X(csselr_el1, 0)                                                                               \
    X(cntv_ctl_el0, 0)                                                                             \
    X(cntv_cval_el0, 0)

#define COUNT_ONE(name, reset) +1
_Static_assert(0 EL1_REGISTERS(COUNT_ONE) == ARM_EL2_EL1_REG_COUNT,
               "ARM_EL2_EL1_REG_COUNT must match the register list");

void arm_el2_el1_reset(uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    unsigned i = 0;
#define RESET_ONE(name, reset) el1[i++] = (reset);
    EL1_REGISTERS(RESET_ONE)
#undef RESET_ONE
}

void arm_el2_el1_save(uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    unsigned i = 0;
#define SAVE_ONE(name, reset) __asm__ volatile("mrs %0, " #name : "=r"(el1[i++]));
    EL1_REGISTERS(SAVE_ONE)
#undef SAVE_ONE
}

void arm_el2_el1_restore(const uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    unsigned i = 0;
#define RESTORE_ONE(name, reset) __asm__ volatile("msr " #name ", %0" : : "r"(el1[i++]));
    EL1_REGISTERS(RESTORE_ONE)
#undef RESTORE_ONE
    __asm__ volatile("isb");
}
