/* Pure decoding of ARM EL2 exits: ESR_EL2 syndromes and PSCI calls into
 * struct vcpu_exit. No hardware access; compiled and tested on the host too. */
#ifndef ARM_EL2_DECODE_H
#define ARM_EL2_DECODE_H

#include <vcpu/exit.h>

/* Exception classes (ESR_EL2.EC) the backend decodes. */
#define ESR_EC_WFX 0x01u
#define ESR_EC_HVC64 0x16u
#define ESR_EC_SMC64 0x17u
#define ESR_EC_SYSREG 0x18u
#define ESR_EC_IABT_LOW 0x20u
#define ESR_EC_DABT_LOW 0x24u

/* How the world switch moves the guest PC after an exit. */
enum arm_el2_pc_step {
    ARM_EL2_PC_KEEP = 0,    /* re-execute (faults) or already past (HVC, IRQ) */
    ARM_EL2_PC_ADVANCE = 1, /* skip the trapping instruction (ESR.IL: 4 or 2 bytes) */
};

/* The facts of one synchronous exit from a lower EL. */
struct arm_el2_trap {
    uint64_t esr, far, hpfar;
    const uint64_t *x; /* the guest's x0..x30 */
};

/* Returns the exception class of `esr`. */
static inline uint32_t arm_el2_esr_ec(uint64_t esr)
{
    return (uint32_t)((esr >> 26) & 0x3f);
}

/* Returns the bytes to skip for the trapping instruction of `esr` (IL). */
static inline uint64_t arm_el2_esr_insn_len(uint64_t esr)
{
    return (esr >> 25) & 1 ? 4 : 2;
}

/* Returns the faulting IPA of a stage-2 abort: HPFAR_EL2.FIPA with FAR's page
 * offset. */
uint64_t arm_el2_fault_ipa(uint64_t far, uint64_t hpfar);

/* Decodes a synchronous exit other than SMC into *exit (reason, payload and
 * raw.arm64; the payload is zeroed first) and returns how the PC moves. Data
 * aborts with a valid syndrome (ISV) on a translation or access-flag fault are
 * MMIO; permission faults, aborts without a syndrome and instruction aborts are
 * NESTED_PAGE_FAULT; MSR/MRS traps are SYSREG; WFI/WFE are HALT; HVC is
 * HYPERCALL; every other class is UNKNOWN (PC kept at the instruction). Never
 * fails. */
enum arm_el2_pc_step arm_el2_decode_sync(const struct arm_el2_trap *trap, struct vcpu_exit *exit);

/* What a trapped SMC asks for. */
enum arm_el2_psci_action {
    ARM_EL2_PSCI_EXIT,          /* *exit holds an exit for the VMM */
    ARM_EL2_PSCI_RETURN,        /* handled: x0 = *ret, then run again */
    ARM_EL2_PSCI_AFFINITY_INFO, /* the caller answers from the core's vCPU registry */
};

/* Decodes the SMC (SMCCC / PSCI) in x0..x3: VERSION and FEATURES are
 * answered (*ret); CPU_ON is CPU_UP, CPU_OFF is CPU_DOWN, SYSTEM_OFF and
 * SYSTEM_RESET are SYSTEM_DOWN (with *ret = PSCI SUCCESS preset for the guest);
 * AFFINITY_INFO is left to the caller; any other function id is UNKNOWN with
 * *ret = PSCI NOT_SUPPORTED (what a VMM that skips the SMC returns in x0). Always writes *exit (raw
 * included). */
enum arm_el2_psci_action arm_el2_decode_smc(const struct arm_el2_trap *trap, struct vcpu_exit *exit,
                                            uint64_t *ret);

#endif /* ARM_EL2_DECODE_H */
