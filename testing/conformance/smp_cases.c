/* Conformance: a guest starts and stops a second vCPU on the other physical
 * CPU and powers off; and the lifecycle rules on real hardware state. */
#include <board/board.h>

#include "testing/conformance/conformance.h"

static struct guest_start secondary_start;
static volatile uint64_t secondary_ran;

static void guest_secondary(uint64_t token)
{
    secondary_ran = token;
    GUEST_SYNC(token);
    guest_cpu_off();
}

static void guest_boots_secondary(uint64_t stack_top)
{
    secondary_start.fn = (uint64_t)(uintptr_t)guest_secondary;
    secondary_start.stack_top = stack_top;
    secondary_start.arg = 0x5ec0;
    int64_t rc =
        guest_cpu_on(1, guest_secondary_entry_point(), (uint64_t)(uintptr_t)&secondary_start);
    GUEST_ASSERT(rc == 0);
    GUEST_ASSERT(secondary_ran == 0x5ec0);
    guest_poweroff();
}

struct secondary_run {
    struct vcpu *v;
    uint64_t entry, arg;
    int bind_rc;
    uint64_t sync;
    enum vcpu_exit_reason last;
};

/* On CPU 1: bind vCPU 1, start it where the guest asked, run it to CPU_DOWN. */
static void run_secondary(void *arg)
{
    struct secondary_run *run = arg;
    vcpu_set_entry(run->v, run->entry);
    test_vm_arch_set_start_arg(run->v, run->arg);
    run->bind_rc = vcpu_bind(run->v);
    if (run->bind_rc != VCPU_OK)
        return;
    struct vcpu_exit exit;
    for (int i = 0; i < 100; i++) {
        if (test_vcpu_run(run->v, &exit) != VCPU_OK)
            break;
        test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &run->sync);
        run->last = exit.reason;
        if (exit.reason == VCPU_EXIT_CPU_DOWN)
            break;
    }
    vcpu_unbind(run->v);
}

TEST(conformance, smp_cpu_up_down_poweroff)
{
    ASSERT_GE(board_cpu_count(), 2);
    ASSERT_EQ(test_vm_create(&conformance_vm, 2), VCPU_OK);
    struct test_vm *vm = &conformance_vm;
    uintptr_t stack1 = (uintptr_t)vm->stacks[1] + TEST_VM_STACK_PAGES * 4096;
    ASSERT_EQ(test_vm_add_vcpu(vm, 0, guest_boots_secondary, stack1), VCPU_OK);
    ASSERT_EQ(test_vm_add_secondary(vm, 1, 1u << 1), VCPU_OK);
    secondary_ran = 0;
    struct vcpu *v0 = &vm->vcpus[0];
    ASSERT_EQ(vcpu_bind(v0), VCPU_OK);

    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v0, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(exit.cpu_up.target_cpu, 1);
    EXPECT_EQ(exit.cpu_up.entry_point, guest_secondary_entry_point());
    if (test_cpu_up_has_arg) /* INIT-SIPI carries no argument */
        EXPECT_EQ(exit.cpu_up.arg, (uint64_t)(uintptr_t)&secondary_start);

    struct secondary_run run = {&vm->vcpus[1],    exit.cpu_up.entry_point, exit.cpu_up.arg, -1, 0,
                                VCPU_EXIT_NOTHING};
    test_on_cpu(1, run_secondary, &run);
    EXPECT_EQ(run.bind_rc, VCPU_OK);
    EXPECT_EQ(run.sync, 0x5ec0);
    EXPECT_EQ(run.last, VCPU_EXIT_CPU_DOWN);
    EXPECT_EQ(vcpu_state(&vm->vcpus[1]), VCPU_STATE_FREE);

    ASSERT_EQ(test_vcpu_run(v0, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSTEM_DOWN);
    EXPECT_EQ(exit.system_down.kind, VCPU_SYSTEM_POWEROFF);
}

static void guest_counts(uint64_t unused)
{
    (void)unused;
    for (uint64_t i = 1; i <= 3; i++)
        GUEST_SYNC(i);
}

struct cpu_call {
    struct vcpu *v;
    int rc;
    uint64_t sync;
};

static void disable_cpu(void *arg)
{
    struct cpu_call *call = arg;
    call->rc = vcpu_percpu_hardware_disable(test_percpu(board_cpu_id()));
}

static void enable_cpu(void *arg)
{
    struct cpu_call *call = arg;
    call->rc = vcpu_percpu_hardware_enable(test_percpu(board_cpu_id()));
}

static void bind_only(void *arg)
{
    struct cpu_call *call = arg;
    call->rc = vcpu_bind(call->v);
}

static void bind_run_unbind(void *arg)
{
    struct cpu_call *call = arg;
    struct vcpu_exit exit;
    call->rc = vcpu_bind(call->v);
    if (call->rc == VCPU_OK && test_vcpu_run(call->v, &exit) == VCPU_OK &&
        !test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &call->sync))
        call->sync = ~0ull;
    vcpu_unbind(call->v);
}

TEST(conformance, lifecycle_on_hardware)
{
    ASSERT_EQ(test_vm_create(&conformance_vm, 3), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 0, guest_counts, 0), VCPU_OK);
    struct vcpu *v = &conformance_vm.vcpus[0];
    struct vcpu_exit exit;
    EXPECT_EQ(vcpu_run(v, &exit), VCPU_ERR_BAD_STATE); /* not bound yet */

    struct cpu_call call = {v, -1, 0};
    test_on_cpu(1, disable_cpu, &call);
    ASSERT_EQ(call.rc, VCPU_OK);
    test_on_cpu(1, bind_only, &call);
    EXPECT_EQ(call.rc, VCPU_ERR_NOT_ENABLED);
    EXPECT_EQ(vcpu_state(v), VCPU_STATE_FREE);
    test_on_cpu(1, enable_cpu, &call);
    ASSERT_EQ(call.rc, VCPU_OK);

    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 1);
    ASSERT_EQ(vcpu_unbind(v), VCPU_OK);
    test_on_cpu(1, bind_run_unbind, &call); /* continues where it stopped */
    EXPECT_EQ(call.rc, VCPU_OK);
    EXPECT_EQ(call.sync, 2);
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 3);
    conformance_expect_done(v);
}
