/* Shared helpers of the adversarial suite. */
#include "testing/adversarial/adversarial.h"

#define BLOCK (2ul << 20)
#define PAGE 4096ul
#define RWX (VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE)

static struct test_vm healthy_vm;

void adversarial_carve_out(struct stage2 *s2, vcpu_gpa_t start, uint64_t size)
{
    /* Mapped with pages (or not at all): unmapping the hole is enough (a
     * test VM may map only parts of RAM, as testing/vmm/test_vm_riscv64.c
     * does). Inside a block that fails before changing anything; then the
     * blocks are unmapped and the rest of each mapped again around the hole. */
    if (stage2_unmap(s2, start, size) == VCPU_OK)
        return;
    vcpu_gpa_t end = start + size;
    for (vcpu_gpa_t block = start & ~(BLOCK - 1); block < end; block += BLOCK) {
        vcpu_gpa_t block_end = block + BLOCK;
        vcpu_gpa_t hole_start = start > block ? start : block;
        vcpu_gpa_t hole_end = end < block_end ? end : block_end;
        if (stage2_unmap(s2, block, BLOCK) != VCPU_OK) {
            /* Already mapped page by page (a test VM's map ends or resumes
             * inside it, around the page pool): remove only the hole's pages. */
            for (vcpu_gpa_t page = hole_start; page < hole_end; page += PAGE)
                ASSERT_EQ(stage2_unmap(s2, page, PAGE), VCPU_OK);
            continue;
        }
        if (hole_start > block)
            ASSERT_EQ(stage2_map(s2, block, block, hole_start - block, RWX), VCPU_OK);
        if (hole_end < block_end)
            ASSERT_EQ(stage2_map(s2, hole_end, hole_end, block_end - hole_end, RWX), VCPU_OK);
    }
}

static void guest_echoes(uint64_t value)
{
    GUEST_SYNC(guest_hypercall(0x600d, value, 0, 0, 0, 0, 0));
}

void adversarial_expect_healthy(void)
{
    ASSERT_EQ(test_vm_create(&healthy_vm, 2), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(&healthy_vm, 0, guest_echoes, 0x4ea17), VCPU_OK);
    struct vcpu *v = &healthy_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(exit.hypercall.nr, 0x600d);
    EXPECT_EQ(exit.hypercall.args[0], 0x4ea17);
    ASSERT_EQ(vcpu_set_return_value(v, exit.hypercall.args[0] + 1), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0x4ea18);
    conformance_expect_done(v);
    test_vm_release(&healthy_vm);
}

bool adversarial_is_guest_exception(const struct vcpu_exit *exit, uint64_t *code)
{
    return test_exit_is_ucall(exit, GUEST_UCALL_EXCEPTION, code);
}

void adversarial_run_to_hypercall(struct vcpu *v, struct vcpu_exit *exit)
{
    for (;;) {
        ASSERT_EQ(test_vcpu_run(v, exit), VCPU_OK);
        if (exit->reason == VCPU_EXIT_HYPERCALL)
            return;
        if (exit->reason != VCPU_EXIT_HALT) {
            vtest_fail(__FILE__, __LINE__, "expected a hypercall, got %s",
                       vcpu_exit_reason_name(exit->reason));
            vtest_abort_case();
        }
    }
}
