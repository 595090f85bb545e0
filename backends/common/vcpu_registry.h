/* A registry of the vCPUs a backend has initialized, by VM and hardware id
 * (MPIDR affinity, hart id), for firmware calls that ask about another vCPU
 * (PSCI AFFINITY_INFO, SBI HSM hart_get_status). Shared by the backends. */
#ifndef BACKENDS_COMMON_VCPU_REGISTRY_H
#define BACKENDS_COMMON_VCPU_REGISTRY_H

#include <vcpu/vcpu.h>

/* Records `v` under (vm_id, hw_id), replacing an earlier vCPU with the same
 * key or the same pointer. The vCPU's memory must stay valid while recorded.
 * Any CPU. Returns false if the registry (64 entries) is full. */
bool vcpu_registry_add(struct vcpu *v, uint64_t hw_id);

/* Returns the vCPU recorded under (vm_id, hw_id), or NULL. Any CPU. */
struct vcpu *vcpu_registry_find(vcpu_vm_id_t vm_id, uint64_t hw_id);

/* True if `v` is bound to a physical CPU (READY, RUNNING or BLOCKED): the
 * firmware view of a started CPU. */
bool vcpu_registry_is_started(const struct vcpu *v);

#endif
