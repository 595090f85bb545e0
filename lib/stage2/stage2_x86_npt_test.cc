// Host tests of the AMD nested page table entry format: the PTE bits each
// mapping flag sets (P and US always, RW, NX, PCD, PS), table entries, and
// the 4-level geometry.
#include <gtest/gtest.h>

#include "lib/stage2/stage2_test_support.h"

namespace
{

constexpr uint64_t kP = 1ull << 0;
constexpr uint64_t kRw = 1ull << 1;
constexpr uint64_t kUs = 1ull << 2;
constexpr uint64_t kPcd = 1ull << 4;
constexpr uint64_t kPs = 1ull << 7;
constexpr uint64_t kNx = 1ull << 63;
constexpr vcpu_hpa_t kHpa = 0x12345600000;

uint64_t Leaf(uint32_t flags, unsigned level = 0)
{
    return stage2_isa_format.leaf_entry(kHpa, flags, level);
}

TEST(Stage2X86NptTest, Geometry)
{
    EXPECT_EQ(stage2_isa_format.root_level, 3u);
    EXPECT_EQ(stage2_isa_format.root_index_mask, 511u);
    EXPECT_EQ(stage2_isa_format.gpa_limit, 1ull << 48);
}

TEST(Stage2X86NptTest, ReadWriteExecute)
{
    EXPECT_EQ(Leaf(kR | kW | kX), kHpa | kP | kRw | kUs);
    EXPECT_EQ(Leaf(kR | kW | kX, 1), kHpa | kP | kRw | kUs | kPs);
}

TEST(Stage2X86NptTest, EachAccessFlagIsItsOwnBit)
{
    EXPECT_EQ(Leaf(kR) & (kP | kRw | kNx), kP | kNx); // present means readable
    EXPECT_EQ(Leaf(kW) & (kP | kRw | kNx), kP | kRw | kNx);
    EXPECT_EQ(Leaf(kX) & (kP | kRw | kNx), kP);
    EXPECT_EQ(Leaf(kR | kX) & (kP | kRw | kNx), kP);
}

TEST(Stage2X86NptTest, EveryLeafIsUserAccessible)
{
    // Nested walks treat every guest access as a user access: US on every
    // leaf, with or without USER.
    for (uint32_t flags : {kR, kW, kX, kR | kW | kX}) {
        EXPECT_NE(Leaf(flags) & kUs, 0u) << flags;
        EXPECT_EQ(Leaf(flags | kUser), Leaf(flags)) << flags;
    }
}

TEST(Stage2X86NptTest, MemoryTypes)
{
    EXPECT_EQ(Leaf(kR | kW) & kPcd, 0u);
    EXPECT_EQ(Leaf(kR | kW | kDevice), Leaf(kR | kW) | kPcd);
    EXPECT_EQ(Leaf(kR | kW | kUncached), Leaf(kR | kW) | kPcd);
}

TEST(Stage2X86NptTest, TableEntries)
{
    const stage2_format &f = stage2_isa_format;
    uint64_t t = f.table_entry(0x7000);
    EXPECT_EQ(t, 0x7000u | kP | kRw | kUs);
    EXPECT_TRUE(f.is_table(t, 2));
    EXPECT_EQ(f.table_address(t), 0x7000u);
    EXPECT_FALSE(f.is_table(Leaf(kR, 1), 1));
    EXPECT_EQ(f.table_address(Leaf(kR, 1)), kHpa); // NX is not address
    EXPECT_FALSE(f.present(kRw | kUs));
}

} // namespace
