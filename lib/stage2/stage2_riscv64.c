/* G-stage entries for the RISC-V H backend: Sv39x4 (41-bit guest physical
 * addresses), a 16 KiB root of 2048 entries, 2 MiB megapages at level 1 and
 * 4 KiB pages at level 0. Leaves: R, W (with R: W alone is reserved) and X
 * from the flags, A and D preset, and always U (the G-stage treats every
 * access as a user access, so USER changes nothing). Cacheability comes
 * from the platform's PMAs: DEVICE and UNCACHED change nothing. */
#include "stage2_format.h"

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)

static bool present(uint64_t e)
{
    return (e & PTE_V) != 0;
}

static bool is_table(uint64_t e, unsigned level)
{
    (void)level;
    return (e & PTE_LEAF) == 0;
}

static vcpu_hpa_t table_address(uint64_t e)
{
    return (e >> 10) << 12;
}

static uint64_t table_entry(vcpu_hpa_t table)
{
    return (table >> 12) << 10 | PTE_V;
}

static uint64_t leaf_entry(vcpu_hpa_t hpa, uint32_t flags, unsigned level)
{
    (void)level; /* the same at both levels */
    uint64_t pte = (hpa >> 12) << 10 | PTE_V | PTE_U | PTE_A | PTE_D;
    if (flags & VCPU_MAP_READ)
        pte |= PTE_R;
    if (flags & VCPU_MAP_WRITE)
        pte |= PTE_W | PTE_R; /* W without R is reserved */
    if (flags & VCPU_MAP_EXECUTE)
        pte |= PTE_X;
    return pte;
}

const struct stage2_format stage2_isa_format = {
    .root_level = 2,
    .root_index_mask = 2047,
    .gpa_limit = 1ull << 41,
    .root_pages = 7, /* the root must be 16 KiB aligned: an aligned 4 of 7 */
    .root_align = 0x4000,
    .present = present,
    .is_table = is_table,
    .table_address = table_address,
    .table_entry = table_entry,
    .leaf_entry = leaf_entry,
};
