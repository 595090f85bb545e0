// vcpu_get_reg / vcpu_set_reg (api.md §10): PC, SP and saved system
// registers, with the CPU rules of the GPR calls.
#include "test_support.h"

namespace vcpu_test
{
namespace
{

class RegTest : public VcpuTest
{
};

TEST_F(RegTest, PcAndSpBeforeTheFirstRunFromAnyCpu)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_CREATED);
    uint64_t val = 0;
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_set_reg(&v, VCPU_REG_SP, 0x7000); }), VCPU_OK);
    ASSERT_EQ(vcpu_setup(&v, 0x1000, 0x2000, nullptr), VCPU_OK);
    ASSERT_EQ(OnCpu(1, [&] { return vcpu_get_reg(&v, VCPU_REG_PC, &val); }), VCPU_OK);
    EXPECT_EQ(val, 0x1000u);
    ASSERT_EQ(vcpu_get_reg(&v, VCPU_REG_SP, &val), VCPU_OK);
    EXPECT_EQ(val, 0x7000u);
    // Setting the PC before the first run moves the entry.
    ASSERT_EQ(vcpu_set_reg(&v, VCPU_REG_PC, 0x4000), VCPU_OK);
    ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
    struct vcpu_exit exit;
    struct vcpu_exit hc = {};
    hc.reason = VCPU_EXIT_HYPERCALL;
    ASSERT_EQ(vcpu_fake_queue_exit(&v, &hc), VCPU_OK);
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x4004u);
}

TEST_F(RegTest, SettingThePcAfterAnExitResumesThere)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit unknown = {};
    unknown.reason = VCPU_EXIT_UNKNOWN;
    ASSERT_EQ(vcpu_fake_queue_exit(&v, &unknown), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_UNKNOWN);
    uint64_t pc = 0;
    ASSERT_EQ(vcpu_get_reg(&v, VCPU_REG_PC, &pc), VCPU_OK);
    EXPECT_EQ(pc, 0x1000u); // UNKNOWN leaves the PC at the instruction
    ASSERT_EQ(vcpu_set_reg(&v, VCPU_REG_PC, pc + 4), VCPU_OK); // the VMM skips it
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x1004u);
}

TEST_F(RegTest, SystemRegistersTheBackendSavesAndNoOthers)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    for (vcpu_sysreg_t r = 0; r < VCPU_FAKE_SYSREG_COUNT; r++)
        ASSERT_EQ(vcpu_set_reg(&v, VCPU_REG_SYSREG(r), 0x100 + r), VCPU_OK);
    for (vcpu_sysreg_t r = 0; r < VCPU_FAKE_SYSREG_COUNT; r++) {
        uint64_t val = 0;
        ASSERT_EQ(vcpu_get_reg(&v, VCPU_REG_SYSREG(r), &val), VCPU_OK);
        EXPECT_EQ(val, 0x100u + r);
    }
    uint64_t val = 0x55;
    EXPECT_EQ(vcpu_get_reg(&v, VCPU_REG_SYSREG(VCPU_FAKE_SYSREG_COUNT), &val),
              VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_set_reg(&v, VCPU_REG_SYSREG(0xc0000080u), 1), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(val, 0x55u);
}

TEST_F(RegTest, ValuesTheMacrosDoNotProduceAreUnknownRegisters)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    uint64_t val = 0x55;
    const vcpu_reg_t bad[] = {
        0, 5, VCPU_REG_PC | 1, VCPU_REG_SP | 0x80, (vcpu_reg_t)4 << 32, ~(vcpu_reg_t)0};
    for (vcpu_reg_t r : bad) {
        EXPECT_EQ(vcpu_get_reg(&v, r, &val), VCPU_ERR_INVALID_ARG) << std::hex << r;
        EXPECT_EQ(vcpu_set_reg(&v, r, 1), VCPU_ERR_INVALID_ARG) << std::hex << r;
    }
    EXPECT_EQ(val, 0x55u);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x1000u);
    EXPECT_EQ(vcpu_get_reg(&v, VCPU_REG_PC, nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_get_reg(nullptr, VCPU_REG_PC, &val), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_set_reg(nullptr, VCPU_REG_PC, 0), VCPU_ERR_INVALID_ARG);
}

TEST_F(RegTest, CpuAndStateRules)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    uint64_t val;
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_get_reg(&v, VCPU_REG_PC, &val); }), VCPU_ERR_WRONG_CPU);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_set_reg(&v, VCPU_REG_PC, 0); }), VCPU_ERR_WRONG_CPU);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x1000u);
    TearDownVcpus();
    struct vcpu bad = {};
    Reach(&bad, VCPU_STATE_INVALID);
    EXPECT_EQ(vcpu_get_reg(&bad, VCPU_REG_SP, &val), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_set_reg(&bad, VCPU_REG_SP, 0), VCPU_ERR_BAD_STATE);
}

TEST_F(RegTest, Stage2Format)
{
    struct vcpu_stage2_format fmt = {};
    ASSERT_EQ(vcpu_stage2_format(&fmt), VCPU_OK);
    EXPECT_EQ(fmt.levels, 4u);
    EXPECT_EQ(fmt.granule, 4096u);
    EXPECT_EQ(fmt.ipa_bits, 48u);
    EXPECT_EQ(vcpu_stage2_format(nullptr), VCPU_ERR_INVALID_ARG);
}

} // namespace
} // namespace vcpu_test
