// Host tests of the ARM EL2 backend's per-CPU VMID ownership (vmid.c).
#include <gtest/gtest.h>

extern "C" {
#include <vcpu_backend/arm_el2_vmid.h>
}

namespace
{

TEST(ArmEl2Vmid, VmIdsEqualInTheLowByteGetDifferentVmids)
{
    struct arm_el2_vmid_table t = {};
    bool flush = false;
    uint32_t a = arm_el2_vmid_assign(&t, arm_el2_vmid_usable(8), 1, 0x1000, &flush);
    EXPECT_TRUE(flush); // a fresh VMID may hold entries of an earlier owner
    uint32_t b = arm_el2_vmid_assign(&t, arm_el2_vmid_usable(8), 257, 0x2000, &flush);
    EXPECT_TRUE(flush);
    EXPECT_NE(a, b);
    EXPECT_NE(a, 0u);
    EXPECT_NE(b, 0u);
    // Running again: same VMID, no flush.
    EXPECT_EQ(arm_el2_vmid_assign(&t, arm_el2_vmid_usable(8), 1, 0x1000, &flush), a);
    EXPECT_FALSE(flush);
    EXPECT_EQ(arm_el2_vmid_assign(&t, arm_el2_vmid_usable(8), 257, 0x2000, &flush), b);
    EXPECT_FALSE(flush);
}

TEST(ArmEl2Vmid, SameIdWithOtherTablesIsAnotherOwner)
{
    struct arm_el2_vmid_table t = {};
    bool flush = false;
    uint32_t a = arm_el2_vmid_assign(&t, 4, 7, 0x1000, &flush);
    uint32_t b = arm_el2_vmid_assign(&t, 4, 7, 0x5000, &flush);
    EXPECT_TRUE(flush);
    EXPECT_NE(a, b);
}

TEST(ArmEl2Vmid, EvictionFlushesTheReusedVmid)
{
    struct arm_el2_vmid_table t = {};
    bool flush = false;
    const uint32_t usable = 3;
    uint32_t seen[usable] = {};
    for (uint32_t vm = 0; vm < usable; vm++) {
        seen[vm] = arm_el2_vmid_assign(&t, usable, vm, 0x1000 * (vm + 1), &flush);
        EXPECT_TRUE(flush);
        EXPECT_GE(seen[vm], 1u);
        EXPECT_LE(seen[vm], usable);
        for (uint32_t j = 0; j < vm; j++)
            EXPECT_NE(seen[j], seen[vm]);
    }
    // A fourth VM takes some VMID over (flushed); its old owner, when it
    // comes back, is a new owner again (flushed too).
    uint32_t d = arm_el2_vmid_assign(&t, usable, 99, 0x9000, &flush);
    EXPECT_TRUE(flush);
    uint32_t victim = 0;
    for (uint32_t vm = 0; vm < usable; vm++) {
        if (seen[vm] == d)
            victim = vm;
    }
    arm_el2_vmid_assign(&t, usable, victim, 0x1000 * (victim + 1), &flush);
    EXPECT_TRUE(flush);
}

TEST(ArmEl2Vmid, NoTwoOwnersEverShareAVmid)
{
    struct arm_el2_vmid_table t = {};
    const uint32_t usable = arm_el2_vmid_usable(8);
    uint32_t owner_of[ARM_EL2_VMID_SLOTS + 1];
    for (auto &o : owner_of)
        o = ~0u;
    bool flush = false;
    // Many VMs, ids 256 apart and not, in a pattern that forces evictions.
    for (uint32_t step = 0; step < 5000; step++) {
        uint32_t vm = (step * 37u) % 300u + ((step & 1) ? 256u : 0u);
        uint32_t vmid = arm_el2_vmid_assign(&t, usable, vm, 0x1000, &flush);
        ASSERT_GE(vmid, 1u);
        ASSERT_LE(vmid, usable);
        if (owner_of[vmid] != vm) {
            // A VMID changing owner must always be flushed.
            EXPECT_TRUE(flush) << step;
            owner_of[vmid] = vm;
        } else {
            EXPECT_FALSE(flush) << step;
        }
    }
}

TEST(ArmEl2Vmid, UsableFollowsTheVmidWidth)
{
    EXPECT_EQ(arm_el2_vmid_usable(8), ARM_EL2_VMID_SLOTS < 255u ? ARM_EL2_VMID_SLOTS : 255u);
    EXPECT_EQ(arm_el2_vmid_usable(16), ARM_EL2_VMID_SLOTS);
}

} // namespace
