/* VMCS field encodings, exit reasons and control bits (Intel SDM vol. 3,
 * appendices B and C, chapter 25), and the VMREAD/VMWRITE accessors. */
#ifndef VMX_VMCS_H
#define VMX_VMCS_H

#include <stdint.h>

/* 16-bit fields. */
#define VMCS_VPID 0x0000u
#define VMCS_GUEST_ES_SEL 0x0800u /* ES, CS, SS, DS, FS, GS, LDTR, TR: + 2 each */
#define VMCS_GUEST_CS_SEL 0x0802u
#define VMCS_GUEST_LDTR_SEL 0x080cu
#define VMCS_GUEST_TR_SEL 0x080eu
#define VMCS_HOST_ES_SEL 0x0c00u
#define VMCS_HOST_CS_SEL 0x0c02u
#define VMCS_HOST_SS_SEL 0x0c04u
#define VMCS_HOST_DS_SEL 0x0c06u
#define VMCS_HOST_FS_SEL 0x0c08u
#define VMCS_HOST_GS_SEL 0x0c0au
#define VMCS_HOST_TR_SEL 0x0c0cu
/* 64-bit fields. */
#define VMCS_MSR_BITMAP 0x2004u
#define VMCS_EXIT_MSR_STORE_ADDR 0x2006u
#define VMCS_EXIT_MSR_LOAD_ADDR 0x2008u
#define VMCS_ENTRY_MSR_LOAD_ADDR 0x200au
#define VMCS_EPT_POINTER 0x201au
#define VMCS_GUEST_PHYSICAL_ADDRESS 0x2400u
#define VMCS_LINK_POINTER 0x2800u
#define VMCS_GUEST_DEBUGCTL 0x2802u
#define VMCS_GUEST_EFER 0x2806u
#define VMCS_HOST_EFER 0x2c02u
/* 32-bit fields. */
#define VMCS_PIN_CONTROLS 0x4000u
#define VMCS_PROC_CONTROLS 0x4002u
#define VMCS_EXCEPTION_BITMAP 0x4004u
#define VMCS_CR3_TARGET_COUNT 0x400au
#define VMCS_EXIT_CONTROLS 0x400cu
#define VMCS_EXIT_MSR_STORE_COUNT 0x400eu
#define VMCS_EXIT_MSR_LOAD_COUNT 0x4010u
#define VMCS_ENTRY_CONTROLS 0x4012u
#define VMCS_ENTRY_MSR_LOAD_COUNT 0x4014u
#define VMCS_ENTRY_INTR_INFO 0x4016u
#define VMCS_ENTRY_EXCEPTION_ERROR 0x4018u
#define VMCS_ENTRY_INSTRUCTION_LEN 0x401au
#define VMCS_PROC2_CONTROLS 0x401eu
#define VMCS_INSTRUCTION_ERROR 0x4400u
#define VMCS_EXIT_REASON 0x4402u
#define VMCS_EXIT_INTR_INFO 0x4404u
#define VMCS_EXIT_INTR_ERROR 0x4406u
#define VMCS_IDT_VECTORING_INFO 0x4408u
#define VMCS_IDT_VECTORING_ERROR 0x440au
#define VMCS_EXIT_INSTRUCTION_LEN 0x440cu
#define VMCS_GUEST_ES_LIMIT 0x4800u /* then CS..TR (+2 each), GDTR 0x4810, IDTR 0x4812 */
#define VMCS_GUEST_GDTR_LIMIT 0x4810u
#define VMCS_GUEST_IDTR_LIMIT 0x4812u
#define VMCS_GUEST_ES_AR 0x4814u /* then CS..TR (+2 each) */
#define VMCS_GUEST_INTERRUPTIBILITY 0x4824u
#define VMCS_GUEST_ACTIVITY 0x4826u
#define VMCS_GUEST_SYSENTER_CS 0x482au
#define VMCS_HOST_SYSENTER_CS 0x4c00u
/* Natural-width fields. */
#define VMCS_CR0_MASK 0x6000u
#define VMCS_CR4_MASK 0x6002u
#define VMCS_CR0_SHADOW 0x6004u
#define VMCS_CR4_SHADOW 0x6006u
#define VMCS_EXIT_QUALIFICATION 0x6400u
#define VMCS_GUEST_LINEAR_ADDRESS 0x640au
#define VMCS_GUEST_CR0 0x6800u
#define VMCS_GUEST_CR3 0x6802u
#define VMCS_GUEST_CR4 0x6804u
#define VMCS_GUEST_ES_BASE 0x6806u /* then CS..TR (+2 each) */
#define VMCS_GUEST_CS_BASE 0x6808u
#define VMCS_GUEST_GDTR_BASE 0x6816u
#define VMCS_GUEST_IDTR_BASE 0x6818u
#define VMCS_GUEST_DR7 0x681au
#define VMCS_GUEST_RSP 0x681cu
#define VMCS_GUEST_RIP 0x681eu
#define VMCS_GUEST_RFLAGS 0x6820u
#define VMCS_GUEST_PENDING_DBG 0x6822u
#define VMCS_GUEST_SYSENTER_ESP 0x6824u
#define VMCS_GUEST_SYSENTER_EIP 0x6826u
#define VMCS_HOST_CR0 0x6c00u
#define VMCS_HOST_CR3 0x6c02u
#define VMCS_HOST_CR4 0x6c04u
#define VMCS_HOST_FS_BASE 0x6c06u
#define VMCS_HOST_GS_BASE 0x6c08u
#define VMCS_HOST_TR_BASE 0x6c0au
#define VMCS_HOST_GDTR_BASE 0x6c0cu
#define VMCS_HOST_IDTR_BASE 0x6c0eu
#define VMCS_HOST_SYSENTER_ESP 0x6c10u
#define VMCS_HOST_SYSENTER_EIP 0x6c12u
#define VMCS_HOST_RSP 0x6c14u
#define VMCS_HOST_RIP 0x6c16u

/* Segment n of the guest-state area (0 ES, 1 CS, 2 SS, 3 DS, 4 FS, 5 GS,
 * 6 LDTR, 7 TR). */
#define VMCS_SEG_SEL(n) (0x0800u + 2u * (n))
#define VMCS_SEG_LIMIT(n) (0x4800u + 2u * (n))
#define VMCS_SEG_AR(n) (0x4814u + 2u * (n))
#define VMCS_SEG_BASE(n) (0x6806u + 2u * (n))
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR };
#define SEG_AR_UNUSABLE (1u << 16)

/* Basic exit reasons. */
#define VMX_EXIT_EXCEPTION_NMI 0u
#define VMX_EXIT_EXTERNAL_INTERRUPT 1u
#define VMX_EXIT_TRIPLE_FAULT 2u
#define VMX_EXIT_INTERRUPT_WINDOW 7u
#define VMX_EXIT_CPUID 10u
#define VMX_EXIT_HLT 12u
#define VMX_EXIT_RDPMC 15u
#define VMX_EXIT_VMCALL 18u
#define VMX_EXIT_CR_ACCESS 28u
#define VMX_EXIT_MOV_DR 29u
#define VMX_EXIT_IO 30u
#define VMX_EXIT_RDMSR 31u
#define VMX_EXIT_WRMSR 32u
#define VMX_EXIT_INVALID_GUEST_STATE 33u
#define VMX_EXIT_MSR_LOADING 34u
#define VMX_EXIT_MACHINE_CHECK 41u
#define VMX_EXIT_EPT_VIOLATION 48u
#define VMX_EXIT_EPT_MISCONFIG 49u
#define VMX_EXIT_XSETBV 55u
#define VMX_EXIT_REASON_ENTRY_FAILURE (1u << 31)

/* Pin-based controls. */
#define PIN_EXTERNAL_INTERRUPT (1u << 0)
#define PIN_NMI (1u << 3)
/* Primary processor-based controls. */
#define PROC_INTERRUPT_WINDOW (1u << 2)
#define PROC_HLT (1u << 7)
#define PROC_RDPMC (1u << 11)
#define PROC_CR3_LOAD (1u << 15)
#define PROC_CR3_STORE (1u << 16)
#define PROC_CR8_LOAD (1u << 19)
#define PROC_CR8_STORE (1u << 20)
#define PROC_MOV_DR (1u << 23)
#define PROC_UNCONDITIONAL_IO (1u << 24)
#define PROC_MSR_BITMAPS (1u << 28)
#define PROC_SECONDARY (1u << 31)
/* Secondary processor-based controls. */
#define PROC2_EPT (1u << 1)
#define PROC2_VPID (1u << 5)
#define PROC2_UNRESTRICTED (1u << 7)
/* VM-exit controls. */
#define EXIT_SAVE_DEBUG (1u << 2)
#define EXIT_HOST_64BIT (1u << 9)
#define EXIT_SAVE_EFER (1u << 20)
#define EXIT_LOAD_EFER (1u << 21)
/* VM-entry controls. */
#define ENTRY_LOAD_DEBUG (1u << 2)
#define ENTRY_IA32E_GUEST (1u << 9)
#define ENTRY_LOAD_EFER (1u << 15)

/* Interruption information (entry, exit, IDT vectoring). */
#define INTR_INFO_VALID (1u << 31)
#define INTR_INFO_ERROR_CODE (1u << 11)

/* Guest interruptibility state. */
#define INTERRUPTIBILITY_STI (1u << 0)
#define INTERRUPTIBILITY_MOV_SS (1u << 1)

static inline uint64_t vmread(uint64_t field)
{
    uint64_t v;
    __asm__ volatile("vmread %1, %0" : "=r"(v) : "r"(field) : "cc");
    return v;
}

static inline void vmwrite(uint64_t field, uint64_t v)
{
    __asm__ volatile("vmwrite %1, %0" : : "r"(field), "r"(v) : "cc");
}

#endif
