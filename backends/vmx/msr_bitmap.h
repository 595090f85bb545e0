/* The MSR policy of the VMX backend: deny by default in the MSR bitmap, and
 * the MSRs the VMCS switches per guest through its MSR-load/store areas.
 * Pure; compiled and tested on the host too. */
#ifndef VMX_MSR_BITMAP_H
#define VMX_MSR_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

/* The MSR bitmap is one 4 KiB page (Intel SDM vol. 3, "MSR-Bitmap
 * Address"): read bitmaps of 0-0x1fff at byte 0 and of
 * 0xc0000000-0xc0001fff at 0x400, the write bitmaps of the same ranges at
 * 0x800 and 0xc00. */
#define VMX_MSR_BITMAP_BYTES 4096u

/* The MSRs without a VMCS guest-state field that the backend switches per
 * guest with the VM-entry MSR-load, VM-exit MSR-store and VM-exit MSR-load
 * areas: KernelGSBase, STAR, LSTAR, CSTAR, SFMASK. */
#define VMX_AREA_MSR_COUNT 5u
extern const uint32_t vmx_area_msrs[VMX_AREA_MSR_COUNT];

/* One entry of an MSR-load/store area (SDM vol. 3, "VM-Exit Controls for
 * MSRs"): MSR index, reserved 0, value. Areas are arrays of these, 16-byte
 * aligned. */
struct vmx_msr_entry {
    uint32_t index;
    uint32_t reserved;
    uint64_t value;
};

/* True for the MSRs the guest reads and writes directly, whose guest value
 * the VMCS switches so that the host's never changes: EFER (load/save EFER
 * controls), FS_BASE, GS_BASE, SYSENTER_CS/ESP/EIP (guest- and host-state
 * fields), and the vmx_area_msrs (MSR areas). Every other MSR exits. */
bool vmx_msr_passthrough(uint32_t msr);

/* Fills the VMX_MSR_BITMAP_BYTES at `bitmap`: every read and write bit set,
 * then cleared for the vmx_msr_passthrough() MSRs. */
void vmx_msr_bitmap_build(uint8_t *bitmap);

/* True if RDMSR (`write` false) or WRMSR of `msr` exits with `bitmap`; MSRs
 * outside the two ranges always exit. */
bool vmx_msr_bitmap_intercepts(const uint8_t *bitmap, uint32_t msr, bool write);

/* Writes the VMX_AREA_MSR_COUNT entries of `area`: the vmx_area_msrs in
 * order, each with value `values[i]` (all 0 when `values` is NULL). */
void vmx_msr_area_fill(struct vmx_msr_entry *area, const uint64_t *values);

#endif
