/* Input readers and the common exit invariants (see fuzz_check.h). */
#include "testing/fuzz/fuzz_check.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void fuzz_check_failed(const char *file, int line, const char *expr)
{
    fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, expr);
    abort();
}

uint8_t fuzz_u8(struct fuzz_input *in)
{
    if (in->size == 0)
        return 0;
    uint8_t b = in->data[0];
    in->data++;
    in->size--;
    return b;
}

uint32_t fuzz_u32(struct fuzz_input *in)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 4; i++)
        v |= (uint32_t)fuzz_u8(in) << (8 * i);
    return v;
}

uint64_t fuzz_u64(struct fuzz_input *in)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)fuzz_u8(in) << (8 * i);
    return v;
}

size_t fuzz_bytes(struct fuzz_input *in, uint8_t *out, size_t max)
{
    size_t n = in->size < max ? in->size : max;
    for (size_t i = 0; i < n; i++)
        out[i] = fuzz_u8(in);
    return n;
}

bool fuzz_width_valid(enum vcpu_access_width w)
{
    return (unsigned)w <= (unsigned)VCPU_WIDTH_64;
}

uint64_t fuzz_width_mask(enum vcpu_access_width w)
{
    return w == VCPU_WIDTH_64 ? ~UINT64_C(0) : (UINT64_C(1) << (8u << w)) - 1;
}

static bool one_access_flag(uint32_t flags)
{
    return flags == VCPU_MAP_READ || flags == VCPU_MAP_WRITE || flags == VCPU_MAP_EXECUTE;
}

void fuzz_check_exit(const struct vcpu_exit *exit, enum vcpu_exit_arch arch)
{
    FUZZ_CHECK((unsigned)exit->reason < VCPU_EXIT_REASON_COUNT);
    FUZZ_CHECK(exit->raw.arch == arch);
    switch (exit->reason) {
    case VCPU_EXIT_MMIO_READ:
        FUZZ_CHECK(fuzz_width_valid(exit->mmio_read.width));
        FUZZ_CHECK(fuzz_width_valid(exit->mmio_read.reg_width));
        FUZZ_CHECK(exit->mmio_read.reg < 32);
        break;
    case VCPU_EXIT_MMIO_WRITE:
        FUZZ_CHECK(fuzz_width_valid(exit->mmio_write.width));
        FUZZ_CHECK((exit->mmio_write.data & ~fuzz_width_mask(exit->mmio_write.width)) == 0);
        break;
    case VCPU_EXIT_SYSREG_READ:
        FUZZ_CHECK(exit->sysreg_read.reg < 32);
        break;
    case VCPU_EXIT_IO_READ:
        FUZZ_CHECK(fuzz_width_valid(exit->io_read.width));
        FUZZ_CHECK(exit->io_read.width != VCPU_WIDTH_64);
        break;
    case VCPU_EXIT_IO_WRITE:
        FUZZ_CHECK(fuzz_width_valid(exit->io_write.width));
        FUZZ_CHECK(exit->io_write.width != VCPU_WIDTH_64);
        FUZZ_CHECK((exit->io_write.data & ~fuzz_width_mask(exit->io_write.width)) == 0);
        break;
    case VCPU_EXIT_NESTED_PAGE_FAULT:
        FUZZ_CHECK(one_access_flag(exit->nested_page_fault.access_flags));
        break;
    case VCPU_EXIT_SYSTEM_DOWN:
        FUZZ_CHECK(exit->system_down.kind == VCPU_SYSTEM_POWEROFF ||
                   exit->system_down.kind == VCPU_SYSTEM_RESET ||
                   exit->system_down.kind == VCPU_SYSTEM_CRASH);
        break;
    default:
        break;
    }
}
