/* x86-only adversarial case: the test VMM leaves the hypervisor's page pool
 * (VMCBs/VMCSs, nested tables, other vCPUs' stacks) out of the guest's nested
 * map, so a guest that knows a pool address cannot read it. The host passes
 * the guest the addresses of a pool page holding a canary, of its own nested
 * root table and of the pool's first and last bytes; every load exits at that
 * address (MMIO_READ for a decodable load, answered with a value of the
 * host's choosing; NESTED_PAGE_FAULT for an undecodable one), never with the
 * data, and a store exits as MMIO_WRITE without changing the page. */
#include <board/board.h>
#include <vcpu/host.h>

#include "testing/adversarial/adversarial.h"

#define CANARY 0xc4a7c4a7c4a7c4a7ull
#define FAKE_READ 0x0badf00d0badf00dull

static uint64_t *canary_page;

static void guest_reads_pool(uint64_t addr)
{
    GUEST_SYNC(guest_read64(addr));
    guest_write64(addr, 0xdeadbeefdeadbeefull);
    GUEST_SYNC(guest_read_undecodable(addr));
}

/* Runs a guest of conformance_vm (just created) against the pool address
 * `addr`: one decodable load, one store, then an undecodable load that must
 * fault at `addr`. */
static void expect_pool_unreachable(vcpu_gpa_t addr)
{
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 0, guest_reads_pool, addr), VCPU_OK);
    struct vcpu *v = &conformance_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    struct vcpu_exit exit;
    uint64_t code = 0;

    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (adversarial_is_guest_exception(&exit, &code)) {
        vtest_fail(__FILE__, __LINE__, "guest exception %lx reading the pool", code);
        return;
    }
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, addr);
    ASSERT_EQ(vcpu_complete_read(v, &exit, FAKE_READ), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), FAKE_READ);

    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(exit.mmio_write.addr, addr);

    /* Undecodable: it re-faults at the address until the VMM maps it. */
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_EQ(exit.nested_page_fault.addr, addr);
        EXPECT_EQ(exit.nested_page_fault.access_flags & VCPU_MAP_READ, VCPU_MAP_READ);
    }
    test_vm_release(&conformance_vm);
}

TEST(adversarial_x86, page_pool_unreachable)
{
    uintptr_t pool_start, pool_end;
    board_page_pool_range(&pool_start, &pool_end);
    ASSERT_TRUE(pool_start < pool_end);
    if (canary_page == NULL)
        canary_page = vcpu_host_alloc_pages(1);
    ASSERT_TRUE(canary_page != NULL);
    for (unsigned i = 0; i < 4096 / 8; i++)
        canary_page[i] = CANARY;
    vcpu_gpa_t canary = vcpu_host_virt_to_phys(canary_page);
    ASSERT_TRUE(canary >= pool_start && canary < pool_end);

    const vcpu_gpa_t targets[] = {canary + 0x100, pool_start, pool_end - 8};
    for (unsigned t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
        ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
        expect_pool_unreachable(targets[t]);
    }
    for (unsigned i = 0; i < 4096 / 8; i++)
        EXPECT_EQ(canary_page[i], CANARY);
    /* The VM's own nested root table. */
    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    vcpu_gpa_t root = conformance_vm.s2.root;
    ASSERT_TRUE(root >= pool_start && root < pool_end);
    expect_pool_unreachable(root);
    adversarial_expect_healthy();
}
