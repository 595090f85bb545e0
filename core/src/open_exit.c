/* The identity of the exit a VMM still has to resolve, and read payload
 * checks. */
#include "open_exit.h"

#include <vcpu/arch.h>

struct vcpu_open_exit open_exit_identity(const struct vcpu_exit *exit)
{
    struct vcpu_open_exit id = {.reason = (uint32_t)exit->reason};
    switch (exit->reason) {
    case VCPU_EXIT_MMIO_READ:
        id.address = exit->mmio_read.addr;
        id.reg = exit->mmio_read.reg;
        break;
    case VCPU_EXIT_MMIO_WRITE:
        id.address = exit->mmio_write.addr;
        break;
    case VCPU_EXIT_SYSREG_READ:
        id.address = exit->sysreg_read.addr;
        id.reg = exit->sysreg_read.reg;
        break;
    case VCPU_EXIT_SYSREG_WRITE:
        id.address = exit->sysreg_write.addr;
        break;
    case VCPU_EXIT_IO_READ:
        id.address = exit->io_read.port;
        break;
    case VCPU_EXIT_IO_WRITE:
        id.address = exit->io_write.port;
        break;
    default: /* UNKNOWN: the reason alone */
        break;
    }
    return id;
}

bool open_exit_matches(const struct vcpu_open_exit *open, const struct vcpu_exit *exit)
{
    if (open->reason == VCPU_EXIT_NOTHING || (uint32_t)exit->reason != open->reason)
        return false;
    struct vcpu_open_exit id = open_exit_identity(exit);
    return id.address == open->address && id.reg == open->reg;
}

bool open_exit_read_well_formed(const struct vcpu_exit *exit)
{
    switch (exit->reason) {
    case VCPU_EXIT_MMIO_READ: {
        const struct vcpu_exit_mmio_read *r = &exit->mmio_read;
        return vcpu_width_bytes(r->width) != 0 && vcpu_width_bytes(r->reg_width) != 0 &&
               r->reg_width >= r->width && r->reg < VCPU_ARCH_GPR_COUNT;
    }
    case VCPU_EXIT_SYSREG_READ:
        return exit->sysreg_read.reg < VCPU_ARCH_GPR_COUNT;
    case VCPU_EXIT_IO_READ:
        return vcpu_width_bytes(exit->io_read.width) != 0;
    default:
        return false;
    }
}
