// Host tests of the RISC-V G-stage entry format (Sv39x4): the PTE bits each
// mapping flag sets (R, W, X; U, A, D always), the PPN, non-leaf entries,
// and the 16 KiB root.
#include <gtest/gtest.h>

#include "lib/stage2/stage2_test_support.h"

namespace
{

constexpr uint64_t kV = 1ull << 0;
constexpr uint64_t kPteR = 1ull << 1;
constexpr uint64_t kPteW = 1ull << 2;
constexpr uint64_t kPteX = 1ull << 3;
constexpr uint64_t kU = 1ull << 4;
constexpr uint64_t kA = 1ull << 6;
constexpr uint64_t kD = 1ull << 7;
constexpr vcpu_hpa_t kHpa = 0x80400000;
constexpr uint64_t kPpn = (kHpa >> 12) << 10;

uint64_t Leaf(uint32_t flags, unsigned level = 0)
{
    return stage2_isa_format.leaf_entry(kHpa, flags, level);
}

TEST(Stage2Riscv64Test, Geometry)
{
    EXPECT_EQ(stage2_isa_format.root_level, 2u);
    EXPECT_EQ(stage2_isa_format.root_index_mask, 2047u); // 16 KiB root
    EXPECT_EQ(stage2_isa_format.root_align, 0x4000u);
    EXPECT_EQ(stage2_isa_format.gpa_limit, 1ull << 41);
}

TEST(Stage2Riscv64Test, ReadWriteExecute)
{
    EXPECT_EQ(Leaf(kR | kW | kX), kPpn | kV | kPteR | kPteW | kPteX | kU | kA | kD);
    EXPECT_EQ(Leaf(kR | kW | kX, 1), Leaf(kR | kW | kX)); // a megapage looks the same
}

TEST(Stage2Riscv64Test, EachAccessFlagIsItsOwnBit)
{
    constexpr uint64_t rwx = kPteR | kPteW | kPteX;
    EXPECT_EQ(Leaf(kR) & rwx, kPteR);
    EXPECT_EQ(Leaf(kW) & rwx, kPteR | kPteW); // W without R is reserved
    EXPECT_EQ(Leaf(kX) & rwx, kPteX);
    EXPECT_EQ(Leaf(kR | kX) & rwx, kPteR | kPteX);
}

TEST(Stage2Riscv64Test, EveryLeafIsUserAccessible)
{
    // The G-stage checks every guest access as a user access: U on every
    // leaf, with or without USER.
    for (uint32_t flags : {kR, kW, kX, kR | kW | kX}) {
        EXPECT_NE(Leaf(flags) & kU, 0u) << flags;
        EXPECT_EQ(Leaf(flags | kUser), Leaf(flags)) << flags;
    }
}

TEST(Stage2Riscv64Test, MemoryTypesComeFromThePlatform)
{
    EXPECT_EQ(Leaf(kR | kW | kDevice), Leaf(kR | kW));
    EXPECT_EQ(Leaf(kR | kW | kUncached), Leaf(kR | kW));
}

TEST(Stage2Riscv64Test, NonLeafEntries)
{
    const stage2_format &f = stage2_isa_format;
    uint64_t t = f.table_entry(0x80203000);
    EXPECT_EQ(t, ((0x80203000ull >> 12) << 10) | kV);
    EXPECT_TRUE(f.present(t));
    EXPECT_TRUE(f.is_table(t, 1));
    EXPECT_EQ(f.table_address(t), 0x80203000u);
    EXPECT_FALSE(f.is_table(Leaf(kX, 1), 1));
    EXPECT_FALSE(f.present(0));
}

} // namespace
