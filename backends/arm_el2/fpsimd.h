/* Lazy switching of the guest FP/SIMD register file (fpsimd.S). */
#ifndef ARM_EL2_FPSIMD_H
#define ARM_EL2_FPSIMD_H

#include <vcpu/vcpu.h>

/* Copies the calling CPU's q0..q31, FPCR and FPSR into `fp`, or `fp` into
 * them. EL2 only, with CPTR_EL2.TFP clear. */
void arm_el2_fpsimd_save(struct arm_el2_fpsimd *fp);
void arm_el2_fpsimd_restore(const struct arm_el2_fpsimd *fp);

#endif
