// Host tests of the VMX exit decoder (exit reasons, qualifications, the
// guest's code mode for MMIO), with the raw exits Bochs 2.7 produced
// (shared/notes) and constructed ones.
#include <gtest/gtest.h>

#include <vector>

extern "C" {
#include "backends/vmx/decode.h"
#include "backends/vmx/vmcs.h"
}
#include <vcpu/vmx.h>

namespace
{

struct Exit {
    uint64_t gpr[16] = {};
    std::vector<uint8_t> insn;
    uint64_t init_seen = 0;
    struct x86_mmio_insn mmio = {};
    struct vcpu_exit exit = {};
    uint64_t advance = 0;

    void Decode(uint32_t reason, uint64_t qual, uint32_t len, uint64_t gpa = 0)
    {
        struct vmx_exit_facts f = {};
        f.reason = reason;
        f.qualification = qual;
        f.guest_physical = gpa;
        f.guest_linear = gpa;
        f.insn_len = len;
        f.gpr = gpr;
        f.insn = insn.data();
        f.insn_avail = insn.size();
        f.poweroff_port = X86_DEFAULT_POWEROFF_PORT;
        f.apic_id = 0;
        f.host_vector = 0x20;
        advance = vmx_decode_exit(&f, &init_seen, &exit, &mmio);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_VMX);
        EXPECT_EQ(exit.raw.vmx.basic_reason, reason);
        EXPECT_EQ(exit.raw.vmx.qualification, qual);
        EXPECT_EQ(exit.raw.vmx.guest_physical, gpa);
        EXPECT_EQ(exit.raw.vmx.instruction_length, len);
    }
};

TEST(VmxDecode, VmcallIsHypercall)
{
    Exit e;
    e.gpr[X86_RAX] = 0xc0ffee;
    e.gpr[X86_RBX] = 1;
    e.gpr[X86_RCX] = 2;
    e.gpr[X86_RDX] = 3;
    e.gpr[X86_RSI] = 4;
    e.gpr[X86_RDI] = 5;
    e.gpr[X86_R8] = 6;
    e.Decode(VMX_EXIT_VMCALL, 0, 3); // notes: reason=18 qual=0x0 len=3
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(e.exit.hypercall.nr, 0xc0ffeeu);
    for (int i = 0; i < 6; i++)
        EXPECT_EQ(e.exit.hypercall.args[i], i + 1u);
    EXPECT_EQ(e.advance, 3u);
    e.Decode(VMX_EXIT_VMCALL, 0, 0); // no length: the fixed one
    EXPECT_EQ(e.advance, 3u);
}

TEST(VmxDecode, PortOutFromTheNotes)
{
    Exit e;
    e.gpr[X86_RAX] = 0xc0ff42;
    // OUT 0x80, AL: qual 0x800040 (port 0x80, size 1, OUT, immediate), len 2.
    e.Decode(VMX_EXIT_IO, 0x800040, 2);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
    EXPECT_EQ(e.exit.io_write.port, 0x80u);
    EXPECT_EQ(e.exit.io_write.width, VCPU_WIDTH_8);
    EXPECT_EQ(e.exit.io_write.data, 0x42u);
    EXPECT_EQ(e.advance, 2u);
}

TEST(VmxDecode, PortWidthsInAndStrings)
{
    Exit e;
    e.gpr[X86_RAX] = 0x12345678;
    e.Decode(VMX_EXIT_IO, 0x05100000u | 1u, 1); // OUT DX, AX
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
    EXPECT_EQ(e.exit.io_write.width, VCPU_WIDTH_16);
    EXPECT_EQ(e.exit.io_write.data, 0x5678u);
    e.Decode(VMX_EXIT_IO, 0x05100000u | (1u << 3) | 3u, 1); // IN EAX, DX
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_IO_READ);
    EXPECT_EQ(e.exit.io_read.port, 0x510u);
    EXPECT_EQ(e.exit.io_read.width, VCPU_WIDTH_32);
    EXPECT_EQ(e.advance, 1u);
    // REP OUTSB: reported as UNKNOWN, nothing done, RIP stays.
    e.Decode(VMX_EXIT_IO, 0x00800000u | (1u << 4) | (1u << 5), 2);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
}

TEST(VmxDecode, IoQualification)
{
    struct vmx_io_qual q;
    ASSERT_TRUE(vmx_decode_io_qual(0x800040, &q));
    EXPECT_EQ(q.port, 0x80u);
    EXPECT_EQ(q.width, VCPU_WIDTH_8);
    EXPECT_FALSE(q.in);
    EXPECT_FALSE(q.string);
    ASSERT_TRUE(vmx_decode_io_qual(0xffff0000u | (1u << 3) | (1u << 4), &q));
    EXPECT_EQ(q.port, 0xffffu);
    EXPECT_TRUE(q.in);
    EXPECT_TRUE(q.string);
    EXPECT_FALSE(vmx_decode_io_qual(2, &q)); // size encoding 2 is reserved
    EXPECT_FALSE(vmx_decode_io_qual(4, &q));
}

TEST(VmxDecode, AcpiSleepIsPoweroff)
{
    Exit e;
    e.gpr[X86_RAX] = 0x2000;
    e.Decode(VMX_EXIT_IO, (uint64_t)X86_DEFAULT_POWEROFF_PORT << 16 | 1u, 1);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SYSTEM_DOWN);
    EXPECT_EQ(e.exit.system_down.kind, VCPU_SYSTEM_POWEROFF);
    EXPECT_EQ(e.advance, 1u);
}

TEST(VmxDecode, Msrs)
{
    Exit e;
    e.gpr[X86_RCX] = 0x40000100;
    e.gpr[X86_RDX] = 0xffffffff11223344ull; // upper halves are ignored
    e.gpr[X86_RAX] = 0xffffffff55667788ull;
    e.Decode(VMX_EXIT_WRMSR, 0, 2);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(e.exit.sysreg_write.addr, 0x40000100u);
    EXPECT_EQ(e.exit.sysreg_write.value, 0x1122334455667788ull);
    EXPECT_EQ(e.advance, 2u);
    e.Decode(VMX_EXIT_RDMSR, 0, 2);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(e.exit.sysreg_read.addr, 0x40000100u);
    EXPECT_EQ(e.exit.sysreg_read.reg, (uint32_t)X86_RAX);
}

TEST(VmxDecode, X2apicIcr)
{
    Exit e;
    e.gpr[X86_RCX] = 0x830;
    e.gpr[X86_RDX] = 1; // destination APIC id 1
    e.gpr[X86_RAX] = 0x4500;
    e.Decode(VMX_EXIT_WRMSR, 0, 2); // INIT to another CPU: nothing yet
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
    EXPECT_EQ(e.exit.raw.arch, VCPU_ARCH_VMX);
    e.gpr[X86_RAX] = 0x4609;
    e.Decode(VMX_EXIT_WRMSR, 0, 2);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(e.exit.cpu_up.target_cpu, 1u);
    EXPECT_EQ(e.exit.cpu_up.entry_point, 0x9000u);
    e.gpr[X86_RAX] = 0x40; // fixed, vector 0x40
    e.Decode(VMX_EXIT_WRMSR, 0, 2);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SEND_IPI);
    EXPECT_EQ(e.exit.send_ipi.vector, 0x40u);
    EXPECT_EQ(e.exit.send_ipi.target_cpu, 1u);
}

TEST(VmxDecode, EptViolationReadFromTheNotesIsMmio)
{
    Exit e;
    e.insn = {0x48, 0x8b, 0x00}; // mov (%rax), %rax
    // qual 0x181: read, entry not present, GLA valid, final translation.
    e.Decode(VMX_EXIT_EPT_VIOLATION, 0x181, 3, 0x80000000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.exit.mmio_read.addr, 0x80000000u);
    EXPECT_EQ(e.exit.mmio_read.width, VCPU_WIDTH_64);
    EXPECT_EQ(e.exit.mmio_read.reg, (uint32_t)X86_RAX);
    EXPECT_EQ(e.advance, 3u);
    EXPECT_EQ(e.mmio.length, 3u);
}

TEST(VmxDecode, EptViolationWriteIsMmio)
{
    Exit e;
    e.gpr[X86_RCX] = 0xaabbccdd11223344ull;
    e.insn = {0x89, 0x08}; // mov %ecx, (%rax)
    e.Decode(VMX_EXIT_EPT_VIOLATION, 0x182, 2, 0x70000000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(e.exit.mmio_write.addr, 0x70000000u);
    EXPECT_EQ(e.exit.mmio_write.width, VCPU_WIDTH_32);
    EXPECT_EQ(e.exit.mmio_write.data, 0x11223344u);
    EXPECT_EQ(e.advance, 2u);
}

TEST(VmxDecode, EptViolationOtherwiseIsNestedPageFault)
{
    Exit e;
    e.Decode(VMX_EXIT_EPT_VIOLATION, 0x184, 0, 0x60000000); // fetch, not present
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.exit.nested_page_fault.addr, 0x60000000u);
    EXPECT_EQ(e.exit.nested_page_fault.access_flags, (uint32_t)VCPU_MAP_EXECUTE);
    EXPECT_EQ(e.advance, 0u);
    e.insn = {0x89, 0x08};
    e.Decode(VMX_EXIT_EPT_VIOLATION, 0x18a, 2, 0x1000); // write to a read-only page
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.exit.nested_page_fault.access_flags, (uint32_t)VCPU_MAP_WRITE);
    e.insn = {0x0f, 0x0b}; // ud2: not a MOV the decoder knows
    e.Decode(VMX_EXIT_EPT_VIOLATION, 0x181, 2, 0x2000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.exit.nested_page_fault.access_flags, (uint32_t)VCPU_MAP_READ);
    e.insn = {0x8b, 0x08}; // a load, but the qualification says write
    e.Decode(VMX_EXIT_EPT_VIOLATION, 0x182, 2, 0x2000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(vmx_ept_access(0x181), (uint32_t)VCPU_MAP_READ);
    EXPECT_TRUE(vmx_ept_not_present(0x181));
    EXPECT_FALSE(vmx_ept_not_present(0x189));
}

TEST(VmxDecode, SimpleExits)
{
    Exit e;
    e.Decode(VMX_EXIT_HLT, 0, 1);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_HALT);
    EXPECT_EQ(e.advance, 1u);
    e.Decode(VMX_EXIT_EXTERNAL_INTERRUPT, 0, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_EXTERNAL_INTERRUPT);
    EXPECT_EQ(e.exit.external_interrupt.vector, 0x20u);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(VMX_EXIT_INTERRUPT_WINDOW, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
    e.Decode(VMX_EXIT_TRIPLE_FAULT, 0, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SYSTEM_DOWN);
    EXPECT_EQ(e.exit.system_down.kind, VCPU_SYSTEM_CRASH);
}

TEST(VmxDecode, UnknownExitsKeepTheirFacts)
{
    Exit e;
    e.Decode(VMX_EXIT_EPT_MISCONFIG, 0, 0, 0x123000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(VMX_EXIT_RDPMC, 0, 2); // reported; the VMM skips or faults it
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(VMX_EXIT_CPUID, 0, 2);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(VMX_EXIT_CR_ACCESS, 0x18, 3); // MOV CR8, RAX: the backend's own
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(VMX_EXIT_EXCEPTION_NMI, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
}

// MOV to / from CR8 works on the guest's own TPR only.
TEST(VmxDecode, Cr8AccessesTheVirtualTpr)
{
    uint64_t gpr[16] = {};
    uint64_t tpr = 0;
    gpr[X86_RBX] = 0xfffffffffffffffaull;
    EXPECT_TRUE(vmx_emulate_cr8(0x08 | 0 << 4 | X86_RBX << 8, gpr, &tpr)); // mov %rbx, %cr8
    EXPECT_EQ(tpr, 0xau);
    EXPECT_TRUE(vmx_emulate_cr8(0x08 | 1 << 4 | X86_R12 << 8, gpr, &tpr)); // mov %cr8, %r12
    EXPECT_EQ(gpr[X86_R12], 0xau);
    // Other control registers and access types (CLTS, LMSW) are not CR8's.
    uint64_t before = gpr[X86_RAX] = 0x77;
    EXPECT_FALSE(vmx_emulate_cr8(0x04 | 0 << 4, gpr, &tpr)); // mov %rax, %cr4
    EXPECT_FALSE(vmx_emulate_cr8(0x08 | 2 << 4, gpr, &tpr));
    EXPECT_FALSE(vmx_emulate_cr8(0x08 | 3 << 4, gpr, &tpr));
    EXPECT_EQ(gpr[X86_RAX], before);
    EXPECT_EQ(tpr, 0xau);
}

TEST(VmxDecode, EntryFailureExit)
{
    Exit e;
    e.Decode(VMX_EXIT_REASON_ENTRY_FAILURE | VMX_EXIT_INVALID_GUEST_STATE, 0, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_FAIL_ENTRY);
    EXPECT_EQ(e.exit.fail_entry.hardware_entry_failure_reason, 33u);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(VMX_EXIT_REASON_ENTRY_FAILURE | VMX_EXIT_MSR_LOADING, 1, 0);
    EXPECT_EQ(e.exit.fail_entry.hardware_entry_failure_reason, 34u);
}

TEST(VmxDecode, FailedVmInstruction)
{
    struct vcpu_exit exit;
    vmx_decode_entry_failure(VMX_FAIL_VALID, 7, &exit); // invalid control fields
    ASSERT_EQ(exit.reason, VCPU_EXIT_FAIL_ENTRY);
    EXPECT_EQ(exit.fail_entry.hardware_entry_failure_reason, VMX_FAIL_ENTRY_INSTRUCTION_ERROR | 7u);
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_VMX);
    EXPECT_EQ(exit.raw.vmx.instruction_error, 7u);
    vmx_decode_entry_failure(VMX_FAIL_INVALID, 7, &exit);
    EXPECT_EQ(exit.fail_entry.hardware_entry_failure_reason, VMX_FAIL_ENTRY_INSTRUCTION_ERROR);
    EXPECT_EQ(exit.raw.vmx.instruction_error, 0u);
}

TEST(VmxGuestMode, FromEferCsAccessRightsAndRflags)
{
    const uint64_t lma = 1ull << 10, vm = 1ull << 17;
    EXPECT_EQ(x86_guest_mode(lma | 0x900, 0xa09b, 2), X86_MODE_64); // the long-mode start
    EXPECT_EQ(x86_guest_mode(lma | 0x900, 0xc09b, 2), X86_MODE_32); // compatibility mode
    EXPECT_EQ(x86_guest_mode(lma | 0x900, 0x009b, 2), X86_MODE_16); // 16-bit compatibility
    EXPECT_EQ(x86_guest_mode(0, 0xc09b, 2), X86_MODE_32);           // 32-bit protected mode
    EXPECT_EQ(x86_guest_mode(0, 0x0093, 2), X86_MODE_16);           // the real-mode start
    EXPECT_EQ(x86_guest_mode(0, 0xa09b, 2), X86_MODE_16);      // L without EFER.LMA: not 64-bit
    EXPECT_EQ(x86_guest_mode(0, 0xc0f3, 2 | vm), X86_MODE_16); // virtual-8086 mode
}

TEST(VmxDecode, RealModeMmioDecodesWith16BitRules)
{
    Exit e;
    e.gpr[X86_RAX] = 0xffffffffffff1234ull;
    e.insn = {0x89, 0x06, 0x10, 0x00}; // mov [0x0010], ax
    struct vmx_exit_facts f = {};
    f.reason = VMX_EXIT_EPT_VIOLATION;
    f.qualification = 0x182; // write, not present
    f.guest_physical = 0x90010;
    f.insn_len = 0;
    f.gpr = e.gpr;
    f.insn = e.insn.data();
    f.insn_avail = e.insn.size();
    f.mode = x86_guest_mode(0, 0x93, 2);
    EXPECT_EQ(vmx_decode_exit(&f, &e.init_seen, &e.exit, &e.mmio), 4u);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(e.exit.mmio_write.addr, 0x90010u);
    EXPECT_EQ(e.exit.mmio_write.width, VCPU_WIDTH_16);
    EXPECT_EQ(e.exit.mmio_write.data, 0x1234u);
    // The same bytes in 64-bit mode are mov [rsi], eax (2 bytes, 32 bits).
    f.mode = X86_MODE_64;
    EXPECT_EQ(vmx_decode_exit(&f, &e.init_seen, &e.exit, &e.mmio), 2u);
    EXPECT_EQ(e.exit.mmio_write.width, VCPU_WIDTH_32);
    // 66 8b 07: mov eax, [bx], a 32-bit load in 16-bit mode.
    e.insn = {0x66, 0x8b, 0x07};
    f.insn = e.insn.data();
    f.insn_avail = e.insn.size();
    f.qualification = 0x181;
    f.mode = X86_MODE_16;
    EXPECT_EQ(vmx_decode_exit(&f, &e.init_seen, &e.exit, &e.mmio), 3u);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.exit.mmio_read.width, VCPU_WIDTH_32);
    EXPECT_EQ(e.exit.mmio_read.reg, (uint32_t)X86_RAX);
    // REX is INC/DEC outside 64-bit mode: refused.
    e.insn = {0x48, 0x8b, 0x07};
    f.insn = e.insn.data();
    f.insn_avail = e.insn.size();
    EXPECT_EQ(vmx_decode_exit(&f, &e.init_seen, &e.exit, &e.mmio), 0u);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
}

} // namespace
