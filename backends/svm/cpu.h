/* SVM MSRs and bits, and the per-CPU state lookup; CPU access helpers come
 * from the shared x86 header. */
#ifndef SVM_CPU_H
#define SVM_CPU_H

#include <vcpu/arch.h>

#include "backends/x86_common/cpu.h"

#define MSR_VM_CR 0xc0010114u
#define MSR_VM_HSAVE_PA 0xc0010117u
#define EFER_SVME (1ull << 12)
#define VM_CR_SVMDIS (1ull << 4)

/* The per-CPU state of physical CPU `cpu` while SVM is enabled on it, else
 * NULL. Any CPU. */
struct vcpu_arch_percpu *svm_percpu_of(uint32_t cpu);

#endif
