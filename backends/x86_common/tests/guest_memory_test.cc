// Host tests of the x86 guest page walker (guest_memory.c): nested-table
// translation (NPT and EPT present bits, large pages), the guest's 4-level
// tables read through the nested ones, partial reads at unmapped pages, and
// that a nested root of 0 never makes guest-physical addresses host ones.
#include <gtest/gtest.h>

#include <cstring>

extern "C" {
#include "backends/x86_common/guest_memory.h"
#include "backends/x86_common/tests/fake_phys.h"
}

namespace
{

constexpr uint64_t P = 1, RW = 2, PS = 1ull << 7, EPT_RWX = 7;

// Page roles in the fake memory.
enum : unsigned {
    NPML4 = 0,
    NPDPT,
    NPD,
    NPT, // nested tables
    GPML4,
    GPDPT,
    GPD,
    GPT, // guest tables (also reached through the nested ones)
    DATA0,
    DATA1, // data pages
};

class GuestMemory : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        memset(fake_phys, 0, sizeof(fake_phys));
    }

    // Nested map: guest-physical page `gpa` (below 2 MiB) -> fake page `page`.
    void NestedMap4k(uint64_t gpa, unsigned page, uint64_t present = P | RW)
    {
        *fake_phys_entry(NPML4, 0) = fake_phys_page(NPDPT) | present;
        *fake_phys_entry(NPDPT, 0) = fake_phys_page(NPD) | present;
        *fake_phys_entry(NPD, 0) = fake_phys_page(NPT) | present;
        *fake_phys_entry(NPT, (gpa >> 12) & 511) = fake_phys_page(page) | present;
    }

    uint64_t Root() const
    {
        return fake_phys_page(NPML4);
    }
};

TEST_F(GuestMemory, RootZeroIsNeverIdentity)
{
    // Guest-physical FAKE_PHYS_BASE is a valid host-physical address here:
    // with root 0 it must still not be reachable.
    EXPECT_FALSE(x86_nested_root_valid(0));
    EXPECT_FALSE(x86_nested_root_valid(fake_phys_page(0) | 8));
    EXPECT_TRUE(x86_nested_root_valid(fake_phys_page(0)));
    EXPECT_EQ(x86_nested_to_host(0, false, FAKE_PHYS_BASE), nullptr);
    EXPECT_EQ(x86_nested_to_host(0, true, FAKE_PHYS_BASE), nullptr);
    struct x86_guest_paging real = x86_guest_paging_of(0, 0, 0);
    uint8_t out[8];
    EXPECT_EQ(x86_read_guest(&real, 0, false, FAKE_PHYS_BASE, out, sizeof(out)), 0u);
}

TEST_F(GuestMemory, NestedTranslation4k)
{
    NestedMap4k(0x3000, DATA0);
    fake_phys[DATA0 * 4096 + 0x10] = 0xab;
    auto *p = static_cast<uint8_t *>(x86_nested_to_host(Root(), false, 0x3010));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(*p, 0xab);
    EXPECT_EQ(x86_nested_to_host(Root(), false, 0x4000), nullptr); // not mapped
    EXPECT_EQ(x86_nested_to_host(Root(), false, 1ull << 39), nullptr);
}

TEST_F(GuestMemory, EptPresentIsAnyOfRwx)
{
    NestedMap4k(0x3000, DATA0, EPT_RWX);
    EXPECT_NE(x86_nested_to_host(Root(), true, 0x3000), nullptr);
    NestedMap4k(0x3000, DATA0, 4); // execute-only is present for EPT
    EXPECT_NE(x86_nested_to_host(Root(), true, 0x3000), nullptr);
    *fake_phys_entry(NPT, 3) = fake_phys_page(DATA0) | 0x70; // no RWX bit
    EXPECT_EQ(x86_nested_to_host(Root(), true, 0x3000), nullptr);
}

TEST_F(GuestMemory, LargeNestedPages)
{
    *fake_phys_entry(NPML4, 0) = fake_phys_page(NPDPT) | P;
    *fake_phys_entry(NPDPT, 0) = fake_phys_page(NPD) | P;
    // A 2 MiB page at guest-physical 2 MiB whose frame is FAKE_PHYS_BASE (2 MiB aligned).
    *fake_phys_entry(NPD, 1) = FAKE_PHYS_BASE | P | PS;
    auto *p = static_cast<uint8_t *>(x86_nested_to_host(Root(), false, 0x200000 + 0x5123));
    EXPECT_EQ(p, &fake_phys[0x5123]);
    // Past the fake memory, inside the same large page: the host maps nothing.
    EXPECT_EQ(x86_nested_to_host(Root(), false, 0x200000 + 0x100000), nullptr);
    // A 1 GiB page at guest-physical 1 GiB.
    *fake_phys_entry(NPDPT, 1) = FAKE_PHYS_BASE | P | PS;
    p = static_cast<uint8_t *>(x86_nested_to_host(Root(), false, 0x40000000 + 0x2001));
    EXPECT_EQ(p, &fake_phys[0x2001]);
}

TEST_F(GuestMemory, TablesOutsideHostMemoryAreNotFollowed)
{
    *fake_phys_entry(NPML4, 0) = 0x1000 | P; // a table the host does not map
    EXPECT_EQ(x86_nested_to_host(Root(), false, 0x3000), nullptr);
}

// A 64-bit guest: its tables at guest-physical 0x10000.., its data at
// linear 0x7000_0000 + page; everything through the nested map.
class GuestPaging : public GuestMemory
{
  protected:
    void SetUp() override
    {
        GuestMemory::SetUp();
        *fake_phys_entry(NPML4, 0) = fake_phys_page(NPDPT) | P | RW;
        *fake_phys_entry(NPDPT, 0) = fake_phys_page(NPD) | P | RW;
        *fake_phys_entry(NPD, 0) = fake_phys_page(NPT) | P | RW;
        for (unsigned i = GPML4; i <= DATA1; i++)
            *fake_phys_entry(NPT, 0x10 + i) = fake_phys_page(i) | P | RW; // gpa 0x1x000
        const uint64_t gva = 0x70000000;
        *fake_phys_entry(GPML4, 0) = Gpa(GPDPT) | P | RW;
        *fake_phys_entry(GPDPT, (gva >> 30) & 511) = Gpa(GPD) | P | RW;
        *fake_phys_entry(GPD, (gva >> 21) & 511) = Gpa(GPT) | P | RW;
        *fake_phys_entry(GPT, 0) = Gpa(DATA0) | P | RW;
        *fake_phys_entry(GPT, 1) = Gpa(DATA1) | P | RW;
        paging = x86_guest_paging_of(1ull << 31, 1ull << 10, Gpa(GPML4));
    }

    static uint64_t Gpa(unsigned page)
    {
        return 0x10000 + 0x1000ull * page;
    }

    struct x86_guest_paging paging = {};
};

TEST_F(GuestPaging, ReadsAcrossPages)
{
    fake_phys[DATA0 * 4096 + 4094] = 0x11;
    fake_phys[DATA0 * 4096 + 4095] = 0x22;
    fake_phys[DATA1 * 4096 + 0] = 0x33;
    uint8_t out[3] = {};
    ASSERT_EQ(x86_read_guest(&paging, Root(), false, 0x70000ffe, out, 3), 3u);
    EXPECT_EQ(out[0], 0x11);
    EXPECT_EQ(out[1], 0x22);
    EXPECT_EQ(out[2], 0x33);
}

TEST_F(GuestPaging, StopsAtTheFirstUnmappedPage)
{
    *fake_phys_entry(GPT, 1) = 0; // the guest unmaps its second page
    uint8_t out[8];
    EXPECT_EQ(x86_read_guest(&paging, Root(), false, 0x70000ffc, out, 8), 4u);
    // A guest PTE pointing at guest-physical memory the nested map lacks.
    *fake_phys_entry(GPT, 0) = 0x7fff000 | P;
    EXPECT_EQ(x86_read_guest(&paging, Root(), false, 0x70000000, out, 8), 0u);
}

TEST_F(GuestPaging, GuestTablesGoThroughTheNestedMap)
{
    // A guest CR3 equal to a host-physical address of real tables: not
    // mapped in the nested tables, so nothing is read.
    struct x86_guest_paging evil = paging;
    evil.cr3 = fake_phys_page(GPML4);
    uint8_t out[8];
    EXPECT_EQ(x86_read_guest(&evil, Root(), false, 0x70000000, out, 8), 0u);
    // And with a nested root of 0 nothing at all.
    EXPECT_EQ(x86_read_guest(&paging, 0, false, 0x70000000, out, 8), 0u);
}

TEST_F(GuestPaging, OnlyFourLevelPagingIsWalked)
{
    struct x86_guest_paging legacy = x86_guest_paging_of(1ull << 31, 0, Gpa(GPML4));
    uint8_t out[4];
    EXPECT_EQ(x86_read_guest(&legacy, Root(), false, 0x70000000, out, 4), 0u);
}

} // namespace
