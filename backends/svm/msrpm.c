/* MSR permission map construction (see msrpm.h). */
#include "msrpm.h"

#include "backends/x86_common/x86_regs.h"

bool svm_msr_passthrough(uint32_t msr)
{
    return msr == MSR_EFER || (msr >= MSR_STAR && msr <= MSR_SFMASK) ||
           (msr >= MSR_FS_BASE && msr <= MSR_KERNEL_GS_BASE) ||
           (msr >= MSR_SYSENTER_CS && msr <= MSR_SYSENTER_EIP);
}

/* The bit offset of `msr`'s read bit in the map (its write bit follows), or
 * -1 for an MSR outside the three ranges. */
static int64_t read_bit(uint32_t msr)
{
    static const uint32_t bases[] = {0x00000000u, 0xc0000000u, 0xc0010000u};
    for (unsigned i = 0; i < 3; i++) {
        if (msr - bases[i] < 0x2000u)
            return (int64_t)(i * 0x2000u + (msr - bases[i])) * 2;
    }
    return -1;
}

void svm_msrpm_build(uint8_t *msrpm)
{
    for (uint32_t i = 0; i < SVM_MSRPM_BYTES; i++)
        msrpm[i] = 0xff;
    for (uint32_t msr = MSR_SYSENTER_CS; msr <= MSR_SYSENTER_EIP; msr++)
        msrpm[read_bit(msr) / 8] &= (uint8_t) ~(3u << (read_bit(msr) % 8));
    for (uint32_t msr = MSR_EFER; msr <= MSR_KERNEL_GS_BASE; msr++) {
        if (svm_msr_passthrough(msr))
            msrpm[read_bit(msr) / 8] &= (uint8_t) ~(3u << (read_bit(msr) % 8));
    }
}

bool svm_msrpm_intercepts(const uint8_t *msrpm, uint32_t msr, bool write)
{
    int64_t bit = read_bit(msr);
    if (bit < 0)
        return true;
    bit += write ? 1 : 0;
    return (msrpm[bit / 8] >> (bit % 8)) & 1;
}
