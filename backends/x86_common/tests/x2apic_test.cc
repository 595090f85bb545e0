// Host tests of the x2APIC ICR decoder and the exit records (hypercall,
// RDMSR/WRMSR) shared by the x86 backends.
#include <gtest/gtest.h>

extern "C" {
#include "backends/x86_common/exit_decode.h"
#include "backends/x86_common/x2apic.h"
}

namespace
{

TEST(X2apic, InitSipiStartsACpu)
{
    uint64_t init_seen = 0;
    struct vcpu_exit e;
    x2apic_decode_icr(3ull << 32 | 0x4500, 0, &init_seen, &e);
    EXPECT_EQ(e.reason, VCPU_EXIT_NOTHING);
    EXPECT_EQ(init_seen, 8u);
    x2apic_decode_icr(3ull << 32 | 0x4612, 0, &init_seen, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(e.cpu_up.target_cpu, 3u);
    EXPECT_EQ(e.cpu_up.entry_point, 0x12000u);
    EXPECT_EQ(init_seen, 0u);
}

TEST(X2apic, InitSipiSipiStartsTheCpuOnce)
{
    uint64_t init_seen = 0;
    struct vcpu_exit e;
    x2apic_decode_icr(1ull << 32 | 0x4500, 0, &init_seen, &e); // INIT assert
    EXPECT_EQ(e.reason, VCPU_EXIT_NOTHING);
    x2apic_decode_icr(1ull << 32 | 0x8500, 0, &init_seen, &e); // INIT level de-assert
    EXPECT_EQ(e.reason, VCPU_EXIT_NOTHING);
    EXPECT_EQ(init_seen, 2u);
    x2apic_decode_icr(1ull << 32 | 0x4608, 0, &init_seen, &e); // first SIPI
    ASSERT_EQ(e.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(e.cpu_up.entry_point, 0x8000u);
    x2apic_decode_icr(1ull << 32 | 0x4608, 0, &init_seen, &e); // second SIPI: ignored
    EXPECT_EQ(e.reason, VCPU_EXIT_NOTHING);
    // A SIPI without INIT is ignored too; a new INIT makes the next one count.
    x2apic_decode_icr(2ull << 32 | 0x4608, 0, &init_seen, &e);
    EXPECT_EQ(e.reason, VCPU_EXIT_NOTHING);
    x2apic_decode_icr(1ull << 32 | 0x4500, 0, &init_seen, &e);
    x2apic_decode_icr(1ull << 32 | 0x4609, 0, &init_seen, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(e.cpu_up.entry_point, 0x9000u);
    // A de-assert to itself is not an INIT to itself.
    x2apic_decode_icr(0ull << 32 | 0x8500, 0, &init_seen, &e);
    EXPECT_EQ(e.reason, VCPU_EXIT_NOTHING);
}

TEST(X2apic, IdsAboveSixtyThreeAreNotTracked)
{
    uint64_t init_seen = 0;
    struct vcpu_exit e;
    x2apic_decode_icr(100ull << 32 | 0x4612, 0, &init_seen, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(e.cpu_up.target_cpu, 100u);
    EXPECT_EQ(init_seen, 0u);
}

TEST(X2apic, InitToItselfIsCpuDown)
{
    uint64_t init_seen = 0;
    struct vcpu_exit e;
    x2apic_decode_icr(1ull << 18 | 0x4500, 2, &init_seen, &e);
    EXPECT_EQ(e.reason, VCPU_EXIT_CPU_DOWN);
    x2apic_decode_icr(2ull << 32 | 0x4500, 2, &init_seen, &e);
    EXPECT_EQ(e.reason, VCPU_EXIT_CPU_DOWN);
}

TEST(X2apic, FixedIpisAndShorthands)
{
    uint64_t init_seen = 0;
    struct vcpu_exit e;
    x2apic_decode_icr(5ull << 32 | 0xef, 0, &init_seen, &e);
    ASSERT_EQ(e.reason, VCPU_EXIT_SEND_IPI);
    EXPECT_EQ(e.send_ipi.target_cpu, 5u);
    EXPECT_EQ(e.send_ipi.vector, 0xefu);
    EXPECT_FALSE(e.send_ipi.send_to_all);
    x2apic_decode_icr(1u << 18 | 0x30, 0, &init_seen, &e);
    EXPECT_TRUE(e.send_ipi.send_to_self);
    EXPECT_FALSE(e.send_ipi.send_to_all);
    x2apic_decode_icr(2u << 18 | 0x30, 0, &init_seen, &e);
    EXPECT_TRUE(e.send_ipi.send_to_self);
    EXPECT_TRUE(e.send_ipi.send_to_all);
    x2apic_decode_icr(4u << 8 | 0x30, 0, &init_seen, &e); // NMI: not decoded
    EXPECT_EQ(e.reason, VCPU_EXIT_UNKNOWN);
}

TEST(X86HypercallExit, TheKvmConvention)
{
    uint64_t gpr[16];
    for (unsigned i = 0; i < 16; i++)
        gpr[i] = 0x100 + i;
    struct vcpu_exit exit = {};
    x86_hypercall_exit(gpr, &exit);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(exit.hypercall.nr, 0x100u);      // RAX
    EXPECT_EQ(exit.hypercall.args[0], 0x103u); // RBX
    EXPECT_EQ(exit.hypercall.args[1], 0x101u); // RCX
    EXPECT_EQ(exit.hypercall.args[2], 0x102u); // RDX
    EXPECT_EQ(exit.hypercall.args[3], 0x106u); // RSI
    EXPECT_EQ(exit.hypercall.args[4], 0x107u); // RDI
    EXPECT_EQ(exit.hypercall.args[5], 0x108u); // R8
}

TEST(X86MsrExit, ReadsWritesAndTheIcr)
{
    uint64_t gpr[16] = {};
    uint64_t init_seen = 0;
    struct vcpu_exit exit = {};
    exit.raw.arch = VCPU_ARCH_SVM;
    gpr[1] = 0x40000100; // ECX
    gpr[0] = 0xffffffff11223344ull;
    gpr[2] = 0xffffffff55667788ull;
    x86_decode_msr_exit(false, gpr, 0, &init_seen, &exit);
    EXPECT_EQ(exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(exit.sysreg_read.addr, 0x40000100u);
    EXPECT_EQ(exit.sysreg_read.reg, 0u);
    x86_decode_msr_exit(true, gpr, 0, &init_seen, &exit);
    EXPECT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.value, 0x5566778811223344ull); // EDX:EAX, upper halves dropped
    gpr[1] = X2APIC_MSR_ICR;
    gpr[2] = 1;      // destination 1
    gpr[0] = 0x40f0; // fixed IPI, vector 0xf0
    x86_decode_msr_exit(true, gpr, 0, &init_seen, &exit);
    EXPECT_EQ(exit.reason, VCPU_EXIT_SEND_IPI);
    EXPECT_EQ(exit.send_ipi.target_cpu, 1u);
    EXPECT_EQ(exit.send_ipi.vector, 0xf0u);
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_SVM); // raw left alone
}

} // namespace
