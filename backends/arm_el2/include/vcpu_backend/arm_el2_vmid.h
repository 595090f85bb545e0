/* Per-CPU ownership of stage-2 VMIDs. Each physical CPU hands out its own
 * hardware VMIDs to the (VM id, stage-2 root) pairs that run on it, so two VMs
 * never share a VMID on a CPU (no aliasing of TLB entries, whatever their VM
 * ids), and a VMID that changes owner is flushed from that CPU's TLBs before
 * the new owner runs. Pure decision code: no hardware access; host-tested. */
#ifndef VCPU_BACKEND_ARM_EL2_VMID_H
#define VCPU_BACKEND_ARM_EL2_VMID_H

#include <stdbool.h>
#include <stdint.h>

/* Most VMs whose stage-2 TLB entries one CPU keeps apart at a time; the
 * hardware VMIDs used are 1..ARM_EL2_VMID_SLOTS (0 is never a guest's). */
#define ARM_EL2_VMID_SLOTS 64u

/* The owner of one hardware VMID on one CPU. */
struct arm_el2_vmid_slot {
    uint64_t root; /* stage-2 root (VTTBR_EL2.BADDR) */
    uint32_t vm_id;
    uint32_t used; /* 0: never handed out since the table was zeroed */
};

/* A CPU's table: starts as zeroed memory (every VMID free). */
struct arm_el2_vmid_table {
    struct arm_el2_vmid_slot slot[ARM_EL2_VMID_SLOTS];
    uint32_t next_victim; /* round-robin eviction when every usable VMID is owned */
};

/* The number of guest VMIDs a CPU with `vmid_bits` (8 or 16, from
 * ID_AA64MMFR1_EL1.VMIDBits) can use: at most ARM_EL2_VMID_SLOTS. Pure. */
uint32_t arm_el2_vmid_usable(uint32_t vmid_bits);

/* Returns the hardware VMID (1..usable) that the VM `vm_id` with stage-2 root
 * `root` runs under on the CPU of `t`, assigning one if it has none. Sets
 * *flush to true when that VMID changed owner (its TLB entries on this CPU
 * belong to another VM and must be invalidated before entry), else false.
 * `usable` is arm_el2_vmid_usable() of the CPU (1..ARM_EL2_VMID_SLOTS). Pure;
 * the caller serializes calls on one table (it is the CPU's own). */
uint32_t arm_el2_vmid_assign(struct arm_el2_vmid_table *t, uint32_t usable, uint32_t vm_id,
                             uint64_t root, bool *flush);

#endif
