/* minivmm on QEMU virt (riscv64): guest RAM at 0x80000000 as on the board,
 * an NS16550A at 0x10000000, SBI from the backend plus DBCN from the VMM,
 * flat images at 0x80200000 (where OpenSBI starts a kernel), the device tree
 * 2 MiB below the end of RAM. */
#include "examples/minivmm/minivmm.h"
#include "lib/devices/uart.h"
#include "lib/fdt/fdt.h"

#define RAM_GPA 0x80000000ull
#define RAM_SIZE 0x04000000ull /* 64 MiB */
#define UART_GPA 0x10000000ull
#define EM_RISCV 243u
#define KERNEL_OFFSET 0x200000ull
#define TIMEBASE_HZ 10000000u /* QEMU virt's mtime */

const struct minivmm_machine minivmm_machine = {
    .ram_gpa = RAM_GPA,
    .ram_hpa = 0x88000000ull,
    .ram_size = RAM_SIZE,
    .staging_hpa = 0x8c000000ull,
    .staging_size = 0x03000000ull,
    .handoff_hpa = 0x8f000000ull,
    .dt_gpa = RAM_GPA + RAM_SIZE - 0x200000ull,
    .dt_max = 0x10000u,
    .elf_machine = EM_RISCV,
};

static struct uart_state uart_state;

vcpu_gpa_t minivmm_arch_flat_gpa(const uint8_t *image, uint64_t size)
{
    (void)image;
    (void)size;
    return RAM_GPA + KERNEL_OFFSET;
}

int minivmm_arch_add_devices(struct vmm_vm *vm)
{
    struct vdev dev;
    uart_ns16550_init(&dev, &uart_state, UART_GPA, vmm_console_output, vm);
    return vdev_bus_add(&vm->devices, &dev) ? VCPU_OK : VCPU_ERR_NO_MEMORY;
}

uint32_t minivmm_arch_build_dt(void *buf, uint32_t cap, uint32_t vcpus)
{
    struct fdt_writer *w = &(struct fdt_writer){0};
    fdt_begin(w, buf, cap);
    fdt_begin_node(w, "");
    fdt_prop_u32(w, "#address-cells", 2);
    fdt_prop_u32(w, "#size-cells", 2);
    fdt_prop_string(w, "compatible", "riscv-virtio");
    fdt_prop_string(w, "model", "minivmm (vcpu library, riscv_h)");

    fdt_begin_node(w, "chosen");
    fdt_prop_string(w, "stdout-path", "/serial@10000000");
    fdt_end_node(w);

    fdt_begin_node(w, "memory@80000000");
    fdt_prop_string(w, "device_type", "memory");
    fdt_prop_reg(w, RAM_GPA, RAM_SIZE);
    fdt_end_node(w);

    fdt_begin_node(w, "cpus");
    fdt_prop_u32(w, "#address-cells", 1);
    fdt_prop_u32(w, "#size-cells", 0);
    fdt_prop_u32(w, "timebase-frequency", TIMEBASE_HZ);
    static const char *const names[] = {"cpu@0", "cpu@1", "cpu@2", "cpu@3"};
    for (uint32_t i = 0; i < vcpus && i < 4; i++) {
        fdt_begin_node(w, names[i]);
        fdt_prop_string(w, "device_type", "cpu");
        fdt_prop_u32(w, "reg", i);
        fdt_prop_string(w, "status", "okay");
        fdt_prop_string(w, "compatible", "riscv");
        fdt_prop_string(w, "riscv,isa", "rv64imafdc");
        fdt_prop_string(w, "mmu-type", "riscv,sv39");
        fdt_end_node(w);
    }
    fdt_end_node(w);

    fdt_begin_node(w, "serial@10000000");
    fdt_prop_string(w, "compatible", "ns16550a");
    fdt_prop_reg(w, UART_GPA, 0x100);
    fdt_prop_u32(w, "clock-frequency", 3686400);
    fdt_end_node(w);

    fdt_end_node(w);
    return fdt_finish(w);
}
