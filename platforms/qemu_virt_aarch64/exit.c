/* Ending the emulation: semihosting SYS_EXIT (QEMU runs with -semihosting)
 * with ADP_Stopped_ApplicationExit and the status as subcode. */
#include <board/board.h>

#define SEMIHOSTING_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

_Noreturn void board_exit(int code)
{
    static uint64_t block[2];
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint64_t)(code & 0xff);
    register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
    register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;
    for (;;)
        __asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
}
