// Errors, exit-reason names, state names and the width helpers.
#include <gtest/gtest.h>

#include <vcpu/vcpu.h>

#include <set>
#include <string>

namespace
{

const int kErrors[] = {VCPU_ERR_BAD_STATE, VCPU_ERR_INVALID_ARG, VCPU_ERR_NOT_SUPPORTED,
                       VCPU_ERR_WRONG_CPU, VCPU_ERR_NOT_ENABLED, VCPU_ERR_NO_MEMORY,
                       VCPU_ERR_HARDWARE,  VCPU_ERR_BUSY};

TEST(Errors, CodesAreDistinctAndNegative)
{
    std::set<int> codes;
    for (int e : kErrors) {
        EXPECT_LT(e, 0);
        codes.insert(e);
    }
    EXPECT_EQ(codes.size(), sizeof(kErrors) / sizeof(kErrors[0]));
    EXPECT_EQ(VCPU_OK, 0);
}

TEST(Errors, EveryCodeHasADistinctString)
{
    std::set<std::string> strings;
    strings.insert(vcpu_strerror(VCPU_OK));
    for (int e : kErrors) {
        ASSERT_NE(vcpu_strerror(e), nullptr);
        strings.insert(vcpu_strerror(e));
    }
    std::string unknown = vcpu_strerror(-1000);
    EXPECT_EQ(strings.count(unknown), 0u);
    strings.insert(unknown);
    EXPECT_EQ(strings.size(), sizeof(kErrors) / sizeof(kErrors[0]) + 2);
    EXPECT_STREQ(vcpu_strerror(12345), unknown.c_str());
}

TEST(ExitReasons, EveryReasonIsNamedDistinctly)
{
    std::set<std::string> names;
    for (int r = 0; r < VCPU_EXIT_REASON_COUNT; r++) {
        const char *name = vcpu_exit_reason_name(static_cast<enum vcpu_exit_reason>(r));
        ASSERT_NE(name, nullptr);
        EXPECT_STRNE(name, "INVALID_REASON");
        names.insert(name);
    }
    EXPECT_EQ(names.size(), static_cast<size_t>(VCPU_EXIT_REASON_COUNT));
    EXPECT_STREQ(vcpu_exit_reason_name(VCPU_EXIT_HYPERCALL), "HYPERCALL");
    EXPECT_STREQ(vcpu_exit_reason_name(VCPU_EXIT_UNKNOWN), "UNKNOWN");
    EXPECT_STREQ(vcpu_exit_reason_name(VCPU_EXIT_REASON_COUNT), "INVALID_REASON");
}

TEST(ExitReasons, ReadReasons)
{
    for (int r = 0; r < VCPU_EXIT_REASON_COUNT; r++) {
        bool expected =
            r == VCPU_EXIT_MMIO_READ || r == VCPU_EXIT_SYSREG_READ || r == VCPU_EXIT_IO_READ;
        EXPECT_EQ(vcpu_exit_is_read(static_cast<enum vcpu_exit_reason>(r)), expected) << r;
    }
}

TEST(States, EveryStateIsNamed)
{
    std::set<std::string> names;
    for (int s = VCPU_STATE_INVALID; s <= VCPU_STATE_BLOCKED; s++)
        names.insert(vcpu_state_name(static_cast<enum vcpu_state>(s)));
    EXPECT_EQ(names.size(), 6u);
}

TEST(Width, BytesOfEachWidth)
{
    EXPECT_EQ(vcpu_width_bytes(VCPU_WIDTH_8), 1u);
    EXPECT_EQ(vcpu_width_bytes(VCPU_WIDTH_16), 2u);
    EXPECT_EQ(vcpu_width_bytes(VCPU_WIDTH_32), 4u);
    EXPECT_EQ(vcpu_width_bytes(VCPU_WIDTH_64), 8u);
}

TEST(Width, FromBytesAcceptsOnlyPowersUpToEight)
{
    enum vcpu_access_width w = VCPU_WIDTH_64;
    const unsigned good[] = {1, 2, 4, 8};
    for (unsigned bytes : good) {
        ASSERT_EQ(vcpu_width_from_bytes(bytes, &w), VCPU_OK);
        EXPECT_EQ(vcpu_width_bytes(w), bytes);
    }
    const unsigned bad[] = {0, 3, 5, 6, 7, 9, 16, 32, 0xffffffffu};
    for (unsigned bytes : bad) {
        w = VCPU_WIDTH_16;
        EXPECT_EQ(vcpu_width_from_bytes(bytes, &w), VCPU_ERR_INVALID_ARG) << bytes;
        EXPECT_EQ(w, VCPU_WIDTH_16) << "output changed for " << bytes;
    }
    EXPECT_EQ(vcpu_width_from_bytes(4, nullptr), VCPU_ERR_INVALID_ARG);
}

struct ExtendCase {
    uint64_t value;
    enum vcpu_access_width width;
    bool signed_ext;
    enum vcpu_access_width reg_width;
    uint64_t expected;
};

TEST(Width, ReadValueExtend)
{
    const ExtendCase cases[] = {
        {0x1234567890abcdefull, VCPU_WIDTH_8, false, VCPU_WIDTH_64, 0xef},
        {0x1234567890abcdefull, VCPU_WIDTH_8, true, VCPU_WIDTH_64, 0xffffffffffffffefull},
        {0x1234567890abcdefull, VCPU_WIDTH_8, true, VCPU_WIDTH_32, 0xffffffefull},
        {0x7f, VCPU_WIDTH_8, true, VCPU_WIDTH_64, 0x7f},
        {0x1234567890ab8001ull, VCPU_WIDTH_16, false, VCPU_WIDTH_64, 0x8001},
        {0x1234567890ab8001ull, VCPU_WIDTH_16, true, VCPU_WIDTH_64, 0xffffffffffff8001ull},
        {0x1234567890ab8001ull, VCPU_WIDTH_16, true, VCPU_WIDTH_32, 0xffff8001ull},
        {0x1234567880000000ull, VCPU_WIDTH_32, true, VCPU_WIDTH_64, 0xffffffff80000000ull},
        {0x1234567880000000ull, VCPU_WIDTH_32, false, VCPU_WIDTH_64, 0x80000000ull},
        {0x1234567880000000ull, VCPU_WIDTH_32, true, VCPU_WIDTH_32, 0x80000000ull},
        {0xfedcba9876543210ull, VCPU_WIDTH_64, true, VCPU_WIDTH_64, 0xfedcba9876543210ull},
        {0xfedcba9876543210ull, VCPU_WIDTH_64, false, VCPU_WIDTH_32, 0x76543210ull},
    };
    for (const ExtendCase &c : cases) {
        EXPECT_EQ(vcpu_read_value_extend(c.value, c.width, c.signed_ext, c.reg_width), c.expected)
            << std::hex << c.value << " width " << c.width << " signed " << c.signed_ext
            << " reg_width " << c.reg_width;
    }
}

} // namespace
