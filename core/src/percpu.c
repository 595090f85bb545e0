/* Per-physical-CPU virtualization state and the registry vcpu_bind() checks. */
#include "internal.h"

static struct vcpu_percpu *registry[VCPU_MAX_CPUS];

struct vcpu_percpu *percpu_registered(uint32_t cpu)
{
    if (cpu >= VCPU_MAX_CPUS)
        return NULL;
    return (struct vcpu_percpu *)atomic_load_ptr((void *const *)&registry[cpu]);
}

void percpu_count_bound(struct vcpu_percpu *p, int delta)
{
    atomic_add_u32(&p->bound_vcpus, delta);
}

/* True if `p` is the registered per-CPU state of its CPU. */
static bool is_registered(const struct vcpu_percpu *p)
{
    return p != NULL && percpu_registered(p->cpu_id) == p;
}

int vcpu_percpu_init(struct vcpu_percpu *p, uint32_t cpu_id)
{
    if (p == NULL || cpu_id >= VCPU_MAX_CPUS)
        return VCPU_ERR_INVALID_ARG;
    if (vcpu_percpu_is_enabled(p))
        return VCPU_ERR_BUSY; /* live: disable it first */
    struct vcpu_percpu *old = percpu_registered(cpu_id);
    if (old != NULL && old != p && vcpu_percpu_is_enabled(old))
        return VCPU_ERR_BUSY;
    int rc = vcpu_arch_percpu_init(&p->arch, cpu_id);
    if (rc != VCPU_OK)
        return rc;
    /* Re-initialised for another CPU: its old CPU no longer has it. */
    if (p->cpu_id != cpu_id && p->cpu_id < VCPU_MAX_CPUS) {
        struct vcpu_percpu *expected = p;
        __atomic_compare_exchange_n(&registry[p->cpu_id], &expected, NULL, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE);
    }
    p->cpu_id = cpu_id;
    atomic_store_u32(&p->enabled, 0);
    atomic_store_u32(&p->bound_vcpus, 0);
    atomic_store_ptr((void **)&registry[cpu_id], p);
    return VCPU_OK;
}

int vcpu_percpu_hardware_enable(struct vcpu_percpu *p)
{
    if (!is_registered(p))
        return VCPU_ERR_INVALID_ARG;
    if (vcpu_host_cpu_id() != p->cpu_id)
        return VCPU_ERR_WRONG_CPU;
    if (atomic_load_u32(&p->enabled))
        return VCPU_ERR_BUSY;
    int rc = vcpu_arch_percpu_enable(&p->arch);
    if (rc != VCPU_OK)
        return rc;
    atomic_store_u32(&p->enabled, 1);
    return VCPU_OK;
}

int vcpu_percpu_hardware_disable(struct vcpu_percpu *p)
{
    if (!is_registered(p))
        return VCPU_ERR_INVALID_ARG;
    if (vcpu_host_cpu_id() != p->cpu_id)
        return VCPU_ERR_WRONG_CPU;
    if (!atomic_load_u32(&p->enabled))
        return VCPU_ERR_NOT_ENABLED;
    if (atomic_load_u32(&p->bound_vcpus) != 0)
        return VCPU_ERR_BUSY;
    int rc = vcpu_arch_percpu_disable(&p->arch);
    if (rc != VCPU_OK)
        return rc;
    atomic_store_u32(&p->enabled, 0);
    return VCPU_OK;
}

bool vcpu_percpu_is_enabled(const struct vcpu_percpu *p)
{
    return p != NULL && atomic_load_u32(&p->enabled) != 0;
}
