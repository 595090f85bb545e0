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

/* Allocates an empty root table. Returns VCPU_OK or VCPU_ERR_NO_MEMORY. */
int stage2_init(struct stage2 *s);

/* Maps [gpa, gpa + size) to [hpa, hpa + size) with `flags` (enum
 * vcpu_map_flags: READ/WRITE/EXECUTE, DEVICE for device memory). Uses 2 MiB
 * blocks where both addresses and the size allow, else 4 KiB pages. Replaces
 * earlier mappings of the range at the same granularity. Errors:
 * VCPU_ERR_INVALID_ARG (unaligned to 4 KiB, or outside the IPA space, or
 * splitting an existing block), VCPU_ERR_NO_MEMORY. */
int stage2_map(struct stage2 *s, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size, uint32_t flags);

/* Removes the mappings of [gpa, gpa + size) (same granularity rules). */
int stage2_unmap(struct stage2 *s, vcpu_gpa_t gpa, uint64_t size);

#ifdef __cplusplus
}
#endif

#endif /* LIB_STAGE2_STAGE2_H */
