/* Controls of the fake backend, for unit-testing a VMM on a host without
 * virtualization hardware. Only available when //core:vcpu is built with the
 * fake backend (the host platform). */
#ifndef VCPU_FAKE_H
#define VCPU_FAKE_H

#include <vcpu/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Queues a copy of *exit; each vcpu_run() returns the oldest queued exit (its
 * raw.arch forced to VCPU_ARCH_FAKE), or VCPU_EXIT_NOTHING when none is queued.
 * Any thread, but not concurrently with vcpu_run() of the same vCPU. Errors:
 * VCPU_ERR_INVALID_ARG (NULL, or reason >= VCPU_EXIT_REASON_COUNT),
 * VCPU_ERR_BUSY (VCPU_FAKE_EXIT_QUEUE_SIZE exits already queued). */
int vcpu_fake_queue_exit(struct vcpu *v, const struct vcpu_exit *exit);

/* Makes the next backend call made for `v` (init, setup, bind, unbind, run,
 * set_entry) fail with VCPU_ERR_HARDWARE, which moves the vCPU to INVALID.
 * Errors: VCPU_ERR_INVALID_ARG (NULL). */
int vcpu_fake_fail_next(struct vcpu *v);

/* Makes the next per-CPU backend call through `p` (enable or disable) fail
 * with VCPU_ERR_HARDWARE. Errors: VCPU_ERR_INVALID_ARG (NULL). */
int vcpu_fake_percpu_fail_next(struct vcpu_percpu *p);

/* Pretends the CPU of `p` has (true) or lacks (false) the virtualization
 * extension; enable then returns VCPU_ERR_NOT_SUPPORTED. Default: has it.
 * vcpu_percpu_init() resets it. Errors: VCPU_ERR_INVALID_ARG (NULL). */
int vcpu_fake_percpu_set_supported(struct vcpu_percpu *p, bool supported);

/* Sets what vcpu_host_cpu_id() returns on the calling thread (default 0), so
 * threads can act as physical CPUs. Errors: VCPU_ERR_INVALID_ARG for
 * cpu >= VCPU_MAX_CPUS (nothing changes). */
int vcpu_fake_set_cpu_id(uint32_t cpu);

/* Copies into out[0..max) the vectors delivered at guest entries since the
 * last call, oldest first, removes them from the log and returns how many were
 * copied (at most `max`; the rest stay for the next call). Returns 0 for NULL
 * `v` or `out`. Call on the owning CPU or while the vCPU does not run. */
size_t vcpu_fake_take_delivered(struct vcpu *v, uint32_t *out, size_t max);

/* Returns the fake guest PC of `v` (entry address plus pc_step per exit that
 * advances it), 0 for NULL. */
uint64_t vcpu_fake_pc(const struct vcpu *v);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_FAKE_H */
