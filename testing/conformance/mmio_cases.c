/* Conformance: MMIO writes and reads at every width, zero- and sign-extending,
 * completed into the right guest register with the others untouched. */
#include "testing/conformance/conformance.h"

static void guest_mmio_writes(uint64_t base)
{
    guest_write8(base + 0x1, 0xa5);
    guest_write16(base + 0x12, 0xbeef);
    guest_write32(base + 0x24, 0xdeadbeef);
    guest_write64(base + 0x38, 0x0123456789abcdefull);
}

TEST(conformance, mmio_write)
{
    struct vcpu *v = conformance_start(guest_mmio_writes, test_mmio_gpa);
    const struct {
        uint64_t offset;
        enum vcpu_access_width width;
        uint64_t data;
    } want[] = {
        {0x1, VCPU_WIDTH_8, 0xa5},
        {0x12, VCPU_WIDTH_16, 0xbeef},
        {0x24, VCPU_WIDTH_32, 0xdeadbeef},
        {0x38, VCPU_WIDTH_64, 0x0123456789abcdefull},
    };
    for (unsigned i = 0; i < 4; i++) {
        struct vcpu_exit exit;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
        EXPECT_EQ(exit.mmio_write.addr, test_mmio_gpa + want[i].offset);
        EXPECT_EQ(exit.mmio_write.width, want[i].width);
        EXPECT_EQ(exit.mmio_write.data, want[i].data);
    }
    conformance_expect_done(v);
}

/* What the host answers for every read: all widths see their low bytes. */
#define READ_VALUE 0xfedcba9876543281ull

static void guest_mmio_reads(uint64_t base)
{
    GUEST_ASSERT(guest_read8(base) == 0x81);
    GUEST_ASSERT(guest_read16(base + 2) == 0x3281);
    GUEST_ASSERT(guest_read32(base + 4) == 0x76543281u);
    GUEST_ASSERT(guest_read64(base + 8) == READ_VALUE);
    GUEST_ASSERT(guest_read8s(base) == (int64_t)(int8_t)0x81);
    GUEST_ASSERT(guest_read16s(base + 2) == (int64_t)(int16_t)0x3281);
    GUEST_ASSERT(guest_read32s(base + 4) == (int64_t)(int32_t)0x76543281);
}

/* Completes one read exit and checks that only its destination changed. */
static void complete_and_check_registers(struct vcpu *v, const struct vcpu_exit *exit)
{
    uint64_t before[VCPU_ARCH_GPR_COUNT], after[VCPU_ARCH_GPR_COUNT];
    for (unsigned r = 0; r < VCPU_ARCH_GPR_COUNT; r++)
        vcpu_get_gpr(v, r, &before[r]);
    ASSERT_EQ(vcpu_complete_read(v, exit, READ_VALUE), VCPU_OK);
    for (unsigned r = 0; r < VCPU_ARCH_GPR_COUNT; r++) {
        vcpu_get_gpr(v, r, &after[r]);
        if (r != exit->mmio_read.reg)
            EXPECT_EQ(after[r], before[r]);
    }
    if (exit->mmio_read.reg < VCPU_ARCH_GPR_COUNT)
        EXPECT_EQ(after[exit->mmio_read.reg],
                  vcpu_read_value_extend(READ_VALUE, exit->mmio_read.width,
                                         exit->mmio_read.signed_ext, exit->mmio_read.reg_width));
}

TEST(conformance, mmio_read)
{
    struct vcpu *v = conformance_start(guest_mmio_reads, test_mmio_gpa);
    const struct {
        uint64_t offset;
        enum vcpu_access_width width;
        bool signed_ext;
    } want[] = {
        {0, VCPU_WIDTH_8, false},  {2, VCPU_WIDTH_16, false}, {4, VCPU_WIDTH_32, false},
        {8, VCPU_WIDTH_64, false}, {0, VCPU_WIDTH_8, true},   {2, VCPU_WIDTH_16, true},
        {4, VCPU_WIDTH_32, true},
    };
    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct vcpu_exit exit;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
        EXPECT_EQ(exit.mmio_read.addr, test_mmio_gpa + want[i].offset);
        EXPECT_EQ(exit.mmio_read.width, want[i].width);
        EXPECT_EQ(exit.mmio_read.signed_ext, want[i].signed_ext);
        EXPECT_LT(exit.mmio_read.reg, VCPU_ARCH_GPR_COUNT);
        complete_and_check_registers(v, &exit);
    }
    conformance_expect_done(v);
}
