/* The arch contract: the hooks every backend implements (fake, arm_el2,
 * riscv_h, svm, vmx). The core calls them only as documented here, after it
 * has validated arguments, state and calling CPU; a backend never changes the
 * core's fields of struct vcpu. Besides these functions a backend provides
 * <vcpu_backend/state.h>, which must define:
 *   struct vcpu_arch            per-vCPU state, embedded by value in struct vcpu
 *   struct vcpu_arch_percpu     per-CPU state, embedded in struct vcpu_percpu
 *   struct vcpu_create_config   options of vcpu_init()
 *   struct vcpu_setup_config    options of vcpu_setup()
 *   VCPU_ARCH_GPR_COUNT         number of general registers (indices 0..N-1)
 *   VCPU_ARCH_VECTOR_MIN/MAX    inclusive range of injectable vectors
 *   VCPU_ARCH_VECTOR_VALID(v)   true for exactly the injectable vectors
 *   VCPU_ARCH_TRIGGER_LEVEL     1 if it delivers level-triggered injections
 *   VCPU_ARCH_RETURN_GPR        the hypercall return register's index
 *   VCPU_ARCH_EXIT_ARCH         the enum vcpu_exit_arch tag of its raw exits
 * The second part of this header lists what the core provides for backends
 * (vcpu_core_*): backends call those, they do not implement them.
 * Not part of the public API: only core/ and backends/ include this header. */
#ifndef VCPU_ARCH_H
#define VCPU_ARCH_H

#include <vcpu/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Implemented by every backend. The core calls these.
 * ------------------------------------------------------------------------ */

/* Per-CPU: prepares `ap` for physical CPU `cpu_id` without touching hardware.
 * Any CPU. Returns VCPU_OK or an error (the core then does not register it). */
int vcpu_arch_percpu_init(struct vcpu_arch_percpu *ap, uint32_t cpu_id);

/* Per-CPU: turns the virtualization extension on, on the calling CPU (the
 * core has checked it is the right one and not yet enabled). Must first check
 * that the CPU has the extension and return VCPU_ERR_NOT_SUPPORTED without
 * touching anything if not; VCPU_ERR_NO_MEMORY or VCPU_ERR_HARDWARE leave the
 * CPU as it was. */
int vcpu_arch_percpu_enable(struct vcpu_arch_percpu *ap);

/* Per-CPU: turns the extension off on the calling CPU and restores what
 * enable changed (the core has checked it is enabled and no vCPU is bound).
 * VCPU_ERR_HARDWARE leaves it enabled. */
int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap);

/* vCPU: initializes v->arch from `cfg` (NULL = defaults); v->id, vm_id and
 * masks are already set. Any CPU; may allocate with vcpu_host_alloc_pages().
 * Errors: VCPU_ERR_INVALID_ARG (bad config), VCPU_ERR_NO_MEMORY, others. */
int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg);

/* vCPU: prepares the guest to start at `entry` with the stage-2 root
 * `npt_root` (NULL `cfg` = defaults). Any CPU. Any error makes it INVALID. */
int vcpu_arch_setup(struct vcpu *v, vcpu_gpa_t entry, vcpu_hpa_t npt_root,
                    const struct vcpu_setup_config *cfg);

/* vCPU: the id firmware calls of its VM use to name it (ARM MPIDR affinity,
 * RISC-V hart id, x86 x2APIC id; the fake backend's is the vCPU id). The core
 * calls it once, right after vcpu_arch_init() succeeded, and records the vCPU
 * under (v->vm_id, this id) in the vCPU registry (vcpu_core_find_vcpu()); it
 * must not change until the next vcpu_arch_init(). Any CPU. Cannot fail. */
uint64_t vcpu_arch_hw_id(const struct vcpu *v);

/* vCPU: changes the entry address before the first run. In FREE/CREATED on any
 * CPU, in READY/BLOCKED on the owning CPU. */
int vcpu_arch_set_entry(struct vcpu *v, vcpu_gpa_t entry);

/* vCPU: loads the vCPU on the calling CPU (v->owner_cpu is already set and the
 * CPU's virtualization is enabled), e.g. VMPTRLD or restoring EL1 state. `ap`
 * is the calling CPU's per-CPU state (enabled through
 * vcpu_arch_percpu_enable()); a backend never looks it up itself. */
int vcpu_arch_bind(struct vcpu *v, struct vcpu_arch_percpu *ap);

/* vCPU: unloads the vCPU from the calling (owning) CPU, saving whatever lives
 * only in hardware, e.g. VMCLEAR or saving EL1 system registers. `ap` is the
 * owning CPU's per-CPU state, the one vcpu_arch_bind() got. */
int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap);

/* vCPU: enters the guest on the owning CPU and returns after one exit with
 * *exit fully written (reason, payload, raw; unused payload zeroed) and the
 * guest PC advanced as vcpu_run() documents. `ap` is the owning (calling)
 * CPU's per-CPU state, the one vcpu_arch_bind() got. Interrupts queued with
 * vcpu_arch_queue_interrupt() are delivered at this entry. A hardware exit
 * the backend cannot decode is VCPU_EXIT_UNKNOWN, never an error. Returns an
 * error only when the backend itself failed (the core makes the vCPU INVALID). */
int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit);

/* vCPU: accepts `vector` (already range-checked) for delivery at the next
 * entry. Called by the core on the owning CPU just before vcpu_arch_run(), in
 * queue order. Returns VCPU_OK, or VCPU_ERR_BUSY when the backend cannot hold
 * another pending interrupt now (the core keeps it and the ones after it
 * queued and retries at the next entry). `trigger` is
 * VCPU_TRIGGER_EDGE, or VCPU_TRIGGER_LEVEL only when the backend defines
 * VCPU_ARCH_TRIGGER_LEVEL as 1 (the core refuses level injections otherwise). */
int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger);

/* vCPU: reads / writes general register `idx` (< VCPU_ARCH_GPR_COUNT, checked
 * by the core). On the owning CPU, or any CPU while not bound. Cannot fail.
 * vcpu_set_return_value() is vcpu_arch_set_gpr(v, VCPU_ARCH_RETURN_GPR, val). */
uint64_t vcpu_arch_get_gpr(const struct vcpu *v, unsigned idx);
void vcpu_arch_set_gpr(struct vcpu *v, unsigned idx, uint64_t val);

/* vCPU: completes a read exit (reason already checked to be a read) with
 * `value`, applying width, sign and destination-register rules (use
 * vcpu_read_value_extend()). VCPU_ERR_INVALID_ARG for a payload it cannot
 * apply (bad register index or width); then no register changes. */
int vcpu_arch_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value);

/* vCPU: releases every resource vcpu_arch_init()/setup() took (pages,
 * ASIDs/VMIDs, slots). Called by vcpu_destroy() on a live vCPU in CREATED,
 * FREE or INVALID (never bound); the core zeroes the whole struct vcpu
 * afterwards. Any CPU. Cannot fail: it releases what it can, also after a
 * failed init (fields it never set are zero). */
void vcpu_arch_destroy(struct vcpu *v);

/* The registers vcpu_get_reg()/vcpu_set_reg() name besides the GPRs, decoded
 * by the core from a vcpu_reg_t. */
enum vcpu_arch_reg_kind {
    VCPU_ARCH_REG_PC = 1,
    VCPU_ARCH_REG_SP = 2,
    VCPU_ARCH_REG_SYSREG = 3,
};

/* vCPU: reads / writes the guest PC, SP or saved system register `sysreg`
 * (0 for PC and SP). Same CPU rules as the GPR hooks; the core has checked
 * state and CPU. Writing the PC after an exit resumes the guest there.
 * Errors: VCPU_ERR_INVALID_ARG for a system register the backend does not
 * save for the guest (then nothing changes). */
int vcpu_arch_get_reg(const struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t *val);
int vcpu_arch_set_reg(struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t val);

/* vCPU: arranges for the next entry to deliver the fault vcpu_inject_fault()
 * documents for `exit` (an access fault for MMIO_*, SYSREG_*, IO_*; an
 * undefined-instruction exception for UNKNOWN) at the instruction that
 * caused it, undoing the PC advance the exit applied, without writing any
 * destination register. The core has checked that `exit` is the vCPU's
 * latest unresumed exit, its reason, the state and the owning CPU. Errors:
 * VCPU_ERR_NOT_SUPPORTED when the backend cannot raise that fault (nothing
 * changes). */
int vcpu_arch_inject_fault(struct vcpu *v, const struct vcpu_exit *exit);

/* Fills *fmt with the nested page-table format the backend expects at
 * vcpu_setup()'s npt_root. Pure; any CPU. */
void vcpu_arch_stage2_format(struct vcpu_stage2_format *fmt);

/* ------------------------------------------------------------------------
 * Provided by the core for backends. Backends call these; they do not
 * implement them.
 * ------------------------------------------------------------------------ */

/* For backends whose read exits name one destination register (aarch64,
 * riscv64, fake): the register a completed MMIO_READ or SYSREG_READ writes and
 * the value it gets (MMIO: `value` extended by the exit's width, sign and
 * register-width rules; SYSREG: `value` whole). Checks neither the register
 * index nor the state. Pure; any CPU. Errors: VCPU_ERR_INVALID_ARG for any
 * other reason or an invalid width (then *reg and *extended are unchanged). */
int vcpu_core_read_destination(const struct vcpu_exit *exit, uint64_t value, uint32_t *reg,
                               uint64_t *extended);

/* The vCPU registry, for firmware calls that ask about another vCPU (PSCI
 * AFFINITY_INFO, SBI HSM hart_get_status): returns the vCPU recorded under
 * (`vm_id`, `hw_id`), or NULL. The core records every vCPU vcpu_init()
 * initialized (the key's hw_id is vcpu_arch_hw_id()) until it is initialized
 * again; a later vCPU with the same key replaces an earlier one. Any CPU;
 * takes the registry's lock. The returned vCPU's memory is the VMM's: it stays
 * valid as long as the VMM keeps it. */
const struct vcpu *vcpu_core_find_vcpu(vcpu_vm_id_t vm_id, uint64_t hw_id);

/* True if `v` is bound to a physical CPU (READY, RUNNING or BLOCKED): the
 * firmware view of a started CPU. False for NULL. Any CPU. */
bool vcpu_core_is_bound(const struct vcpu *v);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_ARCH_H */
