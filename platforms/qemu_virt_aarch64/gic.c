/* GICv2 host side: just enough to take the host timer interrupt at EL2. */
#include "gic.h"

#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_SGIR 0xf00
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

static volatile uint32_t *gicd(unsigned off)
{
    return (volatile uint32_t *)(GICD_BASE + off);
}

static volatile uint32_t *gicc(unsigned off)
{
    return (volatile uint32_t *)(GICC_BASE + off);
}

void gic_init_distributor(void)
{
    *gicd(GICD_CTLR) = 1;
}

void gic_enable(uint32_t id)
{
    volatile uint8_t *prio = (volatile uint8_t *)(GICD_BASE + GICD_IPRIORITYR);
    prio[id] = 0xa0;
    *gicd(GICD_ISENABLER + 4 * (id / 32)) = 1u << (id % 32);
}

void gic_init_cpu(void)
{
    *gicc(GICC_PMR) = 0xff;
    *gicc(GICC_CTLR) = 1;
}

uint32_t gic_ack(void)
{
    return *gicc(GICC_IAR);
}

void gic_end(uint32_t iar)
{
    *gicc(GICC_EOIR) = iar;
}

void gic_send_sgi(uint32_t cpu, uint32_t sgi)
{
    __asm__ volatile("dsb ish" ::: "memory");
    *gicd(GICD_SGIR) = (1u << (16 + cpu)) | (sgi & 0xf);
}
