/* Building stage-2 (nested) translation tables for test guests: the host side
 * of a test decides which guest-physical ranges map where. One portable header,
 * one file per ISA. Host CPU only; tables come from vcpu_host_alloc_pages(). */
#ifndef TESTING_STAGE2_STAGE2_H
#define TESTING_STAGE2_STAGE2_H

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

#endif /* TESTING_STAGE2_STAGE2_H */
