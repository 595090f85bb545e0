/* The guest image loader (see loader.h). Reads the file byte by byte: the
 * hypervisor runs with its MMU off, where unaligned accesses fault. */
#include "lib/loader/loader.h"

#define ELFCLASS64 2u
#define ELFDATA2LSB 1u
#define ET_EXEC 2u
#define PT_LOAD 1u
#define EHDR_SIZE 64u
#define PHDR_SIZE 56u
#define MAX_PHDRS 64u

static uint64_t le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = bytes; i > 0; i--)
        v = v << 8 | p[i - 1];
    return v;
}

static bool is_elf(const uint8_t *f, uint64_t size)
{
    return size >= 4 && f[0] == 0x7f && f[1] == 'E' && f[2] == 'L' && f[3] == 'F';
}

static void copy_bytes(uint8_t *dst, const uint8_t *src, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        dst[i] = src[i];
}

static void zero_bytes(uint8_t *dst, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        dst[i] = 0;
}

static void widen(struct loader_image *out, vcpu_gpa_t low, vcpu_gpa_t high)
{
    if (low < out->low)
        out->low = low;
    if (high > out->high)
        out->high = high;
}

/* The guest memory callback and its context. */
struct guest_ram {
    loader_guest_memory_fn memory;
    void *ctx;
};

static uint8_t *guest_bytes(const struct guest_ram *ram, vcpu_gpa_t gpa, uint64_t len)
{
    return ram->memory(ram->ctx, gpa, len);
}

static const char *load_elf(const struct guest_ram *ram, const uint8_t *f, uint64_t size,
                            uint16_t machine, struct loader_image *out)
{
    if (size < EHDR_SIZE || f[4] != ELFCLASS64 || f[5] != ELFDATA2LSB)
        return "not a little-endian ELF64 file";
    if (le(f + 16, 2) != ET_EXEC)
        return "not an ELF executable (ET_EXEC)";
    if (le(f + 18, 2) != machine)
        return "an ELF file for another machine";
    uint64_t phoff = le(f + 32, 8), phentsize = le(f + 54, 2), phnum = le(f + 56, 2);
    if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHDRS || phoff > size ||
        phnum * PHDR_SIZE > size - phoff)
        return "bad ELF program headers";
    out->elf = true;
    out->entry = le(f + 24, 8);
    out->low = ~0ull;
    out->high = 0;
    /* Check every segment before writing any. */
    for (int pass = 0; pass < 2; pass++) {
        for (uint64_t i = 0; i < phnum; i++) {
            const uint8_t *ph = f + phoff + i * PHDR_SIZE;
            if (le(ph, 4) != PT_LOAD)
                continue;
            uint64_t offset = le(ph + 8, 8), paddr = le(ph + 24, 8);
            uint64_t filesz = le(ph + 32, 8), memsz = le(ph + 40, 8);
            if (memsz == 0)
                continue;
            if (filesz > memsz || offset > size || filesz > size - offset)
                return "an ELF segment lies outside the file";
            uint8_t *dst = guest_bytes(ram, paddr, memsz);
            if (dst == NULL)
                return "an ELF segment lies outside guest RAM";
            if (pass == 0) {
                widen(out, paddr, paddr + memsz);
                continue;
            }
            copy_bytes(dst, f + offset, filesz);
            zero_bytes(dst + filesz, memsz - filesz);
        }
        if (pass == 0 && out->high == 0)
            return "no loadable ELF segment";
    }
    if (guest_bytes(ram, out->entry, 4) == NULL)
        return "the ELF entry point lies outside guest RAM";
    return NULL;
}

const char *loader_load(const uint8_t *file, uint64_t size, uint16_t elf_machine,
                        vcpu_gpa_t flat_gpa, loader_guest_memory_fn guest_memory, void *ctx,
                        struct loader_image *out)
{
    const struct guest_ram ram = {guest_memory, ctx};
    *out = (struct loader_image){0};
    if (size == 0)
        return "the image is empty";
    if (is_elf(file, size))
        return load_elf(&ram, file, size, elf_machine, out);
    uint8_t *dst = guest_bytes(&ram, flat_gpa, size);
    if (dst == NULL)
        return "the flat image does not fit in guest RAM";
    copy_bytes(dst, file, size);
    out->entry = flat_gpa;
    out->low = flat_gpa;
    out->high = flat_gpa + size;
    return NULL;
}
