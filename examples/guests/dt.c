/* Reading the device tree the VMM wrote, as a guest kernel would: walks the
 * structure block and checks what minivmm promises to describe. */
#include "examples/guests/guest.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return true;
}

static bool same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static uint32_t length_of(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

uint32_t guest_check_device_tree(const void *dtb)
{
    const uint8_t *b = dtb;
    bool header = b != 0 && be32(b) == FDT_MAGIC && be32(b + 20) == 17;
    guest_check(header, "device tree: header (magic, version 17) at the boot register");
    if (!header)
        return 1;
    uint32_t total = be32(b + 4), off_struct = be32(b + 8), off_strings = be32(b + 12);
    const char *strings = (const char *)b + off_strings;
    uint32_t cpus = 0, depth = 0;
    bool memory = false, uart = false, stdout_path = false, in_cpus = false;
    for (uint32_t off = off_struct; off + 4 <= total;) {
        uint32_t token = be32(b + off);
        off += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)b + off;
            depth++;
            if (depth == 2 && same(name, "cpus"))
                in_cpus = true;
            if (in_cpus && depth == 3 && starts_with(name, "cpu@"))
                cpus++;
            if (depth == 2 && starts_with(name, "memory@"))
                memory = true;
            off += (length_of(name) + 4) & ~3u;
        } else if (token == FDT_END_NODE) {
            if (depth == 2)
                in_cpus = false;
            depth--;
        } else if (token == FDT_PROP) {
            uint32_t len = be32(b + off), name = be32(b + off + 4);
            const char *value = (const char *)b + off + 8;
            if (same(strings + name, "compatible") &&
                (same(value, "arm,pl011") || same(value, "ns16550a")))
                uart = true;
            if (same(strings + name, "stdout-path"))
                stdout_path = true;
            off += 8 + ((len + 3) & ~3u);
        } else if (token != FDT_NOP) {
            break; /* FDT_END or garbage */
        }
    }
    guest_check(memory, "device tree: a memory node");
    guest_check(uart && stdout_path, "device tree: the UART and chosen/stdout-path");
    guest_check(cpus >= 1, "device tree: cpu nodes");
    guest_puts("device tree: ");
    guest_put_hex(cpus);
    guest_puts(" CPUs\n");
    return cpus;
}
