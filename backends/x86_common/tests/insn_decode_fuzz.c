/* libFuzzer target of the shared x86 MMIO instruction decoder: arbitrary byte
 * strings (a guest controls them) through x86_decode_mmio(), and each decoded
 * load through x86_load_result(). Every result must be one that
 * insn_decode.h documents. Input: old register value, value read (64-bit
 * little-endian each), then the instruction bytes. */
#include "backends/x86_common/insn_decode.h"
#include "testing/fuzz/fuzz_check.h"

static void check_load_result(const struct x86_mmio_insn *d, uint64_t old, uint64_t value)
{
    uint64_t r = x86_load_result(d, old, value);
    uint64_t read = value & fuzz_width_mask(d->width);
    if (d->reg_high_byte) {
        FUZZ_CHECK((r & ~UINT64_C(0xff00)) == (old & ~UINT64_C(0xff00)));
        FUZZ_CHECK(((r >> 8) & 0xff) == (read & 0xff));
        return;
    }
    switch (d->reg_width) {
    case VCPU_WIDTH_8:
    case VCPU_WIDTH_16: /* merges: the bits above the register width stay */
        FUZZ_CHECK((r & ~fuzz_width_mask(d->reg_width)) == (old & ~fuzz_width_mask(d->reg_width)));
        break;
    case VCPU_WIDTH_32: /* a 32-bit write zeroes the upper half */
        FUZZ_CHECK(r >> 32 == 0);
        break;
    default:
        break;
    }
    /* The low `width` bits are the value read, whatever the extension. */
    FUZZ_CHECK((r & fuzz_width_mask(d->width)) == read);
    if (d->zero_ext && d->reg_width > d->width)
        FUZZ_CHECK((r & fuzz_width_mask(d->reg_width)) == read);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    uint64_t old = fuzz_u64(&in), value = fuzz_u64(&in);
    uint8_t bytes[X86_INSN_MAX + 4];
    size_t len = fuzz_bytes(&in, bytes, sizeof bytes);
    struct x86_mmio_insn d;
    if (!x86_decode_mmio(bytes, len, &d))
        return 0;
    FUZZ_CHECK(d.length >= 2 && d.length <= len && d.length <= X86_INSN_MAX);
    FUZZ_CHECK(fuzz_width_valid(d.width));
    FUZZ_CHECK(d.reg < 16);
    FUZZ_CHECK(!(d.signed_ext && d.zero_ext));
    if (d.reg_high_byte)
        FUZZ_CHECK(d.reg < 4 && d.width == VCPU_WIDTH_8);
    if (d.has_immediate) {
        FUZZ_CHECK(d.store);
        FUZZ_CHECK((d.immediate & ~fuzz_width_mask(d.width)) == 0);
    }
    if (d.store) {
        FUZZ_CHECK(!d.signed_ext && !d.zero_ext);
        return 0;
    }
    FUZZ_CHECK(fuzz_width_valid(d.reg_width));
    FUZZ_CHECK(d.reg_width >= d.width);
    check_load_result(&d, old, value);
    return 0;
}
