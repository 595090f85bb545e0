/* Conformance: halt, system registers, nested page faults, undecoded exits. */
#include "testing/conformance/conformance.h"

static void guest_halts(uint64_t unused)
{
    (void)unused;
    guest_halt();
    GUEST_SYNC(0x4a17);
}

TEST(conformance, halt)
{
    struct vcpu *v = conformance_start(guest_halts, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HALT);
    EXPECT_EQ(conformance_expect_sync(v), 0x4a17);
    conformance_expect_done(v);
}

static void guest_sysregs(uint64_t unused)
{
    (void)unused;
    guest_sysreg_write(0x5a5a0000a5a5ull);
    GUEST_SYNC(guest_sysreg_read());
}

TEST(conformance, sysreg)
{
    struct vcpu *v = conformance_start(guest_sysregs, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.addr, test_trapped_sysreg);
    EXPECT_EQ(exit.sysreg_write.value, 0x5a5a0000a5a5ull);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(exit.sysreg_read.addr, test_trapped_sysreg);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0x1122334455667788ull), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0x1122334455667788ull);
    conformance_expect_done(v);
}

static void guest_calls_unmapped(uint64_t gpa)
{
    uint32_t (*late)(void) = (uint32_t(*)(void))(uintptr_t)gpa;
    GUEST_SYNC(late());
}

TEST(conformance, nested_page_fault)
{
    struct vcpu *v = conformance_start(guest_calls_unmapped, test_npf_gpa);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(exit.nested_page_fault.addr, test_npf_gpa);
    EXPECT_EQ(exit.nested_page_fault.access_flags, VCPU_MAP_EXECUTE);
    /* The fault re-executes once the page is there. */
    uint8_t *page = vcpu_host_alloc_pages(1);
    ASSERT_TRUE(page != NULL);
    for (uint32_t i = 0; i < guest_return_magic_size; i++)
        page[i] = guest_return_magic[i];
    ASSERT_EQ(stage2_map(&conformance_vm.s2, test_npf_gpa, vcpu_host_virt_to_phys(page), 4096,
                         VCPU_MAP_READ | VCPU_MAP_EXECUTE),
              VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), GUEST_MAGIC);
    conformance_expect_done(v);
}

static void guest_unknown(uint64_t unused)
{
    (void)unused;
    guest_unknown_exit();
    GUEST_SYNC(0x0c);
}

TEST(conformance, unknown_exit)
{
    struct vcpu *v = conformance_start(guest_unknown, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_EXIT_ARCH);
    EXPECT_EQ(vcpu_state(v), VCPU_STATE_READY);
    /* The PC stays at the instruction: run again without skipping it and
     * the same exit comes back from the same PC. */
    uint64_t pc = 0, again = 1;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_PC, &pc), VCPU_OK);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_UNKNOWN);
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_PC, &again), VCPU_OK);
    EXPECT_EQ(again, pc);
    /* The VMM skips it. */
    ASSERT_EQ(test_skip_unknown(v), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0x0c);
    conformance_expect_done(v);
}

static void guest_mixed_exits(uint64_t base)
{
    for (int i = 0; i < 3; i++)
        guest_hypercall(0x33, 0, 0, 0, 0, 0, 0);
    guest_halt();
    guest_write32(base, 1);
    guest_write32(base, 2);
}

TEST(conformance, stats)
{
    struct vcpu *v = conformance_start(guest_mixed_exits, test_mmio_gpa);
    uint64_t seen[VCPU_EXIT_REASON_COUNT] = {0};
    uint64_t runs = 0;
    for (;;) {
        struct vcpu_exit exit;
        ASSERT_EQ(vcpu_run(v, &exit), VCPU_OK);
        runs++;
        seen[exit.reason]++;
        if (test_exit_is_ucall(&exit, GUEST_UCALL_DONE, NULL))
            break;
        ASSERT_LT(runs, 100);
    }
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, runs);
    for (unsigned r = 0; r < VCPU_EXIT_REASON_COUNT; r++)
        EXPECT_EQ(stats.exits[r], seen[r]);
    EXPECT_EQ(seen[VCPU_EXIT_HYPERCALL], 4); /* three, and the DONE ucall */
    EXPECT_EQ(seen[VCPU_EXIT_HALT], 1);
    EXPECT_EQ(seen[VCPU_EXIT_MMIO_WRITE], 2);
}
