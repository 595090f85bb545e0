/* x86-only guest calls: port I/O, MSRs, the raw hypercall instruction. */
#ifndef LIB_GUEST_GUEST_X86_64_H
#define LIB_GUEST_GUEST_X86_64_H

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

#endif
