/* The current vCPU of each physical CPU. */
#include "internal.h"

struct vcpu *vcpu_core_current[VCPU_MAX_CPUS];

void vcpu_set_current(struct vcpu *v)
{
    uint32_t cpu = vcpu_host_cpu_id();
    if (cpu < VCPU_MAX_CPUS)
        atomic_store_ptr((void **)&vcpu_core_current[cpu], v);
}

struct vcpu *vcpu_current(void)
{
    uint32_t cpu = vcpu_host_cpu_id();
    if (cpu >= VCPU_MAX_CPUS)
        return NULL;
    return (struct vcpu *)atomic_load_ptr((void *const *)&vcpu_core_current[cpu]);
}

void vcpu_clear_current(void)
{
    vcpu_set_current(NULL);
}
