/* The x86_64 part of the VMM (both x86 backends; their names are in
 * vmm_x86_64_<backend>.c): vCPUs start in 64-bit mode on the
 * host's page tables and GDT (the guest is code of this image); CPU_ON is
 * INIT-SIPI through the x2APIC, whose start address is all the guest gives
 * (a start block travels in guest memory); poweroff is the ACPI PM1a port
 * the backend watches. vCPU n has APIC id n. */
#include "examples/vmm/vmm_arch.h"

#include <vcpu/x86.h>

const struct vcpu_setup_config *vmm_arch_setup_config(void)
{
    static struct vcpu_setup_config cfg;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr;
    uint64_t cr3;
    __asm__ volatile("sgdt %0; mov %%cr3, %1" : "=m"(gdtr), "=r"(cr3));
    cfg.long_mode = true;
    cfg.cr3 = cr3;
    cfg.gdtr_base = gdtr.base;
    cfg.gdtr_limit = gdtr.limit;
    return &cfg;
}

void vmm_arch_start_regs(struct vcpu *v, uint64_t arg)
{
    (void)v; /* INIT-SIPI passes nothing but the start address */
    (void)arg;
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
    (void)v; /* an ICR write has no result: a SIPI to a busy CPU is dropped */
    (void)result;
}

enum vmm_hypercall_result vmm_arch_hypercall(struct vmm_vm *vm, struct vmm_vcpu *vv,
                                             const struct vcpu_exit *exit)
{
    (void)vm; /* no firmware calls over VMMCALL */
    (void)vv;
    (void)exit;
    return VMM_HYPERCALL_UNHANDLED;
}

void vmm_arch_send_ipi(struct vmm_vm *vm, struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    for (uint32_t i = 0; i < vm->vcpu_count; i++) {
        bool target = exit->send_ipi.send_to_all ? (i != vv->index || exit->send_ipi.send_to_self)
                      : exit->send_ipi.send_to_self ? i == vv->index
                                                    : i == exit->send_ipi.target_cpu;
        if (target && vmm_cpu_power(vm, i) == VMM_POWER_ON)
            vcpu_inject_interrupt(&vm->vcpus[i].vcpu, (uint32_t)exit->send_ipi.vector);
    }
}
