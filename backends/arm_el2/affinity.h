/* The backend's registry of vCPUs, for PSCI AFFINITY_INFO. */
#ifndef ARM_EL2_AFFINITY_H
#define ARM_EL2_AFFINITY_H

#include <vcpu/vcpu.h>

/* Records `v` (replacing an earlier vCPU with the same VM and MPIDR). */
void arm_el2_affinity_register(struct vcpu *v);

/* PSCI AFFINITY_INFO for `target` (MPIDR affinity) in the VM of `caller`:
 * 0 ON (bound), 1 OFF, or PSCI INVALID_PARAMETERS if no such vCPU exists. */
int64_t arm_el2_affinity_info(const struct vcpu *caller, uint64_t target);

#endif
