/* The riscv64 part of the VMM: SBI boot registers, HSM results, IPIs, and
 * the SBI extensions the backend leaves to the VMM: DBCN (debug console) and
 * the legacy console putchar. The backend answers BASE, TIME, RFENCE and
 * HSM status itself and turns HSM start/stop, IPI and SRST into exits.
 * vCPU n is hart n. */
#include "examples/vmm/vmm_arch.h"

#include <vcpu/riscv_h.h>

#define SBI_EXT_DBCN 0x4442434eu
#define SBI_EXT_LEGACY_PUTCHAR 0x01u
#define DBCN_WRITE 0u
#define DBCN_READ 1u
#define DBCN_WRITE_BYTE 2u
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define REG_A0 10u
#define VSSIP_VECTOR 2u
#define DBCN_MAX_WRITE 4096u /* longer writes are cut; the guest sees the count */

const char vmm_arch_machine[] = "QEMU virt (riscv64)";
const char vmm_arch_backend[] = "riscv_h";

/* The backend answers BASE, TIME, IPI, RFENCE, HSM and SRST; this VMM adds
 * DBCN and the legacy console putchar, which the guest must find when it
 * probes. */
const struct vcpu_setup_config *vmm_arch_setup_config(void)
{
    static const struct vcpu_setup_config cfg = {
        .vmm_extensions = {SBI_EXT_DBCN, SBI_EXT_LEGACY_PUTCHAR},
        .vmm_extension_count = 2,
    };
    return &cfg;
}

void vmm_arch_start_regs(struct vcpu *v, uint64_t arg)
{
    vcpu_set_gpr(v, 11, arg); /* a1; the backend put the hart id in a0 */
}

bool vmm_arch_cpu_index(uint64_t hw_id, uint32_t *index)
{
    if (hw_id >= VMM_MAX_VCPUS)
        return false;
    *index = (uint32_t)hw_id;
    return true;
}

void vmm_arch_cpu_up_result(struct vcpu *v, enum vmm_cpu_on_result result)
{
    int64_t err = result == VMM_CPU_ON_OK           ? RISCV_SBI_SUCCESS
                  : result == VMM_CPU_ON_ALREADY_ON ? SBI_ERR_ALREADY_AVAILABLE
                                                    : RISCV_SBI_ERR_INVALID_PARAM;
    vcpu_set_gpr(v, REG_A0, (uint64_t)err);
}

/* Sets the SBI return pair: a0 = error, a1 = value. */
static void sbi_return(struct vcpu *v, int64_t err, uint64_t value)
{
    vcpu_set_gpr(v, REG_A0, (uint64_t)err);
    vcpu_set_return_value(v, value);
}

static void dbcn_write(struct vmm_vm *vm, struct vmm_vcpu *vv, const uint64_t *a)
{
    uint64_t len = a[0] < DBCN_MAX_WRITE ? a[0] : DBCN_MAX_WRITE;
    const char *text = vmm_guest_memory(vm, a[1], len); /* a2 (high bits) is 0 on RV64 */
    if (a[2] != 0 || (text == NULL && len != 0)) {
        sbi_return(&vv->vcpu, RISCV_SBI_ERR_INVALID_PARAM, 0);
        return;
    }
    for (uint64_t i = 0; i < len; i++)
        vmm_console_putc(vv, text[i]);
    sbi_return(&vv->vcpu, RISCV_SBI_SUCCESS, len);
}

enum vmm_hypercall_result vmm_arch_hypercall(struct vmm_vm *vm, struct vmm_vcpu *vv,
                                             const struct vcpu_exit *exit)
{
    uint64_t nr = exit->hypercall.nr;
    const uint64_t *a = exit->hypercall.args;
    if ((nr >> 63) == 0)
        return VMM_HYPERCALL_UNHANDLED; /* the project's hypercall extension */
    uint64_t eid = RISCV_SBI_FOREIGN_EID(nr), fid = RISCV_SBI_FOREIGN_FID(nr);
    if (eid == SBI_EXT_LEGACY_PUTCHAR) {
        vmm_console_putc(vv, (char)(a[0] & 0xff));
        vcpu_set_gpr(&vv->vcpu, REG_A0, 0);
        return VMM_HYPERCALL_DONE;
    }
    if (eid != SBI_EXT_DBCN)
        return VMM_HYPERCALL_DONE; /* the backend preset a0 = NOT_SUPPORTED */
    switch (fid) {
    case DBCN_WRITE:
        dbcn_write(vm, vv, a);
        break;
    case DBCN_READ: /* no input: zero bytes read */
        sbi_return(&vv->vcpu, RISCV_SBI_SUCCESS, 0);
        break;
    case DBCN_WRITE_BYTE:
        vmm_console_putc(vv, (char)(a[0] & 0xff));
        sbi_return(&vv->vcpu, RISCV_SBI_SUCCESS, 0);
        break;
    default:
        sbi_return(&vv->vcpu, RISCV_SBI_ERR_NOT_SUPPORTED, 0);
        break;
    }
    return VMM_HYPERCALL_DONE;
}

void vmm_arch_send_ipi(struct vmm_vm *vm, struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    uint64_t mask = exit->send_ipi.target_cpu, base = exit->send_ipi.target_cpu_aux;
    for (uint32_t i = 0; i < vm->vcpu_count; i++) {
        bool target = exit->send_ipi.send_to_all ||
                      (i >= base && i - base < 64 && ((mask >> (i - base)) & 1) != 0);
        if (target && vmm_cpu_power(vm, i) == VMM_POWER_ON)
            vcpu_inject_interrupt(&vm->vcpus[i].vcpu, VSSIP_VECTOR);
    }
    vcpu_set_gpr(&vv->vcpu, REG_A0, RISCV_SBI_SUCCESS);
}
