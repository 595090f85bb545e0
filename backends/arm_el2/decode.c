/* Pure decoding of ESR_EL2 syndromes and PSCI calls (see decode.h). */
#include "decode.h"

#include <vcpu/arm_el2.h>

/* Data abort ISS fields. */
#define ISS_ISV (1u << 24)
#define ISS_SAS_SHIFT 22
#define ISS_SSE (1u << 21)
#define ISS_SRT_SHIFT 16
#define ISS_SF (1u << 15)
#define ISS_WNR (1u << 6)
#define ISS_FSC_MASK 0x3fu
/* Fault status code groups (low two bits are the level). */
#define FSC_TRANSLATION 0x04u
#define FSC_ACCESS_FLAG 0x08u
#define FSC_PERMISSION 0x0cu
/* MSR/MRS ISS: Op0/Op2/Op1/CRn/CRm keep their places, Rt and the direction
 * are taken out to form the register's address. */
#define SYSREG_ADDR_MASK 0x3ffc1eu
#define SYSREG_RT_SHIFT 5
#define SYSREG_READ 1u

/* Guest register `idx` as an operand: index 31 is XZR. */
static uint64_t gpr_or_zero(const struct arm_el2_trap *t, uint32_t idx)
{
    return idx < 31 ? t->x[idx] : 0;
}

static uint64_t truncate(uint64_t v, enum vcpu_access_width w)
{
    unsigned bits = 8u << w;
    return bits >= 64 ? v : v & ((UINT64_C(1) << bits) - 1);
}

uint64_t arm_el2_fault_ipa(uint64_t far, uint64_t hpfar)
{
    return ((hpfar >> 4) & ((UINT64_C(1) << 40) - 1)) << 12 | (far & 0xfff);
}

static void start_exit(const struct arm_el2_trap *t, struct vcpu_exit *exit,
                       enum vcpu_exit_reason reason)
{
    *exit = (struct vcpu_exit){.reason = reason};
    exit->raw.arch = VCPU_ARCH_ARM64;
    exit->raw.arm64.esr = t->esr;
    exit->raw.arm64.far = t->far;
    exit->raw.arm64.hpfar = t->hpfar;
}

static enum arm_el2_pc_step decode_data_abort(const struct arm_el2_trap *t, struct vcpu_exit *exit)
{
    uint32_t iss = (uint32_t)(t->esr & 0x1ffffff);
    uint32_t fsc_group = iss & ISS_FSC_MASK & ~3u;
    uint64_t ipa = arm_el2_fault_ipa(t->far, t->hpfar);
    bool write = (iss & ISS_WNR) != 0;
    bool mmio_fault = fsc_group == FSC_TRANSLATION || fsc_group == FSC_ACCESS_FLAG;
    if ((iss & ISS_ISV) && mmio_fault) {
        enum vcpu_access_width width = (enum vcpu_access_width)((iss >> ISS_SAS_SHIFT) & 3);
        uint32_t reg = (iss >> ISS_SRT_SHIFT) & 0x1f;
        if (write) {
            start_exit(t, exit, VCPU_EXIT_MMIO_WRITE);
            exit->mmio_write.addr = ipa;
            exit->mmio_write.width = width;
            exit->mmio_write.data = truncate(gpr_or_zero(t, reg), width);
        } else {
            start_exit(t, exit, VCPU_EXIT_MMIO_READ);
            exit->mmio_read.addr = ipa;
            exit->mmio_read.width = width;
            exit->mmio_read.reg = reg;
            exit->mmio_read.signed_ext = (iss & ISS_SSE) != 0;
            exit->mmio_read.reg_width = (iss & ISS_SF) ? VCPU_WIDTH_64 : VCPU_WIDTH_32;
        }
        return ARM_EL2_PC_ADVANCE;
    }
    if (mmio_fault || fsc_group == FSC_PERMISSION) {
        start_exit(t, exit, VCPU_EXIT_NESTED_PAGE_FAULT);
        exit->nested_page_fault.addr = ipa;
        exit->nested_page_fault.access_flags = write ? VCPU_MAP_WRITE : VCPU_MAP_READ;
        return ARM_EL2_PC_KEEP;
    }
    /* Alignment, external aborts, TLB conflicts...: not for the VMM to fix. */
    start_exit(t, exit, VCPU_EXIT_UNKNOWN);
    return ARM_EL2_PC_KEEP;
}

enum arm_el2_pc_step arm_el2_decode_sync(const struct arm_el2_trap *t, struct vcpu_exit *exit)
{
    uint32_t iss = (uint32_t)(t->esr & 0x1ffffff);
    switch (arm_el2_esr_ec(t->esr)) {
    case ESR_EC_WFX:
        start_exit(t, exit, VCPU_EXIT_HALT);
        return ARM_EL2_PC_ADVANCE;
    case ESR_EC_HVC64:
        /* ELR_EL2 already points past the HVC. */
        start_exit(t, exit, VCPU_EXIT_HYPERCALL);
        exit->hypercall.nr = t->x[0];
        for (int i = 0; i < 6; i++)
            exit->hypercall.args[i] = t->x[i + 1];
        return ARM_EL2_PC_KEEP;
    case ESR_EC_SYSREG: {
        uint32_t rt = (iss >> SYSREG_RT_SHIFT) & 0x1f;
        if (iss & SYSREG_READ) {
            start_exit(t, exit, VCPU_EXIT_SYSREG_READ);
            exit->sysreg_read.addr = iss & SYSREG_ADDR_MASK;
            exit->sysreg_read.reg = rt;
        } else {
            start_exit(t, exit, VCPU_EXIT_SYSREG_WRITE);
            exit->sysreg_write.addr = iss & SYSREG_ADDR_MASK;
            exit->sysreg_write.value = gpr_or_zero(t, rt);
        }
        return ARM_EL2_PC_ADVANCE;
    }
    case ESR_EC_DABT_LOW:
        return decode_data_abort(t, exit);
    case ESR_EC_IABT_LOW: {
        uint32_t fsc_group = iss & ISS_FSC_MASK & ~3u;
        if (fsc_group == FSC_TRANSLATION || fsc_group == FSC_ACCESS_FLAG ||
            fsc_group == FSC_PERMISSION) {
            start_exit(t, exit, VCPU_EXIT_NESTED_PAGE_FAULT);
            exit->nested_page_fault.addr = arm_el2_fault_ipa(t->far, t->hpfar);
            exit->nested_page_fault.access_flags = VCPU_MAP_EXECUTE;
        } else {
            start_exit(t, exit, VCPU_EXIT_UNKNOWN);
        }
        return ARM_EL2_PC_KEEP;
    }
    default:
        /* Undecoded: the PC stays at the instruction, for the VMM to skip
         * (vcpu_set_reg) or fault (vcpu_inject_fault). */
        start_exit(t, exit, VCPU_EXIT_UNKNOWN);
        return ARM_EL2_PC_KEEP;
    }
}

static bool psci_function_known(uint64_t fid)
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

enum arm_el2_psci_action arm_el2_decode_smc(const struct arm_el2_trap *t, struct vcpu_exit *exit,
                                            uint64_t *ret)
{
    uint64_t fid = t->x[0] & 0xffffffffu;
    bool smc32 = (fid & 0x40000000u) == 0;
    uint64_t arg_mask = smc32 ? 0xffffffffu : ~UINT64_C(0);
    start_exit(t, exit, VCPU_EXIT_NOTHING);
    *ret = (uint64_t)ARM_PSCI_SUCCESS;
    switch (fid) {
    case ARM_PSCI_VERSION:
        *ret = 0x10000; /* PSCI 1.0 */
        return ARM_EL2_PSCI_RETURN;
    case ARM_PSCI_FEATURES:
        *ret = psci_function_known(t->x[1] & 0xffffffffu)
                   ? (uint64_t)ARM_PSCI_SUCCESS
                   : (uint64_t)(int64_t)ARM_PSCI_NOT_SUPPORTED;
        return ARM_EL2_PSCI_RETURN;
    case ARM_PSCI_CPU_ON_32:
    case ARM_PSCI_CPU_ON_64:
        exit->reason = VCPU_EXIT_CPU_UP;
        exit->cpu_up.target_cpu = t->x[1] & arg_mask;
        exit->cpu_up.entry_point = t->x[2] & arg_mask;
        exit->cpu_up.arg = t->x[3] & arg_mask;
        return ARM_EL2_PSCI_EXIT;
    case ARM_PSCI_CPU_OFF:
        exit->reason = VCPU_EXIT_CPU_DOWN;
        exit->cpu_down.state = 0;
        return ARM_EL2_PSCI_EXIT;
    case ARM_PSCI_SYSTEM_OFF:
        exit->reason = VCPU_EXIT_SYSTEM_DOWN;
        exit->system_down.kind = VCPU_SYSTEM_POWEROFF;
        return ARM_EL2_PSCI_EXIT;
    case ARM_PSCI_SYSTEM_RESET:
        exit->reason = VCPU_EXIT_SYSTEM_DOWN;
        exit->system_down.kind = VCPU_SYSTEM_RESET;
        return ARM_EL2_PSCI_EXIT;
    case ARM_PSCI_AFFINITY_INFO_32:
    case ARM_PSCI_AFFINITY_INFO_64:
        return ARM_EL2_PSCI_AFFINITY_INFO;
    default:
        exit->reason = VCPU_EXIT_UNKNOWN;
        *ret = (uint64_t)(int64_t)ARM_PSCI_NOT_SUPPORTED;
        return ARM_EL2_PSCI_EXIT;
    }
}
