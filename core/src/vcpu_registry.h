/* Internal: the registry of initialized vCPUs (see "provided by the core" in
 * <vcpu/arch.h> for the lookup backends use). vcpu_init() owns the records:
 * it reserves one before the backend initializes the vCPU, publishes it
 * under (VM id, vcpu_arch_hw_id()) when that succeeded, and removes it when
 * it failed; vcpu_destroy() removes it. All functions
 * are callable from any CPU concurrently (a spinlock guards the table). */
#ifndef VCPU_CORE_VCPU_REGISTRY_H
#define VCPU_CORE_VCPU_REGISTRY_H

#include <vcpu/vcpu.h>

/* Reserves the record of `v` (not yet found by lookups): the one `v` already
 * has, whatever its key, else a free one.
 * Returns VCPU_OK, or VCPU_ERR_BUSY when `v` has no record and all
 * VCPU_MAX_VCPUS are taken (then nothing changed). */
int registry_reserve(const struct vcpu *v);

/* Makes the reserved record of `v` found under (vm_id, hw_id), and drops
 * the record of any other vCPU with that key (the newer one replaces it). */
void registry_publish(const struct vcpu *v, vcpu_vm_id_t vm_id, uint64_t hw_id);

/* Drops the record of `v`, if it has one; its slot is free again. */
void registry_remove(const struct vcpu *v);

#endif /* VCPU_CORE_VCPU_REGISTRY_H */
