/* The shared x86 MMIO instruction decoder (see insn_decode.h). */
#include "insn_decode.h"

/* Bytes of the ModRM + SIB + displacement that follow the opcode with 32- or
 * 64-bit addressing, or 0 for a register operand (mod == 3) or a truncated
 * encoding. */
static size_t modrm_length(const uint8_t *p, size_t avail)
{
    if (avail < 1)
        return 0;
    uint8_t modrm = p[0];
    uint8_t mod = modrm >> 6, rm = modrm & 7;
    size_t n = 1;
    if (mod == 3)
        return 0;
    if (rm == 4) { /* SIB */
        if (avail < 2)
            return 0;
        uint8_t base = p[1] & 7;
        n++;
        if (mod == 0 && base == 5)
            n += 4;
    }
    if (mod == 0 && rm == 5)
        n += 4; /* RIP-relative disp32 */
    else if (mod == 1)
        n += 1;
    else if (mod == 2)
        n += 4;
    return n <= avail ? n : 0;
}

/* As modrm_length() with 16-bit addressing: no SIB, disp16 for mod 2 and for
 * mod 0 rm 6. */
static size_t modrm_length16(const uint8_t *p, size_t avail)
{
    if (avail < 1)
        return 0;
    uint8_t mod = p[0] >> 6, rm = p[0] & 7;
    size_t n = mod == 3 ? 0 : mod == 1 ? 2 : mod == 2 || (mod == 0 && rm == 6) ? 3 : 1;
    return n <= avail ? n : 0;
}

static uint64_t read_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static uint64_t sign_extend(uint64_t v, unsigned bits)
{
    if (bits >= 64)
        return v;
    uint64_t sign = UINT64_C(1) << (bits - 1);
    v &= (sign << 1) - 1;
    return (v ^ sign) - sign;
}

static uint64_t width_mask(enum vcpu_access_width w)
{
    return w == VCPU_WIDTH_64 ? ~UINT64_C(0) : (UINT64_C(1) << (8u << w)) - 1;
}

bool x86_decode_mmio(const uint8_t *bytes, size_t len, struct x86_mmio_insn *out)
{
    return x86_decode_mmio_mode(bytes, len, X86_MODE_64, out);
}

bool x86_decode_mmio_mode(const uint8_t *bytes, size_t len, enum x86_cpu_mode mode,
                          struct x86_mmio_insn *out)
{
    size_t i = 0;
    bool opsize_prefix = false, addrsize_prefix = false;
    uint8_t rex = 0;
    bool legacy = mode == X86_MODE_32 || mode == X86_MODE_16;
    if (!legacy && mode != X86_MODE_64)
        return false;
    if (len > X86_INSN_MAX)
        len = X86_INSN_MAX;
    /* Legacy prefixes: operand size, address size (not in 64-bit mode) and
     * segment overrides. */
    for (; i < len; i++) {
        uint8_t b = bytes[i];
        if (b == 0x66)
            opsize_prefix = true;
        else if (b == 0x67 && legacy)
            addrsize_prefix = true;
        else if (b == 0x2e || b == 0x36 || b == 0x3e || b == 0x26 || b == 0x64 || b == 0x65)
            continue;
        else
            break;
    }
    if (!legacy && i < len && (bytes[i] & 0xf0) == 0x40)
        rex = bytes[i++];
    if (i >= len)
        return false;
    bool rex_w = rex & 8;
    bool default16 = mode == X86_MODE_16;
    bool addr16 = default16 != addrsize_prefix;
    enum vcpu_access_width opwidth = rex_w                        ? VCPU_WIDTH_64
                                     : default16 != opsize_prefix ? VCPU_WIDTH_16
                                                                  : VCPU_WIDTH_32;
    struct x86_mmio_insn d = {0};
    uint8_t op = bytes[i++];
    bool two_byte = false;
    if (op == 0x0f) {
        if (i >= len)
            return false;
        op = bytes[i++];
        two_byte = true;
    }
    if (i >= len)
        return false;
    uint8_t modrm = bytes[i];
    size_t mlen = addr16 ? modrm_length16(&bytes[i], len - i) : modrm_length(&bytes[i], len - i);
    if (mlen == 0)
        return false;
    d.reg = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
    size_t after_modrm = i + mlen;

    if (!two_byte && (op == 0x88 || op == 0x8a)) { /* MOV r/m8, r8 / MOV r8, r/m8 */
        d.store = op == 0x88;
        d.width = VCPU_WIDTH_8;
        d.reg_width = VCPU_WIDTH_8;
        d.reg_high_byte = rex == 0 && d.reg >= 4;
        if (d.reg_high_byte)
            d.reg -= 4;
    } else if (!two_byte && (op == 0x89 || op == 0x8b)) {
        d.store = op == 0x89;
        d.width = opwidth;
        d.reg_width = opwidth;
    } else if (!two_byte && (op == 0xc6 || op == 0xc7)) { /* MOV r/m, imm */
        if ((modrm >> 3) & 7)
            return false;
        d.store = true;
        d.has_immediate = true;
        d.width = op == 0xc6 ? VCPU_WIDTH_8 : opwidth;
        unsigned imm_bytes = op == 0xc6 ? 1 : opwidth == VCPU_WIDTH_16 ? 2 : 4;
        if (after_modrm + imm_bytes > len)
            return false;
        d.immediate = sign_extend(read_le(&bytes[after_modrm], imm_bytes), imm_bytes * 8) &
                      width_mask(d.width);
        after_modrm += imm_bytes;
    } else if (two_byte && (op == 0xb6 || op == 0xb7 || op == 0xbe || op == 0xbf)) {
        d.width = (op & 1) ? VCPU_WIDTH_16 : VCPU_WIDTH_8;
        d.reg_width = opwidth;
        d.zero_ext = op == 0xb6 || op == 0xb7;
        d.signed_ext = !d.zero_ext;
    } else if (!two_byte && op == 0x63 && rex_w) { /* MOVSXD r64, r/m32 */
        d.width = VCPU_WIDTH_32;
        d.reg_width = VCPU_WIDTH_64;
        d.signed_ext = true;
    } else {
        return false;
    }
    d.length = (uint32_t)after_modrm;
    *out = d;
    return true;
}

uint64_t x86_load_result(const struct x86_mmio_insn *insn, uint64_t old_reg, uint64_t value)
{
    value &= width_mask(insn->width);
    if (insn->signed_ext)
        value = sign_extend(value, 8u << insn->width);
    if (insn->reg_high_byte)
        return (old_reg & ~UINT64_C(0xff00)) | (value & 0xff) << 8;
    switch (insn->reg_width) {
    case VCPU_WIDTH_8:
        return (old_reg & ~UINT64_C(0xff)) | (value & 0xff);
    case VCPU_WIDTH_16:
        return (old_reg & ~UINT64_C(0xffff)) | (value & 0xffff);
    case VCPU_WIDTH_32:
        return value & 0xffffffffu; /* 32-bit writes zero the upper half */
    default:
        return value;
    }
}

void x86_mmio_exit(const struct x86_mmio_insn *insn, vcpu_gpa_t gpa, const uint64_t *gpr,
                   struct vcpu_exit *exit)
{
    if (insn->store) {
        uint64_t source = insn->reg_high_byte ? gpr[insn->reg] >> 8 : gpr[insn->reg];
        uint64_t data = insn->has_immediate ? insn->immediate : source;
        exit->reason = VCPU_EXIT_MMIO_WRITE;
        exit->mmio_write.addr = gpa;
        exit->mmio_write.width = insn->width;
        exit->mmio_write.data =
            insn->width == VCPU_WIDTH_64 ? data : data & ((UINT64_C(1) << (8u << insn->width)) - 1);
        return;
    }
    exit->reason = VCPU_EXIT_MMIO_READ;
    exit->mmio_read.addr = gpa;
    exit->mmio_read.width = insn->width;
    exit->mmio_read.reg = insn->reg;
    exit->mmio_read.reg_width = insn->reg_width;
    exit->mmio_read.signed_ext = insn->signed_ext;
}
