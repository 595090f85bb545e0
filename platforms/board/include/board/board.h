/* The portable board API: what test images and examples need from the
 * machine they boot on. Each board in platforms/<machine>/ implements it; the
 * board also provides the host hooks of <vcpu/host.h>. */
#ifndef BOARD_BOARD_H
#define BOARD_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit statuses an image reports through board_exit(). */
enum board_exit_code {
    BOARD_EXIT_PASS = 0,
    BOARD_EXIT_FAIL = 1,
    BOARD_EXIT_NO_VIRTUALIZATION = 3, /* the CPU lacks the virtualization extension */
    BOARD_EXIT_HOST_EXCEPTION = 4,    /* the hypervisor itself took an unexpected exception */
};

/* The most physical CPUs a board brings up. */
#define BOARD_MAX_CPUS 4u

/* Entry point the image provides; the board calls it on CPU 0 after bringing
 * up the console, the interrupt controller and the secondary CPUs, and exits
 * with its return value (an enum board_exit_code). */
int board_image_main(void);

/* Writes one character / `n` characters to the console. Any CPU; the output
 * of concurrent callers may interleave by character. */
void board_putc(char c);
void board_write(const char *s, size_t n);

/* Ends the emulation with `code` (BOARD_EXIT_PASS or a failure code); the
 * emulator's exit status reports it. Any CPU; never returns. */
_Noreturn void board_exit(int code);

/* Number of physical CPUs that are up, and the calling CPU's index
 * (0 .. board_cpu_count() - 1). */
uint32_t board_cpu_count(void);
uint32_t board_cpu_id(void);

/* Starts `fn(arg)` on idle secondary CPU `cpu` and returns at once. Returns
 * false (and starts nothing) if `cpu` is not a secondary that is up and idle.
 * Call from CPU 0. */
bool board_run_on_cpu(uint32_t cpu, void (*fn)(void *), void *arg);

/* Waits until the function last started on `cpu` has returned. */
void board_wait_cpu(uint32_t cpu);

/* Installs the handler the board calls, on the interrupted CPU with
 * interrupts masked, for each physical interrupt it acknowledges (NULL: the
 * board just acknowledges). `irq` is the interrupt controller's id. */
void board_set_irq_handler(void (*handler)(uint32_t irq));

/* Unmasks / masks physical interrupts on the calling CPU. */
void board_irq_enable(void);
void board_irq_disable(void);

/* Arms the calling CPU's host timer to interrupt after `ticks` timer ticks
 * (one-shot), and stops it. board_timer_irq() is the interrupt id it raises. */
void board_timer_arm(uint64_t ticks);
void board_timer_stop(void);
uint32_t board_timer_irq(void);

/* The host memory vcpu_host_alloc_pages() hands out (the hypervisor's
 * page pool: VMCS/VMCB, stage-2 tables, stacks): [*start, *end), page
 * aligned. A test VMM leaves it out of every guest's stage-2 map. Any CPU. */
void board_page_pool_range(uintptr_t *start, uintptr_t *end);

#ifdef __cplusplus
}
#endif

#endif /* BOARD_BOARD_H */
