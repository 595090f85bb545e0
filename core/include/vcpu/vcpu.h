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

/* The value of struct vcpu's `live` word from vcpu_init() until
 * vcpu_destroy(); zeroed memory holds 0 there. Internal. */
#define VCPU_LIVE_MAGIC 0x76637075u

/* A virtual CPU. A complete type: callers embed it or allocate it statically;
 * the backend's state lives inside it by value. All fields are internal; use
 * the functions below.
 *
 * Concurrency: the lifecycle calls (init, setup, bind, unbind, run,
 * set_entry) of one vCPU are serialized by the caller, as a VMM naturally
 * does; block, unblock, inject and the accessors may race with them from any
 * CPU. */
/* The exit a VMM still has to resolve: the latest one vcpu_run() returned, while
 * it is one that vcpu_complete_read() or vcpu_inject_fault() can act on and the
 * vCPU has not run again. Internal; identified by contents, not by pointer. */
struct vcpu_open_exit {
    uint32_t reason;  /* enum vcpu_exit_reason; VCPU_EXIT_NOTHING: none open */
    uint32_t reg;     /* destination register of a read exit */
    uint64_t address; /* MMIO address, system register or I/O port */
};

struct vcpu {
    uint32_t state; /* enum vcpu_state; atomic */
    uint32_t live;  /* VCPU_LIVE_MAGIC from vcpu_init() until vcpu_destroy() */
    vcpu_vm_id_t vm_id;
    vcpu_id_t id;
    int32_t favor_cpu;
    uint64_t cpu_mask;
    int32_t owner_cpu;         /* physical CPU while READY/RUNNING/BLOCKED, else VCPU_NO_CPU */
    struct vcpu_percpu *owner; /* that CPU's per-CPU state while owner_cpu is set, else NULL */
    bool has_run;              /* vcpu_run() has entered the guest once */
    uint32_t kick;             /* a vcpu_kick() not yet consumed by vcpu_run(); atomic */
    struct vcpu_open_exit open_exit;
    struct vcpu_stats stats;
    struct vcpu_irq_queue irqs;
    struct vcpu_arch arch;
};

/* Initializes `v` in state CREATED for VM `vm_id` with id `id`. `v` must be
 * zeroed memory (static storage, `= {0}`, memset) or a vCPU that
 * vcpu_destroy() released: like pthread_mutex_init(), the library cannot tell
 * other garbage from a live vCPU, so passing it is the caller's bug; what it
 * checks is the state word. `favor_cpu` < 0 means no favourite CPU;
 * `cpu_mask` has one bit per physical CPU the vCPU may be bound to, 0 meaning
 * any; `cfg` NULL means the backend's defaults. Statistics start at zero and
 * the injection queue is empty. Not concurrently with any other call on `v`.
 * Any CPU. On success the vCPU is recorded in the library's vCPU registry (at
 * most VCPU_MAX_VCPUS at once), where the backend finds it for firmware calls
 * of other vCPUs of its VM, until vcpu_destroy() (a vCPU initialized later
 * with the same VM and hardware id replaces it there). Errors, each leaving
 * `v` untouched and nothing recorded: VCPU_ERR_INVALID_ARG for NULL `v`,
 * favor_cpu >= VCPU_MAX_CPUS, or favor_cpu outside a non-zero mask;
 * VCPU_ERR_BAD_STATE when `v` is live (CREATED, FREE, READY, RUNNING,
 * BLOCKED, or INVALID after a failure: call vcpu_destroy() first);
 * VCPU_ERR_BUSY when VCPU_MAX_VCPUS other vCPUs are recorded. A backend error
 * leaves the vCPU INVALID and not recorded (vcpu_destroy() releases it). */
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
 * calling one, and drops a pending vcpu_kick(). While the backend saves the
 * vCPU's state, vcpu_state() reports RUNNING, so a vcpu_block() racing this
 * call either wins (the vCPU stays BLOCKED and unbind returns
 * VCPU_ERR_BAD_STATE) or loses with VCPU_ERR_BAD_STATE (the vCPU ends FREE).
 * Errors: VCPU_ERR_INVALID_ARG, VCPU_ERR_BAD_STATE (not READY),
 * VCPU_ERR_WRONG_CPU; a backend error makes the vCPU INVALID. */
int vcpu_unbind(struct vcpu *v);

/* READY -> RUNNING -> READY on the owning CPU: delivers queued interrupt
 * injections, enters the guest, and returns when it exits, with the exit in
 * *exit. The vCPU is this CPU's current vCPU while it runs. The guest PC is
 * already past the trapping instruction except for NESTED_PAGE_FAULT,
 * FAIL_ENTRY and UNKNOWN (which leave it at the instruction: skip it with
 * vcpu_set_reg(VCPU_REG_PC) or make it fault with vcpu_inject_fault()).
 * A read exit (MMIO_READ, SYSREG_READ, IO_READ) must be resolved with
 * vcpu_complete_read() or vcpu_inject_fault() before the next run. A pending
 * vcpu_kick() makes this call return VCPU_EXIT_NOTHING without entering the
 * guest (no interrupt delivered, not the first run for vcpu_set_entry()); a
 * kick that arrives while the guest runs forces an exit, and the physical
 * interrupt exit it causes is reported as VCPU_EXIT_NOTHING (raw keeps the
 * hardware facts); any kick is consumed by the first return after it.
 * Errors: VCPU_ERR_INVALID_ARG (NULL `v` or `exit`), VCPU_ERR_BAD_STATE (not
 * READY, or a read exit not yet completed; nothing changes),
 * VCPU_ERR_WRONG_CPU; a backend failure returns its error and makes the vCPU
 * INVALID. */
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
 * and writes the destination register; no other register changes. The read
 * is then no longer pending. READY or BLOCKED, owning CPU only. Errors, in
 * this order: VCPU_ERR_INVALID_ARG (NULL `v`); VCPU_ERR_BAD_STATE (not READY
 * or BLOCKED); VCPU_ERR_WRONG_CPU; VCPU_ERR_INVALID_ARG (NULL `exit`, a reason
 * that is not a read, a malformed payload: a width or reg_width outside the
 * enum, reg_width narrower than width, a destination register out of range;
 * or a read other than the pending one: different reason, address or
 * destination); VCPU_ERR_BAD_STATE (no read pending: never ran, already
 * completed or faulted, or the last exit was not a read). Nothing changes on
 * an error. */
int vcpu_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value);

/* Queues interrupt `vector` for delivery at a following guest entry on the
 * owning CPU. Callable from any CPU, in CREATED, FREE, READY, RUNNING and
 * BLOCKED. Every accepted call is delivered exactly once, in order per injecting
 * CPU. Lock-free. Errors: VCPU_ERR_INVALID_ARG (NULL or a vector the backend
 * cannot inject: outside VCPU_ARCH_VECTOR_MIN..VCPU_ARCH_VECTOR_MAX or
 * refused by VCPU_ARCH_VECTOR_VALID()),
 * VCPU_ERR_BAD_STATE (INVALID), VCPU_ERR_BUSY (queue full; nothing queued). */
int vcpu_inject_interrupt(struct vcpu *v, uint32_t vector);

/* vcpu_inject_interrupt() with the interrupt's trigger mode: VCPU_TRIGGER_EDGE
 * is exactly vcpu_inject_interrupt(); VCPU_TRIGGER_LEVEL queues an injection
 * the backend delivers as level-triggered (a line the guest sees asserted
 * until it completes it), where the backend supports it (the fake backend
 * does; the hardware backends do not yet). Same CPU, state and ordering rules
 * as vcpu_inject_interrupt(); edge and level injections share one queue.
 * Errors: VCPU_ERR_INVALID_ARG (NULL, a vector the backend cannot inject, or
 * `trigger` outside enum vcpu_trigger_mode), VCPU_ERR_BAD_STATE (INVALID),
 * VCPU_ERR_NOT_SUPPORTED (level, and the backend cannot deliver it; nothing
 * queued), VCPU_ERR_BUSY (queue full; nothing queued). */
int vcpu_inject_interrupt_trigger(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger);

/* Copies the statistics of `v` into *out. Any CPU (values may be slightly
 * stale while the vCPU runs elsewhere). Errors: VCPU_ERR_INVALID_ARG (NULL). */
int vcpu_stats(const struct vcpu *v, struct vcpu_stats *out);

/* Zeroes the statistics of `v`. On the owning CPU, or on any CPU while no
 * CPU owns the vCPU (CREATED, FREE, INVALID, zeroed memory). Errors:
 * VCPU_ERR_INVALID_ARG (NULL), VCPU_ERR_WRONG_CPU (bound to another CPU). */
int vcpu_stats_reset(struct vcpu *v);

/* Releases every backend resource of `v` (pages, slots, its entry in the
 * library's vCPU registry) and leaves it as zeroed memory: vcpu_state() is
 * INVALID and vcpu_init() may be called on it again. In CREATED, FREE or
 * INVALID; on zeroed or already destroyed memory it does nothing and returns
 * VCPU_OK. Never fails for a backend reason (it releases what it can;
 * vcpu_fake_fail_next() does not apply). Not concurrently with any other call
 * on `v`. Any CPU. Errors: VCPU_ERR_INVALID_ARG (NULL), VCPU_ERR_BAD_STATE
 * (READY, RUNNING or BLOCKED: unbind first; nothing changes). */
int vcpu_destroy(struct vcpu *v);

/* Reads register `reg` (VCPU_REG_PC, VCPU_REG_SP or VCPU_REG_SYSREG(...))
 * of the guest into *val. Valid before and after the first run, with the CPU
 * rules of vcpu_get_gpr(): CREATED/FREE from any CPU, READY/BLOCKED on the
 * owning CPU. Errors: VCPU_ERR_INVALID_ARG (NULL `v` or `val`, a value the
 * VCPU_REG_* macros do not produce, or a system register the backend does not
 * save), VCPU_ERR_WRONG_CPU, VCPU_ERR_BAD_STATE (INVALID, RUNNING). */
int vcpu_get_reg(const struct vcpu *v, vcpu_reg_t reg, uint64_t *val);

/* Writes register `reg` of the guest; same rules and errors as
 * vcpu_get_reg(). Setting VCPU_REG_PC after an exit resumes the guest there;
 * before the first run it moves the entry point like vcpu_set_entry(). */
int vcpu_set_reg(struct vcpu *v, vcpu_reg_t reg, uint64_t val);

/* Makes the vCPU's current vcpu_run() return promptly, or its next one if
 * none is in progress: before entering the guest (VCPU_EXIT_NOTHING) if the
 * kick came first, otherwise by sending the owning CPU an interrupt with
 * vcpu_host_kick_cpu() that forces the guest to exit. Kicks before that
 * return coalesce into one; vcpu_unbind() drops a pending kick; a BLOCKED
 * vCPU stays BLOCKED (its next run after vcpu_unblock() returns at once).
 * Lock-free; any CPU, including interrupt context. Errors:
 * VCPU_ERR_INVALID_ARG (NULL), VCPU_ERR_BAD_STATE (CREATED, FREE, INVALID). */
int vcpu_kick(struct vcpu *v);

/* Resolves the latest exit in *exit by a fault in the guest instead of
 * emulating it, delivered at the next entry: for MMIO_READ, MMIO_WRITE,
 * SYSREG_READ, SYSREG_WRITE, IO_READ and IO_WRITE an access fault (ARM64:
 * synchronous external data abort to EL1; RISC-V: load/store access fault to
 * VS; x86: \#GP(0)), for UNKNOWN an undefined-instruction exception (ARM64
 * UNDEF to EL1, RISC-V illegal instruction to VS, x86 \#UD). The guest sees
 * the fault at the faulting instruction. A pending read is then no longer
 * pending. The exit is identified by its contents (reason and
 * address/register), not its pointer. READY or BLOCKED, owning CPU only.
 * Errors, in this order: VCPU_ERR_INVALID_ARG (NULL `v`, NULL `exit`, or a
 * reason other than these); VCPU_ERR_BAD_STATE (not READY or BLOCKED);
 * VCPU_ERR_WRONG_CPU; VCPU_ERR_BAD_STATE (`exit` is not the vCPU's latest,
 * still unresumed exit, or it was already completed or faulted);
 * VCPU_ERR_NOT_SUPPORTED (the backend cannot raise that fault). Nothing
 * changes on an error. */
int vcpu_inject_fault(struct vcpu *v, const struct vcpu_exit *exit);

/* Fills *fmt with the nested page-table format this build's backend expects
 * at vcpu_setup()'s npt_root_hpa (levels, granule, guest address bits). Pure;
 * any CPU. Errors: VCPU_ERR_INVALID_ARG (NULL). */
int vcpu_stage2_format(struct vcpu_stage2_format *fmt);

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
