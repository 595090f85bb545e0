/* Interrupt injection through the GICv2 virtual interface list registers. */
#ifndef ARM_EL2_GIC_VIRT_H
#define ARM_EL2_GIC_VIRT_H

#include <vcpu/vcpu.h>

/* Number of list registers the hardware has (at most ARM_EL2_MAX_LRS). */
uint32_t arm_el2_gic_lr_count(uint64_t gich_base);

/* Puts `vector` into a free list register of the saved state of `a`; returns
 * VCPU_OK or VCPU_ERR_BUSY when every list register is in use. */
int arm_el2_gic_queue(struct vcpu_arch *a, uint32_t vector);

/* Loads the saved virtual-interface state of `a` into the calling CPU's
 * GICH before entry, and saves it back (disabling the interface) after exit. */
void arm_el2_gic_load(const struct vcpu_arch *a);
void arm_el2_gic_save(struct vcpu_arch *a);

/* The id of the highest-priority pending physical interrupt on this CPU,
 * read without acknowledging it (1023: none). */
uint32_t arm_el2_gic_pending_irq(uint64_t gicc_base);

#endif
