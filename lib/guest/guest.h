/* The guest runtime: code that runs inside a vCPU, linked into the same image
 * as the VMM that runs it (the hello example, the emulator test suites;
 * KVM-selftests style), and the calls it uses to provoke each kind of exit.
 * One portable header; one small file per ISA (guest_<arch>.c/.S). Everything
 * here runs in the guest, never in the host: the VMM starts a vCPU at
 * guest_entry_point() (or guest_secondary_entry_point()) and hears back
 * through the ucall hypercall (GUEST_UCALL_NR). */
#ifndef LIB_GUEST_GUEST_H
#define LIB_GUEST_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Hypercall `nr` with six arguments; returns what the host set with
 * vcpu_set_return_value(). */
uint64_t guest_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                         uint64_t a4, uint64_t a5);

/* Single loads and stores of each width at `addr`, as one instruction each
 * (the s-variants are sign-extending loads into a full register). */
uint8_t guest_read8(uintptr_t addr);
uint16_t guest_read16(uintptr_t addr);
uint32_t guest_read32(uintptr_t addr);
uint64_t guest_read64(uintptr_t addr);
int64_t guest_read8s(uintptr_t addr);
int64_t guest_read16s(uintptr_t addr);
int64_t guest_read32s(uintptr_t addr);
void guest_write8(uintptr_t addr, uint8_t v);
void guest_write16(uintptr_t addr, uint16_t v);
void guest_write32(uintptr_t addr, uint32_t v);
void guest_write64(uintptr_t addr, uint64_t v);

/* Reads / writes the system register the backend traps for tests
 * (GUEST_TRAPPED_SYSREG: ACTLR_EL1 on ARM, a CSR on RISC-V, an MSR on x86). */
uint64_t guest_sysreg_read(void);
void guest_sysreg_write(uint64_t value);

/* Waits for an interrupt (WFI / HLT); exits as HALT. */
void guest_halt(void);

/* Interrupts: the handler runs with the interrupt id/vector; enable/disable
 * unmask/mask interrupts in the guest. */
void guest_set_irq_handler(void (*handler)(uint32_t vector));
void guest_irq_enable(void);
void guest_irq_disable(void);

/* Starts / stops vCPUs and the system through the platform's firmware
 * interface (PSCI, SBI, x2APIC INIT-SIPI). */
int64_t guest_cpu_on(uint64_t target, uintptr_t entry, uint64_t arg);
_Noreturn void guest_cpu_off(void);
_Noreturn void guest_poweroff(void);

/* Executes an instruction that traps to the hypervisor but that the backend
 * does not decode (ARM: an SMC with a function id the backend does not
 * implement). */
void guest_unknown_exit(void);

/* Length in bytes of the instruction guest_unknown_exit() executes: the
 * host test skips it with vcpu_set_reg(VCPU_REG_PC, ...), since an UNKNOWN
 * exit leaves the PC at the instruction. */
extern const uint32_t guest_unknown_exit_length;

/* Reads / writes a system register the backend saves and restores for the
 * guest without trapping it (test_saved_sysreg: TPIDR_EL1 on ARM, sscratch
 * (vsscratch) on RISC-V, IA32_KERNEL_GS_BASE on x86), which the host reaches
 * with vcpu_get_reg() / vcpu_set_reg(VCPU_REG_SYSREG(...)). */
uint64_t guest_saved_sysreg_read(void);
void guest_saved_sysreg_write(uint64_t value);

/* Returns the stack pointer as this call sees it (its caller's SP, give or
 * take the call's own frame). */
uintptr_t guest_stack_pointer(void);

/* Spins forever without any instruction that exits to the hypervisor. */
_Noreturn void guest_spin(void);

/* Misbehaviour, for the adversarial suite (testing/adversarial). */

/* A load from `addr` that the backend cannot decode as an MMIO access
 * (aarch64: LDP, no instruction syndrome; riscv64: an AMO; x86: ADD from
 * memory); returns what it read. */
uint64_t guest_read_undecodable(uintptr_t addr);

/* A load from an address no guest can have (aarch64: bit 52, beyond any
 * stage-2 input range; riscv64: bit 56, beyond Sv39x4; x86: non-canonical). */
uint64_t guest_read_impossible_address(void);

/* An undefined instruction (aarch64 UDF, riscv64 an all-zero word, x86 UD2). */
void guest_undefined_instruction(void);

/* An instruction only the hypervisor may execute (aarch64: MRS of an EL2
 * register; riscv64: HFENCE.GVMA in VS-mode; x86: the backend's own VM entry
 * instruction, VMRUN on SVM, VMLAUNCH on VMX). */
void guest_privileged_instruction(void);

/* Points the guest's exception vectors at `gpa` (aarch64 VBAR_EL1, riscv64
 * stvec) or, on x86, loads an empty IDT (`gpa` unused), then raises an
 * exception the architecture delivers to the guest itself (UDF, EBREAK, UD2):
 * the guest cannot handle it. Never returns normally. */
void guest_raise_with_broken_vectors(uintptr_t gpa);

/* Per-ISA setup run before every guest function: installs the exception
 * vectors that turn the guest's own exceptions into GUEST_UCALL_EXCEPTION. */
void guest_arch_init(void);

/* What those vectors call: reports GUEST_UCALL_EXCEPTION, then halts forever. */
_Noreturn void guest_report_exception(uint64_t code, uint64_t pc, uint64_t detail);

/* Returns the address of the guest entry trampoline: a vCPU that starts there
 * with GUEST_ENTRY_FN_GPR = fn, GUEST_ENTRY_STACK_GPR = stack top and
 * GUEST_ENTRY_ARG_GPR = arg calls fn(arg) on that stack, then reports
 * GUEST_UCALL_DONE. */
uintptr_t guest_entry_point(void);

/* What a vCPU started with guest_cpu_on(target, guest_secondary_entry_point(),
 * &start) runs: fn(arg) on the stack ending at stack_top. */
struct guest_start {
    uint64_t fn, stack_top, arg;
};
uintptr_t guest_secondary_entry_point(void);

/* A position-independent function, `guest_return_magic_size` bytes long,
 * that returns GUEST_MAGIC; the host copies it into a page it maps late. */
extern const uint8_t guest_return_magic[];
extern const uint32_t guest_return_magic_size;
#define GUEST_MAGIC 0x600dcafeu

/* The ucall channel: a hypercall with this number reports to the VMM. */
#define GUEST_UCALL_NR 0x7563616cu /* "ucal" */
enum guest_ucall_kind {
    GUEST_UCALL_DONE = 1,   /* the guest function returned */
    GUEST_UCALL_SYNC = 2,   /* a value for the host: arg0 */
    GUEST_UCALL_ASSERT = 3, /* assertion failed: arg0 = line, arg1 = expression string */
    /* The guest took an exception of its own (nothing the hypervisor traps):
     * arg0 = ESR_EL1 / scause / x86 vector, arg1 = the faulting PC, arg2 =
     * FAR_EL1 / stval / x86 error code. The vCPU then stays halted. */
    GUEST_UCALL_EXCEPTION = 4,
};

void guest_ucall(uint64_t kind, uint64_t arg0, uint64_t arg1, uint64_t arg2);

#define GUEST_SYNC(v) guest_ucall(GUEST_UCALL_SYNC, (uint64_t)(v), 0, 0)
#define GUEST_DONE() guest_ucall(GUEST_UCALL_DONE, 0, 0, 0)
#define GUEST_ASSERT(cond)                                                                         \
    do {                                                                                           \
        if (!(cond))                                                                               \
            guest_ucall(GUEST_UCALL_ASSERT, __LINE__, (uint64_t)(uintptr_t) #cond,                 \
                        (uint64_t)(uintptr_t)__FILE__);                                            \
    } while (0)

#ifdef __cplusplus
}
#endif

#endif /* LIB_GUEST_GUEST_H */
