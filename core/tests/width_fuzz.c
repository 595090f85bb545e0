/* libFuzzer target of the read-completion rules: vcpu_read_value_extend(),
 * vcpu_width_bytes()/vcpu_width_from_bytes(), and vcpu_complete_read() on a
 * bound vCPU of the fake backend, with arbitrary values, widths (in and out of
 * the enum), sign flags, destination registers and exit reasons. Each result
 * is compared with an independent statement of the rule in api.md: truncate to
 * the access width, sign-extend to reg_width if signed_ext, zero-extend to 64
 * bits; a malformed payload (widths outside the enum, reg_width narrower than
 * width, a register out of range) or a reason that is not a read is
 * VCPU_ERR_INVALID_ARG and changes no register; a read completes once, only
 * while vcpu_run() left it pending. Input: value (64 bits), width, reg_width, reg (32 bits each), a
 * flags byte (bit 0 signed_ext), a reason byte. */
#include <vcpu/fake.h>
#include <vcpu/vcpu.h>

#include "testing/fuzz/fuzz_check.h"

/* The rule, written with signed arithmetic instead of masks. */
static uint64_t expected_value(uint64_t value, unsigned bits, bool signed_ext, unsigned reg_bits)
{
    unsigned drop = 64 - bits;
    uint64_t v = (value << drop) >> drop;
    if (signed_ext)
        v = (uint64_t)((int64_t)(value << drop) >> drop);
    unsigned reg_drop = 64 - reg_bits;
    return (v << reg_drop) >> reg_drop;
}

static void check_widths(uint32_t width, uint32_t bytes)
{
    unsigned n = vcpu_width_bytes((enum vcpu_access_width)width);
    FUZZ_CHECK(width <= VCPU_WIDTH_64 ? n == 1u << width : n == 0);
    enum vcpu_access_width w = (enum vcpu_access_width)0x5a;
    int rc = vcpu_width_from_bytes(bytes, &w);
    bool valid = bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8;
    FUZZ_CHECK(rc == (valid ? VCPU_OK : VCPU_ERR_INVALID_ARG));
    FUZZ_CHECK(valid ? vcpu_width_bytes(w) == bytes : (unsigned)w == 0x5a);
}

static void check_extend(uint64_t value, uint32_t width, uint32_t reg_width, bool signed_ext)
{
    uint64_t got = vcpu_read_value_extend(value, (enum vcpu_access_width)width, signed_ext,
                                          (enum vcpu_access_width)reg_width);
    if (width > VCPU_WIDTH_64 || reg_width > VCPU_WIDTH_64) {
        FUZZ_CHECK(got == 0);
        return;
    }
    FUZZ_CHECK(got == expected_value(value, 8u << width, signed_ext, 8u << reg_width));
}

static struct vcpu_percpu cpu0;
static struct vcpu vcpu0;

/* A vCPU bound on CPU 0, made once. */
static struct vcpu *bound_vcpu(void)
{
    static bool ready;
    if (!ready) {
        FUZZ_CHECK(vcpu_percpu_init(&cpu0, 0) == VCPU_OK);
        FUZZ_CHECK(vcpu_percpu_hardware_enable(&cpu0) == VCPU_OK);
        FUZZ_CHECK(vcpu_init(&vcpu0, 1, 0, -1, 0, NULL) == VCPU_OK);
        FUZZ_CHECK(vcpu_setup(&vcpu0, 0x1000, 0x2000, NULL) == VCPU_OK);
        FUZZ_CHECK(vcpu_bind(&vcpu0) == VCPU_OK);
        ready = true;
    }
    return &vcpu0;
}

static void check_complete_read(uint64_t value, uint32_t width, uint32_t reg_width, uint32_t reg,
                                bool signed_ext, uint8_t reason)
{
    struct vcpu *v = bound_vcpu();
    uint64_t before[VCPU_ARCH_GPR_COUNT];
    for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++) {
        FUZZ_CHECK(vcpu_set_gpr(v, i, ~(uint64_t)i) == VCPU_OK);
        before[i] = ~(uint64_t)i;
    }
    struct vcpu_exit exit = {.reason = (enum vcpu_exit_reason)(reason % VCPU_EXIT_REASON_COUNT)};
    unsigned dest = 0, bits = 64, reg_bits = 64;
    bool sext = false, applicable = true;
    switch (exit.reason) {
    case VCPU_EXIT_MMIO_READ:
        exit.mmio_read.width = (enum vcpu_access_width)width;
        exit.mmio_read.reg_width = (enum vcpu_access_width)reg_width;
        exit.mmio_read.reg = reg;
        exit.mmio_read.signed_ext = signed_ext;
        dest = reg;
        applicable = width <= VCPU_WIDTH_64 && reg_width <= VCPU_WIDTH_64 && reg_width >= width;
        bits = applicable ? 8u << width : 0;
        reg_bits = applicable ? 8u << reg_width : 0;
        sext = signed_ext;
        break;
    case VCPU_EXIT_SYSREG_READ:
        exit.sysreg_read.reg = reg;
        dest = reg;
        break;
    case VCPU_EXIT_IO_READ:
        exit.io_read.width = (enum vcpu_access_width)width;
        applicable = width <= VCPU_WIDTH_64;
        bits = applicable ? 8u << width : 0;
        break;
    default:
        applicable = false;
        break;
    }
    applicable = applicable && dest < VCPU_ARCH_GPR_COUNT;
    /* A read is completed only while it is pending: a well-formed one is
     * queued and run first; the fake refuses to queue a malformed one, and
     * completing it is refused before the pending read is even looked at. */
    FUZZ_CHECK(vcpu_fake_queue_exit(v, &exit) ==
               (applicable || !vcpu_exit_is_read(exit.reason) ? VCPU_OK : VCPU_ERR_INVALID_ARG));
    if (applicable || !vcpu_exit_is_read(exit.reason)) {
        struct vcpu_exit got;
        FUZZ_CHECK(vcpu_run(v, &got) == VCPU_OK && got.reason == exit.reason);
    }
    int rc = vcpu_complete_read(v, &exit, value);
    FUZZ_CHECK(rc == (applicable ? VCPU_OK : VCPU_ERR_INVALID_ARG));
    FUZZ_CHECK(vcpu_complete_read(v, &exit, value) ==
               (applicable ? VCPU_ERR_BAD_STATE : VCPU_ERR_INVALID_ARG)); /* only once */
    for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++) {
        uint64_t got;
        FUZZ_CHECK(vcpu_get_gpr(v, i, &got) == VCPU_OK);
        if (applicable && i == dest)
            FUZZ_CHECK(got == expected_value(value, bits, sext, reg_bits));
        else
            FUZZ_CHECK(got == before[i]); /* no other register changes */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    uint64_t value = fuzz_u64(&in);
    uint32_t width = fuzz_u32(&in), reg_width = fuzz_u32(&in), reg = fuzz_u32(&in);
    bool signed_ext = fuzz_u8(&in) & 1;
    uint8_t reason = fuzz_u8(&in);
    check_widths(width, reg);
    check_extend(value, width, reg_width, signed_ext);
    check_complete_read(value, width, reg_width, reg, signed_ext, reason);
    return 0;
}
