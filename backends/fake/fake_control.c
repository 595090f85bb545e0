/* The test controls of the fake backend (<vcpu/fake.h>). */
#include <vcpu/fake.h>

/* True if the payload of `exit` is one a hardware backend could produce:
 * widths inside the enum, a read's register width no narrower than its
 * access, destination registers the fake has. */
static bool payload_well_formed(const struct vcpu_exit *exit)
{
    switch (exit->reason) {
    case VCPU_EXIT_MMIO_READ: {
        const struct vcpu_exit_mmio_read *r = &exit->mmio_read;
        return vcpu_width_bytes(r->width) != 0 && vcpu_width_bytes(r->reg_width) != 0 &&
               r->reg_width >= r->width && r->reg < VCPU_ARCH_GPR_COUNT;
    }
    case VCPU_EXIT_MMIO_WRITE:
        return vcpu_width_bytes(exit->mmio_write.width) != 0;
    case VCPU_EXIT_SYSREG_READ:
        return exit->sysreg_read.reg < VCPU_ARCH_GPR_COUNT;
    case VCPU_EXIT_IO_READ:
        return vcpu_width_bytes(exit->io_read.width) != 0;
    case VCPU_EXIT_IO_WRITE:
        return vcpu_width_bytes(exit->io_write.width) != 0;
    default:
        return true;
    }
}

int vcpu_fake_queue_exit(struct vcpu *v, const struct vcpu_exit *exit)
{
    if (v == NULL || exit == NULL || (unsigned)exit->reason >= VCPU_EXIT_REASON_COUNT ||
        !payload_well_formed(exit))
        return VCPU_ERR_INVALID_ARG;
    struct vcpu_arch *a = &v->arch;
    if (a->exit_count >= VCPU_FAKE_EXIT_QUEUE_SIZE)
        return VCPU_ERR_BUSY;
    a->exits[(a->exit_head + a->exit_count) % VCPU_FAKE_EXIT_QUEUE_SIZE] = *exit;
    a->exit_count++;
    return VCPU_OK;
}

int vcpu_fake_fail_next(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    __atomic_store_n(&v->arch.fail_next, VCPU_FAKE_FAIL_MAGIC, __ATOMIC_RELEASE);
    return VCPU_OK;
}

int vcpu_fake_percpu_fail_next(struct vcpu_percpu *p)
{
    if (p == NULL)
        return VCPU_ERR_INVALID_ARG;
    __atomic_store_n(&p->arch.fail_next, VCPU_FAKE_FAIL_MAGIC, __ATOMIC_RELEASE);
    return VCPU_OK;
}

int vcpu_fake_percpu_set_supported(struct vcpu_percpu *p, bool supported)
{
    if (p == NULL)
        return VCPU_ERR_INVALID_ARG;
    p->arch.unsupported = supported ? 0 : 1;
    return VCPU_OK;
}

size_t vcpu_fake_take_delivered(struct vcpu *v, uint32_t *out, size_t max)
{
    if (v == NULL || out == NULL)
        return 0;
    struct vcpu_arch *a = &v->arch;
    size_t n = a->delivered_count < max ? a->delivered_count : max;
    for (size_t i = 0; i < n; i++)
        out[i] = a->delivered[i];
    for (size_t i = n; i < a->delivered_count; i++)
        a->delivered[i - n] = a->delivered[i];
    a->delivered_count -= (uint32_t)n;
    return n;
}

uint64_t vcpu_fake_pc(const struct vcpu *v)
{
    return v == NULL ? 0 : v->arch.pc;
}

uint32_t vcpu_fake_faults_delivered(const struct vcpu *v, enum vcpu_exit_reason *last)
{
    if (v == NULL)
        return 0;
    if (last != NULL && v->arch.faults_delivered != 0)
        *last = (enum vcpu_exit_reason)v->arch.last_fault;
    return v->arch.faults_delivered;
}

int vcpu_fake_kick_while_running(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    __atomic_store_n(&v->arch.kick_in_guest, 1, __ATOMIC_RELEASE);
    return VCPU_OK;
}
