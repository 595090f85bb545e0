/* The current vCPU of each physical CPU. */
#include "internal.h"

static struct vcpu *current_vcpu[VCPU_MAX_CPUS];

void vcpu_set_current(struct vcpu *v)
{
    uint32_t cpu = vcpu_host_cpu_id();
    if (cpu < VCPU_MAX_CPUS)
        atomic_store_ptr((void **)&current_vcpu[cpu], v);
}

struct vcpu *vcpu_current(void)
{
    uint32_t cpu = vcpu_host_cpu_id();
    if (cpu >= VCPU_MAX_CPUS)
        return NULL;
    return (struct vcpu *)atomic_load_ptr((void *const *)&current_vcpu[cpu]);
}

void vcpu_clear_current(void)
{
    vcpu_set_current(NULL);
}
