/* GICv2 virtual interface (GICH): list registers per vCPU. */
#include "gic_virt.h"

#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_APR 0x0f0
#define GICH_LR0 0x100
#define GICC_HPPIR 0x018

#define LR_STATE_MASK (3u << 28)
#define LR_STATE_PENDING (1u << 28)
#define LR_PRIORITY (0xa0u >> 3 << 23)

static volatile uint32_t *reg(uint64_t base, unsigned offset)
{
    return (volatile uint32_t *)(uintptr_t)(base + offset);
}

uint32_t arm_el2_gic_lr_count(uint64_t gich_base)
{
    uint32_t n = (*reg(gich_base, GICH_VTR) & 0x3f) + 1;
    return n < ARM_EL2_MAX_LRS ? n : ARM_EL2_MAX_LRS;
}

int arm_el2_gic_queue(struct vcpu_arch *a, uint32_t vector)
{
    uint32_t n = arm_el2_gic_lr_count(a->gich_base);
    for (uint32_t i = 0; i < n; i++) {
        if ((a->lr[i] & LR_STATE_MASK) == 0) {
            a->lr[i] = LR_STATE_PENDING | LR_PRIORITY | (vector & 0x3ff);
            return VCPU_OK;
        }
    }
    return VCPU_ERR_BUSY;
}

void arm_el2_gic_load(const struct vcpu_arch *a)
{
    uint32_t n = arm_el2_gic_lr_count(a->gich_base);
    for (uint32_t i = 0; i < n; i++)
        *reg(a->gich_base, GICH_LR0 + 4 * i) = a->lr[i];
    *reg(a->gich_base, GICH_VMCR) = a->gich_vmcr;
    *reg(a->gich_base, GICH_APR) = a->gich_apr;
    *reg(a->gich_base, GICH_HCR) = 1;
}

void arm_el2_gic_save(struct vcpu_arch *a)
{
    uint32_t n = arm_el2_gic_lr_count(a->gich_base);
    for (uint32_t i = 0; i < n; i++)
        a->lr[i] = *reg(a->gich_base, GICH_LR0 + 4 * i);
    a->gich_vmcr = *reg(a->gich_base, GICH_VMCR);
    a->gich_apr = *reg(a->gich_base, GICH_APR);
    *reg(a->gich_base, GICH_HCR) = 0;
}

uint32_t arm_el2_gic_pending_irq(uint64_t gicc_base)
{
    return *reg(gicc_base, GICC_HPPIR) & 0x3ff;
}
