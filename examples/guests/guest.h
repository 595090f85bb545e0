/* The minivmm test guests: small bare-metal programs, built like a
 * third-party guest (their own entry code and link address, no vcpu code),
 * that exercise every service minivmm emulates and report through the UART
 * and the firmware's shutdown call. Portable parts in report.c and dt.c, the
 * firmware and UART of each ISA in guest_<arch>.c. */
#ifndef EXAMPLES_GUESTS_GUEST_H
#define EXAMPLES_GUESTS_GUEST_H

#include <stdbool.h>
#include <stdint.h>

/* How a guest image ends (GUEST_ENDING, set per image in the BUILD file). */
#define ENDING_POWEROFF 0 /* power off: status 0 if every check passed */
#define ENDING_RESET 1    /* ask for a reset: minivmm stops with status 2 */
#define ENDING_FAILURE 2  /* report a system failure: status 1 */
#define ENDING_BAD_JUMP 3 /* jump outside guest memory: minivmm stops with status 6 */

/* Bounded waits: iterations before a wait gives up (the check then fails). */
#define GUEST_WAIT_LOOPS 20000000u

/* Console output through the emulated UART (guest_<arch>.c). */
void guest_putc(char c);
void guest_puts(const char *s);
void guest_put_hex(uint64_t v);

/* Records a check: prints "ok - what" or "FAIL - what" and counts failures. */
void guest_check(bool ok, const char *what);
unsigned guest_failures(void);

/* Checks the device tree the VMM handed over: header, the memory node, one
 * cpu@N node per vCPU, the UART. Returns the number of CPUs it describes. */
uint32_t guest_check_device_tree(const void *dtb);

/* The ISA's part: the firmware checks, given the number of CPUs (guest_<arch>.c). */
void guest_arch_checks(uint32_t cpus);

/* Firmware shutdown calls (guest_<arch>.c); none returns. */
_Noreturn void guest_arch_poweroff(void);
_Noreturn void guest_arch_reset(void);
_Noreturn void guest_arch_report_failure(void);

/* Called by the entry code on the boot CPU with the device tree. */
_Noreturn void guest_main(const void *dtb);

#endif /* EXAMPLES_GUESTS_GUEST_H */
