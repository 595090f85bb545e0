// Host tests of the nested page fault classification both x86 decoders use.
#include <gtest/gtest.h>

extern "C" {
#include "backends/x86_common/nested_fault.h"
}

namespace
{

TEST(NestedFault, SvmExitInfo1)
{
    // The raw exits QEMU 7.2 produced (shared notes): a final-translation read.
    EXPECT_EQ(x86_svm_npf_access(0x100000004ull), X86_NESTED_DATA);
    EXPECT_EQ(x86_svm_npf_access(0x100000014ull), X86_NESTED_FETCH);
    // Bit 33: during the guest's page-table walk, whatever else is set.
    EXPECT_EQ(x86_svm_npf_access(0x200000006ull), X86_NESTED_GUEST_WALK);
    EXPECT_EQ(x86_svm_npf_access(0x200000014ull), X86_NESTED_GUEST_WALK);
}

TEST(NestedFault, VmxQualification)
{
    EXPECT_EQ(x86_vmx_ept_access(0x181), X86_NESTED_DATA);       // read, GLA valid, final
    EXPECT_EQ(x86_vmx_ept_access(0x184), X86_NESTED_FETCH);      // fetch, final
    EXPECT_EQ(x86_vmx_ept_access(0x081), X86_NESTED_GUEST_WALK); // GLA valid, not final
    EXPECT_EQ(x86_vmx_ept_access(0x083), X86_NESTED_GUEST_WALK); // A/D update of a table
    EXPECT_EQ(x86_vmx_ept_access(0x001), X86_NESTED_DATA);       // no GLA (e.g. a real-mode access)
}

TEST(NestedFault, OnlyDataAccessesToUnmappedPagesAreMmio)
{
    EXPECT_TRUE(x86_nested_fault_is_mmio(X86_NESTED_DATA, false));
    EXPECT_FALSE(x86_nested_fault_is_mmio(X86_NESTED_DATA, true));
    EXPECT_FALSE(x86_nested_fault_is_mmio(X86_NESTED_FETCH, false));
    EXPECT_FALSE(x86_nested_fault_is_mmio(X86_NESTED_GUEST_WALK, false));
    EXPECT_FALSE(x86_nested_fault_is_mmio(X86_NESTED_GUEST_WALK, true));
}

} // namespace
