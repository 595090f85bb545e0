/* Writing a flattened device tree (DTB, version 17) into a buffer: nodes,
 * properties, an empty memory reservation map; what a VMM hands a guest that
 * boots the way it would on the board. Pure: no allocation, no library or
 * host calls, any CPU (one writer per tree). Errors are sticky: once
 * something does not fit, later calls write nothing more into the buffer
 * and fdt_finish() returns 0, so a builder checks once, at the end. */
#ifndef LIB_FDT_FDT_H
#define LIB_FDT_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAX_STRINGS 1024u

struct fdt_writer {
    uint8_t *buf;
    uint32_t cap;
    uint32_t len;   /* bytes of the header and structure block written */
    uint32_t depth; /* open nodes */
    bool overflow;  /* something did not fit: fdt_finish() fails */
    char strings[FDT_MAX_STRINGS];
    uint32_t strings_len;
};

/* Starts a tree in buf[0, cap) (cap >= 64, buf 8-byte aligned). */
void fdt_begin(struct fdt_writer *w, void *buf, uint32_t cap);

/* Opens / closes a node ("" for the root). */
void fdt_begin_node(struct fdt_writer *w, const char *name);
void fdt_end_node(struct fdt_writer *w);

/* Adds a property to the open node: raw bytes; one big-endian 32-bit cell; a
 * NUL-terminated string; a string list given as "a\0b" with its length
 * including the last NUL; an address/size pair as 2 + 2 cells. */
void fdt_prop(struct fdt_writer *w, const char *name, const void *data, uint32_t len);
void fdt_prop_u32(struct fdt_writer *w, const char *name, uint32_t value);
void fdt_prop_string(struct fdt_writer *w, const char *name, const char *value);
void fdt_prop_reg(struct fdt_writer *w, uint64_t address, uint64_t size);

/* Finishes the tree (all nodes closed). Returns its total size, or 0 if it
 * did not fit in the buffer or the nodes do not balance. */
uint32_t fdt_finish(struct fdt_writer *w);

#endif /* LIB_FDT_FDT_H */
