// Host tests of the ARM EL2 syndrome and PSCI decoders, with the ESR values
// QEMU 7.2 produced (shared/notes) and constructed ones.
#include <gtest/gtest.h>

extern "C" {
#include "backends/arm_el2/decode.h"
}
#include <vcpu/arm_el2.h>

namespace
{

struct Guest {
    uint64_t x[31] = {};
};

struct vcpu_exit Decode(uint64_t esr, uint64_t far, uint64_t hpfar, const Guest &g,
                        enum arm_el2_pc_step *step = nullptr)
{
    struct arm_el2_trap trap = {esr, far, hpfar, g.x};
    struct vcpu_exit exit;
    enum arm_el2_pc_step s = arm_el2_decode_sync(&trap, &exit);
    if (step != nullptr)
        *step = s;
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_ARM64);
    EXPECT_EQ(exit.raw.arm64.esr, esr);
    EXPECT_EQ(exit.raw.arm64.far, far);
    EXPECT_EQ(exit.raw.arm64.hpfar, hpfar);
    return exit;
}

TEST(ArmEl2Decode, HvcIsHypercallWithoutPcStep)
{
    Guest g;
    for (int i = 0; i < 7; i++)
        g.x[i] = 0xc0ffee + i;
    enum arm_el2_pc_step step;
    struct vcpu_exit e = Decode(0x5a000000, 0, 0, g, &step);
    EXPECT_EQ(e.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(e.hypercall.nr, 0xc0ffeeu);
    for (int i = 0; i < 6; i++)
        EXPECT_EQ(e.hypercall.args[i], 0xc0ffeeu + i + 1);
    EXPECT_EQ(step, ARM_EL2_PC_KEEP);
}

TEST(ArmEl2Decode, StoreWordIsMmioWrite)
{
    Guest g;
    g.x[2] = 0xffffffff00000047ull; // 'G' in w2; the upper half is not stored
    enum arm_el2_pc_step step;
    struct vcpu_exit e = Decode(0x93820045, 0x09000000, 0x90000, g, &step);
    ASSERT_EQ(e.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(e.mmio_write.addr, 0x09000000u);
    EXPECT_EQ(e.mmio_write.width, VCPU_WIDTH_32);
    EXPECT_EQ(e.mmio_write.data, 0x47u);
    EXPECT_EQ(step, ARM_EL2_PC_ADVANCE);
}

TEST(ArmEl2Decode, LoadHalfwordIsMmioRead)
{
    Guest g;
    struct vcpu_exit e = Decode(0x93440006, 0x50000010, 0x500000, g);
    ASSERT_EQ(e.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.mmio_read.addr, 0x50000010u);
    EXPECT_EQ(e.mmio_read.width, VCPU_WIDTH_16);
    EXPECT_EQ(e.mmio_read.reg, 4u);
    EXPECT_FALSE(e.mmio_read.signed_ext);
    EXPECT_EQ(e.mmio_read.reg_width, VCPU_WIDTH_32);
}

// Builds a data-abort ESR with a valid syndrome.
uint64_t DataAbort(unsigned sas, bool sse, unsigned srt, bool sf, bool wnr, unsigned dfsc)
{
    return (0x24ull << 26) | (1ull << 25) | (1ull << 24) | (uint64_t)sas << 22 |
           (uint64_t)sse << 21 | (uint64_t)srt << 16 | (uint64_t)sf << 15 | (uint64_t)wnr << 6 |
           dfsc;
}

TEST(ArmEl2Decode, SignExtendingLoadInto64BitRegister)
{
    Guest g;
    struct vcpu_exit e = Decode(DataAbort(0, true, 9, true, false, 0x07), 0x70000003, 0x700000, g);
    ASSERT_EQ(e.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.mmio_read.addr, 0x70000003u);
    EXPECT_EQ(e.mmio_read.width, VCPU_WIDTH_8);
    EXPECT_TRUE(e.mmio_read.signed_ext);
    EXPECT_EQ(e.mmio_read.reg, 9u);
    EXPECT_EQ(e.mmio_read.reg_width, VCPU_WIDTH_64);
}

TEST(ArmEl2Decode, StoreOfXzrWritesZero)
{
    Guest g;
    struct vcpu_exit e = Decode(DataAbort(3, false, 31, true, true, 0x05), 0x70000008, 0x700000, g);
    ASSERT_EQ(e.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(e.mmio_write.width, VCPU_WIDTH_64);
    EXPECT_EQ(e.mmio_write.data, 0u);
}

TEST(ArmEl2Decode, PermissionFaultAndMissingSyndromeAreNestedPageFaults)
{
    Guest g;
    enum arm_el2_pc_step step;
    // Permission fault (DFSC 0x0f) with a syndrome, write.
    struct vcpu_exit e = Decode(DataAbort(2, false, 1, false, true, 0x0f), 0x40001234, 0x400010, g,
                                &step); // HPFAR = IPA[47:12] << 4
    ASSERT_EQ(e.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.nested_page_fault.addr, 0x40001234u);
    EXPECT_EQ(e.nested_page_fault.access_flags, VCPU_MAP_WRITE);
    EXPECT_EQ(step, ARM_EL2_PC_KEEP);
    // Translation fault without ISV (e.g. LDP), read.
    uint64_t esr = (0x24ull << 26) | (1ull << 25) | 0x06;
    e = Decode(esr, 0x80000010, 0x800000, g, &step);
    ASSERT_EQ(e.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.nested_page_fault.access_flags, VCPU_MAP_READ);
    EXPECT_EQ(step, ARM_EL2_PC_KEEP);
}

TEST(ArmEl2Decode, InstructionAbortIsExecuteFault)
{
    Guest g;
    struct vcpu_exit e = Decode(0x82000006, 0x60000000, 0x600000, g);
    ASSERT_EQ(e.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.nested_page_fault.addr, 0x60000000u);
    EXPECT_EQ(e.nested_page_fault.access_flags, VCPU_MAP_EXECUTE);
}

TEST(ArmEl2Decode, AlignmentFaultIsUnknown)
{
    Guest g;
    struct vcpu_exit e = Decode(DataAbort(2, false, 1, false, false, 0x21), 0x1001, 0, g);
    EXPECT_EQ(e.reason, VCPU_EXIT_UNKNOWN);
}

TEST(ArmEl2Decode, SystemRegisterTraps)
{
    Guest g;
    g.x[7] = 0x30d00800;
    // mrs x6, id_aa64mmfr0_el1
    struct vcpu_exit e = Decode(0x623000cf, 0, 0, g);
    ASSERT_EQ(e.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(e.sysreg_read.addr, VCPU_SYSREG_ARM64(3, 0, 0, 7, 0));
    EXPECT_EQ(e.sysreg_read.reg, 6u);
    // msr sctlr_el1, x7
    e = Decode(0x623004e0, 0, 0, g);
    ASSERT_EQ(e.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(e.sysreg_write.addr, VCPU_SYSREG_ARM64(3, 0, 1, 0, 0));
    EXPECT_EQ(e.sysreg_write.value, 0x30d00800u);
    // msr actlr_el1, xzr: the trapped register of the backend, value 0
    uint64_t esr = (0x18ull << 26) | (1ull << 25) | ARM_EL2_TRAPPED_SYSREG | (31u << 5);
    e = Decode(esr, 0, 0, g);
    ASSERT_EQ(e.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(e.sysreg_write.addr, ARM_EL2_TRAPPED_SYSREG);
    EXPECT_EQ(e.sysreg_write.value, 0u);
}

TEST(ArmEl2Decode, WfiIsHaltAndOthersAreUnknown)
{
    Guest g;
    enum arm_el2_pc_step step;
    EXPECT_EQ(Decode(0x07e00000, 0, 0, g, &step).reason, VCPU_EXIT_HALT);
    EXPECT_EQ(step, ARM_EL2_PC_ADVANCE);
    // An undecoded class (a BRK, were debug exceptions routed to EL2: EC
    // 0x3c) is UNKNOWN with the PC left at the instruction.
    EXPECT_EQ(Decode((0x3cull << 26) | (1ull << 25) | 0x1234, 0, 0, g, &step).reason,
              VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(step, ARM_EL2_PC_KEEP);
    EXPECT_EQ(arm_el2_esr_insn_len(0x3cull << 26), 2u);
    EXPECT_EQ(arm_el2_esr_insn_len((0x3cull << 26) | (1ull << 25)), 4u);
    // Every exception class decodes to a defined reason.
    for (uint64_t ec = 0; ec < 64; ec++) {
        struct vcpu_exit e = Decode(ec << 26 | (1ull << 25), 0, 0, g);
        EXPECT_LT(e.reason, VCPU_EXIT_REASON_COUNT) << ec;
    }
}

struct vcpu_exit Smc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
                     enum arm_el2_psci_action *action, uint64_t *ret)
{
    Guest g;
    g.x[0] = x0;
    g.x[1] = x1;
    g.x[2] = x2;
    g.x[3] = x3;
    struct arm_el2_trap trap = {0x5e000000, 0, 0, g.x};
    struct vcpu_exit exit;
    *action = arm_el2_decode_smc(&trap, &exit, ret);
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_ARM64);
    return exit;
}

TEST(ArmEl2Decode, PsciCalls)
{
    enum arm_el2_psci_action action;
    uint64_t ret;
    Smc(ARM_PSCI_VERSION, 0, 0, 0, &action, &ret);
    EXPECT_EQ(action, ARM_EL2_PSCI_RETURN);
    EXPECT_EQ(ret, 0x10000u);
    Smc(ARM_PSCI_FEATURES, ARM_PSCI_CPU_ON_64, 0, 0, &action, &ret);
    EXPECT_EQ(action, ARM_EL2_PSCI_RETURN);
    EXPECT_EQ(ret, 0u);
    Smc(ARM_PSCI_FEATURES, 0x84000077, 0, 0, &action, &ret);
    EXPECT_EQ((int64_t)ret, ARM_PSCI_NOT_SUPPORTED);

    struct vcpu_exit e = Smc(ARM_PSCI_CPU_ON_64, 1, 0x40280000, 0xabc, &action, &ret);
    EXPECT_EQ(action, ARM_EL2_PSCI_EXIT);
    ASSERT_EQ(e.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(e.cpu_up.target_cpu, 1u);
    EXPECT_EQ(e.cpu_up.entry_point, 0x40280000u);
    EXPECT_EQ(e.cpu_up.arg, 0xabcu);
    EXPECT_EQ(ret, 0u);
    // The 32-bit variant takes 32-bit arguments.
    e = Smc(ARM_PSCI_CPU_ON_32, 0xffffffff00000002ull, 0x1111222233334444ull, 5, &action, &ret);
    EXPECT_EQ(e.cpu_up.target_cpu, 2u);
    EXPECT_EQ(e.cpu_up.entry_point, 0x33334444u);

    EXPECT_EQ(Smc(ARM_PSCI_CPU_OFF, 0, 0, 0, &action, &ret).reason, VCPU_EXIT_CPU_DOWN);
    e = Smc(ARM_PSCI_SYSTEM_OFF, 0, 0, 0, &action, &ret);
    EXPECT_EQ(e.reason, VCPU_EXIT_SYSTEM_DOWN);
    EXPECT_EQ(e.system_down.kind, VCPU_SYSTEM_POWEROFF);
    e = Smc(ARM_PSCI_SYSTEM_RESET, 0, 0, 0, &action, &ret);
    EXPECT_EQ(e.system_down.kind, VCPU_SYSTEM_RESET);
    Smc(ARM_PSCI_AFFINITY_INFO_64, 1, 0, 0, &action, &ret);
    EXPECT_EQ(action, ARM_EL2_PSCI_AFFINITY_INFO);
    // Not PSCI: UNKNOWN, and the guest sees NOT_SUPPORTED.
    e = Smc(0xc2000001, 0, 0, 0, &action, &ret);
    EXPECT_EQ(action, ARM_EL2_PSCI_EXIT);
    EXPECT_EQ(e.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ((int64_t)ret, ARM_PSCI_NOT_SUPPORTED);
}

} // namespace
