/* Shared helpers of the adversarial-guest suite (see adversarial.h). */
#include "testing/adversarial/adversarial.h"

struct test_vm adversarial_vm;
static struct test_vm healthy_vm;

struct vcpu *adversarial_start(void (*guest_fn)(uint64_t), uint64_t arg)
{
    ASSERT_EQ(test_vm_create(&adversarial_vm, 3), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(&adversarial_vm, 0, guest_fn, arg), VCPU_OK);
    struct vcpu *v = &adversarial_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    return v;
}

struct vcpu *adversarial_restart(void (*guest_fn)(uint64_t), uint64_t arg)
{
    test_vm_release(&adversarial_vm);
    ASSERT_EQ(test_vm_add_vcpu(&adversarial_vm, 0, guest_fn, arg), VCPU_OK);
    struct vcpu *v = &adversarial_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    return v;
}

uint64_t adversarial_expect_sync(struct vcpu *v)
{
    struct vcpu_exit exit;
    uint64_t value = 0;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &value))
        vtest_fail(__FILE__, __LINE__, "expected a SYNC ucall, got %s (nr %lx)",
                   vcpu_exit_reason_name(exit.reason), exit.hypercall.nr);
    return value;
}

void adversarial_expect_done(struct vcpu *v)
{
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_DONE, NULL))
        vtest_fail(__FILE__, __LINE__, "expected the guest to finish, got %s (nr %lx)",
                   vcpu_exit_reason_name(exit.reason), exit.hypercall.nr);
}

#define HEALTHY_NR 0x4ea1
#define HEALTHY_CALLS 16u

static void guest_behaves(uint64_t seed)
{
    for (uint64_t i = 0; i < HEALTHY_CALLS; i++)
        GUEST_ASSERT(guest_hypercall(HEALTHY_NR, seed, i, 0, 0, 0, 0) == seed + i);
}

void adversarial_expect_healthy(void)
{
    test_vm_release(&adversarial_vm);
    ASSERT_EQ(test_vm_create(&healthy_vm, 4), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(&healthy_vm, 0, guest_behaves, 0x1000), VCPU_OK);
    struct vcpu *v = &healthy_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    struct vcpu_exit exit;
    for (uint64_t i = 0; i < HEALTHY_CALLS; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
        ASSERT_EQ(exit.hypercall.nr, HEALTHY_NR);
        ASSERT_EQ(exit.hypercall.args[1], i);
        ASSERT_EQ(vcpu_set_return_value(v, exit.hypercall.args[0] + i), VCPU_OK);
    }
    adversarial_expect_done(v);
    test_vm_release(&healthy_vm);
}
