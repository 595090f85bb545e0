/* Stage-2 entries for the ARM EL2 backend's default VTCR: 4 KiB granule,
 * 32-bit IPA, lookup starting at level 1 (4 entries of 1 GiB), 2 MiB blocks
 * at level 2, 4 KiB pages at level 3 (the walker's levels 2, 1 and 0).
 * Leaves: S2AP from READ/WRITE, XN[1] unless EXECUTE (XN[0], FEAT_XNX's
 * kernel/user split, stays 0: USER changes nothing), MemAttr Device-nGnRE
 * for DEVICE, Normal non-cacheable for UNCACHED, else Normal write-back
 * inner shareable; the access flag set. */
#include "stage2_format.h"

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1)           /* table at levels 1-2, page at level 3 */
#define DESC_ATTR_NORMAL (0xfull << 2)   /* Normal, inner and outer write-back */
#define DESC_ATTR_DEVICE (0x1ull << 2)   /* Device-nGnRE */
#define DESC_ATTR_UNCACHED (0x5ull << 2) /* Normal, inner and outer non-cacheable */
#define DESC_S2AP_READ (1ull << 6)
#define DESC_S2AP_WRITE (1ull << 7)
#define DESC_SH_INNER (3ull << 8)
#define DESC_AF (1ull << 10)
#define DESC_XN (1ull << 54)
#define DESC_ADDR_MASK 0x0000fffffffff000ull

static bool present(uint64_t e)
{
    return (e & DESC_VALID) != 0;
}

static bool is_table(uint64_t e, unsigned level)
{
    (void)level;
    return (e & DESC_TABLE) != 0;
}

static vcpu_hpa_t table_address(uint64_t e)
{
    return e & DESC_ADDR_MASK;
}

static uint64_t table_entry(vcpu_hpa_t table)
{
    return table | DESC_VALID | DESC_TABLE;
}

static uint64_t leaf_entry(vcpu_hpa_t hpa, uint32_t flags, unsigned level)
{
    uint64_t d = (hpa & DESC_ADDR_MASK) | DESC_VALID | DESC_AF;
    if (flags & VCPU_MAP_DEVICE)
        d |= DESC_ATTR_DEVICE;
    else if (flags & VCPU_MAP_UNCACHED)
        d |= DESC_ATTR_UNCACHED | DESC_SH_INNER;
    else
        d |= DESC_ATTR_NORMAL | DESC_SH_INNER;
    if (flags & VCPU_MAP_READ)
        d |= DESC_S2AP_READ;
    if (flags & VCPU_MAP_WRITE)
        d |= DESC_S2AP_WRITE;
    if (!(flags & VCPU_MAP_EXECUTE))
        d |= DESC_XN;
    if (level == 0)
        d |= DESC_TABLE; /* the page descriptor */
    return d;
}

const struct stage2_format stage2_isa_format = {
    .root_level = 2,
    .root_index_mask = 3,
    .gpa_limit = 1ull << 32,
    .root_pages = 1,
    .root_align = 0x1000,
    .present = present,
    .is_table = is_table,
    .table_address = table_address,
    .table_entry = table_entry,
    .leaf_entry = leaf_entry,
};
