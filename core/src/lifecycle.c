/* The vCPU state machine: init, setup, bind, unbind, block, unblock, entry,
 * destroy. */
#include "internal.h"
#include "irq_queue.h"
#include "vcpu_registry.h"

/* Releases the physical CPU `v` is bound to, if any. */
static void release_owner(struct vcpu *v)
{
    if (v->owner == NULL)
        return;
    percpu_count_bound(v->owner, -1);
    v->owner = NULL;
    v->owner_cpu = VCPU_NO_CPU;
}

int fail_invalid(struct vcpu *v, int err)
{
    /* An INVALID vCPU no longer holds its CPU, so the CPU can be disabled. */
    release_owner(v);
    set_state(v, VCPU_STATE_INVALID);
    return err;
}

int check_register_access(const struct vcpu *v)
{
    switch (state_of(v)) {
    case VCPU_STATE_CREATED:
    case VCPU_STATE_FREE:
        return VCPU_OK;
    case VCPU_STATE_READY:
    case VCPU_STATE_BLOCKED:
        return on_owning_cpu(v) ? VCPU_OK : VCPU_ERR_WRONG_CPU;
    default:
        return VCPU_ERR_BAD_STATE;
    }
}

int vcpu_init(struct vcpu *v, vcpu_vm_id_t vm_id, vcpu_id_t id, int favor_cpu, uint64_t cpu_mask,
              const struct vcpu_create_config *cfg)
{
    if (v == NULL || favor_cpu >= (int)VCPU_MAX_CPUS)
        return VCPU_ERR_INVALID_ARG;
    if (favor_cpu >= 0 && cpu_mask != 0 && !((cpu_mask >> favor_cpu) & 1))
        return VCPU_ERR_INVALID_ARG;
    if (atomic_load_u32(&v->live) == VCPU_LIVE_MAGIC || state_of(v) != VCPU_STATE_INVALID)
        return VCPU_ERR_BAD_STATE;
    int rc = registry_reserve(v);
    if (rc != VCPU_OK)
        return rc;
    atomic_store_u32(&v->live, VCPU_LIVE_MAGIC);
    v->owner_cpu = VCPU_NO_CPU;
    v->owner = NULL;
    v->vm_id = vm_id;
    v->id = id;
    v->favor_cpu = favor_cpu < 0 ? VCPU_NO_CPU : favor_cpu;
    v->cpu_mask = cpu_mask;
    v->has_run = false;
    atomic_store_u32(&v->kick, 0);
    v->open_exit = (struct vcpu_open_exit){0};
    v->stats = (struct vcpu_stats){0};
    irq_queue_init(&v->irqs);
    rc = vcpu_arch_init(v, cfg);
    if (rc != VCPU_OK) {
        registry_remove(v);
        return fail_invalid(v, rc);
    }
    registry_publish(v, vm_id, vcpu_arch_hw_id(v));
    set_state(v, VCPU_STATE_CREATED);
    return VCPU_OK;
}

int vcpu_setup(struct vcpu *v, vcpu_gpa_t entry_gpa, vcpu_hpa_t npt_root_hpa,
               const struct vcpu_setup_config *cfg)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (state_of(v) != VCPU_STATE_CREATED)
        return VCPU_ERR_BAD_STATE;
    int rc = vcpu_arch_setup(v, entry_gpa, npt_root_hpa, cfg);
    if (rc != VCPU_OK)
        return fail_invalid(v, rc);
    set_state(v, VCPU_STATE_FREE);
    return VCPU_OK;
}

int vcpu_bind(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (state_of(v) != VCPU_STATE_FREE)
        return VCPU_ERR_BAD_STATE;
    uint32_t cpu = vcpu_host_cpu_id();
    if (cpu >= VCPU_MAX_CPUS || (v->cpu_mask != 0 && !((v->cpu_mask >> cpu) & 1)))
        return VCPU_ERR_WRONG_CPU;
    struct vcpu_percpu *p = percpu_registered(cpu);
    if (!vcpu_percpu_is_enabled(p))
        return VCPU_ERR_NOT_ENABLED;
    v->owner_cpu = (int32_t)cpu;
    v->owner = p;
    percpu_count_bound(p, +1);
    int rc = vcpu_arch_bind(v, &p->arch);
    if (rc != VCPU_OK)
        return fail_invalid(v, rc);
    set_state(v, VCPU_STATE_READY);
    return VCPU_OK;
}

int vcpu_unbind(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    int rc = check_ready_on_owner(v);
    if (rc != VCPU_OK)
        return rc;
    /* Held as RUNNING while the backend saves the state: a racing
     * vcpu_block() either took READY first (then this fails) or fails. */
    if (!atomic_cas_u32(&v->state, VCPU_STATE_READY, VCPU_STATE_RUNNING))
        return VCPU_ERR_BAD_STATE;
    rc = vcpu_arch_unbind(v, &v->owner->arch);
    if (rc != VCPU_OK)
        return fail_invalid(v, rc);
    release_owner(v);
    atomic_store_u32(&v->kick, 0);
    set_state(v, VCPU_STATE_FREE);
    return VCPU_OK;
}

int vcpu_block(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (!atomic_cas_u32(&v->state, VCPU_STATE_READY, VCPU_STATE_BLOCKED))
        return VCPU_ERR_BAD_STATE;
    return VCPU_OK;
}

int vcpu_unblock(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (!atomic_cas_u32(&v->state, VCPU_STATE_BLOCKED, VCPU_STATE_READY))
        return VCPU_ERR_BAD_STATE;
    return VCPU_OK;
}

int vcpu_set_entry(struct vcpu *v, vcpu_gpa_t gpa)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    int rc = check_register_access(v);
    if (rc != VCPU_OK)
        return rc;
    if (v->has_run)
        return VCPU_ERR_BAD_STATE;
    rc = vcpu_arch_set_entry(v, gpa);
    if (rc != VCPU_OK)
        return fail_invalid(v, rc);
    return VCPU_OK;
}

int vcpu_destroy(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (atomic_load_u32(&v->live) != VCPU_LIVE_MAGIC)
        return VCPU_OK; /* zeroed or already destroyed */
    switch (state_of(v)) {
    case VCPU_STATE_READY:
    case VCPU_STATE_RUNNING:
    case VCPU_STATE_BLOCKED:
        return VCPU_ERR_BAD_STATE;
    default:
        break;
    }
    vcpu_arch_destroy(v);
    registry_remove(v);
    __builtin_memset(v, 0, sizeof(*v));
    return VCPU_OK;
}
