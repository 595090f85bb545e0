/* The architecture-independent virtual CPU. Including this header gives the
 * whole public API. */
#ifndef VCPU_VCPU_H
#define VCPU_VCPU_H

#include <vcpu/current.h>
#include <vcpu/error.h>
#include <vcpu/exit.h>
#include <vcpu/host.h>
#include <vcpu/irq_queue.h>
#include <vcpu/percpu.h>
#include <vcpu/stats.h>
#include <vcpu/types.h>
#include <vcpu_backend/state.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Lifecycle states. CREATED -> (setup) FREE -> (bind) READY <-> RUNNING, READY
 * <-> BLOCKED, READY -> (unbind) FREE. INVALID after a backend failure. */
enum vcpu_state {
    VCPU_STATE_INVALID = 0,
    VCPU_STATE_CREATED = 1,
    VCPU_STATE_FREE = 2,
    VCPU_STATE_READY = 3,
    VCPU_STATE_RUNNING = 4,
    VCPU_STATE_BLOCKED = 5,
};

/* "No owning CPU" and "no favourite CPU". */
#define VCPU_NO_CPU (-1)

/* A virtual CPU. A complete type: callers embed it or allocate it statically;
 * the backend's state lives inside it by value. All fields are internal; use
 * the functions below.
 *
 * Concurrency: the lifecycle calls (init, setup, bind, unbind, run,
 * set_entry) of one vCPU are serialized by the caller, as a VMM naturally
 * does; block, unblock, inject and the accessors may race with them from any
 * CPU. */
struct vcpu {
    uint32_t state; /* enum vcpu_state; atomic */
    vcpu_vm_id_t vm_id;
    vcpu_id_t id;
    int32_t favor_cpu;
    uint64_t cpu_mask;
    int32_t owner_cpu;         /* physical CPU while READY/RUNNING/BLOCKED, else VCPU_NO_CPU */
    struct vcpu_percpu *owner; /* that CPU's per-CPU state while owner_cpu is set, else NULL */
    bool has_run;              /* vcpu_run() has entered the guest once */
    struct vcpu_stats stats;
    struct vcpu_irq_queue irqs;
    struct vcpu_arch arch;
};

/* Initializes `v` (whatever it held) in state CREATED for VM `vm_id` with id
 * `id`. `favor_cpu` < 0 means no favourite CPU; `cpu_mask` has one bit per
 * physical CPU the vCPU may be bound to, 0 meaning any; `cfg` NULL means the
 * backend's defaults. Statistics start at zero and the injection queue is
 * empty. Works on zeroed or stale memory and on an INVALID vCPU (to recycle
 * it); must not be called on a bound vCPU (READY/RUNNING/BLOCKED: unbind it
 * first) nor concurrently with any other call on `v`. Any CPU. On success the
 * vCPU is recorded in the library's vCPU registry (at most VCPU_MAX_VCPUS at
 * once), where the backend finds it for firmware calls of other vCPUs of its
 * VM, until it is initialized again (a vCPU initialized later with the same
 * VM and hardware id replaces it there). Errors: VCPU_ERR_INVALID_ARG for NULL
 * `v`, favor_cpu >= VCPU_MAX_CPUS, or favor_cpu outside a non-zero mask (`v`
 * is not touched); VCPU_ERR_BUSY when VCPU_MAX_VCPUS other vCPUs are
 * recorded (`v` is not touched, nothing is recorded); a backend error (the
 * vCPU is then INVALID and not recorded). */
int vcpu_init(struct vcpu *v, vcpu_vm_id_t vm_id, vcpu_id_t id, int favor_cpu, uint64_t cpu_mask,
              const struct vcpu_create_config *cfg);

/* CREATED -> FREE: prepares the vCPU to start at guest physical address
 * `entry_gpa` with the stage-2 translation rooted at host physical address
 * `npt_root_hpa`; `cfg` NULL means defaults. Any CPU. Errors:
 * VCPU_ERR_INVALID_ARG (NULL `v`), VCPU_ERR_BAD_STATE (not CREATED; unchanged),
 * a backend error (the vCPU becomes INVALID). */
int vcpu_setup(struct vcpu *v, vcpu_gpa_t entry_gpa, vcpu_hpa_t npt_root_hpa,
               const struct vcpu_setup_config *cfg);

/* FREE -> READY: binds the vCPU to the calling physical CPU, which becomes its
 * owner. Errors, checked in this order and each leaving the state unchanged:
 * VCPU_ERR_INVALID_ARG (NULL), VCPU_ERR_BAD_STATE (not FREE),
 * VCPU_ERR_WRONG_CPU (calling CPU not in cpu_mask), VCPU_ERR_NOT_ENABLED
 * (no per-CPU state registered for this CPU, or virtualization off there);
 * a backend error makes the vCPU INVALID. */
int vcpu_bind(struct vcpu *v);

/* READY -> FREE: releases the vCPU from its owning CPU, which must be the
 * calling one. Errors: VCPU_ERR_INVALID_ARG, VCPU_ERR_BAD_STATE (not READY),
 * VCPU_ERR_WRONG_CPU; a backend error makes the vCPU INVALID. */
int vcpu_unbind(struct vcpu *v);

/* READY -> RUNNING -> READY on the owning CPU: delivers queued interrupt
 * injections, enters the guest, and returns when it exits, with the exit in
 * *exit. The vCPU is this CPU's current vCPU while it runs. The guest PC is
 * already past the trapping instruction except for NESTED_PAGE_FAULT and
 * FAIL_ENTRY. Errors: VCPU_ERR_INVALID_ARG (NULL `v` or `exit`),
 * VCPU_ERR_BAD_STATE (not READY), VCPU_ERR_WRONG_CPU; a backend failure returns
 * its error and makes the vCPU INVALID. */
int vcpu_run(struct vcpu *v, struct vcpu_exit *exit);

/* READY -> BLOCKED (the VMM will not run it until unblocked). Any CPU.
 * Errors: VCPU_ERR_INVALID_ARG, VCPU_ERR_BAD_STATE (not READY). */
int vcpu_block(struct vcpu *v);

/* BLOCKED -> READY. Any CPU (typically a waker). Errors:
 * VCPU_ERR_INVALID_ARG, VCPU_ERR_BAD_STATE (not BLOCKED). */
int vcpu_unblock(struct vcpu *v);

/* Changes the guest entry address; only before the first vcpu_run(). In
 * CREATED/FREE from any CPU, in READY/BLOCKED only on the owning CPU. Errors:
 * VCPU_ERR_INVALID_ARG, VCPU_ERR_BAD_STATE (already run, RUNNING or INVALID),
 * VCPU_ERR_WRONG_CPU; a backend error makes the vCPU INVALID. */
int vcpu_set_entry(struct vcpu *v, vcpu_gpa_t gpa);

/* Writes general register `idx` (the architecture's index: x0..x30 on ARM64,
 * x0..x31 on RISC-V, RAX..R15 in the x86 encoding order; see the backend). In
 * CREATED/FREE from any CPU, in READY/BLOCKED only on the owning CPU. Errors:
 * VCPU_ERR_INVALID_ARG (NULL or idx out of range), VCPU_ERR_BAD_STATE
 * (INVALID or RUNNING), VCPU_ERR_WRONG_CPU. */
int vcpu_set_gpr(struct vcpu *v, unsigned idx, uint64_t val);

/* Reads general register `idx` into *val; same rules and errors as
 * vcpu_set_gpr() (also VCPU_ERR_INVALID_ARG for NULL `val`). */
int vcpu_get_gpr(const struct vcpu *v, unsigned idx, uint64_t *val);

/* Writes the register through which a hypercall / SBI / PSCI call returns its
 * value (x0, a0, RAX). Same state and CPU rules as vcpu_set_gpr(). Errors:
 * VCPU_ERR_INVALID_ARG, VCPU_ERR_BAD_STATE, VCPU_ERR_WRONG_CPU. */
int vcpu_set_return_value(struct vcpu *v, uint64_t val);

/* Completes a read exit (MMIO_READ, SYSREG_READ, IO_READ) that the last
 * vcpu_run() returned in *exit, with `value`: the backend truncates it to the
 * access width, applies sign extension and the destination register's width,
 * and writes the destination register; no other register changes. READY or
 * BLOCKED, owning CPU only. Errors: VCPU_ERR_INVALID_ARG (NULL, not a read
 * exit, or a payload the backend cannot apply), VCPU_ERR_BAD_STATE,
 * VCPU_ERR_WRONG_CPU. */
int vcpu_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value);

/* Queues interrupt `vector` for delivery at a following guest entry on the
 * owning CPU. Callable from any CPU, in CREATED, FREE, READY, RUNNING and
 * BLOCKED. Every accepted call is delivered exactly once, in order per injecting
 * CPU. Lock-free. Errors: VCPU_ERR_INVALID_ARG (NULL or a vector the backend
 * cannot inject: outside VCPU_ARCH_VECTOR_MIN..VCPU_ARCH_VECTOR_MAX or
 * refused by VCPU_ARCH_VECTOR_VALID()),
 * VCPU_ERR_BAD_STATE (INVALID), VCPU_ERR_BUSY (queue full; nothing queued). */
int vcpu_inject_interrupt(struct vcpu *v, uint32_t vector);

/* Copies the statistics of `v` into *out. Any CPU (values may be slightly
 * stale while the vCPU runs elsewhere). Errors: VCPU_ERR_INVALID_ARG (NULL). */
int vcpu_stats(const struct vcpu *v, struct vcpu_stats *out);

/* Zeroes the statistics of `v`. Any CPU. Errors: VCPU_ERR_INVALID_ARG. */
int vcpu_stats_reset(struct vcpu *v);

/* Accessors: callable in any state from any CPU; NULL-safe (for NULL they
 * return VCPU_STATE_INVALID, 0, 0, false, VCPU_NO_CPU and 0 respectively). */
enum vcpu_state vcpu_state(const struct vcpu *v);
vcpu_id_t vcpu_id(const struct vcpu *v);
vcpu_vm_id_t vcpu_vm_id(const struct vcpu *v);
bool vcpu_is_bsp(const struct vcpu *v); /* id 0 */
int vcpu_favor_cpu(const struct vcpu *v);
uint64_t vcpu_cpu_mask(const struct vcpu *v);

/* Returns the physical CPU that owns `v` (READY/RUNNING/BLOCKED), or
 * VCPU_NO_CPU. Any CPU. */
int vcpu_owner_cpu(const struct vcpu *v);

/* Returns a static name ("READY", ...) for `state`; "INVALID_STATE" outside the
 * enum. Pure. */
const char *vcpu_state_name(enum vcpu_state state);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_VCPU_H */
