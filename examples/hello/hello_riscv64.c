/* Machine facts of the hello VM on QEMU virt (riscv64): the guest sees the
 * image's RAM (above OpenSBI) at the same addresses and an NS16550A where the
 * board's is. */
#include "examples/hello/hello.h"

#include "examples/vmm/vmm.h"
#include "lib/devices/uart.h"
#include "lib/guest/guest.h"

#define RAM_BASE 0x80200000ul /* OpenSBI owns the first 2 MiB */
#define RAM_END 0x90000000ul  /* -m 256M */
#define UART_BASE 0x10000000ul

const char hello_firmware_call[] = "SBI HSM hart_start";

static struct uart_state uart_state;

void hello_guest_putc(char c)
{
    guest_write8(UART_BASE, (uint8_t)c);
}

int hello_arch_map_ram(struct stage2 *s2, struct vmm_vm *vm)
{
    vmm_add_ram(vm, RAM_BASE, RAM_BASE, RAM_END - RAM_BASE);
    return stage2_map(s2, RAM_BASE, RAM_BASE, RAM_END - RAM_BASE,
                      VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE);
}

void hello_arch_add_uart(struct vmm_vm *vm)
{
    struct vdev dev;
    uart_ns16550_init(&dev, &uart_state, UART_BASE, vmm_console_output, vm);
    vdev_bus_add(&vm->devices, &dev);
}

void hello_arch_entry_regs(struct vcpu *v, uint64_t fn, uint64_t stack_top, uint64_t arg)
{
    vcpu_set_gpr(v, 10, fn); /* a0 */
    vcpu_set_gpr(v, 11, stack_top);
    vcpu_set_gpr(v, 12, arg);
}
