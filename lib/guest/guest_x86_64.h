/* x86-only guest calls: port I/O, MSRs, the raw hypercall instruction. */
#ifndef LIB_GUEST_GUEST_X86_64_H
#define LIB_GUEST_GUEST_X86_64_H

#include <stdbool.h>
#include <stdint.h>

/* Port I/O of each width (IN/OUT with the port in DX). */
void guest_outb(uint16_t port, uint8_t v);
void guest_outw(uint16_t port, uint16_t v);
void guest_outl(uint16_t port, uint32_t v);
uint8_t guest_inb(uint16_t port);
uint16_t guest_inw(uint16_t port);
uint32_t guest_inl(uint16_t port);

/* RDMSR / WRMSR of any MSR (EDX:EAX). */
uint64_t guest_rdmsr(uint32_t msr);
void guest_wrmsr(uint32_t msr, uint64_t value);

/* The 3 bytes of the backend's hypercall instruction (VMMCALL 0f 01 d9 on
 * SVM, VMCALL 0f 01 c1 on VMX), for guest code copied into memory as bytes,
 * e.g. a real-mode snippet. */
extern const uint8_t guest_x86_hypercall_insn[3];

/* Reads RAX after IN AL with RAX preset to `rax`: shows what IN merged. */
uint64_t guest_inb_into(uint16_t port, uint64_t rax);

/* User mode (CPL 3), for cases that act as a small guest OS. One vCPU of
 * the image at a time may use these: the tables, TSS and kernel stack they
 * set up are the guest library's own (static, in guest RAM). */

/* The guest's own GDT selectors once guest_x86_user_init() ran (the kernel
 * ones equal the host GDT's; the user ones fit SYSRET's layout). */
#define GUEST_X86_KERNEL_CS 0x08u
#define GUEST_X86_KERNEL_DS 0x10u
#define GUEST_X86_USER_DS 0x1bu /* 0x18 | RPL 3 */
#define GUEST_X86_USER_CS 0x23u /* 0x20 | RPL 3 */
#define GUEST_X86_TSS 0x28u

/* The vector of the guest's INT-n system call gate (DPL 3). */
#define GUEST_X86_SYSCALL_VECTOR 0x80u

/* Makes the calling vCPU its own small OS, at CPL 0: identity page tables
 * for the low 4 GiB with every page user-accessible, a GDT with kernel and
 * user segments and a TSS (RSP0 = a kernel stack of the library's), SYSCALL
 * enabled (EFER.SCE, STAR, LSTAR, SFMASK clears IF/TF/DF/AC) and an IDT gate
 * at GUEST_X86_SYSCALL_VECTOR that user mode may use. Run once per vCPU
 * start, after guest_arch_init() (the entry trampoline calls that). */
void guest_x86_user_init(void);

/* The guest kernel's system call handler, called at CPL 0 on the kernel
 * stack for SYSCALL (`via_int` false) and INT 0x80 (true) from user mode,
 * except number GUEST_X86_SYS_LEAVE_USER: its return value goes back to
 * user mode in RAX (by SYSRET or IRETQ). NULL (the default): returns
 * ~0. */
#define GUEST_X86_SYS_LEAVE_USER 0u
void guest_x86_set_syscall_handler(uint64_t (*handler)(uint64_t nr, uint64_t arg, bool via_int));

/* At CPL 0 after guest_x86_user_init(): runs fn(arg) at CPL 3 on the stack
 * ending at `user_stack_top` (entered by IRETQ, RFLAGS as now), until user
 * mode makes system call GUEST_X86_SYS_LEAVE_USER (either way); returns its
 * argument, back at CPL 0 on the caller's stack with the caller's RFLAGS.
 * `fn` must not return. */
uint64_t guest_x86_run_user(void (*fn)(uint64_t), uint64_t arg, uintptr_t user_stack_top);

/* From user mode: system call `nr` with `arg` by SYSCALL / by INT 0x80;
 * returns the kernel's result. */
uint64_t guest_x86_syscall(uint64_t nr, uint64_t arg);
uint64_t guest_x86_int80(uint64_t nr, uint64_t arg);

/* The current privilege level (CS.RPL): 0 in the kernel, 3 in user mode. */
uint32_t guest_x86_cpl(void);

#endif
