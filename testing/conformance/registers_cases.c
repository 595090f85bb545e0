/* Conformance: the guest PC, SP and a saved system register through
 * vcpu_get_reg() / vcpu_set_reg() on real hardware state. */
#include "testing/conformance/conformance.h"

#define SYSREG_FROM_GUEST 0x5a5a0001u
#define SYSREG_FROM_HOST 0xa5a50002u
#define LANDED 0x1a4du

/* Where the host moves the guest: reports its SP, then stays. */
static void guest_landing(void)
{
    GUEST_SYNC(guest_stack_pointer());
    GUEST_SYNC(LANDED);
    guest_spin();
}

static void guest_probes_registers(uint64_t unused)
{
    (void)unused;
    guest_saved_sysreg_write(SYSREG_FROM_GUEST);
    GUEST_SYNC(guest_stack_pointer());
    GUEST_SYNC(guest_saved_sysreg_read());
    GUEST_SYNC(0x9c);
}

/* |a - b| <= slack */
static bool near(uint64_t a, uint64_t b, uint64_t slack)
{
    return a > b ? a - b <= slack : b - a <= slack;
}

TEST(conformance, pc_sp_and_saved_sysreg)
{
    struct vcpu *v = conformance_start(guest_probes_registers, 0);
    uint64_t guest_sp = conformance_expect_sync(v);
    uint64_t sp = 0, pc = 0, sysreg = 0;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_SP, &sp), VCPU_OK);
    EXPECT_TRUE(near(sp, guest_sp, 512));
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_PC, &pc), VCPU_OK);
    EXPECT_NE(pc, 0u);
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_SYSREG(test_saved_sysreg), &sysreg), VCPU_OK);
    EXPECT_EQ(sysreg, SYSREG_FROM_GUEST);
    ASSERT_EQ(vcpu_set_reg(v, VCPU_REG_SYSREG(test_saved_sysreg), SYSREG_FROM_HOST), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), SYSREG_FROM_HOST);
    EXPECT_EQ(conformance_expect_sync(v), 0x9cu);

    /* Resume somewhere else, on a stack of the host's choosing, aligned as
     * the ISA's calling convention has it at a function's first instruction. */
    uintptr_t stack = (uintptr_t)conformance_vm.stacks[0] + 2048;
    uint64_t new_sp = (stack & ~(uint64_t)15) - test_function_entry_sp_offset;
    ASSERT_EQ(vcpu_set_reg(v, VCPU_REG_SP, new_sp), VCPU_OK);
    ASSERT_EQ(vcpu_set_reg(v, VCPU_REG_PC, (uint64_t)(uintptr_t)guest_landing), VCPU_OK);
    uint64_t back = 0;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_PC, &back), VCPU_OK);
    EXPECT_EQ(back, (uint64_t)(uintptr_t)guest_landing);
    EXPECT_TRUE(near(conformance_expect_sync(v), new_sp, 512));
    EXPECT_EQ(conformance_expect_sync(v), LANDED);
}

TEST(conformance, unknown_registers_are_refused)
{
    struct vcpu *v = conformance_start(guest_probes_registers, 0);
    uint64_t val = 0x77;
    EXPECT_EQ(vcpu_get_reg(v, (vcpu_reg_t)4 << 32, &val), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_set_reg(v, VCPU_REG_PC | 1, 0), VCPU_ERR_INVALID_ARG);
    /* A system register no backend keeps for the guest. */
    EXPECT_EQ(vcpu_get_reg(v, VCPU_REG_SYSREG(0xfffffff0u), &val), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(val, 0x77u);
    struct vcpu_stage2_format fmt = {0};
    ASSERT_EQ(vcpu_stage2_format(&fmt), VCPU_OK);
    EXPECT_EQ(fmt.granule, 4096u);
    EXPECT_GE(fmt.levels, 3u);
    EXPECT_GE(fmt.ipa_bits, 32u);
}
