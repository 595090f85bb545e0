/* Access-width helpers and the read-completion value rule. */
#include <vcpu/error.h>
#include <vcpu/types.h>

unsigned vcpu_width_bytes(enum vcpu_access_width width)
{
    switch (width) {
    case VCPU_WIDTH_8:
        return 1;
    case VCPU_WIDTH_16:
        return 2;
    case VCPU_WIDTH_32:
        return 4;
    case VCPU_WIDTH_64:
        return 8;
    }
    return 0;
}

int vcpu_width_from_bytes(unsigned bytes, enum vcpu_access_width *out)
{
    if (out == NULL)
        return VCPU_ERR_INVALID_ARG;
    switch (bytes) {
    case 1:
        *out = VCPU_WIDTH_8;
        return VCPU_OK;
    case 2:
        *out = VCPU_WIDTH_16;
        return VCPU_OK;
    case 4:
        *out = VCPU_WIDTH_32;
        return VCPU_OK;
    case 8:
        *out = VCPU_WIDTH_64;
        return VCPU_OK;
    default:
        return VCPU_ERR_INVALID_ARG;
    }
}

/* Keeps the low `bits` bits of `value` (bits in 1..64). */
static uint64_t truncate_to(uint64_t value, unsigned bits)
{
    return bits >= 64 ? value : value & ((UINT64_C(1) << bits) - 1);
}

uint64_t vcpu_read_value_extend(uint64_t value, enum vcpu_access_width width, bool signed_ext,
                                enum vcpu_access_width reg_width)
{
    unsigned bits = vcpu_width_bytes(width) * 8;
    unsigned reg_bits = vcpu_width_bytes(reg_width) * 8;
    if (bits == 0 || reg_bits == 0)
        return 0;
    value = truncate_to(value, bits);
    if (signed_ext && bits < 64 && (value >> (bits - 1)) & 1)
        value |= ~UINT64_C(0) << bits;
    return truncate_to(value, reg_bits);
}
