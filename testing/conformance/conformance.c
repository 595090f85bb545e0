/* Shared helpers of the conformance suite. */
#include "testing/conformance/conformance.h"

struct test_vm conformance_vm;

struct vcpu *conformance_start(void (*guest_fn)(uint64_t), uint64_t arg)
{
    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 0, guest_fn, arg), VCPU_OK);
    struct vcpu *v = &conformance_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    ASSERT_EQ(vcpu_stats_reset(v), VCPU_OK);
    return v;
}

void conformance_expect_done(struct vcpu *v)
{
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_DONE, NULL))
        vtest_fail(__FILE__, __LINE__, "expected the guest to finish, got %s (nr %lx)",
                   vcpu_exit_reason_name(exit.reason), exit.hypercall.nr);
}

uint64_t conformance_expect_sync(struct vcpu *v)
{
    struct vcpu_exit exit;
    uint64_t value = 0;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &value))
        vtest_fail(__FILE__, __LINE__, "expected a SYNC ucall, got %s (nr %lx)",
                   vcpu_exit_reason_name(exit.reason), exit.hypercall.nr);
    return value;
}
