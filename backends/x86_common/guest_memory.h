/* Reading guest memory from an x86 backend: guest-virtual → guest-physical
 * through the guest's page tables, guest-physical → host-physical through the
 * nested tables (EPT and NPT share the 4-level layout for present/address/
 * large-page bits used here). */
#ifndef X86_COMMON_GUEST_MEMORY_H
#define X86_COMMON_GUEST_MEMORY_H

#include <stddef.h>
#include <vcpu/types.h>

#include "backends/x86_common/x86_regs.h"

/* The guest's paging state needed to translate its linear addresses. */
struct x86_guest_paging {
    bool paging;    /* CR0.PG */
    bool long_mode; /* EFER.LMA (4-level); 32-bit paging modes are not walked */
    uint64_t cr3;
};

/* The paging state of a guest with these CR0, IA32_EFER and CR3. Pure. */
static inline struct x86_guest_paging x86_guest_paging_of(uint64_t cr0, uint64_t efer, uint64_t cr3)
{
    return (struct x86_guest_paging){
        .paging = (cr0 & CR0_PG) != 0,
        .long_mode = (efer & EFER_LMA) != 0,
        .cr3 = cr3,
    };
}

/* True if `root` can be a nested root: not 0 (a guest-physical address is
 * never used as a host-physical one) and 4 KiB aligned. The backends' setup
 * refuses any other with VCPU_ERR_INVALID_ARG. Pure. */
static inline bool x86_nested_root_valid(vcpu_hpa_t root)
{
    return root != 0 && (root & 0xfffu) == 0;
}

/* Translates `gpa` to a host pointer through the nested root. `ept` selects
 * EPT's present bits (RWX) over NPT's (P). NULL if unmapped, if a table or
 * the page is outside what vcpu_host_phys_to_virt() maps, or if the root is
 * not valid (x86_nested_root_valid()). */
void *x86_nested_to_host(vcpu_hpa_t nested_root, bool ept, uint64_t gpa);

/* Copies up to `len` bytes of guest memory at linear address `gva` into
 * `out`, stopping at the first unmapped page; returns the bytes copied. Real
 * mode (no paging) reads guest-physical `gva`; 4-level paging is walked; any
 * other paging mode reads nothing. Every guest table and page is reached
 * through the nested tables, never directly. Any CPU. */
size_t x86_read_guest(const struct x86_guest_paging *paging, vcpu_hpa_t nested_root, bool ept,
                      uint64_t gva, uint8_t *out, size_t len);

#endif
