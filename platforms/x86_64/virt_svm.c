/* The svm backend's extension: CPUID 8000_0001h ECX bit 2 (SVM). */
#include <stdint.h>

#include "virt_extension.h"

const char board_x86_virt_name[] = "SVM";

bool board_x86_virt_available(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001u), "c"(0));
    return (c >> 2) & 1;
}
