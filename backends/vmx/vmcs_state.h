/* Writing the current VMCS: host state, controls, the guest's start state.
 * All on the owning CPU with the vCPU's VMCS current (after VMPTRLD). */
#ifndef VMX_VMCS_STATE_H
#define VMX_VMCS_STATE_H

#include <vcpu/arch.h>

#include "msr_bitmap.h"

/* The vCPU's MSR areas (VMX_AREA_MSR_COUNT entries each, in the page
 * a->msr_area): the guest's values, loaded at VM entry and stored at VM exit,
 * and the host's, loaded at VM exit. */
static inline struct vmx_msr_entry *vmx_guest_msr_area(const struct vcpu_arch *a)
{
    return (struct vmx_msr_entry *)(void *)a->msr_area;
}

static inline struct vmx_msr_entry *vmx_host_msr_area(const struct vcpu_arch *a)
{
    return (struct vmx_msr_entry *)(void *)(a->msr_area + 2048);
}

/* The RIP a start at `entry` gives the guest, as vmx_write_guest_start()
 * writes it: `entry` in long mode, entry & 0xf in real mode (CS base entry &
 * ~0xf). Pure; any CPU. */
static inline uint64_t vmx_start_rip(const struct vcpu_arch *a, vcpu_gpa_t entry)
{
    return a->setup.long_mode ? entry : entry & 0xf;
}

/* Writes the host-state area for the calling CPU (control registers,
 * selectors, TR/GDTR/IDTR/FS/GS bases, SYSENTER MSRs, EFER, the exit entry
 * point; HOST_RSP is written at each entry) and the calling CPU's values of
 * the area-switched MSRs into `a`'s host MSR area, which VM exits load.
 * VCPU_ERR_NOT_SUPPORTED (nothing written) if the host has no task register
 * loaded (VMX needs a non-zero host TR). */
int vmx_write_host_state(struct vcpu_arch *a);

/* Writes the execution, exit and entry controls computed for CPU `ap`, the
 * MSR bitmap, the MSR-load/store areas, EPT pointer, VPID and the other fixed
 * control fields. */
void vmx_write_controls(const struct vcpu_arch *a, const struct vcpu_arch_percpu *ap);

/* Writes the guest state of a start at `entry` as a->setup describes: 64-bit
 * mode with flat segments and paging at setup.cr3, or 16-bit real mode
 * (unrestricted guest) with CS base entry & ~0xf. */
void vmx_write_guest_start(const struct vcpu_arch *a, const struct vcpu_arch_percpu *ap,
                           vcpu_gpa_t entry);

/* Moves a started guest to `entry`: in real mode (CR0.PE clear) a fresh
 * real-mode start there, else only RIP. */
void vmx_set_guest_entry(const struct vcpu_arch_percpu *ap, vcpu_gpa_t entry);

#endif
