/* Guest code that misbehaves in ISA-specific ways (misbehave_<arch>.c), for
 * the portable cases in misbehave_cases.c. Runs in the guest. */
#ifndef TESTING_ADVERSARIAL_MISBEHAVE_H
#define TESTING_ADVERSARIAL_MISBEHAVE_H

#include <stdint.h>

/* Executes an undefined instruction (UDF, c.unimp, UD2). */
void misbehave_undefined_instruction(void);

/* Executes an instruction the guest's privilege level may not use (an EL2
 * register write on ARM, an H-extension CSR write on RISC-V, VMRUN on x86). */
void misbehave_privileged_instruction(void);

/* Takes an exception after making its own exception handling impossible:
 * vectors at `unmapped` (ARM VBAR_EL1, RISC-V stvec), or an empty IDT on x86
 * (a triple fault). */
void misbehave_fatal_exception(uint64_t unmapped);

/* Accesses `mmio` (unmapped) with an instruction the backends do not emulate
 * (a load pair, an atomic read-modify-write, an ADD to memory). */
void misbehave_undecodable_mmio(uint64_t mmio);

/* Loads from an address no guest can have: non-canonical on x86, beyond the
 * physical address space on ARM and RISC-V. */
void misbehave_wild_address(void);

#endif
