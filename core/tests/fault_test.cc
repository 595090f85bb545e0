// vcpu_inject_fault (api.md §10): resolves the latest unresumed MMIO, sysreg,
// I/O or UNKNOWN exit by a guest fault at the faulting instruction.
#include "test_support.h"

namespace vcpu_test
{
namespace
{

class FaultTest : public VcpuTest
{
  protected:
    // Queues `e`, runs it on CPU 0 and returns the exit record.
    struct vcpu_exit RunExit(struct vcpu *v, struct vcpu_exit e)
    {
        EXPECT_EQ(vcpu_fake_queue_exit(v, &e), VCPU_OK);
        struct vcpu_exit got = {};
        EXPECT_EQ(vcpu_run(v, &got), VCPU_OK);
        EXPECT_EQ(got.reason, e.reason);
        return got;
    }

    static struct vcpu_exit Exit(enum vcpu_exit_reason reason)
    {
        struct vcpu_exit e = {};
        e.reason = reason;
        switch (reason) {
        case VCPU_EXIT_MMIO_READ:
            e.mmio_read = {0x9000, VCPU_WIDTH_32, 3, VCPU_WIDTH_64, false};
            break;
        case VCPU_EXIT_MMIO_WRITE:
            e.mmio_write = {0x9008, VCPU_WIDTH_8, 0x12};
            break;
        case VCPU_EXIT_SYSREG_READ:
            e.sysreg_read = {0x30, 4};
            break;
        case VCPU_EXIT_SYSREG_WRITE:
            e.sysreg_write = {0x31, 7};
            break;
        case VCPU_EXIT_IO_READ:
            e.io_read = {0x60, VCPU_WIDTH_8};
            break;
        case VCPU_EXIT_IO_WRITE:
            e.io_write = {0x61, VCPU_WIDTH_16, 5};
            break;
        default:
            break;
        }
        return e;
    }
};

TEST_F(FaultTest, EachFaultableExitFaultsAtItsInstruction)
{
    for (enum vcpu_exit_reason r :
         {VCPU_EXIT_MMIO_READ, VCPU_EXIT_MMIO_WRITE, VCPU_EXIT_SYSREG_READ, VCPU_EXIT_SYSREG_WRITE,
          VCPU_EXIT_IO_READ, VCPU_EXIT_IO_WRITE, VCPU_EXIT_UNKNOWN}) {
        struct vcpu v = {};
        Reach(&v, VCPU_STATE_READY);
        ASSERT_EQ(vcpu_set_gpr(&v, 3, 0xabc), VCPU_OK);
        ASSERT_EQ(vcpu_set_gpr(&v, 4, 0xdef), VCPU_OK);
        struct vcpu_exit e = RunExit(&v, Exit(r));
        ASSERT_EQ(vcpu_inject_fault(&v, &e), VCPU_OK) << vcpu_exit_reason_name(r);
        EXPECT_EQ(vcpu_fake_pc(&v), 0x1000u) << vcpu_exit_reason_name(r);
        // No destination register was written.
        uint64_t val;
        ASSERT_EQ(vcpu_get_gpr(&v, 3, &val), VCPU_OK);
        EXPECT_EQ(val, 0xabcu);
        ASSERT_EQ(vcpu_get_gpr(&v, 4, &val), VCPU_OK);
        EXPECT_EQ(val, 0xdefu);
        // Resolved: neither a second fault nor a completion.
        EXPECT_EQ(vcpu_inject_fault(&v, &e), VCPU_ERR_BAD_STATE);
        if (vcpu_exit_is_read(r))
            EXPECT_EQ(vcpu_complete_read(&v, &e, 1), VCPU_ERR_BAD_STATE);
        // Delivered at the next entry.
        EXPECT_EQ(vcpu_fake_faults_delivered(&v, nullptr), 0u);
        struct vcpu_exit next;
        ASSERT_EQ(vcpu_run(&v, &next), VCPU_OK);
        enum vcpu_exit_reason last = VCPU_EXIT_NOTHING;
        EXPECT_EQ(vcpu_fake_faults_delivered(&v, &last), 1u);
        EXPECT_EQ(last, r);
        TearDownVcpus();
    }
}

TEST_F(FaultTest, OtherReasonsAndNullAreInvalidArgument)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit hc = RunExit(&v, Exit(VCPU_EXIT_HYPERCALL));
    EXPECT_EQ(vcpu_inject_fault(&v, &hc), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_inject_fault(&v, nullptr), VCPU_ERR_INVALID_ARG);
    struct vcpu_exit mmio = Exit(VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(vcpu_inject_fault(nullptr, &mmio), VCPU_ERR_INVALID_ARG);
    struct vcpu_exit bad = {};
    bad.reason = (enum vcpu_exit_reason)77;
    EXPECT_EQ(vcpu_inject_fault(&v, &bad), VCPU_ERR_INVALID_ARG);
}

TEST_F(FaultTest, OnlyTheLatestUnresumedExit)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit first = RunExit(&v, Exit(VCPU_EXIT_MMIO_WRITE));
    // Another address than the one the exit reported.
    struct vcpu_exit other = first;
    other.mmio_write.addr += 8;
    EXPECT_EQ(vcpu_inject_fault(&v, &other), VCPU_ERR_BAD_STATE);
    other = first;
    other.reason = VCPU_EXIT_IO_WRITE;
    EXPECT_EQ(vcpu_inject_fault(&v, &other), VCPU_ERR_BAD_STATE);
    // Resumed: the exit is stale.
    struct vcpu_exit next;
    ASSERT_EQ(vcpu_run(&v, &next), VCPU_OK);
    EXPECT_EQ(vcpu_inject_fault(&v, &first), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x1004u);
    EXPECT_EQ(vcpu_fake_faults_delivered(&v, nullptr), 0u);
}

TEST_F(FaultTest, StateAndCpuRules)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit e = RunExit(&v, Exit(VCPU_EXIT_MMIO_READ));
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_inject_fault(&v, &e); }), VCPU_ERR_WRONG_CPU);
    ASSERT_EQ(vcpu_block(&v), VCPU_OK); // allowed while BLOCKED
    EXPECT_EQ(vcpu_inject_fault(&v, &e), VCPU_OK);
    ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
    TearDownVcpus();
    struct vcpu free_v = {};
    Reach(&free_v, VCPU_STATE_FREE);
    EXPECT_EQ(vcpu_inject_fault(&free_v, &e), VCPU_ERR_BAD_STATE);
}

} // namespace
} // namespace vcpu_test
