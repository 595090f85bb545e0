/* minivmm on QEMU virt (aarch64): guest RAM at 0x40000000 as on the board,
 * a PL011 at 0x09000000, PSCI over HVC, the device tree at the start of RAM
 * (where QEMU puts it for bare-metal images), flat images at 0x40080000. */
#include "examples/minivmm/minivmm.h"
#include "lib/devices/uart.h"
#include "lib/fdt/fdt.h"

#define RAM_GPA 0x40000000ull
#define UART_GPA 0x09000000ull
#define EM_AARCH64 183u
#define IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 0x38 of an arm64 Image */
#define IMAGE_DEFAULT_OFFSET 0x80000ull

const struct minivmm_machine minivmm_machine = {
    .ram_gpa = RAM_GPA,
    .ram_hpa = 0x48000000ull,
    .ram_size = 0x04000000ull, /* 64 MiB */
    .staging_hpa = 0x4c000000ull,
    .staging_size = 0x03ff0000ull,
    .handoff_hpa = 0x4fff0000ull,
    .dt_gpa = RAM_GPA,
    .dt_max = 0x10000u,
    .elf_machine = EM_AARCH64,
};

static struct uart_state uart_state;

static uint64_t le_at(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = bytes; i > 0; i--)
        v = v << 8 | p[i - 1];
    return v;
}

vcpu_gpa_t minivmm_arch_flat_gpa(const uint8_t *image, uint64_t size)
{
    /* An arm64 Image names its offset from a 2 MiB-aligned base. */
    if (size >= 64 && le_at(image + 0x38, 4) == IMAGE_MAGIC) {
        uint64_t text_offset = le_at(image + 8, 8);
        if (text_offset < minivmm_machine.ram_size && text_offset % 4096 == 0)
            return RAM_GPA + text_offset;
    }
    return RAM_GPA + IMAGE_DEFAULT_OFFSET;
}

int minivmm_arch_add_devices(struct vmm_vm *vm)
{
    struct vdev dev;
    uart_pl011_init(&dev, &uart_state, UART_GPA, vmm_console_output, vm);
    return vdev_bus_add(&vm->devices, &dev) ? VCPU_OK : VCPU_ERR_NO_MEMORY;
}

uint32_t minivmm_arch_build_dt(void *buf, uint32_t cap, uint32_t vcpus)
{
    static const char uart_compatible[] = "arm,pl011\0arm,primecell";
    static const char psci_compatible[] = "arm,psci-1.0\0arm,psci-0.2";
    struct fdt_writer *w = &(struct fdt_writer){0};
    fdt_begin(w, buf, cap);
    fdt_begin_node(w, "");
    fdt_prop_u32(w, "#address-cells", 2);
    fdt_prop_u32(w, "#size-cells", 2);
    fdt_prop_string(w, "compatible", "linux,dummy-virt");
    fdt_prop_string(w, "model", "minivmm (vcpu library, arm_el2)");

    fdt_begin_node(w, "chosen");
    fdt_prop_string(w, "stdout-path", "/pl011@9000000");
    fdt_end_node(w);

    fdt_begin_node(w, "memory@40000000");
    fdt_prop_string(w, "device_type", "memory");
    fdt_prop_reg(w, RAM_GPA, minivmm_machine.ram_size);
    fdt_end_node(w);

    fdt_begin_node(w, "cpus");
    fdt_prop_u32(w, "#address-cells", 1);
    fdt_prop_u32(w, "#size-cells", 0);
    static const char *const names[] = {"cpu@0", "cpu@1", "cpu@2", "cpu@3"};
    for (uint32_t i = 0; i < vcpus && i < 4; i++) {
        fdt_begin_node(w, names[i]);
        fdt_prop_string(w, "device_type", "cpu");
        fdt_prop_string(w, "compatible", "arm,cortex-a72");
        fdt_prop_u32(w, "reg", i);
        fdt_prop_string(w, "enable-method", "psci");
        fdt_end_node(w);
    }
    fdt_end_node(w);

    fdt_begin_node(w, "psci");
    fdt_prop(w, "compatible", psci_compatible, sizeof(psci_compatible));
    fdt_prop_string(w, "method", "hvc");
    fdt_end_node(w);

    fdt_begin_node(w, "pl011@9000000");
    fdt_prop(w, "compatible", uart_compatible, sizeof(uart_compatible));
    fdt_prop_reg(w, UART_GPA, 0x1000);
    fdt_end_node(w);

    fdt_end_node(w);
    return fdt_finish(w);
}
