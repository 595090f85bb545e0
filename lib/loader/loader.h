/* Loading a guest image into guest memory: an ELF64 executable (its PT_LOAD
 * segments at their physical addresses) or a flat binary (at a fixed
 * address). Every field of the image is checked; a bad image is refused
 * with a reason, never followed. The loader reaches guest memory only
 * through the VMM's translation callback, so it writes nowhere the VMM has
 * not said is guest RAM. Reads the file byte by byte (a hypervisor with its
 * MMU off faults on unaligned accesses). No allocation; any CPU. */
#ifndef LIB_LOADER_LOADER_H
#define LIB_LOADER_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include <vcpu/types.h>

/* The VMM's view of guest RAM: returns a host pointer through which the
 * loader may write guest memory [gpa, gpa + len), or NULL unless that whole
 * range is guest RAM (never trust an address from an image). `ctx` is what
 * the VMM passed to loader_load(). */
typedef void *(*loader_guest_memory_fn)(void *ctx, vcpu_gpa_t gpa, uint64_t len);

/* Where an image landed. */
struct loader_image {
    bool elf;
    vcpu_gpa_t entry;
    vcpu_gpa_t low, high; /* guest memory it occupies: [low, high) */
};

/* Loads `file` (`size` bytes, host memory) into guest RAM as `guest_memory`
 * (with `ctx`) translates it. An ELF must be ELF64, little-endian, an
 * executable for `elf_machine` (e_machine: 183 aarch64, 243 riscv64), with
 * every loadable segment and the entry point in guest RAM; anything that
 * does not start with the ELF magic is a flat binary placed and entered at
 * `flat_gpa`. Checks every segment before writing any (a refused image may
 * still have been copied: the entry point is checked last). Returns NULL on
 * success, else why the image was refused (a static string); *out is
 * meaningful only on success. */
const char *loader_load(const uint8_t *file, uint64_t size, uint16_t elf_machine,
                        vcpu_gpa_t flat_gpa, loader_guest_memory_fn guest_memory, void *ctx,
                        struct loader_image *out);

#endif /* LIB_LOADER_LOADER_H */
