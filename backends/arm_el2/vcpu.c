/* vCPU hooks of the arch contract other than running: init, setup, bind,
 * registers and read completion. */
#include <vcpu/arch.h>
#include <vcpu/arm_el2.h>

#include "el1_state.h"
#include "fpsimd.h"
#include "gic_virt.h"
#include "sysreg.h"

#define DEFAULT_VTCR 0x80003560ul /* RES1, 4 KiB, inner shareable WB, SL0=1, T0SZ=32 */
#define DEFAULT_GICH 0x08030000ul
#define DEFAULT_GICC 0x08010000ul
#define SPSR_EL1H_DAIF_MASKED 0x3c5ul
#define MPIDR_AFFINITY_MASK 0xff00fffffful

int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    *a = (struct vcpu_arch){0};
    uint64_t affinity = cfg != NULL && cfg->mpidr != 0 ? cfg->mpidr : v->id;
    a->vmpidr = (1ul << 31) | (affinity & 0xff00ffffffull);
    a->gich_base = DEFAULT_GICH;
    a->gicc_base = DEFAULT_GICC;
    a->vtcr = DEFAULT_VTCR;
    a->regs.spsr = SPSR_EL1H_DAIF_MASKED;
    arm_el2_el1_reset(a->el1);
    return VCPU_OK;
}

uint64_t vcpu_arch_hw_id(const struct vcpu *v)
{
    return v->arch.vmpidr & MPIDR_AFFINITY_MASK; /* what PSCI calls name it by */
}

int vcpu_arch_setup(struct vcpu *v, vcpu_gpa_t entry, vcpu_hpa_t npt_root,
                    const struct vcpu_setup_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    if ((npt_root & 0xfff) != 0)
        return VCPU_ERR_INVALID_ARG;
    a->regs.pc = entry;
    a->root = npt_root; /* the VMID is the running CPU's choice (vmid.c) */
    a->hcr = HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TWI | HCR_TWE | HCR_TSC |
             HCR_TACR | HCR_RW;
    /* PMU, debug, OS-lock and debug-ROM registers trap to EL2 (SYSREG
     * exits): they are per CPU, not per guest, and are not switched. */
    a->mdcr = MDCR_TPM | MDCR_TPMCR | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA;
    if (cfg != NULL) {
        if (cfg->pmu_passthrough)
            a->mdcr &= ~(MDCR_TPM | MDCR_TPMCR);
        a->regs.x[0] = cfg->x0;
        if (cfg->vtcr != 0)
            a->vtcr = cfg->vtcr;
        if (cfg->gich_base != 0)
            a->gich_base = cfg->gich_base;
        if (cfg->gicc_base != 0)
            a->gicc_base = cfg->gicc_base;
    }
    a->flush_stage2 = 1;
    return VCPU_OK;
}

int vcpu_arch_set_entry(struct vcpu *v, vcpu_gpa_t entry)
{
    v->arch.regs.pc = entry;
    return VCPU_OK;
}

int vcpu_arch_bind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)ap; /* EL1 state is loaded lazily, at the first run */
    v->arch.flush_stage2 = 1;
    return VCPU_OK;
}

int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    if (ap->loaded == v) {
        arm_el2_el1_save(v->arch.el1);
        /* Its virtual timer must not fire on whatever runs here next. */
        WRITE_SYSREG(cntv_ctl_el0, 0);
        isb();
        ap->loaded = NULL;
        v->arch.el1_loaded = 0;
    }
    if (ap->fp_owner == v) {
        WRITE_SYSREG(cptr_el2, CPTR_RES1 | CPTR_TTA);
        isb();
        arm_el2_fpsimd_save(&v->arch.fp);
        ap->fp_owner = NULL;
        v->arch.fp_loaded = 0;
    }
    return VCPU_OK;
}

int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger)
{
    (void)trigger; /* always EDGE: VCPU_ARCH_TRIGGER_LEVEL is 0 */
    return arm_el2_gic_queue(&v->arch, vector);
}

uint64_t vcpu_arch_get_gpr(const struct vcpu *v, unsigned idx)
{
    return v->arch.regs.x[idx];
}

void vcpu_arch_set_gpr(struct vcpu *v, unsigned idx, uint64_t val)
{
    v->arch.regs.x[idx] = val;
}

int vcpu_arch_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value)
{
    uint32_t reg;
    uint64_t extended;
    /* IO_READ is refused there too: no port I/O on ARM. */
    int rc = vcpu_core_read_destination(exit, value, &reg, &extended);
    if (rc != VCPU_OK)
        return rc;
    if (reg > 31)
        return VCPU_ERR_INVALID_ARG;
    if (reg < 31) /* register 31 is XZR: the value is discarded */
        v->arch.regs.x[reg] = extended;
    return VCPU_OK;
}
