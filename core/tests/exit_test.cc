// Exits from the fake backend, read completion, registers and statistics.
#include "test_support.h"

namespace vcpu_test
{
namespace
{

class ExitTest : public VcpuTest
{
  protected:
    void SetUp() override
    {
        VcpuTest::SetUp();
        Reach(&v_, VCPU_STATE_READY);
    }

    // Queues `exit`, runs once and returns what vcpu_run() reported.
    struct vcpu_exit RunWith(const struct vcpu_exit &exit)
    {
        EXPECT_EQ(vcpu_fake_queue_exit(&v_, &exit), VCPU_OK);
        struct vcpu_exit out;
        EXPECT_EQ(vcpu_run(&v_, &out), VCPU_OK);
        return out;
    }

    uint64_t Gpr(unsigned idx)
    {
        uint64_t val = 0;
        EXPECT_EQ(vcpu_get_gpr(&v_, idx, &val), VCPU_OK);
        return val;
    }

    // Sets every register to a recognisable pattern.
    void FillRegisters()
    {
        for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++)
            ASSERT_EQ(vcpu_set_gpr(&v_, i, 0xa5a5000000000000ull | i), VCPU_OK);
    }

    // Checks that every register except `changed` still holds its pattern.
    void ExpectOthersUntouched(unsigned changed)
    {
        for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++) {
            if (i != changed)
                EXPECT_EQ(Gpr(i), 0xa5a5000000000000ull | i) << "register " << i;
        }
    }

    struct vcpu v_ = {};
};

TEST_F(ExitTest, EmptyQueueIsNothing)
{
    struct vcpu_exit out;
    ASSERT_EQ(vcpu_run(&v_, &out), VCPU_OK);
    EXPECT_EQ(out.reason, VCPU_EXIT_NOTHING);
    EXPECT_EQ(out.raw.arch, VCPU_ARCH_FAKE);
}

TEST_F(ExitTest, QueuedExitsComeBackInOrderWithRaw)
{
    struct vcpu_exit hc = {};
    hc.reason = VCPU_EXIT_HYPERCALL;
    hc.hypercall.nr = 42;
    for (int i = 0; i < 6; i++)
        hc.hypercall.args[i] = 100 + i;
    hc.raw.arch = VCPU_ARCH_SVM; // the fake always reports itself
    hc.raw.fake.code = 7;
    struct vcpu_exit halt = {};
    halt.reason = VCPU_EXIT_HALT;
    ASSERT_EQ(vcpu_fake_queue_exit(&v_, &hc), VCPU_OK);
    ASSERT_EQ(vcpu_fake_queue_exit(&v_, &halt), VCPU_OK);
    struct vcpu_exit out;
    ASSERT_EQ(vcpu_run(&v_, &out), VCPU_OK);
    EXPECT_EQ(out.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(out.hypercall.nr, 42u);
    for (int i = 0; i < 6; i++)
        EXPECT_EQ(out.hypercall.args[i], 100u + i);
    EXPECT_EQ(out.raw.arch, VCPU_ARCH_FAKE);
    EXPECT_EQ(out.raw.fake.code, 7u);
    ASSERT_EQ(vcpu_run(&v_, &out), VCPU_OK);
    EXPECT_EQ(out.reason, VCPU_EXIT_HALT);
}

TEST_F(ExitTest, ExitQueueLimits)
{
    struct vcpu_exit e = {};
    e.reason = VCPU_EXIT_HALT;
    for (uint32_t i = 0; i < VCPU_FAKE_EXIT_QUEUE_SIZE; i++)
        ASSERT_EQ(vcpu_fake_queue_exit(&v_, &e), VCPU_OK);
    EXPECT_EQ(vcpu_fake_queue_exit(&v_, &e), VCPU_ERR_BUSY);
    e.reason = VCPU_EXIT_REASON_COUNT;
    EXPECT_EQ(vcpu_fake_queue_exit(&v_, &e), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_fake_queue_exit(&v_, nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_fake_queue_exit(nullptr, &e), VCPU_ERR_INVALID_ARG);
}

TEST_F(ExitTest, PcAdvancesExceptForFaultsAndFailedEntries)
{
    uint64_t pc = vcpu_fake_pc(&v_);
    struct vcpu_exit e = {};
    e.reason = VCPU_EXIT_MMIO_WRITE;
    RunWith(e);
    EXPECT_EQ(vcpu_fake_pc(&v_), pc + 4);
    e.reason = VCPU_EXIT_NESTED_PAGE_FAULT;
    RunWith(e);
    EXPECT_EQ(vcpu_fake_pc(&v_), pc + 4);
    e.reason = VCPU_EXIT_FAIL_ENTRY;
    RunWith(e);
    EXPECT_EQ(vcpu_fake_pc(&v_), pc + 4);
}

struct ReadCase {
    enum vcpu_access_width width;
    bool signed_ext;
    enum vcpu_access_width reg_width;
    uint64_t value;
    uint64_t expected;
};

TEST_F(ExitTest, CompleteMmioReadAppliesWidthSignAndRegister)
{
    const ReadCase cases[] = {
        {VCPU_WIDTH_8, false, VCPU_WIDTH_64, 0x1122334455667788ull, 0x88},
        {VCPU_WIDTH_8, true, VCPU_WIDTH_64, 0x80, 0xffffffffffffff80ull},
        {VCPU_WIDTH_8, true, VCPU_WIDTH_32, 0x80, 0xffffff80ull},
        {VCPU_WIDTH_16, false, VCPU_WIDTH_64, 0x1122334455668899ull, 0x8899},
        {VCPU_WIDTH_16, true, VCPU_WIDTH_64, 0x8899, 0xffffffffffff8899ull},
        {VCPU_WIDTH_16, true, VCPU_WIDTH_32, 0x8899, 0xffff8899ull},
        {VCPU_WIDTH_32, false, VCPU_WIDTH_64, 0x11223344deadbeefull, 0xdeadbeef},
        {VCPU_WIDTH_32, true, VCPU_WIDTH_64, 0xdeadbeef, 0xffffffffdeadbeefull},
        {VCPU_WIDTH_32, false, VCPU_WIDTH_32, 0x11223344deadbeefull, 0xdeadbeef},
        {VCPU_WIDTH_64, false, VCPU_WIDTH_64, 0x1122334455667788ull, 0x1122334455667788ull},
    };
    for (const ReadCase &c : cases) {
        FillRegisters();
        struct vcpu_exit e = {};
        e.reason = VCPU_EXIT_MMIO_READ;
        e.mmio_read.addr = 0x9000000;
        e.mmio_read.width = c.width;
        e.mmio_read.reg = 7;
        e.mmio_read.reg_width = c.reg_width;
        e.mmio_read.signed_ext = c.signed_ext;
        struct vcpu_exit out = RunWith(e);
        ASSERT_EQ(vcpu_complete_read(&v_, &out, c.value), VCPU_OK);
        EXPECT_EQ(Gpr(7), c.expected) << "width " << c.width << " signed " << c.signed_ext;
        ExpectOthersUntouched(7);
    }
}

TEST_F(ExitTest, CompleteSysregAndIoReads)
{
    FillRegisters();
    struct vcpu_exit e = {};
    e.reason = VCPU_EXIT_SYSREG_READ;
    e.sysreg_read.addr = VCPU_SYSREG_ARM64(3, 0, 0, 7, 0);
    e.sysreg_read.reg = 12;
    struct vcpu_exit out = RunWith(e);
    ASSERT_EQ(vcpu_complete_read(&v_, &out, 0xfedcba9876543210ull), VCPU_OK);
    EXPECT_EQ(Gpr(12), 0xfedcba9876543210ull);
    ExpectOthersUntouched(12);

    FillRegisters();
    e = {};
    e.reason = VCPU_EXIT_IO_READ;
    e.io_read.port = 0x3f8;
    e.io_read.width = VCPU_WIDTH_16;
    out = RunWith(e);
    ASSERT_EQ(vcpu_complete_read(&v_, &out, 0x12345678), VCPU_OK);
    EXPECT_EQ(Gpr(0), 0x5678u);
    ExpectOthersUntouched(0);
}

TEST_F(ExitTest, CompleteReadRejectsBadExits)
{
    FillRegisters();
    struct vcpu_exit e = {};
    e.reason = VCPU_EXIT_MMIO_WRITE;
    EXPECT_EQ(vcpu_complete_read(&v_, &e, 1), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_complete_read(&v_, nullptr, 1), VCPU_ERR_INVALID_ARG);
    e.reason = VCPU_EXIT_MMIO_READ;
    e.mmio_read.width = VCPU_WIDTH_32;
    e.mmio_read.reg_width = VCPU_WIDTH_64;
    e.mmio_read.reg = VCPU_ARCH_GPR_COUNT;
    EXPECT_EQ(vcpu_complete_read(&v_, &e, 1), VCPU_ERR_INVALID_ARG);
    ExpectOthersUntouched(VCPU_ARCH_GPR_COUNT);
}

TEST_F(ExitTest, RegisterIndicesAndReturnValue)
{
    uint64_t val = 0;
    EXPECT_EQ(vcpu_set_gpr(&v_, VCPU_ARCH_GPR_COUNT - 1, 9), VCPU_OK);
    EXPECT_EQ(vcpu_get_gpr(&v_, VCPU_ARCH_GPR_COUNT - 1, &val), VCPU_OK);
    EXPECT_EQ(val, 9u);
    EXPECT_EQ(vcpu_set_gpr(&v_, VCPU_ARCH_GPR_COUNT, 9), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_get_gpr(&v_, VCPU_ARCH_GPR_COUNT, &val), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_get_gpr(&v_, 0, nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(VCPU_ARCH_GPR_COUNT, 31u);
    FillRegisters();
    ASSERT_EQ(vcpu_set_return_value(&v_, 0x600d), VCPU_OK);
    EXPECT_EQ(Gpr(0), 0x600du);
    ExpectOthersUntouched(0);
}

TEST_F(ExitTest, StatisticsCountRunsAndExitsPerReason)
{
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(&v_, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 0u);
    const enum vcpu_exit_reason sequence[] = {VCPU_EXIT_HYPERCALL, VCPU_EXIT_HYPERCALL,
                                              VCPU_EXIT_MMIO_WRITE, VCPU_EXIT_HALT,
                                              VCPU_EXIT_UNKNOWN};
    for (enum vcpu_exit_reason r : sequence) {
        struct vcpu_exit e = {};
        e.reason = r;
        RunWith(e);
    }
    struct vcpu_exit out;
    ASSERT_EQ(vcpu_run(&v_, &out), VCPU_OK); // NOTHING
    // A failed run and a refused run do not count.
    ASSERT_EQ(vcpu_run(&v_, nullptr), VCPU_ERR_INVALID_ARG);
    ASSERT_EQ(vcpu_stats(&v_, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 6u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_HYPERCALL], 2u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_MMIO_WRITE], 1u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_HALT], 1u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_UNKNOWN], 1u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_NOTHING], 1u);
    uint64_t sum = 0;
    for (uint64_t n : stats.exits)
        sum += n;
    EXPECT_EQ(sum, stats.runs);

    ASSERT_EQ(vcpu_stats_reset(&v_), VCPU_OK);
    ASSERT_EQ(vcpu_stats(&v_, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 0u);
    for (uint64_t n : stats.exits)
        EXPECT_EQ(n, 0u);
    EXPECT_EQ(vcpu_stats(&v_, nullptr), VCPU_ERR_INVALID_ARG);

    ASSERT_EQ(vcpu_fake_fail_next(&v_), VCPU_OK);
    EXPECT_EQ(vcpu_run(&v_, &out), VCPU_ERR_HARDWARE);
    ASSERT_EQ(vcpu_stats(&v_, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 0u);
}

// The nested-page-fault payload is also a struct vcpu_npf_info.
TEST_F(ExitTest, NestedPageFaultCarriesNpfInfo)
{
    struct vcpu_exit npf = {};
    npf.reason = VCPU_EXIT_NESTED_PAGE_FAULT;
    npf.nested_page_fault.addr = 0x40001234;
    npf.nested_page_fault.access_flags = VCPU_MAP_WRITE;
    ASSERT_EQ(vcpu_fake_queue_exit(&v_, &npf), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v_, &exit), VCPU_OK);
    struct vcpu_npf_info info = exit.nested_page_fault.info;
    EXPECT_EQ(info.fault_gpa, 0x40001234u);
    EXPECT_EQ(info.access_flags, (uint32_t)VCPU_MAP_WRITE);
    static_assert(sizeof(struct vcpu_exit_nested_page_fault) == sizeof(struct vcpu_npf_info),
                  "one storage");
}

} // namespace
} // namespace vcpu_test
