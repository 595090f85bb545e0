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
 * Any thread, but not concurrently with vcpu_run() of the same vCPU. Errors,
 * each queueing nothing: VCPU_ERR_INVALID_ARG for NULL `v` or `exit`, a
 * reason >= VCPU_EXIT_REASON_COUNT, or a malformed payload: a width or
 * reg_width outside enum vcpu_access_width (MMIO_*, IO_*), an MMIO_READ whose
 * reg_width is narrower than its width, or an MMIO_READ / SYSREG_READ
 * destination register >= VCPU_ARCH_GPR_COUNT; VCPU_ERR_BUSY
 * (VCPU_FAKE_EXIT_QUEUE_SIZE exits already queued). */
int vcpu_fake_queue_exit(struct vcpu *v, const struct vcpu_exit *exit);

/* Makes the next backend call made for `v` (init, setup, bind, unbind, run,
 * set_entry; never destroy) fail with VCPU_ERR_HARDWARE, which moves the vCPU to INVALID.
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
 * last call (a level-triggered one with VCPU_FAKE_DELIVERED_LEVEL set), oldest first, removes them
 * from the log and returns how many were copied (at most `max`; the rest stay for the next call).
 * Returns 0 for NULL `v` or `out`. Call on the owning CPU or while the vCPU does not run. */
size_t vcpu_fake_take_delivered(struct vcpu *v, uint32_t *out, size_t max);

/* Returns the fake guest PC of `v` (the entry address, plus pc_step per exit
 * that advances it: every reason but NOTHING, NESTED_PAGE_FAULT, FAIL_ENTRY
 * and UNKNOWN; minus pc_step when vcpu_inject_fault() undoes an advance; or
 * what vcpu_set_reg(VCPU_REG_PC) wrote), 0 for NULL. */
uint64_t vcpu_fake_pc(const struct vcpu *v);

/* Returns how many faults vcpu_inject_fault() delivered at entries of `v`
 * since init, and stores the exit reason the last one resolved in *last
 * (when `last` is not NULL and one was delivered). 0 for NULL `v`. Call on
 * the owning CPU or while the vCPU does not run. */
uint32_t vcpu_fake_faults_delivered(const struct vcpu *v, enum vcpu_exit_reason *last);

/* Makes the next vcpu_run() of `v` that enters the guest call vcpu_kick(v)
 * while the guest runs (as another CPU would) and then exit with
 * VCPU_EXIT_EXTERNAL_INTERRUPT, the exit a hardware backend takes on the
 * kick's interrupt; the queued exits wait. Errors: VCPU_ERR_INVALID_ARG
 * (NULL). */
int vcpu_fake_kick_while_running(struct vcpu *v);

/* Returns how many times vcpu_host_kick_cpu() was called for physical CPU
 * `cpu` since the program started (0 for cpu >= VCPU_MAX_CPUS). Any thread. */
uint64_t vcpu_fake_kicks_sent(uint32_t cpu);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_FAKE_H */
