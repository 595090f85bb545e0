// Host tests of read-exit completion on the x86 backends: RDMSR into
// EDX:EAX, IN into AL/AX/EAX, MMIO loads by the decoded instruction's rules.
#include <gtest/gtest.h>

#include <cstring>

extern "C" {
#include "backends/x86_common/read_completion.h"
}

namespace
{

class ReadCompletion : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        for (unsigned i = 0; i < X86_GPR_COUNT; i++)
            gpr_[i] = 0x1111111111111111ull * (i + 1);
    }

    static struct vcpu_exit MmioRead(uint32_t reg, enum vcpu_access_width width,
                                     enum vcpu_access_width reg_width, bool signed_ext)
    {
        struct vcpu_exit e = {};
        e.reason = VCPU_EXIT_MMIO_READ;
        e.mmio_read.reg = reg;
        e.mmio_read.width = width;
        e.mmio_read.reg_width = reg_width;
        e.mmio_read.signed_ext = signed_ext;
        return e;
    }

    uint64_t gpr_[X86_GPR_COUNT];
};

TEST_F(ReadCompletion, RdmsrFillsEdxEax)
{
    struct vcpu_exit e = {};
    e.reason = VCPU_EXIT_SYSREG_READ;
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0x1234567889abcdefull, nullptr), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RAX], 0x89abcdefull);
    EXPECT_EQ(gpr_[X86_RDX], 0x12345678ull);
    EXPECT_EQ(gpr_[X86_RCX], 0x2222222222222222ull);
}

TEST_F(ReadCompletion, InMergesIntoAlAxAndZeroExtendsEax)
{
    struct vcpu_exit e = {};
    e.reason = VCPU_EXIT_IO_READ;
    e.io_read.width = VCPU_WIDTH_8;
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0xabcd, nullptr), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RAX], 0x11111111111111cdull);
    e.io_read.width = VCPU_WIDTH_16;
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0x12345678, nullptr), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RAX], 0x1111111111115678ull);
    e.io_read.width = VCPU_WIDTH_32;
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0xfedcba9876543210ull, nullptr), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RAX], 0x76543210ull);
}

TEST_F(ReadCompletion, MmioLoadsFollowThePayloadWithoutAnInstruction)
{
    struct vcpu_exit e = MmioRead(X86_RBX, VCPU_WIDTH_16, VCPU_WIDTH_64, true);
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0x8001, nullptr), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RBX], 0xffffffffffff8001ull);
    e = MmioRead(X86_RCX, VCPU_WIDTH_32, VCPU_WIDTH_32, false);
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0xfedcba9876543210ull, nullptr), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RCX], 0x76543210ull); // 32-bit writes zero the upper half
}

TEST_F(ReadCompletion, MmioLoadsUseTheMatchingDecodedInstruction)
{
    // mov ah, [mem]: the payload names RAX, the instruction the high byte.
    struct x86_mmio_insn ah = {};
    ah.width = VCPU_WIDTH_8;
    ah.reg = X86_RAX;
    ah.reg_high_byte = true;
    ah.reg_width = VCPU_WIDTH_8;
    struct vcpu_exit e = MmioRead(X86_RAX, VCPU_WIDTH_8, VCPU_WIDTH_8, false);
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0x5a, &ah), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RAX], 0x1111111111115a11ull);
    // An instruction of another register or width is not used.
    e = MmioRead(X86_RDX, VCPU_WIDTH_8, VCPU_WIDTH_8, false);
    ASSERT_EQ(x86_complete_read(gpr_, &e, 0x5a, &ah), VCPU_OK);
    EXPECT_EQ(gpr_[X86_RDX], 0x333333333333335aull);
}

TEST_F(ReadCompletion, BadPayloadsChangeNothing)
{
    uint64_t before[X86_GPR_COUNT];
    for (unsigned i = 0; i < X86_GPR_COUNT; i++)
        before[i] = gpr_[i];
    struct vcpu_exit e = MmioRead(X86_GPR_COUNT, VCPU_WIDTH_8, VCPU_WIDTH_64, false);
    EXPECT_EQ(x86_complete_read(gpr_, &e, 1, nullptr), VCPU_ERR_INVALID_ARG);
    // A width outside the enum, written as bytes: an enum variable holding 7
    // would itself be undefined behaviour in C++.
    e = MmioRead(X86_RAX, VCPU_WIDTH_8, VCPU_WIDTH_64, false);
    const uint32_t bad_width = 7;
    static_assert(sizeof(e.mmio_read.width) == sizeof(bad_width), "enum is 32 bits");
    memcpy(&e.mmio_read.width, &bad_width, sizeof(bad_width));
    EXPECT_EQ(x86_complete_read(gpr_, &e, 1, nullptr), VCPU_ERR_INVALID_ARG);
    e = {};
    e.reason = VCPU_EXIT_IO_READ;
    e.io_read.width = VCPU_WIDTH_64; // no 64-bit IN
    EXPECT_EQ(x86_complete_read(gpr_, &e, 1, nullptr), VCPU_ERR_INVALID_ARG);
    e = {};
    e.reason = VCPU_EXIT_MMIO_WRITE;
    EXPECT_EQ(x86_complete_read(gpr_, &e, 1, nullptr), VCPU_ERR_INVALID_ARG);
    for (unsigned i = 0; i < X86_GPR_COUNT; i++)
        EXPECT_EQ(gpr_[i], before[i]) << i;
}

} // namespace
