/* MSR bitmap construction and the area-switched MSRs (see msr_bitmap.h). */
#include "msr_bitmap.h"

#include <stddef.h>

#include "backends/x86_common/x86_regs.h"

#define HIGH_BASE 0xc0000000u
#define RANGE 0x2000u
#define WRITE_OFFSET 0x800u

const uint32_t vmx_area_msrs[VMX_AREA_MSR_COUNT] = {
    MSR_KERNEL_GS_BASE, MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SFMASK,
};

bool vmx_msr_passthrough(uint32_t msr)
{
    return msr == MSR_EFER || msr == MSR_FS_BASE || msr == MSR_GS_BASE ||
           (msr >= MSR_SYSENTER_CS && msr <= MSR_SYSENTER_EIP) || msr == MSR_KERNEL_GS_BASE ||
           (msr >= MSR_STAR && msr <= MSR_SFMASK);
}

/* The bit offset of `msr`'s read bit (its write bit is WRITE_OFFSET bytes
 * further), or -1 for an MSR outside both ranges. */
static int64_t read_bit(uint32_t msr)
{
    if (msr < RANGE)
        return msr;
    if (msr - HIGH_BASE < RANGE)
        return (int64_t)0x400 * 8 + (int64_t)(msr - HIGH_BASE);
    return -1;
}

static void clear_bit(uint8_t *bitmap, int64_t bit)
{
    bitmap[bit / 8] &= (uint8_t) ~(1u << (bit % 8));
}

void vmx_msr_bitmap_build(uint8_t *bitmap)
{
    for (uint32_t i = 0; i < VMX_MSR_BITMAP_BYTES; i++)
        bitmap[i] = 0xff;
    static const uint32_t firsts[] = {MSR_SYSENTER_CS, MSR_EFER};
    static const uint32_t lasts[] = {MSR_SYSENTER_EIP, MSR_KERNEL_GS_BASE};
    for (unsigned r = 0; r < 2; r++) {
        for (uint32_t msr = firsts[r]; msr <= lasts[r]; msr++) {
            if (!vmx_msr_passthrough(msr))
                continue;
            clear_bit(bitmap, read_bit(msr));
            clear_bit(bitmap, read_bit(msr) + (int64_t)WRITE_OFFSET * 8);
        }
    }
}

bool vmx_msr_bitmap_intercepts(const uint8_t *bitmap, uint32_t msr, bool write)
{
    int64_t bit = read_bit(msr);
    if (bit < 0)
        return true;
    bit += write ? WRITE_OFFSET * 8 : 0;
    return (bitmap[bit / 8] >> (bit % 8)) & 1;
}

void vmx_msr_area_fill(struct vmx_msr_entry *area, const uint64_t *values)
{
    for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++) {
        area[i].index = vmx_area_msrs[i];
        area[i].reserved = 0;
        area[i].value = values != NULL ? values[i] : 0;
    }
}
