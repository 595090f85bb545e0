/* Internal helpers shared by the core's source files. */
#ifndef VCPU_CORE_INTERNAL_H
#define VCPU_CORE_INTERNAL_H

#include "atomic.h"

#include <vcpu/arch.h>
#include <vcpu/vcpu.h>

static inline enum vcpu_state state_of(const struct vcpu *v)
{
    return (enum vcpu_state)atomic_load_u32(&v->state);
}

static inline void set_state(struct vcpu *v, enum vcpu_state s)
{
    atomic_store_u32(&v->state, (uint32_t)s);
}

static inline bool on_owning_cpu(const struct vcpu *v)
{
    return v->owner_cpu >= 0 && vcpu_host_cpu_id() == (uint32_t)v->owner_cpu;
}

/* The rule for calls that need the vCPU READY on its owning CPU, for a
 * caller that already knows its CPU id: VCPU_OK, VCPU_ERR_BAD_STATE or
 * VCPU_ERR_WRONG_CPU. */
static inline int check_ready_on_cpu(const struct vcpu *v, uint32_t cpu)
{
    if (state_of(v) != VCPU_STATE_READY)
        return VCPU_ERR_BAD_STATE;
    return v->owner_cpu >= 0 && cpu == (uint32_t)v->owner_cpu ? VCPU_OK : VCPU_ERR_WRONG_CPU;
}

/* The same rule for calls that do not need the CPU id otherwise (unbind). */
static inline int check_ready_on_owner(const struct vcpu *v)
{
    if (state_of(v) != VCPU_STATE_READY)
        return VCPU_ERR_BAD_STATE;
    return on_owning_cpu(v) ? VCPU_OK : VCPU_ERR_WRONG_CPU;
}

/* The current vCPU of each physical CPU (current.c); run.c writes a CPU's
 * slot directly, having checked the CPU id once. */
extern struct vcpu *vcpu_core_current[VCPU_MAX_CPUS];

/* Returns the per-CPU state registered for physical CPU `cpu`, or NULL. */
struct vcpu_percpu *percpu_registered(uint32_t cpu);

/* Counts a vCPU bound (+1) or unbound (-1) on the CPU of `p`. */
void percpu_count_bound(struct vcpu_percpu *p, int delta);

/* The rule for register access (set/get gpr, return value, set_entry):
 * CREATED/FREE from any CPU, READY/BLOCKED on the owning CPU only. Returns
 * VCPU_OK, VCPU_ERR_WRONG_CPU or VCPU_ERR_BAD_STATE (INVALID, RUNNING). */
int check_register_access(const struct vcpu *v);

/* Moves `v` to INVALID after a backend failure and returns `err`. */
int fail_invalid(struct vcpu *v, int err);

#endif /* VCPU_CORE_INTERNAL_H */
