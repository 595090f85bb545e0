/* Adversarial: the guest reads, writes and executes outside its map. Every
 * access is a defined exit at the address it tried (MMIO_READ / MMIO_WRITE for
 * a decodable load or store, NESTED_PAGE_FAULT otherwise), every time, and the
 * guest never sees or changes the hypervisor page behind the hole. */
#include <vcpu/host.h>

#include "testing/adversarial/adversarial.h"

#define PAGE 4096ul
#define CANARY 0xc4a7c4a7c4a7c4a7ull
#define FAKE_READ 0x0badf00d0badf00dull

static uint64_t *canary_pages; /* [0] the data hole, [1] the code hole */

static void guest_probes_hole(uint64_t hole)
{
    for (int i = 0; i < 2; i++) {
        GUEST_SYNC(guest_read64(hole));
        guest_write64(hole, 0xdeadbeefdeadbeefull);
    }
    GUEST_SYNC(guest_read_undecodable(hole));
    uint32_t (*code)(void) = (uint32_t(*)(void))(uintptr_t)(hole + PAGE);
    GUEST_SYNC(code());
}

static bool canaries_intact(void)
{
    for (unsigned i = 0; i < 2 * PAGE / 8; i++) {
        if (canary_pages[i] != CANARY)
            return false;
    }
    return true;
}

static void expect_npf_twice(struct vcpu *v, vcpu_gpa_t addr, bool execute)
{
    for (int i = 0; i < 2; i++) {
        struct vcpu_exit exit;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_EQ(exit.nested_page_fault.addr, addr);
        EXPECT_EQ((exit.nested_page_fault.access_flags & VCPU_MAP_EXECUTE) != 0, execute);
    }
}

TEST(adversarial, outside_the_map)
{
    if (canary_pages == NULL)
        canary_pages = vcpu_host_alloc_pages(2);
    ASSERT_TRUE(canary_pages != NULL);
    for (unsigned i = 0; i < 2 * PAGE / 8; i++)
        canary_pages[i] = CANARY;
    vcpu_gpa_t hole = vcpu_host_virt_to_phys(canary_pages);

    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    adversarial_carve_out(&conformance_vm.s2, hole, 2 * PAGE);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 0, guest_probes_hole, hole), VCPU_OK);
    struct vcpu *v = &conformance_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);

    struct vcpu_exit exit;
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
        EXPECT_EQ(exit.mmio_read.addr, hole);
        ASSERT_EQ(vcpu_complete_read(v, &exit, FAKE_READ), VCPU_OK);
        EXPECT_EQ(conformance_expect_sync(v), FAKE_READ); /* not the canary */
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
        EXPECT_EQ(exit.mmio_write.addr, hole);
        EXPECT_TRUE(canaries_intact());
    }

    /* An access the backend cannot decode re-faults until the VMM maps
     * something there: here a zeroed page, never the hypervisor's. */
    expect_npf_twice(v, hole, false);
    uint64_t *scratch = vcpu_host_alloc_pages(1);
    ASSERT_TRUE(scratch != NULL);
    for (unsigned i = 0; i < PAGE / 8; i++)
        scratch[i] = 0;
    ASSERT_EQ(stage2_map(&conformance_vm.s2, hole, vcpu_host_virt_to_phys(scratch), PAGE,
                         VCPU_MAP_READ | VCPU_MAP_WRITE),
              VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0u);

    /* Executing in the hole: the same, until a page of code is mapped. */
    expect_npf_twice(v, hole + PAGE, true);
    uint8_t *code = vcpu_host_alloc_pages(1);
    ASSERT_TRUE(code != NULL);
    for (uint32_t i = 0; i < guest_return_magic_size; i++)
        code[i] = guest_return_magic[i];
    ASSERT_EQ(stage2_map(&conformance_vm.s2, hole + PAGE, vcpu_host_virt_to_phys(code), PAGE,
                         VCPU_MAP_READ | VCPU_MAP_EXECUTE),
              VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), GUEST_MAGIC);
    conformance_expect_done(v);
    EXPECT_TRUE(canaries_intact());
    adversarial_expect_healthy();
}
