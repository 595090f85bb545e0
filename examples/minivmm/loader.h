/* Loading a guest image into guest memory: an ELF64 executable (its PT_LOAD
 * segments at their physical addresses) or a flat binary (at a fixed
 * address). Every field of the image is checked; a bad image is refused
 * with a reason, never followed. */
#ifndef EXAMPLES_MINIVMM_LOADER_H
#define EXAMPLES_MINIVMM_LOADER_H

#include "examples/vmm/vmm.h"

/* Where an image landed. */
struct minivmm_image {
    bool elf;
    vcpu_gpa_t entry;
    vcpu_gpa_t low, high; /* guest memory it occupies: [low, high) */
};

/* Loads `file` (`size` bytes, host memory) into the RAM of `vm`. An ELF must
 * be ELF64, little-endian, an executable for `elf_machine`, with segments
 * and entry in guest RAM; anything else is a flat binary placed and entered
 * at `flat_gpa`. Returns NULL on success, else why the image was refused. */
const char *minivmm_load(const struct vmm_vm *vm, const uint8_t *file, uint64_t size,
                         uint16_t elf_machine, vcpu_gpa_t flat_gpa, struct minivmm_image *out);

#endif /* EXAMPLES_MINIVMM_LOADER_H */
