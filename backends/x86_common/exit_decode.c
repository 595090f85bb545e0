/* Exit records shared by the x86 backends (see exit_decode.h). */
#include "exit_decode.h"

#include "x2apic.h"

enum { RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSI = 6, RDI = 7, R8 = 8 }; /* enum x86_gpr's order */

void x86_hypercall_exit(const uint64_t *gpr, struct vcpu_exit *exit)
{
    exit->reason = VCPU_EXIT_HYPERCALL;
    exit->hypercall.nr = gpr[RAX];
    exit->hypercall.args[0] = gpr[RBX];
    exit->hypercall.args[1] = gpr[RCX];
    exit->hypercall.args[2] = gpr[RDX];
    exit->hypercall.args[3] = gpr[RSI];
    exit->hypercall.args[4] = gpr[RDI];
    exit->hypercall.args[5] = gpr[R8];
}

void x86_decode_msr_exit(bool write, const uint64_t *gpr, uint64_t self, uint64_t *init_seen,
                         struct vcpu_exit *exit)
{
    uint32_t msr = (uint32_t)gpr[RCX];
    uint64_t value = (gpr[RDX] & 0xffffffffu) << 32 | (gpr[RAX] & 0xffffffffu);
    if (!write) {
        exit->reason = VCPU_EXIT_SYSREG_READ;
        exit->sysreg_read.addr = msr;
        exit->sysreg_read.reg = RAX; /* EDX:EAX */
    } else if (msr == X2APIC_MSR_ICR) {
        struct vcpu_exit_raw raw = exit->raw;
        x2apic_decode_icr(value, self, init_seen, exit);
        exit->raw = raw;
    } else {
        exit->reason = VCPU_EXIT_SYSREG_WRITE;
        exit->sysreg_write.addr = msr;
        exit->sysreg_write.value = value;
    }
}
