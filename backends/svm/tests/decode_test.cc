// Host tests of the SVM exit decoder (exit codes and EXITINFO), with the raw
// exits QEMU 7.2 produced (shared/notes) and constructed ones.
#include <gtest/gtest.h>

#include <vector>

extern "C" {
#include "backends/svm/decode.h"
#include "backends/svm/vmcb.h"
}
#include <vcpu/svm.h>

namespace
{

struct Exit {
    uint64_t gpr[16] = {};
    std::vector<uint8_t> insn;
    uint64_t init_seen = 0;
    struct x86_mmio_insn mmio = {};
    struct vcpu_exit exit = {};
    uint64_t advance = 0;

    enum x86_cpu_mode mode = X86_MODE_64;
    uint8_t slp_typ = 0;

    void Decode(uint64_t code, uint64_t info1, uint64_t info2, uint64_t rip = 0x100000,
                uint64_t nrip = 0)
    {
        struct svm_exit_facts f = {};
        f.mode = mode;
        f.poweroff_slp_typ = slp_typ;
        f.exitcode = code;
        f.exitinfo1 = info1;
        f.exitinfo2 = info2;
        f.rip = rip;
        f.nrip = nrip;
        f.rflags = 0x202;
        f.gpr = gpr;
        f.insn = insn.data();
        f.insn_len = insn.size();
        f.poweroff_port = X86_DEFAULT_POWEROFF_PORT;
        f.apic_id = 0;
        f.host_vector = 0x20;
        advance = svm_decode_exit(&f, &init_seen, &exit, &mmio);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_SVM);
        EXPECT_EQ(exit.raw.svm.exitcode, code);
    }
};

TEST(SvmDecode, VmmcallIsHypercall)
{
    Exit e;
    e.gpr[X86_RAX] = 0xc0ffee;
    e.gpr[X86_RBX] = 1;
    e.gpr[X86_RCX] = 2;
    e.gpr[X86_RDX] = 3;
    e.gpr[X86_RSI] = 4;
    e.gpr[X86_RDI] = 5;
    e.gpr[X86_R8] = 6;
    e.Decode(SVM_EXIT_VMMCALL, 0, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(e.exit.hypercall.nr, 0xc0ffeeu);
    for (int i = 0; i < 6; i++)
        EXPECT_EQ(e.exit.hypercall.args[i], i + 1u);
    EXPECT_EQ(e.advance, 3u); // no NRIP save: the fixed length
    e.Decode(SVM_EXIT_VMMCALL, 0, 0, 0x100000, 0x100003);
    EXPECT_EQ(e.advance, 3u); // with NRIP save
}

TEST(SvmDecode, PortOutFromTheNotes)
{
    Exit e;
    e.gpr[X86_RAX] = 0xc0ff42;
    // OUT 0x80, AL: EXITINFO1 0x800010 (SZ8), EXITINFO2 = next RIP.
    e.Decode(SVM_EXIT_IOIO, 0x800010, 0x100330, 0x10032e);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
    EXPECT_EQ(e.exit.io_write.port, 0x80u);
    EXPECT_EQ(e.exit.io_write.width, VCPU_WIDTH_8);
    EXPECT_EQ(e.exit.io_write.data, 0x42u);
    EXPECT_EQ(e.advance, 2u);
}

TEST(SvmDecode, PortInAndStrings)
{
    Exit e;
    e.Decode(SVM_EXIT_IOIO, 0x05100000u | (1u << 6) | 1u, 0x100001, 0x100000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_IO_READ);
    EXPECT_EQ(e.exit.io_read.port, 0x510u);
    EXPECT_EQ(e.exit.io_read.width, VCPU_WIDTH_32);
    EXPECT_EQ(e.advance, 1u);
    // REP OUTSB: reported as UNKNOWN, nothing done, RIP stays.
    e.Decode(SVM_EXIT_IOIO, 0x00800000u | (1u << 4) | (1u << 2) | (1u << 3), 0x100002, 0x100000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
}

// OUT to PM1a_CNT: EXITINFO1 port << 16 | size (bit 4: 8, 5: 16, 6: 32 bits).
constexpr uint64_t Pm1aOut(uint32_t size_bit)
{
    return (uint64_t)X86_DEFAULT_POWEROFF_PORT << 16 | (1u << size_bit);
}

TEST(SvmDecode, AcpiSleepIsPoweroff)
{
    Exit e;
    e.gpr[X86_RAX] = 0x2000; // SLP_EN, SLP_TYP 0 (QEMU's \_S5, the default)
    e.Decode(SVM_EXIT_IOIO, Pm1aOut(5), 0x100001, 0x100000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SYSTEM_DOWN);
    EXPECT_EQ(e.exit.system_down.kind, VCPU_SYSTEM_POWEROFF);
    EXPECT_EQ(e.advance, 1u);
    e.gpr[X86_RAX] = 0xffff0000u | 0x2000; // a 32-bit OUT: the low half is PM1a_CNT
    e.Decode(SVM_EXIT_IOIO, Pm1aOut(6), 0x100001, 0x100000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_SYSTEM_DOWN);
}

TEST(SvmDecode, OtherSleepStatesAreWrites)
{
    Exit e;
    e.gpr[X86_RAX] = 0x2000 | 1u << 10; // SLP_TYP 1 (QEMU's S3)
    e.Decode(SVM_EXIT_IOIO, Pm1aOut(5), 0x100001, 0x100000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
    EXPECT_EQ(e.exit.io_write.data, 0x2400u);
    e.gpr[X86_RAX] = 5u << 10; // SLP_TYP 5 without SLP_EN
    e.Decode(SVM_EXIT_IOIO, Pm1aOut(5), 0x100001, 0x100000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
    // An 8-bit OUT writes PM1a_CNT bits 7:0 only: never SLP_EN.
    e.gpr[X86_RAX] = 0x2000 | 0xff;
    e.Decode(SVM_EXIT_IOIO, Pm1aOut(4), 0x100001, 0x100000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
    // Another port.
    e.gpr[X86_RAX] = 0x2000;
    e.Decode(SVM_EXIT_IOIO, 0xb004ull << 16 | 1u << 5, 0x100001, 0x100000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
}

TEST(SvmDecode, ConfiguredSleepTypeOfS5)
{
    Exit e;
    e.slp_typ = 5; // a DSDT whose \_S5 is 5
    e.gpr[X86_RAX] = 0x2000 | 5u << 10;
    e.Decode(SVM_EXIT_IOIO, Pm1aOut(5), 0x100001, 0x100000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_SYSTEM_DOWN);
    e.gpr[X86_RAX] = 0x2000; // SLP_TYP 0 is then not S5
    e.Decode(SVM_EXIT_IOIO, Pm1aOut(5), 0x100001, 0x100000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_IO_WRITE);
}

TEST(SvmDecode, Msrs)
{
    Exit e;
    e.gpr[X86_RCX] = 0x40000100;
    e.gpr[X86_RDX] = 0xffffffff11223344ull; // upper halves are ignored
    e.gpr[X86_RAX] = 0xffffffff55667788ull;
    e.Decode(SVM_EXIT_MSR, 1, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(e.exit.sysreg_write.addr, 0x40000100u);
    EXPECT_EQ(e.exit.sysreg_write.value, 0x1122334455667788ull);
    EXPECT_EQ(e.advance, 2u);
    e.Decode(SVM_EXIT_MSR, 0, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(e.exit.sysreg_read.addr, 0x40000100u);
}

TEST(SvmDecode, X2apicIcr)
{
    Exit e;
    e.gpr[X86_RCX] = 0x830;
    e.gpr[X86_RDX] = 1; // destination APIC id 1
    e.gpr[X86_RAX] = 0x4500;
    e.Decode(SVM_EXIT_MSR, 1, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
    EXPECT_EQ(e.init_seen, 2u);
    e.gpr[X86_RAX] = 0x4609;
    e.Decode(SVM_EXIT_MSR, 1, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(e.exit.cpu_up.target_cpu, 1u);
    EXPECT_EQ(e.exit.cpu_up.entry_point, 0x9000u);
    e.gpr[X86_RAX] = 0x0040; // fixed, vector 0x40
    e.Decode(SVM_EXIT_MSR, 1, 0);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_SEND_IPI);
    EXPECT_EQ(e.exit.send_ipi.vector, 0x40u);
    EXPECT_EQ(e.exit.send_ipi.target_cpu, 1u);
    e.gpr[X86_RAX] = 0xc0041; // all excluding self
    e.Decode(SVM_EXIT_MSR, 1, 0);
    EXPECT_TRUE(e.exit.send_ipi.send_to_all);
    EXPECT_FALSE(e.exit.send_ipi.send_to_self);
    e.gpr[X86_RDX] = 0;
    e.gpr[X86_RAX] = 0x44500; // INIT to self
    e.Decode(SVM_EXIT_MSR, 1, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_CPU_DOWN);
}

TEST(SvmDecode, NestedPageFaults)
{
    Exit e;
    e.gpr[X86_RDX] = 0x1122334455667788ull;
    e.insn = {0x89, 0x57, 0x24}; // mov [rdi+0x24], edx
    // Write to a not-present page (EXITINFO1 P=0, RW=1, US=1, final translation).
    e.Decode(SVM_EXIT_NPF, 0x100000006ull, 0x70000024);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(e.exit.mmio_write.addr, 0x70000024u);
    EXPECT_EQ(e.exit.mmio_write.width, VCPU_WIDTH_32);
    EXPECT_EQ(e.exit.mmio_write.data, 0x55667788u);
    EXPECT_EQ(e.advance, 3u);
    // The notes' read of an unmapped GPA (EXITINFO1 0x100000004).
    e.insn = {0x48, 0x8b, 0x00}; // mov rax, [rax]
    e.Decode(SVM_EXIT_NPF, 0x100000004ull, 0x80000000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.exit.mmio_read.width, VCPU_WIDTH_64);
    EXPECT_EQ(e.exit.mmio_read.reg, (uint32_t)X86_RAX);
    // Undecodable instruction: a nested page fault, RIP stays.
    e.insn = {0x01, 0x07}; // add [rdi], eax
    e.Decode(SVM_EXIT_NPF, 0x100000006ull, 0x70000000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.exit.nested_page_fault.access_flags, (uint32_t)VCPU_MAP_WRITE);
    EXPECT_EQ(e.advance, 0u);
    // Fetch and permission faults are never MMIO.
    e.insn = {0x8b, 0x06};
    e.Decode(SVM_EXIT_NPF, 0x100000014ull, 0x60000000);
    EXPECT_EQ(e.exit.nested_page_fault.access_flags, (uint32_t)VCPU_MAP_EXECUTE);
    e.Decode(SVM_EXIT_NPF, 0x100000007ull, 0x40000000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
}

TEST(SvmDecode, MmioInRealModeUsesSixteenBitRules)
{
    Exit e;
    e.mode = X86_MODE_16;
    e.gpr[X86_RAX] = 0x11223344;
    // mov [0x0010], ax (89 06 disp16): a 16-bit store of 4 bytes.
    e.insn = {0x89, 0x06, 0x10, 0x00};
    e.Decode(SVM_EXIT_NPF, 0x100000006ull, 0x90010);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(e.exit.mmio_write.width, VCPU_WIDTH_16);
    EXPECT_EQ(e.exit.mmio_write.data, 0x3344u);
    EXPECT_EQ(e.advance, 4u);
    // 66 8B 07: mov eax, [bx] in 16-bit code.
    e.insn = {0x66, 0x8b, 0x07};
    e.Decode(SVM_EXIT_NPF, 0x100000004ull, 0x90000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.exit.mmio_read.width, VCPU_WIDTH_32);
    EXPECT_EQ(e.advance, 3u);
    // 48 8B 07 is DEC AX; MOV AX, [BX] here: not one instruction, refused.
    e.insn = {0x48, 0x8b, 0x07};
    e.Decode(SVM_EXIT_NPF, 0x100000004ull, 0x90000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.advance, 0u);
    // The same bytes in 64-bit mode are one MOV RAX, [RDI].
    e.mode = X86_MODE_64;
    e.Decode(SVM_EXIT_NPF, 0x100000004ull, 0x90000);
    ASSERT_EQ(e.exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.exit.mmio_read.width, VCPU_WIDTH_64);
}

TEST(SvmDecode, SvmInstructionsOfTheGuestAreUnknown)
{
    Exit e;
    for (uint64_t code : {SVM_EXIT_VMLOAD, SVM_EXIT_VMSAVE, SVM_EXIT_STGI, SVM_EXIT_CLGI,
                          SVM_EXIT_SKINIT, SVM_EXIT_INVLPGA}) {
        e.Decode(code, 0, 0, 0x100000, 0x100003);
        EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
        EXPECT_EQ(e.advance, 0u); // UNKNOWN leaves RIP at the instruction
    }
}

TEST(SvmDecode, GuestPageTableWalkIsNeverMmio)
{
    Exit e;
    e.insn = {0x8b, 0x07}; // mov eax, [rdi]: decodable
    // EXITINFO1 bit 33: the NPF hit the guest's own page table, not the operand.
    e.Decode(SVM_EXIT_NPF, 0x200000004ull, 0x90000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.exit.nested_page_fault.addr, 0x90000u);
    EXPECT_EQ(e.exit.nested_page_fault.access_flags, VCPU_MAP_READ);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(SVM_EXIT_NPF, 0x200000006ull, 0x90000); // A/D update of the table
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.exit.nested_page_fault.access_flags, VCPU_MAP_WRITE);
    // The same access at the final translation is MMIO.
    e.Decode(SVM_EXIT_NPF, 0x100000004ull, 0x90000);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_MMIO_READ);
}

TEST(SvmDecode, CacheInstructionsAreNoOps)
{
    Exit e;
    for (uint64_t code : {SVM_EXIT_INVD, SVM_EXIT_WBINVD}) {
        e.Decode(code, 0, 0);
        EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
        EXPECT_EQ(e.advance, 2u); // 0F 08 / 0F 09
    }
}

TEST(SvmDecode, BackendCompletedExits)
{
    Exit e;
    // XSETBV: emulated by the backend, which moves RIP itself.
    e.Decode(SVM_EXIT_XSETBV, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
    EXPECT_EQ(e.advance, 0u);
    // #DB and #AC: reflected to the guest.
    for (uint64_t code : {SVM_EXIT_DB, SVM_EXIT_AC}) {
        e.Decode(code, 0, 0);
        EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
        EXPECT_EQ(e.advance, 0u);
    }
    // DR0-DR3 accesses: re-executed once the backend switches them.
    for (uint64_t code : {0x20ull, 0x23ull, 0x30ull, 0x33ull}) {
        e.Decode(code, 0, 0);
        EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
        EXPECT_EQ(e.advance, 0u);
    }
    // #MC: the machine's, reported to the VMM.
    e.Decode(SVM_EXIT_MC, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
}

TEST(SvmDecode, OtherExits)
{
    Exit e;
    e.Decode(SVM_EXIT_HLT, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_HALT);
    EXPECT_EQ(e.advance, 1u);
    e.Decode(SVM_EXIT_INTR, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_EXTERNAL_INTERRUPT);
    EXPECT_EQ(e.exit.external_interrupt.vector, 0x20u);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(SVM_EXIT_SHUTDOWN, 0, 0);
    EXPECT_EQ(e.exit.system_down.kind, VCPU_SYSTEM_CRASH);
    e.Decode(SVM_EXIT_INVALID, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_FAIL_ENTRY);
    // Found by testing/adversarial: QEMU stores VMEXIT_INVALID as 0xffffffff.
    e.Decode(0xffffffffu, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_FAIL_ENTRY);
    EXPECT_EQ(e.exit.fail_entry.hardware_entry_failure_reason, 0xffffffffu);
    EXPECT_EQ(e.advance, 0u);
    e.Decode(SVM_EXIT_VINTR, 0, 0);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_NOTHING);
    e.Decode(SVM_EXIT_RDPMC, 0, 0, 0x100000, 0x100002);
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u); // UNKNOWN leaves RIP at the instruction
    e.Decode(0x46, 0, 0);     // #UD intercept
    EXPECT_EQ(e.exit.reason, VCPU_EXIT_UNKNOWN);
    EXPECT_EQ(e.advance, 0u);
}

} // namespace
