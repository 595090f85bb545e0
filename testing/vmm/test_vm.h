/* The host side of emulator tests: a tiny VMM over the public API that
 * creates a test VM (stage-2 map, vCPUs starting in guest functions of the
 * same image), runs vCPUs, and decodes the guest's ucalls. Portable, with one
 * file per ISA for the machine facts (test_vm_<arch>.c). Runs on the host
 * CPUs of the test image; ASSERTs only on CPU 0. */
#ifndef TESTING_VMM_TEST_VM_H
#define TESTING_VMM_TEST_VM_H

#include <vcpu/vcpu.h>

#include "lib/guest/guest.h"
#include "lib/stage2/stage2.h"

#define TEST_VM_MAX_VCPUS 2u
#define TEST_VM_STACK_PAGES 4u

struct test_vm {
    vcpu_vm_id_t id;
    struct stage2 s2;
    struct vcpu vcpus[TEST_VM_MAX_VCPUS];
    void *stacks[TEST_VM_MAX_VCPUS];
};

/* Machine facts of the ISA's test VM (test_vm_<arch>.c). */
extern const vcpu_gpa_t test_mmio_gpa;          /* unmapped: accesses exit as MMIO */
extern const vcpu_gpa_t test_npf_gpa;           /* unmapped page the NPF case maps late */
extern const vcpu_sysreg_t test_trapped_sysreg; /* what guest_sysreg_read/write access */
extern const uint32_t test_irq_vector;          /* a vector to inject */
extern const uint64_t test_timer_ticks;         /* host timer delay for the external-IRQ case */
extern const bool test_cpu_up_has_arg;          /* CPU_UP carries the guest argument (not x86) */
extern const vcpu_sysreg_t test_saved_sysreg;   /* what guest_saved_sysreg_read/write access */
/* SP at a function's first instruction is 16-byte aligned minus this (8 on
 * x86_64: the return address the call pushed; 0 elsewhere). */
extern const uint64_t test_function_entry_sp_offset;

/* The exception classes the guest reports (GUEST_UCALL_EXCEPTION) for the
 * faults vcpu_inject_fault() raises: a faulted load, a faulted store, an
 * undefined instruction (ARM64: ESR_EL1.EC 0x25, 0x25, 0x00; RISC-V: scause
 * 5, 7, 2; x86: vectors 13, 13, 6). */
extern const uint64_t test_fault_class_load, test_fault_class_store, test_fault_class_undef;

/* The class of a guest-reported exception code (ESR_EL1 -> EC; else the code). */
uint64_t test_exception_class(uint64_t code);

/* Makes every board CPU's per-CPU state registered and enabled (once). */
void test_percpu_enable_all(void);

/* The registered per-CPU state of `cpu`. */
struct vcpu_percpu *test_percpu(uint32_t cpu);

/* Runs fn(arg) on physical CPU `cpu` (directly on CPU 0) and waits for it. */
void test_on_cpu(uint32_t cpu, void (*fn)(void *), void *arg);

/* Unbinds and destroys whatever an earlier case left in `vm`, then builds a fresh
 * VM: stage-2 map of the image's RAM (and the machine's virtual interrupt
 * controller), no vCPU yet. Returns VCPU_OK or an error. */
int test_vm_create(struct test_vm *vm, vcpu_vm_id_t id);

/* Initializes and sets up vCPU `idx` to run fn(arg) on its own stack
 * (state FREE; not bound). Returns VCPU_OK or an error. */
int test_vm_add_vcpu(struct test_vm *vm, uint32_t idx, void (*fn)(uint64_t), uint64_t arg);

/* Unbinds every vCPU of `vm` on its owning CPU and destroys it. */
void test_vm_release(struct test_vm *vm);

/* Moves the PC of `v` past the instruction of guest_unknown_exit(), which an
 * UNKNOWN exit leaves the PC at. Returns vcpu_get_reg/vcpu_set_reg's status. */
int test_skip_unknown(struct vcpu *v);

/* Runs `v` until an exit other than NOTHING; returns vcpu_run()'s status. A
 * guest GUEST_ASSERT failure is reported as a test failure (and returned as
 * the ucall exit). */
int test_vcpu_run(struct vcpu *v, struct vcpu_exit *exit);

/* True if `exit` is a ucall of `kind`; *arg0 (if not NULL) gets its value. */
bool test_exit_is_ucall(const struct vcpu_exit *exit, enum guest_ucall_kind kind, uint64_t *arg0);

/* Initializes and sets up vCPU `idx` as a secondary CPU that the guest will
 * start itself (CPU_UP): state FREE, bindable on the CPUs of `cpu_mask`. */
int test_vm_add_secondary(struct test_vm *vm, uint32_t idx, uint64_t cpu_mask);

/* ISA hooks (test_vm_<arch>.c). */
int test_vm_arch_map(struct test_vm *vm);
const struct vcpu_setup_config *test_vm_arch_setup_config(void);
void test_vm_arch_start_regs(struct vcpu *v, uintptr_t fn, uintptr_t stack_top, uint64_t arg);
void test_vm_arch_set_start_arg(struct vcpu *v, uint64_t arg);

#endif /* TESTING_VMM_TEST_VM_H */
