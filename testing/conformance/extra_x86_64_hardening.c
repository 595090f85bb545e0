/* Conformance cases of both x86 backends' isolation: XSETBV is emulated on
 * a per-vCPU XCR0 (the host's and other vCPUs' never change), and DR0-DR3
 * belong to the vCPU that wrote them. */
#include <board/print.h>

#include "testing/conformance/conformance.h"

#define CR4_OSXSAVE (1ull << 18)
#define XCR0_X87_SSE 3ull
#define X86_GP 13u

static bool cpu_has_xsave(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1u), "c"(0u));
    return (c >> 26) & 1;
}

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0u));
    return (uint64_t)hi << 32 | lo;
}

static void guest_enable_osxsave(void)
{
    uint64_t cr4;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSXSAVE) : "memory");
}

static void guest_xsetbv(uint32_t index, uint64_t value)
{
    __asm__ volatile("xsetbv"
                     :
                     : "c"(index), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
                     : "memory");
}

static void guest_sets_xcr0(uint64_t value)
{
    guest_enable_osxsave();
    guest_xsetbv(0, value);
    GUEST_SYNC(xgetbv0());
    guest_xsetbv(1, value); /* no XCR1 to set: #GP(0) */
    GUEST_SYNC(0xbad);
}

static void guest_reads_xcr0(uint64_t unused)
{
    (void)unused;
    guest_enable_osxsave();
    GUEST_SYNC(xgetbv0());
}

TEST(conformance_x86, xsetbv_stays_in_the_vcpu)
{
    if (!cpu_has_xsave()) {
        board_printf("  skipped: the CPU has no XSAVE\n");
        return;
    }
    uint64_t host_before = xgetbv0(); /* the enable set the host's CR4.OSXSAVE */
    struct vcpu *v = conformance_start(guest_sets_xcr0, XCR0_X87_SSE);
    EXPECT_EQ(conformance_expect_sync(v), XCR0_X87_SSE);
    EXPECT_EQ(xgetbv0(), host_before);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    uint64_t vector = 0;
    EXPECT_TRUE(test_exit_is_ucall(&exit, GUEST_UCALL_EXCEPTION, &vector));
    EXPECT_EQ(vector, X86_GP);
    /* A new vCPU starts with XCR0 = x87 only, whatever the last one set. */
    v = conformance_start(guest_reads_xcr0, 0);
    EXPECT_EQ(conformance_expect_sync(v), 1u);
    EXPECT_EQ(xgetbv0(), host_before);
}

static uint64_t read_dr0(void)
{
    uint64_t v;
    __asm__ volatile("mov %%db0, %0" : "=r"(v));
    return v;
}

static void guest_writes_dr0(uint64_t value)
{
    __asm__ volatile("mov %0, %%db0" : : "r"(value));
    GUEST_SYNC(read_dr0());
    GUEST_SYNC(read_dr0());
}

static void guest_reads_dr0(uint64_t unused)
{
    (void)unused;
    GUEST_SYNC(read_dr0());
}

TEST(conformance_x86, debug_registers_stay_in_the_vcpu)
{
    uint64_t host_dr0 = read_dr0();
    struct vcpu *v = conformance_start(guest_writes_dr0, 0x5a5a000ull);
    EXPECT_EQ(conformance_expect_sync(v), 0x5a5a000ull);
    EXPECT_EQ(read_dr0(), host_dr0);
    EXPECT_EQ(conformance_expect_sync(v), 0x5a5a000ull); /* back after an exit */
    v = conformance_start(guest_reads_dr0, 0);
    EXPECT_EQ(conformance_expect_sync(v), 0u); /* never the other vCPU's */
    EXPECT_EQ(read_dr0(), host_dr0);
}
