/* Machine facts of the hello VM on x86_64 (QEMU with SVM, Bochs with VMX): the guest sees the
 * low 256 MiB at the same addresses and a COM1 (an NS16550A on ports
 * 0x3f8-0x3ff) where the board's is; it starts vCPUs with INIT-SIPI. */
#include "examples/hello/hello.h"

#include "examples/vmm/vmm.h"
#include "lib/devices/uart.h"
#include "lib/guest/guest_x86_64.h"

#define RAM_SIZE 0x10000000ul /* -m 256M */
#define COM1 0x3f8u

const char hello_firmware_call[] = "INIT-SIPI";

static struct uart_state uart_state;

void hello_guest_putc(char c)
{
    guest_outb(COM1, (uint8_t)c);
}

int hello_arch_map_ram(struct stage2 *s2, struct vmm_vm *vm)
{
    vmm_add_ram(vm, 0, 0, RAM_SIZE);
    return stage2_map(s2, 0, 0, RAM_SIZE, VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE);
}

void hello_arch_add_uart(struct vmm_vm *vm)
{
    struct vdev dev;
    uart_ns16550_init(&dev, &uart_state, COM1, vmm_console_output, vm);
    dev.port_io = true;
    vdev_bus_add(&vm->devices, &dev);
}

void hello_arch_entry_regs(struct vcpu *v, uint64_t fn, uint64_t stack_top, uint64_t arg)
{
    vcpu_set_gpr(v, 7, fn); /* rdi */
    vcpu_set_gpr(v, 6, stack_top);
    vcpu_set_gpr(v, 2, arg);
}
