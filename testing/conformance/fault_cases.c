/* Conformance: vcpu_inject_fault() turns an exit no device claims into the
 * fault the guest's own handler sees, at the faulting instruction. */
#include "testing/conformance/conformance.h"

static void guest_touches_mmio(uint64_t write)
{
    if (write)
        guest_write32(test_mmio_gpa, 0x1234);
    else
        (void)guest_read32(test_mmio_gpa);
    GUEST_SYNC(0xbad); /* not reached: the access faults */
}

/* Runs `v` and expects the guest's own exception report; returns its class
 * and stores the faulting PC in *pc. */
static uint64_t expect_guest_exception(struct vcpu *v, uint64_t *pc)
{
    struct vcpu_exit exit;
    EXPECT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    uint64_t code = 0;
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_EXCEPTION, &code)) {
        vtest_fail(__FILE__, __LINE__, "expected the guest's exception, got %s",
                   vcpu_exit_reason_name(exit.reason));
        return ~0ull;
    }
    *pc = exit.hypercall.args[2];
    return test_exception_class(code);
}

static void expect_access_fault(uint64_t write)
{
    struct vcpu *v = conformance_start(guest_touches_mmio, write);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, write ? VCPU_EXIT_MMIO_WRITE : VCPU_EXIT_MMIO_READ);
    uint64_t after = 0;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_PC, &after), VCPU_OK);
    ASSERT_EQ(vcpu_inject_fault(v, &exit), VCPU_OK);
    EXPECT_EQ(vcpu_inject_fault(v, &exit), VCPU_ERR_BAD_STATE); /* resolved once */
    uint64_t pc = 0;
    uint64_t cls = expect_guest_exception(v, &pc);
    EXPECT_EQ(cls, write ? test_fault_class_store : test_fault_class_load);
    /* At the access itself, which the exit had moved past. */
    EXPECT_LT(pc, after);
    EXPECT_LE(after - pc, 15u);
}

TEST(conformance, mmio_read_faulted)
{
    expect_access_fault(0);
}

TEST(conformance, mmio_write_faulted)
{
    expect_access_fault(1);
}

static void guest_unknown_then_sync(uint64_t unused)
{
    (void)unused;
    guest_unknown_exit();
    GUEST_SYNC(0xbad); /* not reached: the instruction faults */
}

TEST(conformance, unknown_exit_faulted)
{
    struct vcpu *v = conformance_start(guest_unknown_then_sync, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_UNKNOWN);
    uint64_t at = 0;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_PC, &at), VCPU_OK);
    ASSERT_EQ(vcpu_inject_fault(v, &exit), VCPU_OK);
    uint64_t pc = 0;
    EXPECT_EQ(expect_guest_exception(v, &pc), test_fault_class_undef);
    EXPECT_EQ(pc, at);
}

TEST(conformance, read_must_be_completed)
{
    struct vcpu *v = conformance_start(guest_touches_mmio, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    struct vcpu_exit again;
    EXPECT_EQ(vcpu_run(v, &again), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_state(v), VCPU_STATE_READY);
    struct vcpu_exit other = exit;
    other.mmio_read.addr += 4;
    EXPECT_EQ(vcpu_complete_read(v, &other, 1), VCPU_ERR_INVALID_ARG);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 1), VCPU_OK);
    EXPECT_EQ(vcpu_complete_read(v, &exit, 1), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(conformance_expect_sync(v), 0xbadu);
}
