/* Pure VMX capability computations (see caps.h). */
#include "caps.h"

#include "vmcs.h"

/* IA32_VMX_EPT_VPID_CAP bits. */
#define EPT_CAP_WALK4 (1ull << 6)
#define EPT_CAP_WB (1ull << 14)
#define EPT_CAP_INVEPT (1ull << 20)
#define EPT_CAP_INVEPT_SINGLE (1ull << 25)
#define EPT_CAP_INVEPT_ALL (1ull << 26)
#define BASIC_PHYS32 (1ull << 48)
#define MEMTYPE_WB 6ull

bool vmx_control_value(uint64_t cap, uint32_t want, uint32_t *out)
{
    uint32_t allowed0 = (uint32_t)cap, allowed1 = (uint32_t)(cap >> 32);
    *out = (want | allowed0) & allowed1;
    return (want & ~allowed1) == 0;
}

bool vmx_proc2_readable(uint64_t proc_cap)
{
    return ((proc_cap >> 32) & PROC_SECONDARY) != 0;
}

bool vmx_ept_vpid_readable(uint64_t proc2_cap)
{
    return ((proc2_cap >> 32) & (PROC2_EPT | PROC2_VPID)) != 0;
}

bool vmx_compute_controls(const struct vmx_cap_msrs *m, struct vmx_controls *out)
{
    bool true_msrs = (m->basic & VMX_BASIC_TRUE_CONTROLS) != 0;
    uint64_t pin = true_msrs ? m->true_pin : m->pin;
    uint64_t proc = true_msrs ? m->true_proc : m->proc;
    uint64_t exit = true_msrs ? m->true_exit : m->exit;
    uint64_t entry = true_msrs ? m->true_entry : m->entry;
    *out = (struct vmx_controls){0};
    if (!vmx_proc2_readable(m->proc) || !vmx_ept_vpid_readable(m->proc2))
        return false;
    bool ok = vmx_control_value(pin, PIN_EXTERNAL_INTERRUPT | PIN_NMI, &out->pin);
    ok &= vmx_control_value(proc,
                            PROC_HLT | PROC_RDPMC | PROC_CR8_LOAD | PROC_CR8_STORE |
                                PROC_UNCONDITIONAL_IO | PROC_MSR_BITMAPS | PROC_SECONDARY,
                            &out->proc);
    ok &= ((proc >> 32) & PROC_INTERRUPT_WINDOW) != 0;
    ok &= vmx_control_value(m->proc2, PROC2_EPT | PROC2_VPID | PROC2_UNRESTRICTED, &out->proc2);
    ok &= vmx_control_value(exit, EXIT_HOST_64BIT | EXIT_SAVE_EFER | EXIT_LOAD_EFER, &out->exit);
    ok &= vmx_control_value(entry, ENTRY_LOAD_EFER, &out->entry);
    ok &= ((entry >> 32) & ENTRY_IA32E_GUEST) != 0;
    out->entry &= ~ENTRY_IA32E_GUEST; /* per guest: set when EFER.LMA is */
    uint64_t ept = m->ept_vpid;
    ok &= (ept & EPT_CAP_WALK4) && (ept & EPT_CAP_WB) && (ept & EPT_CAP_INVEPT) &&
          (ept & (EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL));
    out->invept_single = (ept & EPT_CAP_INVEPT_SINGLE) != 0;
    return ok;
}

bool vmx_basic_usable(uint64_t basic)
{
    uint64_t size = (basic >> 32) & 0x1fff;
    uint64_t memtype = (basic >> 50) & 0xf;
    return size != 0 && size <= 4096 && memtype == MEMTYPE_WB && !(basic & BASIC_PHYS32);
}

uint32_t vmx_revision(uint64_t basic)
{
    return (uint32_t)basic & 0x7fffffffu;
}

uint64_t vmx_fixed_bits(uint64_t value, uint64_t fixed0, uint64_t fixed1, uint64_t exempt)
{
    uint64_t fixed = (value | fixed0) & fixed1;
    return (fixed & ~exempt) | (value & exempt);
}

uint64_t vmx_eptp(uint64_t root)
{
    return (root & ~0xfffull) | (3ull << 3) | MEMTYPE_WB;
}

enum vmx_feature_control_action vmx_feature_control_action(uint64_t fc, bool caps_ok)
{
    if (!caps_ok)
        return VMX_FEATURE_CONTROL_DENY;
    if (fc & FEATURE_CONTROL_LOCK)
        return (fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX) ? VMX_FEATURE_CONTROL_KEEP
                                                      : VMX_FEATURE_CONTROL_DENY;
    return VMX_FEATURE_CONTROL_LOCK;
}
