/* The backend's view of the calling CPU. */
#ifndef RISCV_H_PERCPU_H
#define RISCV_H_PERCPU_H

#include <vcpu/vcpu.h>

/* The per-CPU state enabled on the calling CPU (NULL if not enabled). */
struct vcpu_arch_percpu *riscv_h_this_cpu(void);

#endif
