/* The MSR permission map policy of the SVM backend: deny by default. Pure;
 * compiled and tested on the host too. */
#ifndef SVM_MSRPM_H
#define SVM_MSRPM_H

#include <stdbool.h>
#include <stdint.h>

/* The map is two 4 KiB pages (AMD APM vol. 2, 15.11). */
#define SVM_MSRPM_BYTES 8192u

/* True for the MSRs the guest reads and writes directly: the ones whose
 * guest value VMRUN/#VMEXIT (EFER) or VMLOAD/VMSAVE (FS/GS/KernelGS base,
 * STAR, LSTAR, CSTAR, SFMASK, SYSENTER_CS/ESP/EIP) switch per guest, so the
 * host's value never changes. Every other MSR is intercepted. */
bool svm_msr_passthrough(uint32_t msr);

/* Fills the SVM_MSRPM_BYTES at `msrpm`: every read and write bit set (the
 * three ranges 0-0x1fff, 0xc0000000-0xc0001fff, 0xc0010000-0xc0011fff, and
 * the reserved rest), then cleared for the svm_msr_passthrough() MSRs. */
void svm_msrpm_build(uint8_t *msrpm);

/* True if RDMSR (`write` false) or WRMSR of `msr` exits with map `msrpm`;
 * MSRs outside the three ranges always exit. */
bool svm_msrpm_intercepts(const uint8_t *msrpm, uint32_t msr, bool write);

#endif
