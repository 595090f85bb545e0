/* The vCPU currently loaded on each physical CPU. */
#ifndef VCPU_CURRENT_H
#define VCPU_CURRENT_H

#ifdef __cplusplus
extern "C" {
#endif

struct vcpu;

/* Records `v` (may be NULL) as the current vCPU of the calling physical CPU.
 * vcpu_run() does this itself for the duration of the run. Any CPU, for
 * itself only; interrupt-safe (a single store). */
void vcpu_set_current(struct vcpu *v);

/* Returns the current vCPU of the calling physical CPU, or NULL. */
struct vcpu *vcpu_current(void);

/* Clears the current vCPU of the calling physical CPU. */
void vcpu_clear_current(void);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_CURRENT_H */
