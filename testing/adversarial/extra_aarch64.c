/* Adversarial guests, aarch64 only: the guest aims at the hypervisor's page
 * pool (board_page_pool_range), which the test VM leaves out of its stage-2
 * map: the stage-2 root the host passes it and the pool's last page. Every
 * access is a stage-2 abort the VMM sees (a decodable load or store as MMIO,
 * an LDP or an instruction fetch as a nested page fault); the guest never
 * reads the tables and cannot change them. */
#include <board/board.h>

#include <vcpu/host.h>

#include "testing/adversarial/adversarial.h"

#define PAGE 4096u
#define FAKE_READ 0x5a5a5a5au
#define MARKER 0x9001u

static volatile uint64_t pool_last_word; /* the pool's last 8 bytes */

static void guest_reads_pool(uint64_t root)
{
    GUEST_SYNC(guest_read64(root));
    GUEST_SYNC(guest_read64(pool_last_word));
    guest_write64(root, 0);
    (void)guest_read_undecodable(root); /* the VMM steps over it */
    GUEST_SYNC(MARKER);
    void (*fn)(void) = (void (*)(void))(uintptr_t)root;
    fn();
    GUEST_ASSERT(!"executed the stage-2 root");
}

static void expect_mmio_read(struct vcpu *v, vcpu_gpa_t addr)
{
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, addr);
    ASSERT_EQ(vcpu_complete_read(v, &exit, FAKE_READ), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), FAKE_READ); /* not the pool's data */
}

TEST(adversarial_aarch64, page_pool_is_out_of_reach)
{
    uintptr_t pool_start = 0, pool_end = 0;
    board_page_pool_range(&pool_start, &pool_end);
    ASSERT_TRUE(pool_start < pool_end);
    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    vcpu_hpa_t root = conformance_vm.s2.root;
    ASSERT_TRUE(root >= pool_start && root < pool_end);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 0, guest_reads_pool, root), VCPU_OK);
    struct vcpu *v = &conformance_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    pool_last_word = pool_end - 8;
    const uint64_t *table = vcpu_host_phys_to_virt(root);
    static uint64_t snapshot[PAGE / 8];
    for (unsigned i = 0; i < PAGE / 8; i++)
        snapshot[i] = table[i];

    expect_mmio_read(v, root);
    expect_mmio_read(v, pool_end - 8);

    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(exit.mmio_write.addr, root);
    for (unsigned i = 0; i < PAGE / 8; i++)
        EXPECT_EQ(table[i], snapshot[i]);

    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(exit.nested_page_fault.addr, root);
    EXPECT_EQ(exit.nested_page_fault.access_flags & VCPU_MAP_EXECUTE, 0u);
    uint64_t pc = 0;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_PC, &pc), VCPU_OK);
    ASSERT_EQ(vcpu_set_reg(v, VCPU_REG_PC, pc + 4), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), MARKER);

    for (int i = 0; i < 2; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_EQ(exit.nested_page_fault.addr, root);
        EXPECT_NE(exit.nested_page_fault.access_flags & VCPU_MAP_EXECUTE, 0u);
    }
    for (unsigned i = 0; i < PAGE / 8; i++)
        EXPECT_EQ(table[i], snapshot[i]);
    adversarial_expect_healthy();
}
