/* XSETBV validity (see xcr0.h). */
#include "xcr0.h"

bool x86_xsetbv_allowed(uint32_t cpl, uint32_t index, uint64_t value, uint64_t supported)
{
    if (cpl != 0 || index != 0)
        return false;
    if (!(value & XCR0_X87) || (value & ~supported) != 0)
        return false;
    if ((value & XCR0_AVX) && !(value & XCR0_SSE))
        return false;
    if (((value & XCR0_BNDREGS) != 0) != ((value & XCR0_BNDCSR) != 0))
        return false;
    uint64_t avx512 = value & XCR0_AVX512;
    if (avx512 != 0 && (avx512 != XCR0_AVX512 || !(value & XCR0_AVX)))
        return false;
    return true;
}
