// The read rules of api.md §10: a read exit must be completed (once, with
// its own record) before the next run, and the fake refuses malformed exits.
#include "test_support.h"

namespace vcpu_test
{
namespace
{

class ReadRulesTest : public VcpuTest
{
  protected:
    static struct vcpu_exit MmioRead()
    {
        struct vcpu_exit e = {};
        e.reason = VCPU_EXIT_MMIO_READ;
        e.mmio_read = {0x9000, VCPU_WIDTH_32, 5, VCPU_WIDTH_64, false};
        return e;
    }

    struct vcpu_exit RunRead(struct vcpu *v, struct vcpu_exit e)
    {
        EXPECT_EQ(vcpu_fake_queue_exit(v, &e), VCPU_OK);
        struct vcpu_exit got = {};
        EXPECT_EQ(vcpu_run(v, &got), VCPU_OK);
        return got;
    }
};

TEST_F(ReadRulesTest, TheNextRunWaitsForTheCompletion)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit e = RunRead(&v, MmioRead());
    struct vcpu_stats before;
    ASSERT_EQ(vcpu_stats(&v, &before), VCPU_OK);
    struct vcpu_exit next;
    EXPECT_EQ(vcpu_run(&v, &next), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_READY);
    struct vcpu_stats after;
    ASSERT_EQ(vcpu_stats(&v, &after), VCPU_OK);
    EXPECT_EQ(after.runs, before.runs);
    ASSERT_EQ(vcpu_complete_read(&v, &e, 0x1234), VCPU_OK);
    EXPECT_EQ(vcpu_run(&v, &next), VCPU_OK);
}

TEST_F(ReadRulesTest, AReadCompletesOnce)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit e = RunRead(&v, MmioRead());
    ASSERT_EQ(vcpu_complete_read(&v, &e, 1), VCPU_OK);
    EXPECT_EQ(vcpu_complete_read(&v, &e, 2), VCPU_ERR_BAD_STATE);
    uint64_t val;
    ASSERT_EQ(vcpu_get_gpr(&v, 5, &val), VCPU_OK);
    EXPECT_EQ(val, 1u);
}

TEST_F(ReadRulesTest, NothingPendingIsBadState)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit e = MmioRead();
    EXPECT_EQ(vcpu_complete_read(&v, &e, 1), VCPU_ERR_BAD_STATE); // never ran
    struct vcpu_exit stale = RunRead(&v, MmioRead());
    ASSERT_EQ(vcpu_complete_read(&v, &stale, 1), VCPU_OK);
    struct vcpu_exit hc = {};
    hc.reason = VCPU_EXIT_HYPERCALL;
    struct vcpu_exit got = RunRead(&v, hc);
    ASSERT_EQ(got.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(vcpu_complete_read(&v, &stale, 3), VCPU_ERR_BAD_STATE); // last exit not a read
    uint64_t val;
    ASSERT_EQ(vcpu_get_gpr(&v, 5, &val), VCPU_OK);
    EXPECT_EQ(val, 1u);
}

TEST_F(ReadRulesTest, ARecordOtherThanThePendingOneIsInvalidArgument)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit e = RunRead(&v, MmioRead());
    struct vcpu_exit other = e;
    other.mmio_read.addr = 0x9004;
    EXPECT_EQ(vcpu_complete_read(&v, &other, 1), VCPU_ERR_INVALID_ARG);
    other = e;
    other.mmio_read.reg = 6;
    EXPECT_EQ(vcpu_complete_read(&v, &other, 1), VCPU_ERR_INVALID_ARG);
    other = {};
    other.reason = VCPU_EXIT_SYSREG_READ;
    other.sysreg_read = {0x9000, 5};
    EXPECT_EQ(vcpu_complete_read(&v, &other, 1), VCPU_ERR_INVALID_ARG);
    // Still pending, and still completes.
    EXPECT_EQ(vcpu_complete_read(&v, &e, 9), VCPU_OK);
    uint64_t val;
    ASSERT_EQ(vcpu_get_gpr(&v, 6, &val), VCPU_OK);
    EXPECT_EQ(val, 0u);
}

TEST_F(ReadRulesTest, MalformedPayloadsAreInvalidArgumentFirst)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit e = RunRead(&v, MmioRead());
    struct vcpu_exit bad = e;
    bad.mmio_read.reg_width = VCPU_WIDTH_16; // narrower than the access
    EXPECT_EQ(vcpu_complete_read(&v, &bad, 1), VCPU_ERR_INVALID_ARG);
    bad = e;
    bad.mmio_read.width = (enum vcpu_access_width)9;
    EXPECT_EQ(vcpu_complete_read(&v, &bad, 1), VCPU_ERR_INVALID_ARG);
    bad = e;
    bad.mmio_read.reg = VCPU_ARCH_GPR_COUNT;
    EXPECT_EQ(vcpu_complete_read(&v, &bad, 1), VCPU_ERR_INVALID_ARG);
    ASSERT_EQ(vcpu_complete_read(&v, &e, 1), VCPU_OK);
    // Malformed is reported before "nothing pending".
    EXPECT_EQ(vcpu_complete_read(&v, &bad, 1), VCPU_ERR_INVALID_ARG);
}

TEST_F(ReadRulesTest, TheFakeRefusesMalformedExits)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit e = MmioRead();
    e.mmio_read.reg_width = VCPU_WIDTH_8; // a 32-bit read whose reg_width was left zero
    EXPECT_EQ(vcpu_fake_queue_exit(&v, &e), VCPU_ERR_INVALID_ARG);
    e = MmioRead();
    e.mmio_read.width = (enum vcpu_access_width)4;
    EXPECT_EQ(vcpu_fake_queue_exit(&v, &e), VCPU_ERR_INVALID_ARG);
    e = MmioRead();
    e.mmio_read.reg = VCPU_ARCH_GPR_COUNT;
    EXPECT_EQ(vcpu_fake_queue_exit(&v, &e), VCPU_ERR_INVALID_ARG);
    e = {};
    e.reason = VCPU_EXIT_SYSREG_READ;
    e.sysreg_read = {0x10, 40};
    EXPECT_EQ(vcpu_fake_queue_exit(&v, &e), VCPU_ERR_INVALID_ARG);
    e = {};
    e.reason = VCPU_EXIT_MMIO_WRITE;
    e.mmio_write = {0x10, (enum vcpu_access_width)7, 0};
    EXPECT_EQ(vcpu_fake_queue_exit(&v, &e), VCPU_ERR_INVALID_ARG);
    e = {};
    e.reason = VCPU_EXIT_IO_READ;
    e.io_read = {0x60, (enum vcpu_access_width)5};
    EXPECT_EQ(vcpu_fake_queue_exit(&v, &e), VCPU_ERR_INVALID_ARG);
    e = {};
    e.reason = VCPU_EXIT_IO_WRITE;
    e.io_write = {0x60, (enum vcpu_access_width)5, 0};
    EXPECT_EQ(vcpu_fake_queue_exit(&v, &e), VCPU_ERR_INVALID_ARG);
    // Nothing was queued.
    struct vcpu_exit got;
    ASSERT_EQ(vcpu_run(&v, &got), VCPU_OK);
    EXPECT_EQ(got.reason, VCPU_EXIT_NOTHING);
}

} // namespace
} // namespace vcpu_test
