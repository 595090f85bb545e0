/* //examples:hello: one image that holds a small VMM and the guest it runs.
 * This header is what the two sides share; the machine facts are in
 * hello_<arch>.c. */
#ifndef EXAMPLES_HELLO_HELLO_H
#define EXAMPLES_HELLO_HELLO_H

#include <stdint.h>

#include "lib/stage2/stage2.h"

struct vmm_vm;
struct vcpu;

/* Hypercalls of the hello guest. */
#define HELLO_HYPERCALL_MULTIPLY 0x68656c6cu /* "hell": returns args[0] * args[1] */
#define HELLO_HYPERCALL_JOIN 0x6a6f696eu     /* "join": returns once vCPU args[0] is off */

/* The guest's entry: runs on vCPU 0 with the stack for vCPU 1 as argument. */
void hello_guest_main(uint64_t secondary_stack_top);

/* Machine facts (hello_<arch>.c). */

/* Writes one character to the emulated UART; guest code (MMIO on ARM and
 * RISC-V, port I/O on x86). */
void hello_guest_putc(char c);
extern const char hello_firmware_call[]; /* how the guest starts a vCPU */

/* Maps the image's RAM into `s2` at the same addresses and records it in
 * `vm`, so that the guest runs the code and data of this image. */
int hello_arch_map_ram(struct stage2 *s2, struct vmm_vm *vm);

/* Adds the machine's UART model to `vm`. */
void hello_arch_add_uart(struct vmm_vm *vm);

/* Sets the registers of the guest entry trampoline (lib/guest):
 * fn, stack top and argument. */
void hello_arch_entry_regs(struct vcpu *v, uint64_t fn, uint64_t stack_top, uint64_t arg);

#endif /* EXAMPLES_HELLO_HELLO_H */
