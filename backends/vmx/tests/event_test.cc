// Host tests of the VMX event encodings: external-interrupt injection and the
// re-injection of an event a VM exit interrupted (error code, instruction
// length of software events).
#include <gtest/gtest.h>

extern "C" {
#include "backends/vmx/event.h"
}

namespace
{

TEST(VmxEvent, ExternalInterrupt)
{
    EXPECT_TRUE(vmx_guest_interruptible(0x202, 0));
    EXPECT_FALSE(vmx_guest_interruptible(0x002, 0));
    EXPECT_FALSE(vmx_guest_interruptible(0x202, 1)); // STI blocking
    EXPECT_FALSE(vmx_guest_interruptible(0x202, 2)); // MOV-SS blocking
    EXPECT_TRUE(vmx_guest_interruptible(0x202, 8));  // NMI blocking does not matter
    EXPECT_EQ(vmx_external_interrupt_info(0x40), 0x80000040u);
    EXPECT_EQ(vmx_external_interrupt_info(0x1ff), 0x800000ffu);
}

TEST(VmxEvent, NothingWithoutValid)
{
    struct vmx_event e = vmx_reinject_event(0x00000b0du, 0x10, 3);
    EXPECT_EQ(e.info, 0u);
    EXPECT_EQ(e.error, 0u);
    EXPECT_EQ(e.insn_len, 0u);
}

TEST(VmxEvent, HardwareExceptionKeepsItsErrorCode)
{
    // #GP (type 3, error code valid) with selector error code 0xfff8, as
    // conformance_x86.exception_error_code_survives_an_exit raises it.
    struct vmx_event e = vmx_reinject_event(0x80000b0du, 0xfff8, 0);
    EXPECT_EQ(e.info, 0x80000b0du);
    EXPECT_EQ(e.error, 0xfff8u);
    EXPECT_EQ(e.insn_len, 0u);
    // #PF with the undefined bit 12 and reserved bits set: cleared.
    e = vmx_reinject_event(0xfffffb0eu, 0x2, 7);
    EXPECT_EQ(e.info, 0x80000b0eu);
    EXPECT_EQ(e.error, 0x2u);
    EXPECT_EQ(e.insn_len, 0u); // not a software event: no length
}

TEST(VmxEvent, ErrorCodeOnlyWithItsValidBit)
{
    // #UD has no error code: the field's stale value is not passed on.
    struct vmx_event e = vmx_reinject_event(0x80000306u, 0xdead, 0);
    EXPECT_EQ(e.info, 0x80000306u);
    EXPECT_EQ(e.error, 0u);
}

TEST(VmxEvent, ExternalInterruptAndNmi)
{
    struct vmx_event e = vmx_reinject_event(0x80000040u, 0, 0);
    EXPECT_EQ(e.info, 0x80000040u);
    e = vmx_reinject_event(0x80000202u, 0, 0); // NMI
    EXPECT_EQ(e.info, 0x80000202u);
    EXPECT_EQ(e.insn_len, 0u);
}

TEST(VmxEvent, SoftwareEventsKeepTheInstructionLength)
{
    // INT 0x80 (type 4), 2 bytes.
    struct vmx_event e = vmx_reinject_event(0x80000480u, 0, 2);
    EXPECT_EQ(e.info, 0x80000480u);
    EXPECT_EQ(e.insn_len, 2u);
    // INT3 (software exception, type 6), 1 byte; INTO (vector 4).
    e = vmx_reinject_event(0x80000603u, 0, 1);
    EXPECT_EQ(e.info, 0x80000603u);
    EXPECT_EQ(e.insn_len, 1u);
    e = vmx_reinject_event(0x80000604u, 0, 1);
    EXPECT_EQ(e.insn_len, 1u);
    // INT1 / ICEBP (privileged software exception, type 5).
    e = vmx_reinject_event(0x80000501u, 0, 1);
    EXPECT_EQ(e.info, 0x80000501u);
    EXPECT_EQ(e.insn_len, 1u);
    // INT n with a prefix, 15 bytes: the longest instruction.
    e = vmx_reinject_event(0x80000421u, 0, 15);
    EXPECT_EQ(e.insn_len, 15u);
}

TEST(VmxEvent, SoftwareEventWithoutAUsableLengthIsReRaisedInstead)
{
    // VM entry would fail with a length of 0 or above 15; RIP still points
    // at the instruction, so nothing is injected and it re-executes.
    for (uint32_t len : {0u, 16u, 0xffffffffu}) {
        struct vmx_event e = vmx_reinject_event(0x80000480u, 0, len);
        EXPECT_EQ(e.info, 0u) << len;
        EXPECT_EQ(e.insn_len, 0u) << len;
    }
}

// vcpu_inject_fault(): #GP(0) with its error code in protected mode, none in
// an unrestricted real-mode guest (VM entry refuses one there); #UD never
// has one.
TEST(VmxEvent, InjectedFaults)
{
    struct vmx_event gp = vmx_fault_event(false, true);
    EXPECT_EQ(gp.info, 0x80000b0du);
    EXPECT_EQ(gp.error, 0u);
    EXPECT_EQ(gp.insn_len, 0u);
    EXPECT_EQ(vmx_fault_event(false, false).info, 0x8000030du);
    EXPECT_EQ(vmx_fault_event(true, true).info, 0x80000306u);
    EXPECT_EQ(vmx_fault_event(true, false).info, 0x80000306u);
    struct vmx_event ac = vmx_exception_event(VMX_VECTOR_AC, true, 0);
    EXPECT_EQ(ac.info, 0x80000b11u);
}

// The exception bitmap holds exactly #AC and #MC: every exception a guest OS
// handles itself (#UD, #BP, #PF, #DB, ...) goes to the guest's own IDT.
TEST(VmxEvent, ExceptionBitmapAndActions)
{
    EXPECT_EQ(VMX_EXCEPTION_BITMAP, 1u << 17 | 1u << 18);
    EXPECT_EQ(vmx_exception_action(0x80000b11u), VMX_EXCEPTION_REFLECT); // #AC(0)
    EXPECT_EQ(vmx_exception_action(0x80000312u), VMX_EXCEPTION_HOST_MACHINE_CHECK);
    EXPECT_EQ(vmx_exception_action(0x80000202u), VMX_EXCEPTION_UNKNOWN); // NMI
    EXPECT_EQ(vmx_exception_action(0x00000b11u), VMX_EXCEPTION_UNKNOWN); // not valid
    EXPECT_EQ(vmx_exception_action(0x80000611u), VMX_EXCEPTION_UNKNOWN); // software
    EXPECT_EQ(vmx_exception_action(0x80000306u), VMX_EXCEPTION_UNKNOWN);
}

} // namespace
