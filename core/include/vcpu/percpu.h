/* Per-physical-CPU virtualization state: turning the extension on and off. */
#ifndef VCPU_PERCPU_H
#define VCPU_PERCPU_H

#include <vcpu/types.h>
#include <vcpu_backend/state.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One per physical CPU, allocated by the caller (statically or embedded) and
 * registered by vcpu_percpu_init(); vcpu_bind() consults the registered one of
 * the calling CPU. Fields are internal. */
struct vcpu_percpu {
    struct vcpu_arch_percpu arch; /* first: vcpu_run() hands its address to the backend */
    uint32_t cpu_id;
    uint32_t enabled;     /* non-zero while virtualization is on (atomic) */
    uint32_t bound_vcpus; /* vCPUs bound to this CPU (atomic) */
};

/* Initializes `p` for physical CPU `cpu_id` (not enabled, no vCPU bound) and
 * registers it as that CPU's per-CPU state, replacing any earlier registration
 * (and withdrawing `p` from the CPU it was registered for before, if another).
 * `p` starts as zeroed memory, like struct vcpu; after
 * vcpu_percpu_hardware_disable() it may be initialised and enabled again.
 * Callable from any CPU. Errors: VCPU_ERR_INVALID_ARG for NULL `p` or
 * cpu_id >= VCPU_MAX_CPUS (nothing is changed); VCPU_ERR_BUSY if `p` is
 * enabled, or another object registered for `cpu_id` is enabled (nothing is
 * changed); the backend's error if its per-CPU init fails (`p` is then not
 * registered). */
int vcpu_percpu_init(struct vcpu_percpu *p, uint32_t cpu_id);

/* Turns the virtualization extension on for the calling CPU, which must be
 * p->cpu_id. Errors: VCPU_ERR_INVALID_ARG (NULL or uninitialized `p`),
 * VCPU_ERR_WRONG_CPU (called elsewhere), VCPU_ERR_BUSY (already enabled),
 * VCPU_ERR_NOT_SUPPORTED (the CPU lacks the extension; the CPU is left
 * untouched), VCPU_ERR_NO_MEMORY / VCPU_ERR_HARDWARE from the backend (the CPU
 * is left disabled). */
int vcpu_percpu_hardware_enable(struct vcpu_percpu *p);

/* Turns the virtualization extension off for the calling CPU, which must be
 * p->cpu_id, restoring what enable changed. Errors: VCPU_ERR_INVALID_ARG,
 * VCPU_ERR_WRONG_CPU, VCPU_ERR_NOT_ENABLED (not enabled), VCPU_ERR_BUSY (a vCPU
 * is still bound to this CPU), VCPU_ERR_HARDWARE from the backend (the CPU stays
 * enabled). */
int vcpu_percpu_hardware_disable(struct vcpu_percpu *p);

/* Returns true if virtualization is enabled through `p` (false for NULL).
 * Callable from any CPU. */
bool vcpu_percpu_is_enabled(const struct vcpu_percpu *p);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_PERCPU_H */
