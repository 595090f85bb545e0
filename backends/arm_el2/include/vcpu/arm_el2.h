/* ARM EL2 backend: architecture-specific facts and the host hooks it adds to
 * <vcpu/host.h>. */
#ifndef VCPU_ARM_EL2_H
#define VCPU_ARM_EL2_H

#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PSCI function ids the backend recognizes in trapped SMCs (SMCCC). */
#define ARM_PSCI_VERSION 0x84000000u
#define ARM_PSCI_CPU_OFF 0x84000002u
#define ARM_PSCI_CPU_ON_32 0x84000003u
#define ARM_PSCI_CPU_ON_64 0xc4000003u
#define ARM_PSCI_AFFINITY_INFO_32 0x84000004u
#define ARM_PSCI_AFFINITY_INFO_64 0xc4000004u
#define ARM_PSCI_SYSTEM_OFF 0x84000008u
#define ARM_PSCI_SYSTEM_RESET 0x84000009u
#define ARM_PSCI_FEATURES 0x8400000au
/* PSCI return codes. */
#define ARM_PSCI_SUCCESS 0
#define ARM_PSCI_NOT_SUPPORTED (-1)
#define ARM_PSCI_INVALID_PARAMETERS (-2)

/* The system register the backend traps for the guest (HCR_EL2.TACR):
 * ACTLR_EL1, reads and writes. */
#define ARM_EL2_TRAPPED_SYSREG VCPU_SYSREG_ARM64(3, 0, 1, 0, 1)

/* Host hook (provided by the embedder, like <vcpu/host.h>): called on the
 * interrupted CPU, with interrupts masked, for a physical IRQ taken at EL2 while
 * the hypervisor itself runs (after vcpu_percpu_hardware_enable() installed the
 * backend's vectors). It acknowledges and handles the interrupt. */
void vcpu_arm_el2_host_irq(void);

/* Host hook: called for any other exception taken at EL2 while the hypervisor
 * runs (a hypervisor bug); `vector` is the vector-table slot (0..7). Should
 * report and stop; it does not return. */
_Noreturn void vcpu_arm_el2_host_fault(uint64_t vector);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_ARM_EL2_H */
