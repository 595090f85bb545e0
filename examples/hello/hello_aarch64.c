/* Machine facts of the hello VM on QEMU virt (aarch64): the guest sees the
 * image's RAM at the same addresses and a PL011 where the board's is. */
#include "examples/hello/hello.h"

#include "examples/vmm/vmm.h"
#include "lib/devices/uart.h"
#include "lib/guest/guest.h"

#define RAM_BASE 0x40000000ul
#define RAM_SIZE 0x10000000ul /* -m 256M */
#define UART_BASE 0x09000000ul

const char hello_firmware_call[] = "PSCI CPU_ON";

static struct uart_state uart_state;

void hello_guest_putc(char c)
{
    guest_write8(UART_BASE, (uint8_t)c);
}

int hello_arch_map_ram(struct stage2 *s2, struct vmm_vm *vm)
{
    vmm_add_ram(vm, RAM_BASE, RAM_BASE, RAM_SIZE);
    return stage2_map(s2, RAM_BASE, RAM_BASE, RAM_SIZE,
                      VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE);
}

void hello_arch_add_uart(struct vmm_vm *vm)
{
    struct vdev dev;
    uart_pl011_init(&dev, &uart_state, UART_BASE, vmm_console_output, vm);
    vdev_bus_add(&vm->devices, &dev);
}

void hello_arch_entry_regs(struct vcpu *v, uint64_t fn, uint64_t stack_top, uint64_t arg)
{
    vcpu_set_gpr(v, 0, fn);
    vcpu_set_gpr(v, 1, stack_top);
    vcpu_set_gpr(v, 2, arg);
}
