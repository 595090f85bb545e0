// Host tests of the Intel EPT entry format: the bits each mapping flag sets
// (R always, W, X, user execute, memory type, ignore-PAT, PS), table
// entries, and the 4-level geometry.
#include <gtest/gtest.h>

#include "lib/stage2/stage2_test_support.h"

namespace
{

constexpr uint64_t kEptR = 1ull << 0;
constexpr uint64_t kEptW = 1ull << 1;
constexpr uint64_t kEptX = 1ull << 2;
constexpr uint64_t kMemTypeMask = 7ull << 3;
constexpr uint64_t kMemTypeWb = 6ull << 3;
constexpr uint64_t kMemTypeUc = 0ull << 3;
constexpr uint64_t kIgnorePat = 1ull << 6;
constexpr uint64_t kPs = 1ull << 7;
constexpr uint64_t kEptXUser = 1ull << 10; // with mode-based execute control
constexpr vcpu_hpa_t kHpa = 0x12345600000;

uint64_t Leaf(uint32_t flags, unsigned level = 0)
{
    return stage2_isa_format.leaf_entry(kHpa, flags, level);
}

TEST(Stage2X86EptTest, Geometry)
{
    EXPECT_EQ(stage2_isa_format.root_level, 3u);
    EXPECT_EQ(stage2_isa_format.root_index_mask, 511u);
    EXPECT_EQ(stage2_isa_format.gpa_limit, 1ull << 48);
}

TEST(Stage2X86EptTest, ReadWriteExecute)
{
    EXPECT_EQ(Leaf(kR | kW | kX), kHpa | kEptR | kEptW | kEptX | kMemTypeWb | kIgnorePat);
    EXPECT_EQ(Leaf(kR | kW | kX, 1), kHpa | kEptR | kEptW | kEptX | kMemTypeWb | kIgnorePat | kPs);
}

TEST(Stage2X86EptTest, EachAccessFlagIsItsOwnBit)
{
    constexpr uint64_t rwx = kEptR | kEptW | kEptX;
    EXPECT_EQ(Leaf(kR) & rwx, kEptR);
    EXPECT_EQ(Leaf(kW) & rwx, kEptR | kEptW); // write-only is a misconfiguration
    EXPECT_EQ(Leaf(kX) & rwx, kEptR | kEptX); // execute-only needs a capability
    EXPECT_EQ(Leaf(kR | kX) & rwx, kEptR | kEptX);
}

TEST(Stage2X86EptTest, UserExecuteGoesToBit10)
{
    EXPECT_EQ(Leaf(kR | kW | kX) & kEptXUser, 0u);
    EXPECT_EQ(Leaf(kR | kW | kX | kUser), Leaf(kR | kW | kX) | kEptXUser);
    EXPECT_EQ(Leaf(kR | kX | kUser, 1), Leaf(kR | kX, 1) | kEptXUser);
    // USER without EXECUTE: nothing to execute, for anyone.
    EXPECT_EQ(Leaf(kR | kW | kUser), Leaf(kR | kW));
}

TEST(Stage2X86EptTest, MemoryTypes)
{
    EXPECT_EQ(Leaf(kR | kW) & kMemTypeMask, kMemTypeWb);
    EXPECT_EQ(Leaf(kR | kW | kDevice) & kMemTypeMask, kMemTypeUc);
    EXPECT_EQ(Leaf(kR | kW | kUncached) & kMemTypeMask, kMemTypeUc);
    EXPECT_NE(Leaf(kR | kW | kDevice) & kIgnorePat, 0u);
}

TEST(Stage2X86EptTest, TableEntries)
{
    const stage2_format &f = stage2_isa_format;
    uint64_t t = f.table_entry(0x7000);
    EXPECT_EQ(t, 0x7000u | kEptR | kEptW | kEptX);
    EXPECT_TRUE(f.present(t));
    EXPECT_TRUE(f.is_table(t, 2));
    EXPECT_EQ(f.table_address(t), 0x7000u);
    EXPECT_FALSE(f.is_table(Leaf(kR, 1), 1));
    EXPECT_TRUE(f.present(kEptX)); // any of R, W, X makes an entry present
    EXPECT_FALSE(f.present(kMemTypeWb | kIgnorePat));
}

} // namespace
