// Host tests of the RISC-V H backend's pure decoders: instructions (full and
// compressed), guest-page faults, virtual-instruction traps, SBI calls.
#include <gtest/gtest.h>

extern "C" {
#include "backends/riscv_h/decode.h"
}
#include <vcpu/riscv_h.h>

namespace
{

struct Access {
    uint32_t insn;
    bool store;
    enum vcpu_access_width width;
    bool signed_ext;
    uint32_t reg;
    uint32_t length;
};

TEST(RiscvDecode, LoadsAndStores)
{
    const Access cases[] = {
        {0x0002a303, false, VCPU_WIDTH_32, true, 6, 4},   // lw t1, 0(t0)  (from the notes)
        {0x00728023, true, VCPU_WIDTH_8, false, 7, 4},    // sb t2, 0(t0)  (from the notes)
        {0x00050583, false, VCPU_WIDTH_8, true, 11, 4},   // lb a1, 0(a0)
        {0x00054583, false, VCPU_WIDTH_8, false, 11, 4},  // lbu a1, 0(a0)
        {0x00051583, false, VCPU_WIDTH_16, true, 11, 4},  // lh a1, 0(a0)
        {0x00055583, false, VCPU_WIDTH_16, false, 11, 4}, // lhu a1, 0(a0)
        {0x00056583, false, VCPU_WIDTH_32, false, 11, 4}, // lwu a1, 0(a0)
        {0x00053583, false, VCPU_WIDTH_64, false, 11, 4}, // ld a1, 0(a0)
        {0x00b51023, true, VCPU_WIDTH_16, false, 11, 4},  // sh a1, 0(a0)
        {0x00b52023, true, VCPU_WIDTH_32, false, 11, 4},  // sw a1, 0(a0)
        {0x00b53023, true, VCPU_WIDTH_64, false, 11, 4},  // sd a1, 0(a0)
        {0x4188, false, VCPU_WIDTH_32, true, 10, 2},      // c.lw a0, 0(a1)
        {0x6188, false, VCPU_WIDTH_64, false, 10, 2},     // c.ld a0, 0(a1)
        {0xc188, true, VCPU_WIDTH_32, false, 10, 2},      // c.sw a0, 0(a1)
        {0xe188, true, VCPU_WIDTH_64, false, 10, 2},      // c.sd a0, 0(a1)
        {0x4502, false, VCPU_WIDTH_32, true, 10, 2},      // c.lwsp a0, 0(sp)
        {0x6502, false, VCPU_WIDTH_64, false, 10, 2},     // c.ldsp a0, 0(sp)
        {0xc02a, true, VCPU_WIDTH_32, false, 10, 2},      // c.swsp a0, 0(sp)
        {0xe02a, true, VCPU_WIDTH_64, false, 10, 2},      // c.sdsp a0, 0(sp)
    };
    for (const Access &c : cases) {
        struct riscv_h_access a = {};
        ASSERT_TRUE(riscv_h_decode_access(c.insn, &a)) << std::hex << c.insn;
        EXPECT_EQ(a.store, c.store) << std::hex << c.insn;
        EXPECT_EQ(a.width, c.width) << std::hex << c.insn;
        EXPECT_EQ(a.signed_ext, c.signed_ext) << std::hex << c.insn;
        EXPECT_EQ(a.reg, c.reg) << std::hex << c.insn;
        EXPECT_EQ(a.length, c.length) << std::hex << c.insn;
    }
}

TEST(RiscvDecode, NonAccessesAreRejected)
{
    const uint32_t others[] = {
        0x00000013, // nop (addi)
        0x00057583, // funct3 7 load: reserved
        0x00b54023, // funct3 4 store: reserved
        0x10500073, // wfi
        0x0001,     // c.nop
        0x4082,     // c.lwsp x1... valid? rd=1: c.lwsp ra, 0(sp) is valid
    };
    struct riscv_h_access a;
    for (size_t i = 0; i + 1 < sizeof(others) / sizeof(others[0]); i++)
        EXPECT_FALSE(riscv_h_decode_access(others[i], &a)) << std::hex << others[i];
    EXPECT_TRUE(riscv_h_decode_access(0x4082, &a));
    EXPECT_FALSE(riscv_h_decode_access(0x4002, &a)); // c.lwsp with rd = x0: reserved
}

TEST(RiscvDecode, HtinstTransformedInstructions)
{
    EXPECT_EQ(riscv_h_htinst_to_insn(0), 0u);
    EXPECT_EQ(riscv_h_htinst_to_insn(0x00002000), 0u); // a pseudo-instruction
    EXPECT_EQ(riscv_h_htinst_to_insn(0x0002a303), 0x0002a303u);
    EXPECT_EQ(riscv_h_htinst_to_insn(0x0002a301), 0x0002a303u); // compressed origin
}

TEST(RiscvDecode, GuestPageFaults)
{
    uint64_t x[32] = {};
    x[7] = 0x1234567847;
    struct vcpu_exit e;
    // sb t2 at GPA 0x10000000: the notes' store fault.
    uint32_t step = riscv_h_decode_guest_page_fault(CAUSE_STORE_GUEST_PAGE_FAULT, 0x10000000,
                                                    0x4000000, 0x00728023, x, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(e.mmio_write.addr, 0x10000000u);
    EXPECT_EQ(e.mmio_write.width, VCPU_WIDTH_8);
    EXPECT_EQ(e.mmio_write.data, 0x47u);
    EXPECT_EQ(step, 4u);
    // lw t1: a sign-extending 32-bit read into the full register.
    step = riscv_h_decode_guest_page_fault(CAUSE_LOAD_GUEST_PAGE_FAULT, 0x10000006, 0x4000001,
                                           0x0002a303, x, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(e.mmio_read.addr, 0x10000006u);
    EXPECT_EQ(e.mmio_read.reg, 6u);
    EXPECT_TRUE(e.mmio_read.signed_ext);
    EXPECT_EQ(e.mmio_read.reg_width, VCPU_WIDTH_64);
    // Unreadable or mismatched instructions are nested page faults.
    step = riscv_h_decode_guest_page_fault(CAUSE_LOAD_GUEST_PAGE_FAULT, 0x8000, 0x2000, 0, x, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.nested_page_fault.addr, 0x8000u);
    EXPECT_EQ(e.nested_page_fault.access_flags, VCPU_MAP_READ);
    EXPECT_EQ(step, 0u);
    step = riscv_h_decode_guest_page_fault(CAUSE_STORE_GUEST_PAGE_FAULT, 0x8000, 0x2000, 0x0002a303,
                                           x, &e); // a load on a store fault
    EXPECT_EQ(e.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(e.nested_page_fault.access_flags, VCPU_MAP_WRITE);
}

TEST(RiscvDecode, VirtualInstructions)
{
    uint64_t x[32] = {};
    x[5] = 0xabcdef;
    struct vcpu_exit e;
    EXPECT_EQ(riscv_h_decode_virtual_instruction(0x10500073, x, &e), 4u);
    EXPECT_EQ(e.reason, VCPU_EXIT_HALT);
    // csrr t3, hstatus (the notes' value).
    EXPECT_EQ(riscv_h_decode_virtual_instruction(0x60002e73, x, &e), 4u);
    ASSERT_EQ(e.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(e.sysreg_read.addr, 0x600u);
    EXPECT_EQ(e.sysreg_read.reg, 28u);
    // csrw hstatus, t0
    EXPECT_EQ(riscv_h_decode_virtual_instruction(0x60029073, x, &e), 4u);
    ASSERT_EQ(e.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(e.sysreg_write.addr, 0x600u);
    EXPECT_EQ(e.sysreg_write.value, 0xabcdefu);
    // csrwi hstatus, 5
    riscv_h_decode_virtual_instruction(0x6002d073, x, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(e.sysreg_write.value, 5u);
    // csrrw t1, hstatus, t0 (read and write at once): not decoded.
    riscv_h_decode_virtual_instruction(0x60029373, x, &e);
    EXPECT_EQ(e.reason, VCPU_EXIT_UNKNOWN);
}

struct Sbi {
    uint64_t x[32] = {};
    struct vcpu_exit exit;
    int64_t err;
    uint64_t value;
    enum riscv_h_sbi_action action;

    Sbi(uint64_t eid, uint64_t fid, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0)
    {
        x[A7] = eid;
        x[A6] = fid;
        x[A0] = a0;
        x[A1] = a1;
        x[A2] = a2;
        action = riscv_h_decode_sbi(x, nullptr, &exit, &err, &value);
    }
};

TEST(RiscvDecode, SbiBase)
{
    Sbi version(RISCV_SBI_EXT_BASE, 0);
    EXPECT_EQ(version.action, RISCV_H_SBI_RETURN);
    EXPECT_EQ(version.err, 0);
    EXPECT_EQ(version.value, 1u << 24);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_BASE, 1).value, RISCV_SBI_IMPL_ID);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_BASE, 3, RISCV_SBI_EXT_HSM).value, 1u);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_BASE, 3, RISCV_SBI_EXT_VCPU_HYPERCALL).value, 1u);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_BASE, 3, 0x4442434e /* DBCN */).value, 0u);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_BASE, 99).err, RISCV_SBI_ERR_NOT_SUPPORTED);
}

TEST(RiscvDecode, SbiProbeReportsTheVmmsExtensions)
{
    const uint32_t eids[] = {0x4442434e /* DBCN */, 0x53555350 /* SUSP */};
    const struct riscv_h_vmm_extensions vmm = {eids, 2};
    uint64_t x[32] = {};
    x[A7] = RISCV_SBI_EXT_BASE;
    x[A6] = 3;
    struct vcpu_exit exit;
    int64_t err = 0;
    uint64_t value = 0;
    for (uint32_t eid : {0x4442434eu, 0x53555350u, static_cast<uint32_t>(RISCV_SBI_EXT_HSM)}) {
        x[A0] = eid;
        EXPECT_EQ(riscv_h_decode_sbi(x, &vmm, &exit, &err, &value), RISCV_H_SBI_RETURN);
        EXPECT_EQ(value, 1u) << std::hex << eid;
    }
    x[A0] = 0x12345678;
    riscv_h_decode_sbi(x, &vmm, &exit, &err, &value);
    EXPECT_EQ(value, 0u);
    const struct riscv_h_vmm_extensions none = {eids, 0};
    x[A0] = 0x4442434e;
    riscv_h_decode_sbi(x, &none, &exit, &err, &value);
    EXPECT_EQ(value, 0u);
}

TEST(RiscvDecode, SbiExits)
{
    Sbi hc(RISCV_SBI_EXT_VCPU_HYPERCALL, 0x100, 11, 22, 33);
    ASSERT_EQ(hc.action, RISCV_H_SBI_EXIT);
    EXPECT_EQ(hc.exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(hc.exit.hypercall.nr, 0x100u);
    EXPECT_EQ(hc.exit.hypercall.args[2], 33u);
    EXPECT_EQ(hc.err, 0);

    Sbi start(RISCV_SBI_EXT_HSM, 0, 1, 0x80400000, 0xabc);
    ASSERT_EQ(start.exit.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(start.exit.cpu_up.target_cpu, 1u);
    EXPECT_EQ(start.exit.cpu_up.entry_point, 0x80400000u);
    EXPECT_EQ(start.exit.cpu_up.arg, 0xabcu);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_HSM, 1).exit.reason, VCPU_EXIT_CPU_DOWN);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_HSM, 2, 1).action, RISCV_H_SBI_HART_STATUS);

    EXPECT_EQ(Sbi(RISCV_SBI_EXT_SRST, 0, 0, 0).exit.system_down.kind, VCPU_SYSTEM_POWEROFF);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_SRST, 0, 1, 0).exit.system_down.kind, VCPU_SYSTEM_RESET);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_SRST, 0, 2, 0).exit.system_down.kind, VCPU_SYSTEM_RESET);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_SRST, 0, 0, 1).exit.system_down.kind, VCPU_SYSTEM_CRASH);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_SRST, 0, 7, 0).err, RISCV_SBI_ERR_INVALID_PARAM);

    Sbi ipi(RISCV_SBI_EXT_IPI, 0, 0x6, 0);
    ASSERT_EQ(ipi.exit.reason, VCPU_EXIT_SEND_IPI);
    EXPECT_EQ(ipi.exit.send_ipi.target_cpu, 0x6u);
    EXPECT_FALSE(ipi.exit.send_ipi.send_to_all);
    EXPECT_TRUE(Sbi(RISCV_SBI_EXT_IPI, 0, 0, ~0ull).exit.send_ipi.send_to_all);

    EXPECT_EQ(Sbi(RISCV_SBI_EXT_TIME, 0, 1000).action, RISCV_H_SBI_SET_TIMER);
    EXPECT_EQ(Sbi(RISCV_SBI_EXT_RFENCE, 1).action, RISCV_H_SBI_RFENCE);
}

TEST(RiscvDecode, ForeignExtensionIsAnExitWithEidAndFid)
{
    Sbi dbcn(0x4442434e, 2, 'x');
    ASSERT_EQ(dbcn.action, RISCV_H_SBI_EXIT);
    ASSERT_EQ(dbcn.exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(RISCV_SBI_FOREIGN_EID(dbcn.exit.hypercall.nr), 0x4442434eu);
    EXPECT_EQ(RISCV_SBI_FOREIGN_FID(dbcn.exit.hypercall.nr), 2u);
    EXPECT_EQ(dbcn.exit.hypercall.args[0], static_cast<uint64_t>('x'));
    EXPECT_EQ(dbcn.err, RISCV_SBI_ERR_NOT_SUPPORTED); // never a silent success
}

} // namespace

TEST(RiscvDecode, HartMaskNamesBasePlusEachBit)
{
    struct riscv_h_hart_set h;
    ASSERT_TRUE(riscv_h_decode_hart_mask(0x5, 3, &h));
    EXPECT_FALSE(h.all);
    EXPECT_EQ(h.base, 3u); /* harts 3 and 5 */
    EXPECT_EQ(h.mask, 0x5u);
    ASSERT_TRUE(riscv_h_decode_hart_mask(0, 7, &h)); /* names nobody: fine */
    EXPECT_EQ(h.mask, 0u);
    ASSERT_TRUE(riscv_h_decode_hart_mask(1ull << 63, 0, &h));
    EXPECT_EQ(h.mask, 1ull << 63);
}

TEST(RiscvDecode, HartMaskBaseMinusOneIsEveryHart)
{
    struct riscv_h_hart_set h;
    ASSERT_TRUE(riscv_h_decode_hart_mask(0, ~0ull, &h)); /* the mask is ignored */
    EXPECT_TRUE(h.all);
    EXPECT_EQ(h.base, 0u);
    EXPECT_EQ(h.mask, ~0ull);
}

TEST(RiscvDecode, HartMaskThatWrapsIsInvalid)
{
    struct riscv_h_hart_set h = {};
    /* base + 2 would wrap to hart 0: that must not name hart 0. */
    EXPECT_FALSE(riscv_h_decode_hart_mask(0x4, ~0ull - 1, &h));
    EXPECT_FALSE(riscv_h_decode_hart_mask(1ull << 63, ~0ull - 62, &h));
    ASSERT_TRUE(
        riscv_h_decode_hart_mask(1ull << 62, ~0ull - 62, &h)); /* hart ~0: the last id, fits */
    EXPECT_EQ(h.base, ~0ull - 62);
    ASSERT_TRUE(riscv_h_decode_hart_mask(0x1, ~0ull - 1, &h));
}
