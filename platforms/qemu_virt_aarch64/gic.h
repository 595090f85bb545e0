/* GICv2 of QEMU virt: distributor and CPU interface, for host interrupts. */
#ifndef QEMU_VIRT_AARCH64_GIC_H
#define QEMU_VIRT_AARCH64_GIC_H

#include <stdint.h>

#define GICD_BASE 0x08000000ul
#define GICC_BASE 0x08010000ul

/* Enables the distributor (CPU 0, once). */
void gic_init_distributor(void);

/* Enables the calling CPU's interface and its timer interrupt. */
void gic_init_cpu(void);

/* Enables interrupt `id` (banked per CPU for ids < 32). */
void gic_enable(uint32_t id);

/* Acknowledges the highest-priority pending interrupt and returns its id
 * (1023: none); gic_end() completes it. Calling CPU only. */
uint32_t gic_ack(void);
void gic_end(uint32_t iar);

/* Sends software-generated interrupt `sgi` (0..15) to the CPU interface
 * number `cpu` (= MPIDR.Aff0 on QEMU virt). Any CPU. */
void gic_send_sgi(uint32_t cpu, uint32_t sgi);

/* The SGI of vcpu_host_kick_cpu(): the host owns it; its handler only
 * acknowledges it. */
#define GIC_KICK_SGI 1u

#endif
