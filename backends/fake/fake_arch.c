/* The fake backend's implementation of the arch contract (<vcpu/arch.h>):
 * a software vCPU whose exits come from vcpu_fake_queue_exit(). */
#include <vcpu/arch.h>
#include <vcpu/fake.h>

/* Consumes a pending vcpu_fake_fail_next(): returns VCPU_ERR_HARDWARE once. */
static int take_failure(uint32_t *fail_next)
{
    if (__atomic_exchange_n(fail_next, 0, __ATOMIC_ACQ_REL) != VCPU_FAKE_FAIL_MAGIC)
        return VCPU_OK;
    return VCPU_ERR_HARDWARE;
}

int vcpu_arch_percpu_init(struct vcpu_arch_percpu *ap, uint32_t cpu_id)
{
    *ap = (struct vcpu_arch_percpu){.cpu_id = cpu_id};
    return VCPU_OK;
}

int vcpu_arch_percpu_enable(struct vcpu_arch_percpu *ap)
{
    if (ap->unsupported)
        return VCPU_ERR_NOT_SUPPORTED;
    int rc = take_failure(&ap->fail_next);
    if (rc != VCPU_OK)
        return rc;
    ap->hw_on = 1;
    return VCPU_OK;
}

int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap)
{
    int rc = take_failure(&ap->fail_next);
    if (rc != VCPU_OK)
        return rc;
    ap->hw_on = 0;
    return VCPU_OK;
}

int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg)
{
    /* A failure requested before init survives the reset of the state; the
     * magic value keeps stale memory of a never-initialized vCPU from
     * counting as a request. */
    int rc = take_failure(&v->arch.fail_next);
    v->arch = (struct vcpu_arch){0};
    if (rc != VCPU_OK)
        return rc;
    if (cfg != NULL) {
        for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++)
            v->arch.gpr[i] = cfg->initial_gpr[i];
    }
    v->arch.pc_step = 4;
    return VCPU_OK;
}

uint64_t vcpu_arch_hw_id(const struct vcpu *v)
{
    return v->id;
}

int vcpu_arch_setup(struct vcpu *v, vcpu_gpa_t entry, vcpu_hpa_t npt_root,
                    const struct vcpu_setup_config *cfg)
{
    int rc = take_failure(&v->arch.fail_next);
    if (rc != VCPU_OK)
        return rc;
    v->arch.pc = entry;
    v->arch.npt_root = npt_root;
    if (cfg != NULL && cfg->pc_step != 0)
        v->arch.pc_step = cfg->pc_step;
    return VCPU_OK;
}

int vcpu_arch_set_entry(struct vcpu *v, vcpu_gpa_t entry)
{
    int rc = take_failure(&v->arch.fail_next);
    if (rc != VCPU_OK)
        return rc;
    v->arch.pc = entry;
    return VCPU_OK;
}

int vcpu_arch_bind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    int rc = take_failure(&v->arch.fail_next);
    if (rc != VCPU_OK)
        return rc;
    v->arch.cpu = ap;
    return VCPU_OK;
}

int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)ap; /* the one bind got: v->arch.cpu */
    int rc = take_failure(&v->arch.fail_next);
    if (rc != VCPU_OK)
        return rc;
    v->arch.cpu = NULL;
    return VCPU_OK;
}

int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger)
{
    struct vcpu_arch *a = &v->arch;
    if (a->delivered_count >= VCPU_FAKE_DELIVERED_MAX)
        return VCPU_ERR_BUSY;
    a->delivered[a->delivered_count++] =
        trigger == VCPU_TRIGGER_LEVEL ? vector | VCPU_FAKE_DELIVERED_LEVEL : vector;
    return VCPU_OK;
}

/* True if the guest PC moves past the instruction that caused `reason`. */
static bool exit_advances_pc(enum vcpu_exit_reason reason)
{
    return reason != VCPU_EXIT_NESTED_PAGE_FAULT && reason != VCPU_EXIT_FAIL_ENTRY &&
           reason != VCPU_EXIT_NOTHING && reason != VCPU_EXIT_UNKNOWN;
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    int rc = take_failure(&a->fail_next);
    if (rc != VCPU_OK)
        return rc;
    a->entries++;
    ap->entries++;
    if (a->pending_fault != 0) {
        a->last_fault = a->pending_fault - 1;
        a->faults_delivered++;
        a->pending_fault = 0;
    }
    if (__atomic_exchange_n(&a->kick_in_guest, 0, __ATOMIC_ACQ_REL) != 0) {
        vcpu_kick(v); /* another CPU's kick, arriving while the guest runs */
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_EXTERNAL_INTERRUPT};
    } else if (a->exit_count == 0) {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_NOTHING};
    } else {
        *exit = a->exits[a->exit_head];
        a->exit_head = (a->exit_head + 1) % VCPU_FAKE_EXIT_QUEUE_SIZE;
        a->exit_count--;
    }
    exit->raw.arch = VCPU_ARCH_FAKE;
    if (exit_advances_pc(exit->reason))
        a->pc += a->pc_step;
    return VCPU_OK;
}

uint64_t vcpu_arch_get_gpr(const struct vcpu *v, unsigned idx)
{
    return v->arch.gpr[idx];
}

void vcpu_arch_set_gpr(struct vcpu *v, unsigned idx, uint64_t val)
{
    v->arch.gpr[idx] = val;
}

int vcpu_arch_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value)
{
    uint32_t reg;
    uint64_t extended;
    if (exit->reason == VCPU_EXIT_IO_READ) { /* into register 0, zero-extended */
        if (vcpu_width_bytes(exit->io_read.width) == 0)
            return VCPU_ERR_INVALID_ARG;
        reg = 0;
        extended = vcpu_read_value_extend(value, exit->io_read.width, false, VCPU_WIDTH_64);
    } else {
        int rc = vcpu_core_read_destination(exit, value, &reg, &extended);
        if (rc != VCPU_OK)
            return rc;
    }
    if (reg >= VCPU_ARCH_GPR_COUNT)
        return VCPU_ERR_INVALID_ARG;
    v->arch.gpr[reg] = extended;
    return VCPU_OK;
}

void vcpu_arch_destroy(struct vcpu *v)
{
    (void)v; /* the fake holds no pages or slots; the core zeroes the rest */
}

int vcpu_arch_get_reg(const struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t *val)
{
    switch (kind) {
    case VCPU_ARCH_REG_PC:
        *val = v->arch.pc;
        return VCPU_OK;
    case VCPU_ARCH_REG_SP:
        *val = v->arch.sp;
        return VCPU_OK;
    default:
        if (sysreg >= VCPU_FAKE_SYSREG_COUNT)
            return VCPU_ERR_INVALID_ARG;
        *val = v->arch.sysreg[sysreg];
        return VCPU_OK;
    }
}

int vcpu_arch_set_reg(struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t val)
{
    switch (kind) {
    case VCPU_ARCH_REG_PC:
        v->arch.pc = val;
        return VCPU_OK;
    case VCPU_ARCH_REG_SP:
        v->arch.sp = val;
        return VCPU_OK;
    default:
        if (sysreg >= VCPU_FAKE_SYSREG_COUNT)
            return VCPU_ERR_INVALID_ARG;
        v->arch.sysreg[sysreg] = val;
        return VCPU_OK;
    }
}

int vcpu_arch_inject_fault(struct vcpu *v, const struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    if (exit_advances_pc(exit->reason))
        a->pc -= a->pc_step; /* the fault is taken at the access itself */
    a->pending_fault = (uint32_t)exit->reason + 1;
    return VCPU_OK;
}

void vcpu_arch_stage2_format(struct vcpu_stage2_format *fmt)
{
    /* The fake walks no tables; it reports the common 4-level 4 KiB format. */
    *fmt = (struct vcpu_stage2_format){.levels = 4, .granule = 4096, .ipa_bits = 48};
}
