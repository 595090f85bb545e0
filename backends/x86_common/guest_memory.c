/* Guest memory access for the x86 backends (see guest_memory.h). */
#include "guest_memory.h"

#include <vcpu/host.h>

#define ADDR_MASK 0x000ffffffffff000ull
#define PTE_PRESENT 1ull
#define PTE_LARGE (1ull << 7)
#define EPT_PRESENT 7ull

/* Walks a 4-level table from `root` for `addr`; returns the physical address
 * or ~0 if not present. `present` is the mask of bits meaning present. */
static uint64_t walk4(uint64_t root, uint64_t addr, uint64_t present)
{
    uint64_t table = root & ADDR_MASK;
    for (int level = 3; level >= 0; level--) {
        const uint64_t *t = vcpu_host_phys_to_virt(table);
        if (t == NULL)
            return ~0ull;
        uint64_t e = t[(addr >> (12 + 9 * level)) & 511];
        if ((e & present) == 0)
            return ~0ull;
        if (level == 0 || (level <= 2 && (e & PTE_LARGE))) {
            uint64_t page = 1ull << (12 + 9 * level);
            return (e & ADDR_MASK & ~(page - 1)) | (addr & (page - 1));
        }
        table = e & ADDR_MASK;
    }
    return ~0ull;
}

void *x86_nested_to_host(vcpu_hpa_t nested_root, bool ept, uint64_t gpa)
{
    if (!x86_nested_root_valid(nested_root))
        return NULL; /* never guest-physical as host-physical */
    uint64_t hpa = walk4(nested_root, gpa, ept ? EPT_PRESENT : PTE_PRESENT);
    return hpa == ~0ull ? NULL : vcpu_host_phys_to_virt(hpa);
}

/* Translates a guest linear address to guest-physical (~0 if unmapped). The
 * guest's tables are read through the nested translation. */
static uint64_t linear_to_gpa(const struct x86_guest_paging *paging, vcpu_hpa_t nested_root,
                              bool ept, uint64_t gva)
{
    if (!paging->paging)
        return gva;
    if (!paging->long_mode)
        return ~0ull;
    uint64_t table = paging->cr3 & ADDR_MASK;
    for (int level = 3; level >= 0; level--) {
        const uint64_t *t = x86_nested_to_host(nested_root, ept, table);
        if (t == NULL)
            return ~0ull;
        uint64_t e = t[(gva >> (12 + 9 * level)) & 511];
        if (!(e & PTE_PRESENT))
            return ~0ull;
        if (level == 0 || (level <= 2 && (e & PTE_LARGE))) {
            uint64_t page = 1ull << (12 + 9 * level);
            return (e & ADDR_MASK & ~(page - 1)) | (gva & (page - 1));
        }
        table = e & ADDR_MASK;
    }
    return ~0ull;
}

size_t x86_read_guest(const struct x86_guest_paging *paging, vcpu_hpa_t nested_root, bool ept,
                      uint64_t gva, uint8_t *out, size_t len)
{
    size_t done = 0;
    while (done < len) {
        uint64_t gpa = linear_to_gpa(paging, nested_root, ept, gva + done);
        if (gpa == ~0ull)
            break;
        const uint8_t *src = x86_nested_to_host(nested_root, ept, gpa);
        if (src == NULL)
            break;
        size_t in_page = 4096 - ((gva + done) & 4095);
        for (size_t i = 0; i < in_page && done < len; i++)
            out[done++] = src[i];
    }
    return done;
}
