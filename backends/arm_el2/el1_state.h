/* Lazy switching of the guest's EL1/EL0 system registers. */
#ifndef ARM_EL2_EL1_STATE_H
#define ARM_EL2_EL1_STATE_H

#include <vcpu/vcpu.h>

/* Sets `el1` to the architectural reset state a guest starts from. */
void arm_el2_el1_reset(uint64_t el1[ARM_EL2_EL1_REG_COUNT]);

/* Copies the calling CPU's EL1/EL0 registers into `el1`, or `el1` into them. */
void arm_el2_el1_save(uint64_t el1[ARM_EL2_EL1_REG_COUNT]);
void arm_el2_el1_restore(const uint64_t el1[ARM_EL2_EL1_REG_COUNT]);

#endif
