/* Nested page tables for the x86 backends: 4-level, 2 MiB pages where
 * possible, else 4 KiB. One walker, two entry formats, chosen at build time:
 * - NPT (SVM, the default): every level carries P, RW and US (nested accesses
 *   count as user accesses) and NX for non-executable leaves;
 * - EPT (VMX, STAGE2_X86_EPT): read/write/execute permission bits (an entry
 *   is present when any is set), leaves with a memory type (write-back, or
 *   uncached for device memory) and ignore-PAT. */
#include "stage2.h"

#include <vcpu/error.h>
#include <vcpu/host.h>

#define PAGE 0x1000ull
#define LARGE 0x200000ull
#define GPA_LIMIT (1ull << 48)
#define ADDR_MASK 0x000ffffffffff000ull
#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define EPT_R (1ull << 0)
#define EPT_W (1ull << 1)
#define EPT_X (1ull << 2)
#define EPT_MEMTYPE_WB (6ull << 3)
#define EPT_MEMTYPE_UC (0ull << 3)
#define EPT_IGNORE_PAT (1ull << 6)

#ifdef STAGE2_X86_EPT
#define PRESENT (EPT_R | EPT_W | EPT_X)
#define TABLE_ENTRY (EPT_R | EPT_W | EPT_X)
#else
#define PRESENT PTE_P
#define TABLE_ENTRY (PTE_P | PTE_RW | PTE_US)
#endif

static uint64_t *table_at(vcpu_hpa_t pa)
{
    return (uint64_t *)vcpu_host_phys_to_virt(pa);
}

int stage2_init(struct stage2 *s)
{
    void *root = vcpu_host_alloc_pages(1);
    if (root == NULL)
        return VCPU_ERR_NO_MEMORY;
    s->root = vcpu_host_virt_to_phys(root);
    return VCPU_OK;
}

static uint64_t *next_table(uint64_t *e, bool create)
{
    if ((*e & PRESENT) && !(*e & PTE_PS))
        return table_at(*e & ADDR_MASK);
    if ((*e & PRESENT) || !create)
        return NULL;
    void *t = vcpu_host_alloc_pages(1);
    if (t == NULL)
        return NULL;
    *e = vcpu_host_virt_to_phys(t) | TABLE_ENTRY;
    return t;
}

#ifdef STAGE2_X86_EPT
/* Readable always (as NPT leaves are present): EPT forbids write-only. */
static uint64_t leaf(vcpu_hpa_t hpa, uint32_t flags)
{
    uint64_t e = (hpa & ADDR_MASK) | EPT_R | EPT_IGNORE_PAT;
    if (flags & VCPU_MAP_WRITE)
        e |= EPT_W;
    if (flags & VCPU_MAP_EXECUTE)
        e |= EPT_X;
    e |= (flags & (VCPU_MAP_DEVICE | VCPU_MAP_UNCACHED)) ? EPT_MEMTYPE_UC : EPT_MEMTYPE_WB;
    return e;
}
#else
static uint64_t leaf(vcpu_hpa_t hpa, uint32_t flags)
{
    uint64_t e = (hpa & ADDR_MASK) | PTE_P | PTE_US;
    if (flags & VCPU_MAP_WRITE)
        e |= PTE_RW;
    if (!(flags & VCPU_MAP_EXECUTE))
        e |= PTE_NX;
    if (flags & (VCPU_MAP_DEVICE | VCPU_MAP_UNCACHED))
        e |= PTE_PCD;
    return e;
}
#endif

static int set_leaf(struct stage2 *s, vcpu_gpa_t gpa, uint64_t entry, bool large)
{
    bool create = entry != 0;
    uint64_t *l4 = table_at(s->root);
    uint64_t *l3 = next_table(&l4[(gpa >> 39) & 511], create);
    uint64_t *l2 = l3 == NULL ? NULL : next_table(&l3[(gpa >> 30) & 511], create);
    if (l2 == NULL)
        return create ? VCPU_ERR_NO_MEMORY : VCPU_OK;
    uint64_t *e2 = &l2[(gpa >> 21) & 511];
    if (large) {
        if ((*e2 & PRESENT) && !(*e2 & PTE_PS))
            return VCPU_ERR_INVALID_ARG;
        *e2 = entry == 0 ? 0 : entry | PTE_PS;
        return VCPU_OK;
    }
    if ((*e2 & PRESENT) && (*e2 & PTE_PS))
        return VCPU_ERR_INVALID_ARG;
    uint64_t *l1 = next_table(e2, create);
    if (l1 == NULL)
        return create ? VCPU_ERR_NO_MEMORY : VCPU_OK;
    l1[(gpa >> 12) & 511] = entry;
    return VCPU_OK;
}

static int walk_range(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size,
                      uint32_t flags, bool map)
{
    if (s == NULL || ((gpa | hpa | size) & (PAGE - 1)) != 0 || gpa >= GPA_LIMIT ||
        size > GPA_LIMIT - gpa)
        return VCPU_ERR_INVALID_ARG;
    while (size != 0) {
        bool large = ((gpa | hpa) & (LARGE - 1)) == 0 && size >= LARGE;
        uint64_t step = large ? LARGE : PAGE;
        int rc = set_leaf(s, gpa, map ? leaf(hpa, flags) : 0, large);
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
