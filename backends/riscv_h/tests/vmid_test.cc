// Host tests of the RISC-V H backend's VMID allocation decision (vmid.c).
#include <gtest/gtest.h>

extern "C" {
#include "backends/riscv_h/vmid.h"
}

namespace
{

TEST(RiscvHVmid, BitsFromReadback)
{
    EXPECT_EQ(riscv_h_vmid_bits(0x3ffful << 44), 14u);
    EXPECT_EQ(riscv_h_vmid_bits(0xfful << 44), 8u);
    EXPECT_EQ(riscv_h_vmid_bits(0), 0u);
}

TEST(RiscvHVmid, NeverAliasesWithinAGeneration)
{
    // 2 VMID bits: VMIDs 1..3. The old `id % count` scheme gave VMs 1 and
    // 1 + count the same VMID; here a fourth vCPU starts a new generation
    // with a flush instead.
    riscv_h_vmid_cpu cpu = {};
    cpu.bits = 2;
    riscv_h_vmid_tag tags[4] = {};
    EXPECT_TRUE(riscv_h_vmid_assign(&cpu, 0, &tags[0], &tags[0])); // first generation
    EXPECT_FALSE(riscv_h_vmid_assign(&cpu, 0, &tags[1], &tags[1]));
    EXPECT_FALSE(riscv_h_vmid_assign(&cpu, 0, &tags[2], &tags[2]));
    EXPECT_EQ(tags[0].vmid, 1u);
    EXPECT_EQ(tags[1].vmid, 2u);
    EXPECT_EQ(tags[2].vmid, 3u);
    // Re-entering keeps the VMID, no flush.
    EXPECT_FALSE(riscv_h_vmid_assign(&cpu, 0, &tags[1], &tags[1]));
    EXPECT_EQ(tags[1].vmid, 2u);
    // Out of VMIDs: new generation, flush, and the old owners reallocate.
    EXPECT_TRUE(riscv_h_vmid_assign(&cpu, 0, &tags[3], &tags[3]));
    EXPECT_EQ(tags[3].vmid, 1u);
    EXPECT_FALSE(riscv_h_vmid_assign(&cpu, 0, &tags[0], &tags[0]));
    EXPECT_EQ(tags[0].vmid, 2u);
    EXPECT_NE(tags[0].vmid, tags[3].vmid);
}

TEST(RiscvHVmid, MovingToAnotherCpuReallocates)
{
    riscv_h_vmid_cpu cpu0 = {}, cpu1 = {};
    cpu0.bits = cpu1.bits = 14;
    riscv_h_vmid_tag a = {}, b = {};
    riscv_h_vmid_assign(&cpu0, 0, &a, &a);
    riscv_h_vmid_assign(&cpu1, 1, &b, &b);
    EXPECT_EQ(a.vmid, 1u);
    EXPECT_EQ(b.vmid, 1u);
    // Both CPUs are in generation 1: `a` on CPU 1 must not keep VMID 1 (b's).
    riscv_h_vmid_assign(&cpu1, 1, &a, &a);
    EXPECT_EQ(a.vmid, 2u);
}

TEST(RiscvHVmid, NoVmidBitsFlushOnEveryOwnerChange)
{
    riscv_h_vmid_cpu cpu = {};
    riscv_h_vmid_tag a = {}, b = {};
    EXPECT_TRUE(riscv_h_vmid_assign(&cpu, 0, &a, &a));
    EXPECT_FALSE(riscv_h_vmid_assign(&cpu, 0, &a, &a));
    EXPECT_TRUE(riscv_h_vmid_assign(&cpu, 0, &b, &b));
    EXPECT_TRUE(riscv_h_vmid_assign(&cpu, 0, &a, &a));
    EXPECT_EQ(a.vmid, 0u);
}

} // namespace
