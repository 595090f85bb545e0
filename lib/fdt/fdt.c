/* The device-tree writer (see fdt.h). */
#include "lib/fdt/fdt.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_END 9u
#define HEADER_SIZE 40u
#define RESERVE_MAP_SIZE 16u /* one terminating (0, 0) entry */

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t length_of(const char *s)
{
    uint32_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

static void emit(struct fdt_writer *w, const void *data, uint32_t len)
{
    if (w->overflow || len > w->cap - w->len) {
        w->overflow = true;
        return;
    }
    const uint8_t *d = data;
    for (uint32_t i = 0; i < len; i++)
        w->buf[w->len++] = d[i];
}

static void emit_u32(struct fdt_writer *w, uint32_t v)
{
    uint8_t b[4];
    put_be32(b, v);
    emit(w, b, 4);
}

static void align4(struct fdt_writer *w)
{
    static const uint8_t zeros[4];
    emit(w, zeros, (4 - (w->len & 3)) & 3);
}

/* Offset of `name` in the strings block, added if new. */
static uint32_t string_offset(struct fdt_writer *w, const char *name)
{
    uint32_t n = length_of(name);
    for (uint32_t off = 0; off < w->strings_len;) {
        uint32_t m = length_of(&w->strings[off]);
        bool same = m == n;
        for (uint32_t i = 0; same && i < n; i++)
            same = w->strings[off + i] == name[i];
        if (same)
            return off;
        off += m + 1;
    }
    if (n + 1 > FDT_MAX_STRINGS - w->strings_len) {
        w->overflow = true;
        return 0;
    }
    uint32_t off = w->strings_len;
    for (uint32_t i = 0; i <= n; i++)
        w->strings[w->strings_len++] = name[i];
    return off;
}

void fdt_begin(struct fdt_writer *w, void *buf, uint32_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->depth = 0;
    w->strings_len = 0;
    w->overflow = cap < HEADER_SIZE + RESERVE_MAP_SIZE;
    if (w->overflow)
        return;
    for (uint32_t i = 0; i < HEADER_SIZE + RESERVE_MAP_SIZE; i++)
        w->buf[i] = 0;
    w->len = HEADER_SIZE + RESERVE_MAP_SIZE;
}

void fdt_begin_node(struct fdt_writer *w, const char *name)
{
    emit_u32(w, FDT_BEGIN_NODE);
    emit(w, name, length_of(name) + 1);
    align4(w);
    w->depth++;
}

void fdt_end_node(struct fdt_writer *w)
{
    if (w->depth == 0) {
        w->overflow = true;
        return;
    }
    emit_u32(w, FDT_END_NODE);
    w->depth--;
}

void fdt_prop(struct fdt_writer *w, const char *name, const void *data, uint32_t len)
{
    emit_u32(w, FDT_PROP);
    emit_u32(w, len);
    emit_u32(w, string_offset(w, name));
    emit(w, data, len);
    align4(w);
}

void fdt_prop_u32(struct fdt_writer *w, const char *name, uint32_t value)
{
    uint8_t b[4];
    put_be32(b, value);
    fdt_prop(w, name, b, 4);
}

void fdt_prop_string(struct fdt_writer *w, const char *name, const char *value)
{
    fdt_prop(w, name, value, length_of(value) + 1);
}

void fdt_prop_reg(struct fdt_writer *w, uint64_t address, uint64_t size)
{
    uint8_t b[16];
    put_be32(b, (uint32_t)(address >> 32));
    put_be32(b + 4, (uint32_t)address);
    put_be32(b + 8, (uint32_t)(size >> 32));
    put_be32(b + 12, (uint32_t)size);
    fdt_prop(w, "reg", b, 16);
}

uint32_t fdt_finish(struct fdt_writer *w)
{
    if (w->depth != 0)
        w->overflow = true;
    emit_u32(w, FDT_END);
    uint32_t struct_off = HEADER_SIZE + RESERVE_MAP_SIZE;
    uint32_t struct_size = w->len - struct_off;
    uint32_t strings_off = w->len;
    emit(w, w->strings, w->strings_len);
    if (w->overflow)
        return 0;
    uint32_t total = w->len;
    const uint32_t header[10] = {
        FDT_MAGIC, total, struct_off, strings_off,    HEADER_SIZE,
        17,        16,    0,          w->strings_len, struct_size,
    };
    for (unsigned i = 0; i < 10; i++)
        put_be32(w->buf + (size_t)4 * i, header[i]);
    return total;
}
