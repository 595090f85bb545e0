/* The four memory functions a freestanding C compiler may call on its own
 * (struct copies, zero-initialization); boards link this, hosts use libc. */
#include <stddef.h>
#include <stdint.h>

/* The accesses go through volatile pointers so that the compiler cannot turn
 * these loops back into calls of themselves. Whole 8-byte words are used
 * where both sides are aligned (the hot case: clearing and copying exit
 * records and register files), single bytes elsewhere; never an unaligned
 * access, which faults on device memory (aarch64 with the MMU off). */

void *memset(void *dst, int c, size_t n)
{
    volatile uint8_t *d = dst;
    uint64_t pattern = UINT64_C(0x0101010101010101) * (uint8_t)c;
    for (; n != 0 && ((uintptr_t)d & 7) != 0; n--)
        *d++ = (uint8_t)c;
    for (; n >= 8; n -= 8, d += 8)
        *(volatile uint64_t *)d = pattern;
    for (; n != 0; n--)
        *d++ = (uint8_t)c;
    return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        for (; n != 0 && ((uintptr_t)d & 7) != 0; n--)
            *d++ = *s++;
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(volatile uint64_t *)d = *(const volatile uint64_t *)s;
    }
    for (; n != 0; n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x < *y ? -1 : 1;
    }
    return 0;
}
