/* What the portable VMM (vmm.c) needs from the ISA: one file per ISA,
 * vmm_aarch64.c and vmm_riscv64.c. All run on the vCPU's physical CPU. */
#ifndef EXAMPLES_VMM_VMM_ARCH_H
#define EXAMPLES_VMM_VMM_ARCH_H

#include "examples/vmm/vmm.h"

/* The machine name and the vCPU library backend, for messages. */
extern const char vmm_arch_machine[];
extern const char vmm_arch_backend[];

/* The vcpu_setup() options of every vCPU (NULL: the backend's defaults). */
const struct vcpu_setup_config *vmm_arch_setup_config(void);

/* Sets the firmware boot registers of a vCPU that starts with `arg`: the
 * device tree for the boot vCPU, the CPU_ON context for the others (x0 on
 * aarch64; a1 on riscv64, where the backend has already put the hart id in
 * a0). The vCPU is FREE. */
void vmm_arch_start_regs(struct vcpu *v, uint64_t arg);

/* The vCPU index a firmware call names by hardware id (MPIDR affinity, hart
 * id); false if it names none. */
bool vmm_arch_cpu_index(uint64_t hw_id, uint32_t *index);

/* Writes the result of a CPU_UP exit (the backend's firmware decoding of
 * PSCI CPU_ON over SMC / SBI HSM hart_start) into the guest's registers. */
void vmm_arch_cpu_up_result(struct vcpu *v, enum vmm_cpu_on_result result);

/* The firmware calls that arrive as HYPERCALL exits: PSCI over HVC on aarch64,
 * SBI extensions the backend leaves to the VMM (DBCN) on riscv64. */
enum vmm_hypercall_result vmm_arch_hypercall(struct vmm_vm *vm, struct vmm_vcpu *vv,
                                             const struct vcpu_exit *exit);

/* Delivers a SEND_IPI exit to its targets. */
void vmm_arch_send_ipi(struct vmm_vm *vm, struct vmm_vcpu *vv, const struct vcpu_exit *exit);

#endif /* EXAMPLES_VMM_VMM_ARCH_H */
