/* The entry format of one ISA's stage-2 tables, for the shared walker
 * (stage2_walk.c). Levels count up from 0, the level of 4 KiB pages; level 1
 * holds 2 MiB blocks; every level below the root indexes 9 bits of the
 * guest-physical address. One format file per table kind (stage2_<kind>.c)
 * defines stage2_isa_format; BUILD.bazel picks it by ISA and backend. */
#ifndef LIB_STAGE2_STAGE2_FORMAT_H
#define LIB_STAGE2_STAGE2_FORMAT_H

#include <stdbool.h>
#include <vcpu/types.h>

struct stage2_format {
    unsigned root_level;      /* the root's level: 2 (three levels) or 3 (four) */
    uint64_t root_index_mask; /* the root's entry count - 1 */
    uint64_t gpa_limit;       /* the first guest-physical address it cannot map */
    unsigned root_pages;      /* pages to allocate for the root ... */
    uint64_t root_align;      /* ... of which an aligned run of this many bytes is used */
    bool (*present)(uint64_t entry);
    /* A present entry at `level` >= 1 that points to a next-level table. */
    bool (*is_table)(uint64_t entry, unsigned level);
    vcpu_hpa_t (*table_address)(uint64_t entry);
    uint64_t (*table_entry)(vcpu_hpa_t table);
    /* The leaf mapping `hpa` with `flags` (enum vcpu_map_flags) at level 0
     * (a 4 KiB page) or 1 (a 2 MiB block). */
    uint64_t (*leaf_entry)(vcpu_hpa_t hpa, uint32_t flags, unsigned level);
};

extern const struct stage2_format stage2_isa_format;

#endif
