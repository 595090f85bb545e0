/* The stage-2 table walker shared by every ISA: stage2.h's functions over the
 * entry format of stage2_format.h. */
#include <vcpu/error.h>
#include <vcpu/host.h>

#include "stage2.h"
#include "stage2_format.h"

#define PAGE 0x1000ull
#define BLOCK 0x200000ull
#define ACCESS_FLAGS (VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE)
#define KNOWN_FLAGS (ACCESS_FLAGS | VCPU_MAP_USER | VCPU_MAP_DEVICE | VCPU_MAP_UNCACHED)

static const struct stage2_format *const format = &stage2_isa_format;

static uint64_t *table_at(vcpu_hpa_t pa)
{
    return (uint64_t *)vcpu_host_phys_to_virt(pa);
}

static uint64_t index_at(vcpu_gpa_t gpa, unsigned level)
{
    uint64_t mask = level == format->root_level ? format->root_index_mask : 511;
    return (gpa >> (12 + 9 * level)) & mask;
}

int stage2_init(struct stage2 *s)
{
    if (s == NULL)
        return VCPU_ERR_INVALID_ARG;
    uint8_t *pages = vcpu_host_alloc_pages(format->root_pages);
    if (pages == NULL)
        return VCPU_ERR_NO_MEMORY;
    vcpu_hpa_t pa = vcpu_host_virt_to_phys(pages);
    s->root = (pa + format->root_align - 1) & ~(format->root_align - 1);
    return VCPU_OK;
}

/* The table under entry `*e` of `level`, created if absent and `create`;
 * NULL if absent (and not created) or if a block is there. */
static uint64_t *next_table(uint64_t *e, unsigned level, bool create)
{
    if (format->present(*e) && format->is_table(*e, level))
        return table_at(format->table_address(*e));
    if (format->present(*e) || !create)
        return NULL;
    void *t = vcpu_host_alloc_pages(1);
    if (t == NULL)
        return NULL;
    *e = format->table_entry(vcpu_host_virt_to_phys(t));
    return t;
}

/* Writes (map) or clears the leaf of `leaf_level` (0: page, 1: block) for
 * `gpa`. Never splits a block into pages or replaces pages by a block. */
static int set_leaf(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint32_t flags, bool map,
                    unsigned leaf_level)
{
    uint64_t *table = table_at(s->root);
    for (unsigned level = format->root_level; level > leaf_level; level--) {
        uint64_t *e = &table[index_at(gpa, level)];
        if (format->present(*e) && !format->is_table(*e, level))
            return VCPU_ERR_INVALID_ARG; /* would split a block */
        table = next_table(e, level, map);
        if (table == NULL)
            return map ? VCPU_ERR_NO_MEMORY : VCPU_OK;
    }
    uint64_t *e = &table[index_at(gpa, leaf_level)];
    if (leaf_level > 0 && format->present(*e) && format->is_table(*e, leaf_level))
        return VCPU_ERR_INVALID_ARG; /* pages already there */
    *e = map ? format->leaf_entry(hpa, flags, leaf_level) : 0;
    return VCPU_OK;
}

static int walk_range(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size,
                      uint32_t flags, bool map)
{
    if (s == NULL || ((gpa | hpa | size) & (PAGE - 1)) != 0 || gpa >= format->gpa_limit ||
        size > format->gpa_limit - gpa)
        return VCPU_ERR_INVALID_ARG;
    while (size != 0) {
        bool block = ((gpa | hpa) & (BLOCK - 1)) == 0 && size >= BLOCK;
        int rc = set_leaf(s, gpa, hpa, flags, map, block ? 1 : 0);
        if (rc != VCPU_OK)
            return rc;
        uint64_t step = block ? BLOCK : PAGE;
        gpa += step;
        hpa += step;
        size -= step;
    }
    return VCPU_OK;
}

int stage2_map(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size, uint32_t flags)
{
    /* A leaf with no access right is no mapping (on RISC-V it would even
     * read as a pointer to a next-level table). */
    if ((flags & ACCESS_FLAGS) == 0 || (flags & ~(uint32_t)KNOWN_FLAGS) != 0)
        return VCPU_ERR_INVALID_ARG;
    return walk_range(s, gpa, hpa, size, flags, true);
}

int stage2_unmap(struct stage2 *s, vcpu_gpa_t gpa, uint64_t size)
{
    return walk_range(s, gpa, gpa, size, 0, false);
}
