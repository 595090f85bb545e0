/* G-stage tables for the RISC-V H backend: Sv39x4 (41-bit guest physical
 * addresses), a 16 KiB root of 2048 entries, 2 MiB megapages at level 1 and
 * 4 KiB pages at level 0. Leaves always carry U (the G-stage treats every
 * access as a user access). */
#include "stage2.h"

#include <vcpu/error.h>
#include <vcpu/host.h>

#define PAGE 0x1000ull
#define MEGA 0x200000ull
#define GPA_LIMIT (1ull << 41)

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)

static uint64_t *table_at(vcpu_hpa_t pa)
{
    return (uint64_t *)vcpu_host_phys_to_virt(pa);
}

static uint64_t pte_address(uint64_t pte)
{
    return (pte >> 10) << 12;
}

static uint64_t leaf_pte(vcpu_hpa_t hpa, uint32_t flags)
{
    uint64_t pte = (hpa >> 12) << 10 | PTE_V | PTE_U | PTE_A | PTE_D;
    if (flags & VCPU_MAP_READ)
        pte |= PTE_R;
    if (flags & VCPU_MAP_WRITE)
        pte |= PTE_W | PTE_R; /* W without R is reserved */
    if (flags & VCPU_MAP_EXECUTE)
        pte |= PTE_X;
    return pte;
}

int stage2_init(struct stage2 *s)
{
    /* The root must be 16 KiB aligned: take 7 pages, use an aligned 4. */
    uint8_t *pages = vcpu_host_alloc_pages(7);
    if (pages == NULL)
        return VCPU_ERR_NO_MEMORY;
    vcpu_hpa_t pa = vcpu_host_virt_to_phys(pages);
    s->root = (pa + 0x3fff) & ~0x3fffull;
    return VCPU_OK;
}

static uint64_t *next_table(uint64_t *pte, bool create)
{
    if ((*pte & PTE_V) && !(*pte & PTE_LEAF))
        return table_at(pte_address(*pte));
    if ((*pte & PTE_V) || !create)
        return NULL;
    void *t = vcpu_host_alloc_pages(1);
    if (t == NULL)
        return NULL;
    *pte = (vcpu_host_virt_to_phys(t) >> 12) << 10 | PTE_V;
    return t;
}

static int set_leaf(struct stage2 *s, vcpu_gpa_t gpa, uint64_t pte, bool mega)
{
    uint64_t *root = table_at(s->root);
    uint64_t *l1 = next_table(&root[(gpa >> 30) & 0x7ff], pte != 0);
    if (l1 == NULL)
        return pte != 0 ? VCPU_ERR_NO_MEMORY : VCPU_OK;
    uint64_t *e1 = &l1[(gpa >> 21) & 511];
    if (mega) {
        if ((*e1 & PTE_V) && !(*e1 & PTE_LEAF))
            return VCPU_ERR_INVALID_ARG; /* pages already there */
        *e1 = pte;
        return VCPU_OK;
    }
    if ((*e1 & PTE_V) && (*e1 & PTE_LEAF))
        return VCPU_ERR_INVALID_ARG; /* would split a megapage */
    uint64_t *l0 = next_table(e1, pte != 0);
    if (l0 == NULL)
        return pte != 0 ? VCPU_ERR_NO_MEMORY : VCPU_OK;
    l0[(gpa >> 12) & 511] = pte;
    return VCPU_OK;
}

static int walk_range(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size,
                      uint32_t flags, bool map)
{
    if (s == NULL || ((gpa | hpa | size) & (PAGE - 1)) != 0 || gpa >= GPA_LIMIT ||
        size > GPA_LIMIT - gpa)
        return VCPU_ERR_INVALID_ARG;
    while (size != 0) {
        bool mega = ((gpa | hpa) & (MEGA - 1)) == 0 && size >= MEGA;
        uint64_t step = mega ? MEGA : PAGE;
        int rc = set_leaf(s, gpa, map ? leaf_pte(hpa, flags) : 0, mega);
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
