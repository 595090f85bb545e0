// Host tests of the stage-2 walker, linked once with each entry format: block
// and page choice, replacement, unmapping, and every refusal (alignment, the
// IPA limit, splitting blocks, bad flags), checked through the format's own
// decoding of the tables it built.
#include <gtest/gtest.h>

#include "lib/stage2/stage2_test_support.h"

namespace
{

constexpr uint32_t kRwx = kR | kW | kX;
constexpr vcpu_hpa_t kHpa = 0x80000000; // 2 MiB aligned, never dereferenced

class Stage2WalkTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        Stage2TestResetPages();
        ASSERT_EQ(stage2_init(&s_), VCPU_OK);
    }

    stage2 s_;
};

TEST_F(Stage2WalkTest, InitGivesAnAlignedEmptyRoot)
{
    EXPECT_EQ(Stage2TestPagesUsed(), stage2_isa_format.root_pages);
    EXPECT_EQ(s_.root % stage2_isa_format.root_align, 0u);
    EXPECT_FALSE(FindLeaf(s_, 0).present);
    EXPECT_EQ(FindLeaf(s_, 0).level, stage2_isa_format.root_level);
    EXPECT_EQ(stage2_init(nullptr), VCPU_ERR_INVALID_ARG);
}

TEST_F(Stage2WalkTest, AlignedRangesGetBlocksTheRestPages)
{
    // [block - page, 2 blocks + page): one page, two blocks, one page.
    ASSERT_EQ(stage2_map(&s_, kBlock - kPage, kHpa - kPage, 2 * kBlock + 2 * kPage, kRwx), VCPU_OK);
    EXPECT_EQ(FindLeaf(s_, kBlock - kPage).level, 0u);
    EXPECT_EQ(FindLeaf(s_, kBlock).level, 1u);
    EXPECT_EQ(FindLeaf(s_, 2 * kBlock + 0x1234).level, 1u);
    EXPECT_EQ(FindLeaf(s_, 3 * kBlock).level, 0u);
    EXPECT_TRUE(FindLeaf(s_, 3 * kBlock).present);
    EXPECT_FALSE(FindLeaf(s_, 3 * kBlock + kPage).present);
    EXPECT_FALSE(FindLeaf(s_, kBlock - 2 * kPage).present);
    // A block where only the guest address is aligned: pages.
    ASSERT_EQ(stage2_map(&s_, 8 * kBlock, kHpa + kPage, kBlock, kRwx), VCPU_OK);
    EXPECT_EQ(FindLeaf(s_, 8 * kBlock).level, 0u);
    EXPECT_EQ(FindLeaf(s_, 9 * kBlock - kPage).level, 0u);
}

TEST_F(Stage2WalkTest, LeavesPointAtTheirHostAddress)
{
    ASSERT_EQ(stage2_map(&s_, kBlock, kHpa, kBlock, kRwx), VCPU_OK);
    ASSERT_EQ(stage2_map(&s_, 4 * kBlock, kHpa + 0x7000, kPage, kRwx), VCPU_OK);
    const stage2_format &f = stage2_isa_format;
    // A leaf carries its address where a table entry does.
    EXPECT_EQ(f.table_address(FindLeaf(s_, kBlock).entry), kHpa);
    EXPECT_EQ(f.table_address(FindLeaf(s_, 4 * kBlock).entry), kHpa + 0x7000);
}

TEST_F(Stage2WalkTest, MappingAgainReplacesAtTheSameGranularity)
{
    ASSERT_EQ(stage2_map(&s_, 0, kHpa, kPage, kR), VCPU_OK);
    uint64_t before = FindLeaf(s_, 0).entry;
    ASSERT_EQ(stage2_map(&s_, 0, kHpa + kPage, kPage, kRwx), VCPU_OK);
    uint64_t after = FindLeaf(s_, 0).entry;
    EXPECT_NE(before, after);
    EXPECT_EQ(after, stage2_isa_format.leaf_entry(kHpa + kPage, kRwx, 0));
    ASSERT_EQ(stage2_map(&s_, kBlock, kHpa, kBlock, kR), VCPU_OK);
    ASSERT_EQ(stage2_map(&s_, kBlock, kHpa, kBlock, kRwx), VCPU_OK);
    EXPECT_EQ(FindLeaf(s_, kBlock).entry, stage2_isa_format.leaf_entry(kHpa, kRwx, 1));
}

TEST_F(Stage2WalkTest, UnmapRemovesAndToleratesHoles)
{
    ASSERT_EQ(stage2_map(&s_, 0, kHpa, 2 * kBlock, kRwx), VCPU_OK);
    ASSERT_EQ(stage2_unmap(&s_, kBlock, kBlock), VCPU_OK);
    EXPECT_TRUE(FindLeaf(s_, kBlock - kPage).present);
    EXPECT_FALSE(FindLeaf(s_, kBlock).present);
    EXPECT_EQ(stage2_unmap(&s_, kBlock, kBlock), VCPU_OK);     // already gone
    EXPECT_EQ(stage2_unmap(&s_, 64 * kBlock, kPage), VCPU_OK); // never mapped
    EXPECT_FALSE(FindLeaf(s_, 64 * kBlock).present);
    ASSERT_EQ(stage2_map(&s_, 4 * kBlock, kHpa, 2 * kPage, kRwx), VCPU_OK);
    ASSERT_EQ(stage2_unmap(&s_, 4 * kBlock + kPage, kPage), VCPU_OK);
    EXPECT_TRUE(FindLeaf(s_, 4 * kBlock).present);
    EXPECT_FALSE(FindLeaf(s_, 4 * kBlock + kPage).present);
}

TEST_F(Stage2WalkTest, NeverSplitsABlockNorCoversPages)
{
    ASSERT_EQ(stage2_map(&s_, kBlock, kHpa, kBlock, kRwx), VCPU_OK);
    EXPECT_EQ(stage2_map(&s_, kBlock + kPage, kHpa, kPage, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_unmap(&s_, kBlock + kPage, kPage), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(FindLeaf(s_, kBlock + kPage).level, 1u); // the block is intact
    ASSERT_EQ(stage2_map(&s_, 4 * kBlock, kHpa, kPage, kRwx), VCPU_OK);
    EXPECT_EQ(stage2_map(&s_, 4 * kBlock, kHpa, kBlock, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_unmap(&s_, 4 * kBlock, kBlock), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(FindLeaf(s_, 4 * kBlock).level, 0u); // the page is intact
}

TEST_F(Stage2WalkTest, OneTablePerLevelBelowTheRoot)
{
    size_t root = Stage2TestPagesUsed();
    ASSERT_EQ(stage2_map(&s_, 0, kHpa, kPage, kRwx), VCPU_OK);
    EXPECT_EQ(Stage2TestPagesUsed() - root, stage2_isa_format.root_level);
    ASSERT_EQ(stage2_map(&s_, kPage, kHpa, kBlock - kPage, kRwx), VCPU_OK); // same tables
    ASSERT_EQ(stage2_map(&s_, kBlock, kHpa, kBlock, kRwx), VCPU_OK);        // a block
    EXPECT_EQ(Stage2TestPagesUsed() - root, stage2_isa_format.root_level);
}

TEST_F(Stage2WalkTest, OutOfPagesIsNoMemory)
{
    stage2 other;
    int rc;
    while ((rc = stage2_init(&other)) == VCPU_OK) {
    }
    EXPECT_EQ(rc, VCPU_ERR_NO_MEMORY);
    while (vcpu_host_alloc_pages(1) != nullptr) {
    }
    EXPECT_EQ(stage2_map(&s_, 0, kHpa, kPage, kRwx), VCPU_ERR_NO_MEMORY);
}

TEST_F(Stage2WalkTest, RefusesUnalignedAndOutOfRangeArguments)
{
    const uint64_t limit = stage2_isa_format.gpa_limit;
    EXPECT_EQ(stage2_map(&s_, 0x800, kHpa, kPage, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, 0, kHpa + 0x800, kPage, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, 0, kHpa, 0x800, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, limit, kHpa, kPage, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, limit - kPage, kHpa, 2 * kPage, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, kPage, kHpa, ~uint64_t{0} & ~(kPage - 1), kRwx),
              VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(nullptr, 0, kHpa, kPage, kRwx), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_unmap(&s_, 0x800, kPage), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_unmap(&s_, limit, kPage), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_unmap(nullptr, 0, kPage), VCPU_ERR_INVALID_ARG);
    // The last page below the limit is mappable.
    EXPECT_EQ(stage2_map(&s_, limit - kPage, kHpa, kPage, kRwx), VCPU_OK);
    EXPECT_TRUE(FindLeaf(s_, limit - kPage).present);
}

TEST_F(Stage2WalkTest, RefusesFlagsWithoutAccessOrOutsideTheEnum)
{
    EXPECT_EQ(stage2_map(&s_, 0, kHpa, kPage, 0), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, 0, kHpa, kPage, kUser | kDevice | kUncached), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, 0, kHpa, kPage, kRwx | (1u << 6)), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(stage2_map(&s_, 0, kHpa, kPage, kRwx | 0x80000000u), VCPU_ERR_INVALID_ARG);
    EXPECT_FALSE(FindLeaf(s_, 0).present);
    for (uint32_t access : {kR, kW, kX}) {
        EXPECT_EQ(stage2_map(&s_, 0, kHpa, kPage, access), VCPU_OK) << access;
        EXPECT_TRUE(FindLeaf(s_, 0).present) << access;
        EXPECT_EQ(FindLeaf(s_, 0).level, 0u) << access; // a leaf, not a table
    }
}

} // namespace
