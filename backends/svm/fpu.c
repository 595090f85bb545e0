/* Eager FP/SSE/AVX switching (see fpu.h). */
#include "fpu.h"

#include "cpu.h"

#define FXSAVE_BYTES 512u
#define FCW_OFFSET 0u
#define MXCSR_OFFSET 24u
#define FCW_RESET 0x37fu
#define MXCSR_RESET 0x1f80u

uint32_t svm_fpu_area_pages(void)
{
    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    uint32_t bytes = FXSAVE_BYTES;
    if ((c >> 26) & 1) { /* XSAVE: ECX of leaf 0Dh, every supported component */
        cpuid(0xd, &a, &b, &c, &d);
        bytes = c > bytes ? c : bytes;
    }
    return (bytes + 4095u) / 4096u;
}

void svm_fpu_reset(uint8_t *area)
{
    for (unsigned i = 0; i < FXSAVE_BYTES + 64u; i++)
        area[i] = 0; /* legacy region and XSAVE header */
    *(uint16_t *)(area + FCW_OFFSET) = FCW_RESET;
    *(uint32_t *)(area + MXCSR_OFFSET) = MXCSR_RESET;
}

void svm_fpu_save(uint8_t *area, int xsave)
{
    if (xsave)
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void svm_fpu_load(const uint8_t *area, int xsave)
{
    if (xsave) {
        __asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
    } else {
        __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
    }
}
