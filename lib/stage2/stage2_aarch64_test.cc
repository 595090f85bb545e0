// Host tests of the ARM stage-2 entry format: the descriptor bits each
// mapping flag sets (S2AP, XN, MemAttr, shareability, AF, page/block), table
// descriptors, and the geometry the ARM EL2 backend's VTCR expects.
#include <gtest/gtest.h>

#include "lib/stage2/stage2_test_support.h"

namespace
{

constexpr uint64_t kValid = 1ull << 0;
constexpr uint64_t kTableOrPage = 1ull << 1;
constexpr uint64_t kMemAttrMask = 0xfull << 2;
constexpr uint64_t kNormalWriteBack = 0xfull << 2;
constexpr uint64_t kNormalNonCacheable = 0x5ull << 2;
constexpr uint64_t kDeviceNGnRE = 0x1ull << 2;
constexpr uint64_t kS2apRead = 1ull << 6;
constexpr uint64_t kS2apWrite = 1ull << 7;
constexpr uint64_t kShMask = 3ull << 8;
constexpr uint64_t kInnerShareable = 3ull << 8;
constexpr uint64_t kAf = 1ull << 10;
constexpr uint64_t kXn0 = 1ull << 53; // FEAT_XNX: kernel/user split
constexpr uint64_t kXn = 1ull << 54;
constexpr vcpu_hpa_t kHpa = 0x48200000;

uint64_t Leaf(uint32_t flags, unsigned level = 0)
{
    return stage2_isa_format.leaf_entry(kHpa, flags, level);
}

TEST(Stage2Aarch64Test, Geometry)
{
    EXPECT_EQ(stage2_isa_format.root_level, 2u); // starts at level 1
    EXPECT_EQ(stage2_isa_format.root_index_mask, 3u);
    EXPECT_EQ(stage2_isa_format.gpa_limit, 1ull << 32);
}

TEST(Stage2Aarch64Test, ReadWriteExecuteNormalMemory)
{
    EXPECT_EQ(Leaf(kR | kW | kX), kHpa | kValid | kTableOrPage | kNormalWriteBack |
                                      kInnerShareable | kS2apRead | kS2apWrite | kAf);
    EXPECT_EQ(Leaf(kR | kW | kX, 1), kHpa | kValid | kNormalWriteBack | kInnerShareable |
                                         kS2apRead | kS2apWrite | kAf); // a block
}

TEST(Stage2Aarch64Test, EachAccessFlagIsItsOwnBit)
{
    EXPECT_EQ(Leaf(kR) & (kS2apRead | kS2apWrite | kXn), kS2apRead | kXn);
    EXPECT_EQ(Leaf(kW) & (kS2apRead | kS2apWrite | kXn), kS2apWrite | kXn); // write-only exists
    EXPECT_EQ(Leaf(kX) & (kS2apRead | kS2apWrite | kXn), 0u);               // execute-only too
    EXPECT_EQ(Leaf(kR | kX) & (kS2apRead | kS2apWrite | kXn), kS2apRead);
}

TEST(Stage2Aarch64Test, MemoryTypes)
{
    EXPECT_EQ(Leaf(kR | kW) & (kMemAttrMask | kShMask), kNormalWriteBack | kInnerShareable);
    EXPECT_EQ(Leaf(kR | kW | kDevice) & (kMemAttrMask | kShMask), kDeviceNGnRE);
    EXPECT_EQ(Leaf(kR | kW | kUncached) & (kMemAttrMask | kShMask),
              kNormalNonCacheable | kInnerShareable);
    EXPECT_EQ(Leaf(kR | kW | kDevice | kUncached), Leaf(kR | kW | kDevice)); // DEVICE wins
}

TEST(Stage2Aarch64Test, UserChangesNothing)
{
    for (uint32_t flags : {kR, kR | kW, kR | kX, kR | kW | kX, kR | kW | kDevice}) {
        EXPECT_EQ(Leaf(flags | kUser), Leaf(flags)) << flags;
        EXPECT_EQ(Leaf(flags | kUser) & kXn0, 0u) << flags;
    }
}

TEST(Stage2Aarch64Test, TableDescriptors)
{
    const stage2_format &f = stage2_isa_format;
    uint64_t t = f.table_entry(0x48001000);
    EXPECT_EQ(t, 0x48001000u | kValid | kTableOrPage);
    EXPECT_TRUE(f.present(t));
    EXPECT_TRUE(f.is_table(t, 1));
    EXPECT_EQ(f.table_address(t), 0x48001000u);
    EXPECT_FALSE(f.is_table(Leaf(kR, 1), 1));
    EXPECT_FALSE(f.present(0));
    EXPECT_FALSE(f.present(kTableOrPage));
}

} // namespace
