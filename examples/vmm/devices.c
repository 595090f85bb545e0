/* Guest memory ranges and emulated device accesses: where an access goes
 * (the device bus is lib/devices), and what an access to nothing does. */
#include "examples/vmm/vmm.h"

#define REPORT_LIMIT 8u

bool vmm_add_ram(struct vmm_vm *vm, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size)
{
    if (vm->ram_count == VMM_MAX_RAM || size == 0 || gpa + size < gpa)
        return false;
    vm->ram[vm->ram_count++] = (struct vmm_ram){gpa, hpa, size};
    return true;
}

void *vmm_guest_memory(const struct vmm_vm *vm, vcpu_gpa_t gpa, uint64_t len)
{
    for (uint32_t i = 0; i < vm->ram_count; i++) {
        const struct vmm_ram *r = &vm->ram[i];
        if (gpa >= r->gpa && len <= r->size && gpa - r->gpa <= r->size - len)
            return vcpu_host_phys_to_virt(r->hpa + (gpa - r->gpa));
    }
    return NULL;
}

bool vmm_worth_reporting(struct vmm_vm *vm)
{
    return __atomic_fetch_add(&vm->reported, 1, __ATOMIC_RELAXED) < REPORT_LIMIT;
}

static void report_reported(struct vmm_vcpu *vv, const char *what, vcpu_gpa_t addr)
{
    if (vmm_worth_reporting(vv->vm))
        vmm_printf(vv->vm, "vCPU %u: %s of 0x%lx, where there is no device (ignored)\n", vv->index,
                   what, addr);
}

static void mmio_read(struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    uint64_t value = 0;
    if (!vdev_bus_read(&vv->vm->devices, vv->index, false, exit->mmio_read.addr,
                       vcpu_width_bytes(exit->mmio_read.width), &value))
        report_reported(vv, "read", exit->mmio_read.addr);
    vcpu_complete_read(&vv->vcpu, exit, value);
}

static void mmio_write(struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    if (!vdev_bus_write(&vv->vm->devices, vv->index, false, exit->mmio_write.addr,
                        vcpu_width_bytes(exit->mmio_write.width), exit->mmio_write.data))
        report_reported(vv, "write", exit->mmio_write.addr);
}

static void io_read(struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    uint64_t value = ~0ull; /* an empty port reads as all ones */
    if (!vdev_bus_read(&vv->vm->devices, vv->index, true, exit->io_read.port,
                       vcpu_width_bytes(exit->io_read.width), &value))
        report_reported(vv, "port read", exit->io_read.port);
    vcpu_complete_read(&vv->vcpu, exit, value);
}

static void io_write(struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    if (!vdev_bus_write(&vv->vm->devices, vv->index, true, exit->io_write.port,
                        vcpu_width_bytes(exit->io_write.width), exit->io_write.data))
        report_reported(vv, "port write", exit->io_write.port);
}

void vmm_emulate_access(struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    switch (exit->reason) {
    case VCPU_EXIT_MMIO_READ:
        mmio_read(vv, exit);
        break;
    case VCPU_EXIT_MMIO_WRITE:
        mmio_write(vv, exit);
        break;
    case VCPU_EXIT_IO_READ:
        io_read(vv, exit);
        break;
    case VCPU_EXIT_IO_WRITE:
        io_write(vv, exit);
        break;
    default:
        break;
    }
}
