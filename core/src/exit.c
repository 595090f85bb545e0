/* Names and classification of exit reasons. */
#include <vcpu/exit.h>

static const char *const reason_names[VCPU_EXIT_REASON_COUNT] = {
    [VCPU_EXIT_NOTHING] = "NOTHING",
    [VCPU_EXIT_HYPERCALL] = "HYPERCALL",
    [VCPU_EXIT_MMIO_READ] = "MMIO_READ",
    [VCPU_EXIT_MMIO_WRITE] = "MMIO_WRITE",
    [VCPU_EXIT_SYSREG_READ] = "SYSREG_READ",
    [VCPU_EXIT_SYSREG_WRITE] = "SYSREG_WRITE",
    [VCPU_EXIT_IO_READ] = "IO_READ",
    [VCPU_EXIT_IO_WRITE] = "IO_WRITE",
    [VCPU_EXIT_EXTERNAL_INTERRUPT] = "EXTERNAL_INTERRUPT",
    [VCPU_EXIT_NESTED_PAGE_FAULT] = "NESTED_PAGE_FAULT",
    [VCPU_EXIT_HALT] = "HALT",
    [VCPU_EXIT_CPU_UP] = "CPU_UP",
    [VCPU_EXIT_CPU_DOWN] = "CPU_DOWN",
    [VCPU_EXIT_SYSTEM_DOWN] = "SYSTEM_DOWN",
    [VCPU_EXIT_SEND_IPI] = "SEND_IPI",
    [VCPU_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
    [VCPU_EXIT_UNKNOWN] = "UNKNOWN",
};

const char *vcpu_exit_reason_name(enum vcpu_exit_reason reason)
{
    if ((unsigned)reason >= VCPU_EXIT_REASON_COUNT)
        return "INVALID_REASON";
    return reason_names[reason];
}

bool vcpu_exit_is_read(enum vcpu_exit_reason reason)
{
    return reason == VCPU_EXIT_MMIO_READ || reason == VCPU_EXIT_SYSREG_READ ||
           reason == VCPU_EXIT_IO_READ;
}
