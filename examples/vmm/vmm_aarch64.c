/* The aarch64 part of the VMM: firmware boot registers and PSCI 1.0 over HVC
 * (the backend already answers PSCI over SMC and turns CPU_ON, CPU_OFF and
 * SYSTEM_OFF/RESET into exits). vCPU n has MPIDR affinity n (Aff0). */
#include "examples/vmm/vmm_arch.h"

#include <vcpu/arm_el2.h>

#define PSCI_RANGE_MASK 0xbfffffe0u /* SMC32 and SMC64 standard service 0x00-0x1f */
#define PSCI_RANGE_BASE 0x84000000u
#define PSCI_ALREADY_ON (-4)
#define AFFINITY_ON 0
#define AFFINITY_OFF 1
#define AFFINITY_ON_PENDING 2
#define MPIDR_AFFINITY_MASK 0xff00ffffffull

const char vmm_arch_machine[] = "QEMU virt (aarch64)";
const char vmm_arch_backend[] = "arm_el2";

const struct vcpu_setup_config *vmm_arch_setup_config(void)
{
    return NULL;
}

void vmm_arch_start_regs(struct vcpu *v, uint64_t arg)
{
    vcpu_set_gpr(v, 0, arg);
}

bool vmm_arch_cpu_index(uint64_t hw_id, uint32_t *index)
{
    hw_id &= MPIDR_AFFINITY_MASK;
    if (hw_id >= VMM_MAX_VCPUS)
        return false;
    *index = (uint32_t)hw_id;
    return true;
}

static uint64_t psci_code(enum vmm_cpu_on_result r)
{
    switch (r) {
    case VMM_CPU_ON_OK:
        return ARM_PSCI_SUCCESS;
    case VMM_CPU_ON_ALREADY_ON:
        return (uint64_t)(int64_t)PSCI_ALREADY_ON;
    default:
        return (uint64_t)(int64_t)ARM_PSCI_INVALID_PARAMETERS;
    }
}

void vmm_arch_cpu_up_result(struct vcpu *v, enum vmm_cpu_on_result result)
{
    vcpu_set_return_value(v, psci_code(result));
}

static bool psci_implemented(uint64_t fid)
{
    switch (fid) {
    case ARM_PSCI_VERSION:
    case ARM_PSCI_CPU_OFF:
    case ARM_PSCI_CPU_ON_32:
    case ARM_PSCI_CPU_ON_64:
    case ARM_PSCI_AFFINITY_INFO_32:
    case ARM_PSCI_AFFINITY_INFO_64:
    case ARM_PSCI_SYSTEM_OFF:
    case ARM_PSCI_SYSTEM_RESET:
    case ARM_PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

static uint64_t affinity_info(struct vmm_vm *vm, uint64_t target, uint64_t level)
{
    uint32_t index;
    if (level != 0 || !vmm_arch_cpu_index(target, &index) || vmm_cpu_power(vm, index) < 0)
        return (uint64_t)(int64_t)ARM_PSCI_INVALID_PARAMETERS;
    switch (vmm_cpu_power(vm, index)) {
    case VMM_POWER_ON:
        return AFFINITY_ON;
    case VMM_POWER_STARTING:
        return AFFINITY_ON_PENDING;
    default:
        return AFFINITY_OFF;
    }
}

enum vmm_hypercall_result vmm_arch_hypercall(struct vmm_vm *vm, struct vmm_vcpu *vv,
                                             const struct vcpu_exit *exit)
{
    uint64_t fid = exit->hypercall.nr;
    const uint64_t *a = exit->hypercall.args;
    bool smc32 = (fid & 0x40000000u) == 0;
    uint64_t mask = smc32 ? 0xffffffffu : ~0ull;
    uint64_t ret;
    if (fid > 0xffffffffu || (fid & PSCI_RANGE_MASK) != PSCI_RANGE_BASE)
        return VMM_HYPERCALL_UNHANDLED;
    switch (fid) {
    case ARM_PSCI_VERSION:
        ret = 0x10000; /* 1.0 */
        break;
    case ARM_PSCI_FEATURES:
        ret = psci_implemented(a[0] & 0xffffffffu) ? ARM_PSCI_SUCCESS
                                                   : (uint64_t)(int64_t)ARM_PSCI_NOT_SUPPORTED;
        break;
    case ARM_PSCI_CPU_ON_32:
    case ARM_PSCI_CPU_ON_64: {
        uint32_t index;
        enum vmm_cpu_on_result r = VMM_CPU_ON_INVALID;
        if (vmm_arch_cpu_index(a[0] & mask, &index))
            r = vmm_cpu_on(vm, index, a[1] & mask, a[2] & mask);
        ret = psci_code(r);
        break;
    }
    case ARM_PSCI_CPU_OFF:
        return VMM_HYPERCALL_CPU_OFF;
    case ARM_PSCI_AFFINITY_INFO_32:
    case ARM_PSCI_AFFINITY_INFO_64:
        ret = affinity_info(vm, a[0] & mask, a[1] & mask);
        break;
    case ARM_PSCI_SYSTEM_OFF:
        vmm_shutdown(vm, VMM_STATUS_POWEROFF, "the guest powered off (PSCI SYSTEM_OFF)");
    case ARM_PSCI_SYSTEM_RESET:
        vmm_shutdown(vm, VMM_STATUS_RESET,
                     "the guest asked for a reset (PSCI SYSTEM_RESET); stopping instead");
    default:
        ret = (uint64_t)(int64_t)ARM_PSCI_NOT_SUPPORTED;
        break;
    }
    vcpu_set_return_value(&vv->vcpu, ret);
    return VMM_HYPERCALL_DONE;
}

void vmm_arch_send_ipi(struct vmm_vm *vm, struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    (void)vv;
    (void)exit;
    (void)vm; /* GICv2 SGIs go through the distributor, which this VMM does not emulate */
}
