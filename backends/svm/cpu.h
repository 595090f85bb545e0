/* SVM MSRs and bits; CPU access helpers come from the shared x86 header. */
#ifndef SVM_CPU_H
#define SVM_CPU_H

#include <vcpu/arch.h>

#include "backends/x86_common/cpu.h"

#define MSR_VM_CR 0xc0010114u
#define MSR_VM_HSAVE_PA 0xc0010117u
#define VM_CR_SVMDIS (1ull << 4)

#endif
