/* vcpu_run: deliver queued injections, enter the guest, account the exit. */
#include "internal.h"
#include "irq_queue.h"
#include "open_exit.h"

/* Hands queued injections to the backend, oldest first, until the queue is
 * empty or the backend has no room (it then keeps the rest for a later entry).
 * Returns VCPU_OK or a backend failure. */
static int deliver_queued_interrupts(struct vcpu *v)
{
    uint32_t entry;
    while (irq_queue_peek(&v->irqs, &entry)) {
        enum vcpu_trigger_mode trigger =
            (entry & IRQ_QUEUE_LEVEL) != 0 ? VCPU_TRIGGER_LEVEL : VCPU_TRIGGER_EDGE;
        int rc = vcpu_arch_queue_interrupt(v, entry & ~IRQ_QUEUE_LEVEL, trigger);
        if (rc == VCPU_ERR_BUSY)
            return VCPU_OK;
        if (rc != VCPU_OK)
            return rc;
        irq_queue_pop(&v->irqs);
    }
    return VCPU_OK;
}

int vcpu_run(struct vcpu *v, struct vcpu_exit *exit)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    uint32_t cpu = vcpu_host_cpu_id(); /* below VCPU_MAX_CPUS once it owns v */
    int rc = check_ready_on_cpu(v, cpu);
    if (rc != VCPU_OK)
        return rc;
    if (exit == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (open_exit_is_read(&v->open_exit))
        return VCPU_ERR_BAD_STATE; /* complete the read (or fault it) first */
    /* A concurrent vcpu_block() from another CPU wins the race cleanly. The
     * CAS and the load of `kick` after it pair with vcpu_kick(): either it
     * sees RUNNING and interrupts this CPU, or the load below sees its kick. */
    if (!atomic_cas_u32_sc(&v->state, VCPU_STATE_READY, VCPU_STATE_RUNNING))
        return VCPU_ERR_BAD_STATE;
    if (atomic_load_u32_sc(&v->kick) != 0) {
        atomic_store_u32(&v->kick, 0);
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_NOTHING};
        exit->raw.arch = VCPU_ARCH_EXIT_ARCH;
        v->open_exit.reason = VCPU_EXIT_NOTHING;
        v->stats.runs++;
        v->stats.exits[VCPU_EXIT_NOTHING]++;
        set_state(v, VCPU_STATE_READY);
        return VCPU_OK;
    }

    if (irq_queue_has_ready(&v->irqs)) {
        rc = deliver_queued_interrupts(v);
        if (rc != VCPU_OK)
            return fail_invalid(v, rc);
    }
    atomic_store_ptr((void **)&vcpu_core_current[cpu], v);
    rc = vcpu_arch_run(v, &v->owner->arch, exit);
    atomic_store_ptr((void **)&vcpu_core_current[cpu], NULL);
    if (rc != VCPU_OK)
        return fail_invalid(v, rc);
    if ((unsigned)exit->reason >= VCPU_EXIT_REASON_COUNT)
        return fail_invalid(v, VCPU_ERR_HARDWARE);
    open_exit_record(&v->open_exit, exit);
    v->has_run = true;
    v->stats.runs++;
    set_state(v, VCPU_STATE_READY);
    /* Consumed after READY: a kick before this point is this return's (a
     * later one sees READY and waits for the next run). */
    if (atomic_load_u32(&v->kick) != 0 && atomic_exchange_u32(&v->kick, 0) != 0 &&
        exit->reason == VCPU_EXIT_EXTERNAL_INTERRUPT)
        exit->reason = VCPU_EXIT_NOTHING; /* the kick's interrupt; the host takes it */
    v->stats.exits[exit->reason]++;
    return VCPU_OK;
}
