/* Building stage-2 (nested) translation tables: a VMM decides which
 * guest-physical ranges map to which host memory, and with what permissions,
 * and passes the root to vcpu_setup(). One portable header; the entry format
 * of the platform's table kind (ARM stage 2, RISC-V G-stage, AMD NPT, Intel
 * EPT) is linked in by BUILD. Hypervisor code on any CPU, not concurrently on
 * one `struct stage2`; tables come from vcpu_host_alloc_pages(). */
#ifndef LIB_STAGE2_STAGE2_H
#define LIB_STAGE2_STAGE2_H

#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct stage2 {
    vcpu_hpa_t root; /* pass to vcpu_setup() */
};

/* Allocates an empty root table into `s` (whatever it held; tables are
 * never freed). Returns VCPU_OK, VCPU_ERR_INVALID_ARG for a NULL `s`, or
 * VCPU_ERR_NO_MEMORY. */
int stage2_init(struct stage2 *s);

/* Maps [gpa, gpa + size) to [hpa, hpa + size) with `flags` (enum
 * vcpu_map_flags). Uses 2 MiB blocks where both addresses and the size
 * allow, else 4 KiB pages. Replaces earlier mappings of the range at the
 * same granularity. `flags` needs at least one of READ, WRITE, EXECUTE and
 * nothing outside the enum. Each format maps them to its entry bits, never
 * granting less than asked but sometimes more (where the format cannot
 * express the combination):
 *
 *   flag      ARM stage 2       RISC-V G-stage  AMD NPT      Intel EPT
 *   READ      S2AP read         R               (P)          R (always)
 *   WRITE     S2AP write        W (and R)       RW           W
 *   EXECUTE   XN clear          X               NX clear     X
 *   USER      -                 (U always)      (US always)  user X (bit 10)
 *   DEVICE    Device-nGnRE      - (PMAs)        PCD          memory type UC
 *   UNCACHED  Normal NC         - (PMAs)        PCD          memory type UC
 *
 * USER: the guest's user mode (EL0, U-mode, CPL 3) may also use the mapping
 * as READ/WRITE/EXECUTE allow. Stage 2 checks data accesses the same for
 * every guest mode on all four formats (NPT and the G-stage treat every
 * guest access as a user access, so their user bit is set on every leaf);
 * only execution can tell the modes apart, on EPT with mode-based execute
 * control enabled by the backend (then X is kernel execute, bit 10 is user
 * execute, set for EXECUTE | USER; without it bit 10 is ignored). ARM's
 * FEAT_XNX split is not used (on CPUs without it, the encoding for "kernel
 * only" would make the page not executable at all), so there EXECUTE
 * covers both modes. DEVICE wins over UNCACHED. Errors: VCPU_ERR_INVALID_ARG
 * (unaligned to 4 KiB, outside the IPA space, splitting an existing block or
 * covering pages with a block, or bad `flags`), VCPU_ERR_NO_MEMORY. */
int stage2_map(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size, uint32_t flags);

/* Removes the mappings of [gpa, gpa + size) (same granularity rules; an
 * unmapped part is no error). Errors as stage2_map(), but no `flags`.
 *
 * The tables are plain memory: the backends flush a vCPU's stage-2 TLB
 * entries when it is set up or bound and at the entry after each nested
 * page fault, so a mapping added for a faulting address takes effect, but a
 * mapping removed or narrowed while a vCPU is bound may stay usable to that
 * vCPU until one of those happens. */
int stage2_unmap(struct stage2 *s, vcpu_gpa_t gpa, uint64_t size);

#ifdef __cplusplus
}
#endif

#endif /* LIB_STAGE2_STAGE2_H */
