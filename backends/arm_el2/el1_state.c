/* The guest's EL1/EL0 system registers live in hardware while its vCPU is
 * the one loaded on a CPU; they are saved only when another vCPU is loaded
 * there or the vCPU is unbound. */
#include "el1_state.h"

#include <vcpu/types.h>

#define COUNT_ONE(name, reset, enc) +1
_Static_assert(0 EL1_REGISTERS(COUNT_ONE) == ARM_EL2_EL1_REG_COUNT,
               "ARM_EL2_EL1_REG_COUNT must match the register list");

void arm_el2_el1_reset(uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    unsigned i = 0;
#define RESET_ONE(name, reset, enc) el1[i++] = (reset);
    EL1_REGISTERS(RESET_ONE)
#undef RESET_ONE
}

void arm_el2_el1_save(uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    unsigned i = 0;
#define SAVE_ONE(name, reset, enc) __asm__ volatile("mrs %0, " #name : "=r"(el1[i++]));
    EL1_REGISTERS(SAVE_ONE)
#undef SAVE_ONE
}

void arm_el2_el1_restore(const uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    unsigned i = 0;
#define RESTORE_ONE(name, reset, enc) __asm__ volatile("msr " #name ", %0" : : "r"(el1[i++]));
    EL1_REGISTERS(RESTORE_ONE)
#undef RESTORE_ONE
    __asm__ volatile("isb");
}

int arm_el2_el1_index(vcpu_sysreg_t sysreg)
{
#define ENCODING_ONE(name, reset, enc) (enc),
    static const vcpu_sysreg_t encodings[ARM_EL2_EL1_REG_COUNT] = {EL1_REGISTERS(ENCODING_ONE)};
#undef ENCODING_ONE
    for (unsigned i = 0; i < ARM_EL2_EL1_REG_COUNT; i++) {
        if (encodings[i] == sysreg)
            return (int)i;
    }
    return -1;
}
