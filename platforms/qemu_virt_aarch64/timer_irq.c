/* Host interrupts at EL2: the hypervisor timer (CNTHP, PPI 10 = id 26) and
 * the handler hook. Physical IRQs reach EL2 only with HCR_EL2.IMO set, so
 * enabling interrupts sets it. */
#include <board/board.h>
#include <vcpu/host.h>

#include "gic.h"

#define HYP_TIMER_IRQ 26u
#define HCR_EL2_IMO (1ul << 4)

static void (*irq_handler)(uint32_t irq);

void board_set_irq_handler(void (*handler)(uint32_t irq))
{
    irq_handler = handler;
}

void board_irq_enable(void)
{
    uint64_t hcr;
    __asm__ volatile("mrs %0, hcr_el2" : "=r"(hcr));
    __asm__ volatile("msr hcr_el2, %0; isb; msr daifclr, #2" : : "r"(hcr | HCR_EL2_IMO));
}

void board_irq_disable(void)
{
    __asm__ volatile("msr daifset, #2; isb");
}

void board_timer_arm(uint64_t ticks)
{
    __asm__ volatile("msr cnthp_tval_el2, %0; msr cnthp_ctl_el2, %1; isb" : : "r"(ticks), "r"(1ul));
}

void board_timer_stop(void)
{
    __asm__ volatile("msr cnthp_ctl_el2, %0; isb" : : "r"(0ul));
}

uint32_t board_timer_irq(void)
{
    return HYP_TIMER_IRQ;
}

/* Called from the EL2 IRQ vector with interrupts masked. */
void board_el2_irq(void)
{
    uint32_t iar = gic_ack();
    uint32_t id = iar & 0x3ff;
    if (id >= 1020)
        return;
    if (id == HYP_TIMER_IRQ)
        board_timer_stop();
    /* A kick's SGI only had to make a vCPU exit: acknowledging it is all. */
    if (id != GIC_KICK_SGI && irq_handler != NULL)
        irq_handler(id);
    gic_end(iar);
}

/* The ARM EL2 backend's host hook: host IRQs at EL2 while its vectors are
 * installed (see <vcpu/arm_el2.h>). */
void vcpu_arm_el2_host_irq(void)
{
    board_el2_irq();
}

/* The host hook of vcpu_kick(): an SGI to `cpu`, which takes a guest running
 * there out to EL2 (HCR_EL2.IMO) or stays pending until the host unmasks. */
void vcpu_host_kick_cpu(uint32_t cpu)
{
    if (cpu < BOARD_MAX_CPUS)
        gic_send_sgi(cpu, GIC_KICK_SGI);
}
