/* Extended page table entries for the VMX backend (EPT): 4 levels, an entry is
 * present when any of read/write/execute is set, leaves carry a memory type
 * (write-back, or uncached for DEVICE and UNCACHED) and ignore-PAT, PS on
 * 2 MiB leaves. X is execute for every guest mode, or for the guest kernel
 * only under mode-based execute control, which then takes user execute from
 * bit 10 (set for EXECUTE | USER; ignored without that control). */
#include "stage2_format.h"

#define EPT_R (1ull << 0)
#define EPT_W (1ull << 1)
#define EPT_X (1ull << 2)
#define EPT_X_USER (1ull << 10)
#define EPT_MEMTYPE_WB (6ull << 3)
#define EPT_MEMTYPE_UC (0ull << 3)
#define EPT_IGNORE_PAT (1ull << 6)
#define EPT_PS (1ull << 7)
#define ADDR_MASK 0x000ffffffffff000ull

static bool present(uint64_t e)
{
    return (e & (EPT_R | EPT_W | EPT_X)) != 0;
}

static bool is_table(uint64_t e, unsigned level)
{
    (void)level;
    return (e & EPT_PS) == 0;
}

static vcpu_hpa_t table_address(uint64_t e)
{
    return e & ADDR_MASK;
}

static uint64_t table_entry(vcpu_hpa_t table)
{
    return table | EPT_R | EPT_W | EPT_X;
}

/* Readable always (as NPT leaves are present): EPT forbids write-only. */
static uint64_t leaf_entry(vcpu_hpa_t hpa, uint32_t flags, unsigned level)
{
    uint64_t e = (hpa & ADDR_MASK) | EPT_R | EPT_IGNORE_PAT;
    if (flags & VCPU_MAP_WRITE)
        e |= EPT_W;
    if (flags & VCPU_MAP_EXECUTE)
        e |= EPT_X;
    if ((flags & VCPU_MAP_EXECUTE) && (flags & VCPU_MAP_USER))
        e |= EPT_X_USER;
    e |= (flags & (VCPU_MAP_DEVICE | VCPU_MAP_UNCACHED)) ? EPT_MEMTYPE_UC : EPT_MEMTYPE_WB;
    if (level == 1)
        e |= EPT_PS;
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
