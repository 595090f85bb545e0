/* The vmx backend's extension: CPUID 1 ECX bit 5 (VMX). */
#include <stdint.h>

#include "virt_extension.h"

const char board_x86_virt_name[] = "VMX";

bool board_x86_virt_available(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1u), "c"(0));
    return (c >> 5) & 1;
}
