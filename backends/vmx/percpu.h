/* The per-CPU state of the CPUs where VMX is on, for the vCPU code. */
#ifndef VMX_PERCPU_H
#define VMX_PERCPU_H

#include <vcpu/arch.h>

/* Returns the per-CPU state of physical CPU `cpu` if VMX is enabled there
 * (through vcpu_arch_percpu_enable), else NULL. Any CPU. */
const struct vcpu_arch_percpu *vmx_percpu_of(uint32_t cpu);

#endif
