/* The portable part of the test VMM. */
#include "test_vm.h"

#include <board/board.h>

#include "testing/emulator/vtest.h"

static struct vcpu_percpu percpus[BOARD_MAX_CPUS];
static bool percpus_enabled;

struct vcpu_percpu *test_percpu(uint32_t cpu)
{
    return &percpus[cpu];
}

void test_on_cpu(uint32_t cpu, void (*fn)(void *), void *arg)
{
    if (cpu == board_cpu_id()) {
        fn(arg);
        return;
    }
    if (!board_run_on_cpu(cpu, fn, arg)) {
        vtest_fail(__FILE__, __LINE__, "CPU %u is not available", cpu);
        return;
    }
    board_wait_cpu(cpu);
}

static void enable_this_cpu(void *unused)
{
    (void)unused;
    uint32_t cpu = board_cpu_id();
    int rc = vcpu_percpu_init(&percpus[cpu], cpu);
    if (rc == VCPU_OK)
        rc = vcpu_percpu_hardware_enable(&percpus[cpu]);
    if (rc != VCPU_OK)
        vtest_fail(__FILE__, __LINE__, "enabling CPU %u: %s", cpu, vcpu_strerror(rc));
}

void test_percpu_enable_all(void)
{
    if (percpus_enabled)
        return;
    for (uint32_t cpu = 0; cpu < board_cpu_count(); cpu++)
        test_on_cpu(cpu, enable_this_cpu, NULL);
    percpus_enabled = true;
}

static void unbind_here(void *v)
{
    vcpu_unblock(v);
    vcpu_unbind(v);
}

void test_vm_release(struct test_vm *vm)
{
    for (uint32_t i = 0; i < TEST_VM_MAX_VCPUS; i++) {
        struct vcpu *v = &vm->vcpus[i];
        enum vcpu_state s = vcpu_state(v);
        if ((s == VCPU_STATE_READY || s == VCPU_STATE_BLOCKED) && vcpu_owner_cpu(v) >= 0)
            test_on_cpu((uint32_t)vcpu_owner_cpu(v), unbind_here, v);
        vcpu_destroy(v); /* zeroed memory again, for the next vcpu_init() */
    }
}

int test_vm_create(struct test_vm *vm, vcpu_vm_id_t id)
{
    test_percpu_enable_all();
    test_vm_release(vm);
    for (uint32_t i = 0; i < TEST_VM_MAX_VCPUS; i++) {
        if (vm->stacks[i] == NULL)
            vm->stacks[i] = vcpu_host_alloc_pages(TEST_VM_STACK_PAGES);
        if (vm->stacks[i] == NULL)
            return VCPU_ERR_NO_MEMORY;
    }
    vm->id = id;
    int rc = stage2_init(&vm->s2);
    return rc != VCPU_OK ? rc : test_vm_arch_map(vm);
}

int test_vm_add_vcpu(struct test_vm *vm, uint32_t idx, void (*fn)(uint64_t), uint64_t arg)
{
    struct vcpu *v = &vm->vcpus[idx];
    int rc = vcpu_init(v, vm->id, idx, -1, 0, NULL);
    if (rc == VCPU_OK)
        rc = vcpu_setup(v, guest_entry_point(), vm->s2.root, test_vm_arch_setup_config());
    if (rc == VCPU_OK) {
        uintptr_t stack_top = (uintptr_t)vm->stacks[idx] + TEST_VM_STACK_PAGES * 4096;
        test_vm_arch_start_regs(v, (uintptr_t)fn, stack_top, arg);
    }
    return rc;
}

bool test_exit_is_ucall(const struct vcpu_exit *exit, enum guest_ucall_kind kind, uint64_t *arg0)
{
    if (exit->reason != VCPU_EXIT_HYPERCALL || exit->hypercall.nr != GUEST_UCALL_NR ||
        exit->hypercall.args[0] != (uint64_t)kind)
        return false;
    if (arg0 != NULL)
        *arg0 = exit->hypercall.args[1];
    return true;
}

int test_vcpu_run(struct vcpu *v, struct vcpu_exit *exit)
{
    int rc;
    do {
        rc = vcpu_run(v, exit);
    } while (rc == VCPU_OK && exit->reason == VCPU_EXIT_NOTHING);
    if (rc == VCPU_OK && test_exit_is_ucall(exit, GUEST_UCALL_ASSERT, NULL)) {
        vtest_fail((const char *)(uintptr_t)exit->hypercall.args[3], (int)exit->hypercall.args[1],
                   "guest assertion failed: %s", (const char *)(uintptr_t)exit->hypercall.args[2]);
    }
    return rc;
}

int test_vm_add_secondary(struct test_vm *vm, uint32_t idx, uint64_t cpu_mask)
{
    struct vcpu *v = &vm->vcpus[idx];
    int rc = vcpu_init(v, vm->id, idx, -1, cpu_mask, NULL);
    if (rc == VCPU_OK)
        rc = vcpu_setup(v, 0, vm->s2.root, test_vm_arch_setup_config());
    return rc;
}

int test_skip_unknown(struct vcpu *v)
{
    uint64_t pc;
    int rc = vcpu_get_reg(v, VCPU_REG_PC, &pc);
    return rc != VCPU_OK ? rc : vcpu_set_reg(v, VCPU_REG_PC, pc + guest_unknown_exit_length);
}
