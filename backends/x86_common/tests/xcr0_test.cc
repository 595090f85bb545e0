// Host tests of the XSETBV validity rules the x86 backends emulate.
#include <gtest/gtest.h>

extern "C" {
#include "backends/x86_common/xcr0.h"
}

namespace
{

constexpr uint64_t kAll = 0x2ff; // x87..AVX-512, PKRU

TEST(Xcr0, ValidValuesAreAllowed)
{
    EXPECT_TRUE(x86_xsetbv_allowed(0, 0, XCR0_X87, kAll));
    EXPECT_TRUE(x86_xsetbv_allowed(0, 0, XCR0_X87 | XCR0_SSE, kAll));
    EXPECT_TRUE(x86_xsetbv_allowed(0, 0, XCR0_X87 | XCR0_SSE | XCR0_AVX, kAll));
    EXPECT_TRUE(x86_xsetbv_allowed(0, 0, 0xe7, kAll)); // with AVX-512
    EXPECT_TRUE(x86_xsetbv_allowed(0, 0, XCR0_X87 | XCR0_BNDREGS | XCR0_BNDCSR, kAll));
}

TEST(Xcr0, OnlyRing0AndIndex0)
{
    EXPECT_FALSE(x86_xsetbv_allowed(3, 0, XCR0_X87, kAll));
    EXPECT_FALSE(x86_xsetbv_allowed(1, 0, XCR0_X87, kAll));
    EXPECT_FALSE(x86_xsetbv_allowed(0, 1, XCR0_X87, kAll));
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0xffffffffu, XCR0_X87, kAll));
}

TEST(Xcr0, ArchitecturalRules)
{
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, 0, kAll));                       // x87 is required
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, XCR0_SSE, kAll));                // x87 is required
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, XCR0_X87 | XCR0_AVX, kAll));     // AVX needs SSE
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, XCR0_X87 | XCR0_BNDREGS, kAll)); // MPX pairs
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, XCR0_X87 | XCR0_BNDCSR, kAll));
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, 0x67, kAll)); // part of AVX-512
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, 0xe3, kAll)); // AVX-512 without AVX
}

TEST(Xcr0, NothingTheCpuDoesNotSupport)
{
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, XCR0_X87 | XCR0_SSE | XCR0_AVX, 0x3));
    EXPECT_FALSE(x86_xsetbv_allowed(0, 0, XCR0_X87 | 1ull << 63, kAll));
}

} // namespace
