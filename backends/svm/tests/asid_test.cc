// Host tests of ASID assignment (sized from CPUID) and of the TLB flush
// decision when ASIDs are shared between vCPUs on one CPU.
#include <gtest/gtest.h>

extern "C" {
#include "backends/svm/asid.h"
}

namespace
{

TEST(SvmAsid, SizedFromCpuid)
{
    // QEMU TCG reports 16 ASIDs: 1..15, then shared.
    for (uint64_t seq = 0; seq < 15; seq++)
        EXPECT_EQ(svm_asid_assign(seq, 16), seq + 1);
    EXPECT_EQ(svm_asid_assign(15, 16), 1u);
    // Bochs ryzen reports 0x8000: the 16th vCPU still has its own ASID.
    EXPECT_EQ(svm_asid_assign(15, 0x8000), 16u);
    EXPECT_EQ(svm_asid_assign(0x7ffe, 0x8000), 0x7fffu);
    EXPECT_EQ(svm_asid_assign(0x7fff, 0x8000), 1u);
    // Never the host's ASID 0, whatever CPUID says.
    EXPECT_EQ(svm_asid_assign(5, 0), 1u);
    EXPECT_EQ(svm_asid_assign(5, 1), 1u);
    EXPECT_EQ(svm_asid_assign(5, 2), 1u);
}

TEST(SvmAsid, SharedAsidFlushesWhenTheOtherVcpuRanLast)
{
    uint64_t owners[SVM_ASID_SLOTS] = {};
    // vCPUs 1 and 16 share ASID 1 (16 ASIDs); vCPU 2 has ASID 2.
    EXPECT_TRUE(svm_asid_enter(owners, 1, 1));   // first entry: nothing recorded
    EXPECT_FALSE(svm_asid_enter(owners, 1, 1));  // again: its own entries only
    EXPECT_TRUE(svm_asid_enter(owners, 2, 2));   // another ASID: its own first entry
    EXPECT_FALSE(svm_asid_enter(owners, 1, 1));  // ASID 2 does not disturb ASID 1
    EXPECT_TRUE(svm_asid_enter(owners, 1, 16));  // vCPU 16 reuses ASID 1: flush
    EXPECT_FALSE(svm_asid_enter(owners, 1, 16)); // ... once
    EXPECT_TRUE(svm_asid_enter(owners, 1, 1));   // and vCPU 1 after it: flush
}

TEST(SvmAsid, SlotCollisionsOnlyAddFlushes)
{
    uint64_t owners[SVM_ASID_SLOTS] = {};
    EXPECT_TRUE(svm_asid_enter(owners, 3, 7));
    EXPECT_TRUE(svm_asid_enter(owners, 3 + SVM_ASID_SLOTS, 8)); // same slot
    EXPECT_TRUE(svm_asid_enter(owners, 3, 7));                  // conservative flush
}

TEST(SvmAsid, TlbControl)
{
    EXPECT_EQ(svm_tlb_control(false, true), SVM_TLB_CONTROL_NONE);
    EXPECT_EQ(svm_tlb_control(false, false), SVM_TLB_CONTROL_NONE);
    EXPECT_EQ(svm_tlb_control(true, true), SVM_TLB_CONTROL_FLUSH_ASID); // FlushByASID
    EXPECT_EQ(svm_tlb_control(true, false), SVM_TLB_CONTROL_FLUSH_ALL); // QEMU TCG
    EXPECT_EQ(SVM_TLB_CONTROL_FLUSH_ASID, 3u);
    EXPECT_EQ(SVM_TLB_CONTROL_FLUSH_ALL, 1u);
}

} // namespace
