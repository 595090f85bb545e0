/* The test controls of the fake backend (<vcpu/fake.h>). */
#include <vcpu/fake.h>

int vcpu_fake_queue_exit(struct vcpu *v, const struct vcpu_exit *exit)
{
    if (v == NULL || exit == NULL || (unsigned)exit->reason >= VCPU_EXIT_REASON_COUNT)
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
