/* Stage-2 tables for the ARM EL2 backend's default VTCR: 4 KiB granule,
 * 32-bit IPA, lookup starting at level 1 (4 entries of 1 GiB), 2 MiB blocks
 * at level 2, 4 KiB pages at level 3. */
#include "stage2.h"

#include <vcpu/error.h>
#include <vcpu/host.h>

#define PAGE 0x1000ull
#define BLOCK 0x200000ull
#define IPA_LIMIT (1ull << 32)

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1) /* table at levels 1-2, page at level 3 */
#define DESC_ATTR_NORMAL (0xfull << 2)
#define DESC_ATTR_DEVICE (0x1ull << 2)
#define DESC_S2AP_READ (1ull << 6)
#define DESC_S2AP_WRITE (1ull << 7)
#define DESC_SH_INNER (3ull << 8)
#define DESC_AF (1ull << 10)
#define DESC_XN (1ull << 54)
#define DESC_ADDR_MASK 0x0000fffffffff000ull

static uint64_t *table_at(vcpu_hpa_t pa)
{
    return (uint64_t *)vcpu_host_phys_to_virt(pa);
}

static uint64_t leaf_attributes(uint32_t flags)
{
    uint64_t d = DESC_VALID | DESC_AF;
    d |= (flags & VCPU_MAP_DEVICE) ? DESC_ATTR_DEVICE : DESC_ATTR_NORMAL | DESC_SH_INNER;
    if (flags & VCPU_MAP_READ)
        d |= DESC_S2AP_READ;
    if (flags & VCPU_MAP_WRITE)
        d |= DESC_S2AP_WRITE;
    if (!(flags & VCPU_MAP_EXECUTE))
        d |= DESC_XN;
    return d;
}

int stage2_init(struct stage2 *s)
{
    void *root = vcpu_host_alloc_pages(1);
    if (root == NULL)
        return VCPU_ERR_NO_MEMORY;
    s->root = vcpu_host_virt_to_phys(root);
    return VCPU_OK;
}

/* Returns the next-level table under entry `*e`, creating it if `create`. */
static uint64_t *next_table(uint64_t *e, bool create)
{
    if ((*e & (DESC_VALID | DESC_TABLE)) == (DESC_VALID | DESC_TABLE))
        return table_at(*e & DESC_ADDR_MASK);
    if ((*e & DESC_VALID) || !create)
        return NULL; /* a block is in the way, or nothing is there */
    void *t = vcpu_host_alloc_pages(1);
    if (t == NULL)
        return NULL;
    *e = vcpu_host_virt_to_phys(t) | DESC_VALID | DESC_TABLE;
    return t;
}

/* Writes (or clears, with desc 0) the leaf for one 2 MiB or 4 KiB chunk. */
static int set_leaf(struct stage2 *s, vcpu_gpa_t gpa, uint64_t desc, bool block)
{
    uint64_t *l1 = table_at(s->root);
    uint64_t *l2 = next_table(&l1[(gpa >> 30) & 3], desc != 0);
    if (l2 == NULL)
        return desc != 0 ? VCPU_ERR_NO_MEMORY : VCPU_OK;
    uint64_t *e2 = &l2[(gpa >> 21) & 511];
    if (block) {
        if ((*e2 & (DESC_VALID | DESC_TABLE)) == (DESC_VALID | DESC_TABLE))
            return VCPU_ERR_INVALID_ARG; /* pages already there */
        *e2 = desc;
        return VCPU_OK;
    }
    if ((*e2 & (DESC_VALID | DESC_TABLE)) == DESC_VALID)
        return VCPU_ERR_INVALID_ARG; /* would split a block */
    uint64_t *l3 = next_table(e2, desc != 0);
    if (l3 == NULL)
        return desc != 0 ? VCPU_ERR_NO_MEMORY : VCPU_OK;
    l3[(gpa >> 12) & 511] = desc == 0 ? 0 : desc | DESC_TABLE;
    return VCPU_OK;
}

static int walk_range(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size,
                      uint32_t flags, bool map)
{
    if (s == NULL || ((gpa | hpa | size) & (PAGE - 1)) != 0 || gpa >= IPA_LIMIT ||
        size > IPA_LIMIT - gpa)
        return VCPU_ERR_INVALID_ARG;
    uint64_t attrs = leaf_attributes(flags);
    while (size != 0) {
        bool block = ((gpa | hpa) & (BLOCK - 1)) == 0 && size >= BLOCK;
        uint64_t step = block ? BLOCK : PAGE;
        uint64_t desc = map ? (hpa & DESC_ADDR_MASK) | attrs : 0;
        int rc = set_leaf(s, gpa, desc, block);
        if (rc != VCPU_OK)
            return rc;
        gpa += step;
        hpa += step;
        size -= step;
    }
    return VCPU_OK;
}

int stage2_map(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size, uint32_t flags)
{
    return walk_range(s, gpa, hpa, size, flags, true);
}

int stage2_unmap(struct stage2 *s, vcpu_gpa_t gpa, uint64_t size)
{
    return walk_range(s, gpa, gpa, size, 0, false);
}
