/* The hello guest: runs inside the VM (EL1 / VS-mode, MMU off), prints
 * through the emulated UART, makes a hypercall, starts a second vCPU through
 * the platform firmware, waits for it, and powers off. */
#include "examples/hello/hello.h"

#include "lib/guest/guest.h"

#define SECONDARY_TOKEN 0x1u

static struct guest_start secondary_start;

static void put_string(const char *s)
{
    while (*s)
        hello_guest_putc(*s++);
}

static void put_decimal(uint64_t v)
{
    char digits[24];
    unsigned n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        hello_guest_putc(digits[--n]);
}

static void hello_secondary(uint64_t token)
{
    (void)token;
    put_string("Hello from vCPU 1, started through ");
    put_string(hello_firmware_call);
    put_string(".\n");
    guest_cpu_off();
}

void hello_guest_main(uint64_t secondary_stack_top)
{
    put_string("Hello, world! A guest is running on the vcpu library.\n");
    uint64_t product = guest_hypercall(HELLO_HYPERCALL_MULTIPLY, 6, 7, 0, 0, 0, 0);
    put_string("The hypervisor says 6 x 7 = ");
    put_decimal(product);
    put_string(".\n");

    secondary_start.fn = (uint64_t)(uintptr_t)hello_secondary;
    secondary_start.stack_top = secondary_stack_top;
    secondary_start.arg = SECONDARY_TOKEN;
    if (guest_cpu_on(1, guest_secondary_entry_point(), (uint64_t)(uintptr_t)&secondary_start) !=
        0) {
        put_string("Could not start vCPU 1.\n");
        guest_poweroff();
    }
    guest_hypercall(HELLO_HYPERCALL_JOIN, 1, 0, 0, 0, 0, 0);
    put_string("vCPU 1 is off again. Powering off. Bye!\n");
    guest_poweroff();
}
