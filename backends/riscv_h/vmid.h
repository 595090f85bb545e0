/* The VMID allocation decision, pure and host-testable: which VMID a vCPU
 * runs with on a CPU, and when the CPU must flush its G-stage TLB. */
#ifndef RISCV_H_VMID_H
#define RISCV_H_VMID_H

#include <vcpu_backend/state.h>

#include <stdbool.h>

/* The largest VMIDLEN (hgatp.VMID is 14 bits on RV64). */
#define RISCV_H_VMID_MAX_BITS 14u

/* Gives `tag` (a vCPU's) a VMID valid on CPU `cpu` whose allocator is `c`,
 * keeping the one it has when it was allocated on this CPU in the current
 * generation. `owner` identifies the vCPU (used when VMIDLEN is 0: every
 * vCPU then shares VMID 0 and a change of owner needs a flush). Returns true
 * if the caller must execute HFENCE.GVMA (all VMIDs) before entering the
 * guest: a new generation started, or VMID 0 changes owner. Two vCPUs never
 * hold the same VMID on one CPU within a generation. Pure; the owning CPU. */
bool riscv_h_vmid_assign(struct riscv_h_vmid_cpu *c, uint32_t cpu, struct riscv_h_vmid_tag *tag,
                         const void *owner);

/* VMIDLEN from the value hgatp reads back after writing all-ones to its VMID
 * field (bits 57:44): the number of low VMID bits that stuck. Pure. */
uint32_t riscv_h_vmid_bits(uint64_t hgatp_readback);

#endif
