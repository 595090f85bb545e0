/* A fixed table of the vCPUs initialized on this backend, by VM and MPIDR. */
#include "affinity.h"

#include <vcpu/arm_el2.h>

#define MAX_VCPUS 64u
#define MPIDR_AFFINITY_MASK 0xff00ffffffull

static struct vcpu *registry[MAX_VCPUS];
static volatile uint32_t registry_lock;

static bool same_vcpu(const struct vcpu *a, const struct vcpu *b)
{
    return a->vm_id == b->vm_id && ((a->arch.vmpidr ^ b->arch.vmpidr) & MPIDR_AFFINITY_MASK) == 0;
}

void arm_el2_affinity_register(struct vcpu *v)
{
    while (__atomic_exchange_n(&registry_lock, 1, __ATOMIC_ACQUIRE))
        ;
    uint32_t free_slot = MAX_VCPUS;
    for (uint32_t i = 0; i < MAX_VCPUS; i++) {
        if (registry[i] == v || (registry[i] != NULL && same_vcpu(registry[i], v))) {
            registry[i] = v;
            free_slot = MAX_VCPUS + 1;
            break;
        }
        if (registry[i] == NULL && free_slot == MAX_VCPUS)
            free_slot = i;
    }
    if (free_slot < MAX_VCPUS)
        registry[free_slot] = v;
    __atomic_store_n(&registry_lock, 0, __ATOMIC_RELEASE);
}

int64_t arm_el2_affinity_info(const struct vcpu *caller, uint64_t target)
{
    for (uint32_t i = 0; i < MAX_VCPUS; i++) {
        const struct vcpu *v = registry[i];
        if (v == NULL || v->vm_id != caller->vm_id ||
            ((v->arch.vmpidr ^ target) & MPIDR_AFFINITY_MASK) != 0)
            continue;
        switch (vcpu_state(v)) {
        case VCPU_STATE_READY:
        case VCPU_STATE_RUNNING:
        case VCPU_STATE_BLOCKED:
            return 0;
        default:
            return 1;
        }
    }
    return ARM_PSCI_INVALID_PARAMETERS;
}
