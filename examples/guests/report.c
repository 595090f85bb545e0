/* Console helpers, the check counter and the guest's main flow. */
#include "examples/guests/guest.h"

#ifndef GUEST_ENDING
#define GUEST_ENDING ENDING_POWEROFF
#endif

static unsigned failures;

void guest_puts(const char *s)
{
    while (*s)
        guest_putc(*s++);
}

void guest_put_hex(uint64_t v)
{
    guest_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4) {
        unsigned d = (v >> shift) & 0xf;
        if (v >> shift != 0 || shift == 0)
            guest_putc((char)(d < 10 ? '0' + d : 'a' + d - 10));
    }
}

void guest_check(bool ok, const char *what)
{
    guest_puts(ok ? "ok - " : "FAIL - ");
    guest_puts(what);
    guest_putc('\n');
    if (!ok)
        failures++;
}

unsigned guest_failures(void)
{
    return failures;
}

_Noreturn void guest_main(const void *dtb)
{
    guest_puts("minivmm test guest: hello from the boot CPU\n");
    uint32_t cpus = guest_check_device_tree(dtb);
    guest_arch_checks(cpus);
    switch (GUEST_ENDING) {
    case ENDING_RESET:
        guest_puts("guest: asking for a reset\n");
        guest_arch_reset();
    case ENDING_FAILURE:
        guest_puts("guest: reporting a system failure\n");
        guest_arch_report_failure();
    case ENDING_BAD_JUMP:
        guest_puts("guest: jumping outside guest memory\n");
        ((void (*)(void))(uintptr_t)0x1000)();
        guest_arch_poweroff();
    default:
        break;
    }
    if (failures != 0) {
        guest_puts("guest: RESULT: FAIL\n");
        guest_arch_report_failure();
    }
    guest_puts("guest: RESULT: PASS\n");
    guest_arch_poweroff();
}
