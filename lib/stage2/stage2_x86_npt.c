/* Nested page table entries for the SVM backend (NPT): 4 levels, every level
 * carries P and US (nested accesses count as user accesses, so USER changes
 * nothing), tables RW, leaves RW for WRITE, NX unless EXECUTE, PCD for
 * DEVICE and UNCACHED, PS on 2 MiB leaves. Present entries are readable. */
#include "stage2_format.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define ADDR_MASK 0x000ffffffffff000ull

static bool present(uint64_t e)
{
    return (e & PTE_P) != 0;
}

static bool is_table(uint64_t e, unsigned level)
{
    (void)level;
    return (e & PTE_PS) == 0;
}

static vcpu_hpa_t table_address(uint64_t e)
{
    return e & ADDR_MASK;
}

static uint64_t table_entry(vcpu_hpa_t table)
{
    return table | PTE_P | PTE_RW | PTE_US;
}

static uint64_t leaf_entry(vcpu_hpa_t hpa, uint32_t flags, unsigned level)
{
    uint64_t e = (hpa & ADDR_MASK) | PTE_P | PTE_US;
    if (flags & VCPU_MAP_WRITE)
        e |= PTE_RW;
    if (!(flags & VCPU_MAP_EXECUTE))
        e |= PTE_NX;
    if (flags & (VCPU_MAP_DEVICE | VCPU_MAP_UNCACHED))
        e |= PTE_PCD;
    if (level == 1)
        e |= PTE_PS;
    return e;
}

const struct stage2_format stage2_isa_format = {
    .root_level = 3,
    .root_index_mask = 511,
    .gpa_limit = 1ull << 48,
    .root_pages = 1,
    .root_align = 0x1000,
    .present = present,
    .is_table = is_table,
    .table_address = table_address,
    .table_entry = table_entry,
    .leaf_entry = leaf_entry,
};
