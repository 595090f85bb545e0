// Host tests of what both x86 backends share about a vCPU: the start values
// and setup options of struct x86_vcpu_state, its one pending interrupt, and
// the register/bit header's segment attributes and guest code mode.
#include <gtest/gtest.h>

#include <cstring>

extern "C" {
#include <vcpu/x86.h>

#include "backends/x86_common/vcpu_state.h"
#include "backends/x86_common/x86_regs.h"
}

namespace
{

TEST(X86VcpuState, InitAndSetup)
{
    struct x86_vcpu_state s;
    memset(&s, 0xa5, sizeof(s));
    x86_vcpu_state_init(&s, 7);
    EXPECT_EQ(s.apic_id, 7u);
    EXPECT_EQ(s.poweroff_port, X86_DEFAULT_POWEROFF_PORT);
    EXPECT_EQ(s.poweroff_slp_typ, 0u);
    EXPECT_EQ(s.pending_vector, -1);
    EXPECT_EQ(s.init_seen, 0u);
    EXPECT_FALSE(s.last_read_valid);
    x86_vcpu_state_setup(&s, 0, 0xfd); // port 0 keeps the default; SLP_TYP is 3 bits
    EXPECT_EQ(s.poweroff_port, X86_DEFAULT_POWEROFF_PORT);
    EXPECT_EQ(s.poweroff_slp_typ, 5u);
    x86_vcpu_state_setup(&s, 0xb004, 0);
    EXPECT_EQ(s.poweroff_port, 0xb004u);
    EXPECT_EQ(s.poweroff_slp_typ, 0u);
}

TEST(X86VcpuState, OnePendingInterrupt)
{
    struct x86_vcpu_state s;
    x86_vcpu_state_init(&s, 0);
    EXPECT_EQ(x86_queue_interrupt(&s, 0x40), VCPU_OK);
    EXPECT_EQ(s.pending_vector, 0x40);
    EXPECT_EQ(x86_queue_interrupt(&s, 0x41), VCPU_ERR_BUSY);
    EXPECT_EQ(s.pending_vector, 0x40);
    s.pending_vector = -1; // injected
    EXPECT_EQ(x86_queue_interrupt(&s, 0x41), VCPU_OK);
}

TEST(X86Regs, VmcbAttributesAreThePackedAccessRights)
{
    EXPECT_EQ(x86_vmcb_seg_attr(SEG_AR_CODE64), 0xa9bu);
    EXPECT_EQ(x86_vmcb_seg_attr(SEG_AR_DATA), 0xc93u);
    EXPECT_EQ(x86_vmcb_seg_attr(SEG_AR_CODE16), 0x9bu);
    EXPECT_EQ(x86_vmcb_seg_attr(SEG_AR_DATA16), 0x93u);
    EXPECT_EQ(x86_vmcb_seg_attr(SEG_AR_LDT), 0x82u);
    EXPECT_EQ(x86_vmcb_seg_attr(SEG_AR_TSS_BUSY), 0x8bu);
    for (uint32_t ar : {SEG_AR_CODE64, SEG_AR_DATA, SEG_AR_CODE16, SEG_AR_TSS_BUSY, 0xf0ffu})
        EXPECT_EQ(x86_seg_ar_from_vmcb(x86_vmcb_seg_attr(ar)), ar);
}

TEST(X86Regs, StartStates)
{
    EXPECT_EQ(X86_CR0_LONG_MODE_START, 0x80010033ull); // PG WP NE ET MP PE
    EXPECT_EQ(X86_CR0_REAL_MODE_START, 0x10ull);       // ET
    EXPECT_EQ(X86_EFER_LONG_MODE_START, 0xd00ull);     // NXE LMA LME
}

TEST(X86Regs, GuestModeFromVmcbAttributes)
{
    // The same rule as VMX's, through the VMCB's packed CS attributes.
    uint64_t lma = EFER_LMA | EFER_LME;
    EXPECT_EQ(x86_guest_mode(lma, x86_seg_ar_from_vmcb(0xa9b), 2), X86_MODE_64);
    EXPECT_EQ(x86_guest_mode(lma, x86_seg_ar_from_vmcb(0xc9b), 2), X86_MODE_32);
    EXPECT_EQ(x86_guest_mode(0, x86_seg_ar_from_vmcb(0x9b), 2), X86_MODE_16);
    EXPECT_EQ(x86_guest_mode(0, x86_seg_ar_from_vmcb(0xc9b), 2 | RFLAGS_VM), X86_MODE_16);
}

} // namespace
