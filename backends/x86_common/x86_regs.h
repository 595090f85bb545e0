/* x86 architectural registers and bits both x86 backends (svm, vmx) use,
 * each defined once: general-register indices, CR0/CR4/EFER/RFLAGS bits, the
 * MSR numbers, segment access rights, and the guest's code mode. Pure (no
 * hardware access): for the target and for host tests. */
#ifndef X86_COMMON_X86_REGS_H
#define X86_COMMON_X86_REGS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* General register indices in the x86 encoding order (also the vCPU's GPR
 * indices on the x86 backends). */
enum x86_gpr {
    X86_RAX,
    X86_RCX,
    X86_RDX,
    X86_RBX,
    X86_RSP,
    X86_RBP,
    X86_RSI,
    X86_RDI,
    X86_R8,
    X86_R9,
    X86_R10,
    X86_R11,
    X86_R12,
    X86_R13,
    X86_R14,
    X86_R15,
};
#define X86_GPR_COUNT 16u

/* CR0. */
#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)

/* CR4. */
#define CR4_PAE (1ull << 5)
#define CR4_VMXE (1ull << 13)
#define CR4_OSXSAVE (1ull << 18)

/* IA32_EFER. */
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)
#define EFER_SVME (1ull << 12)

/* The control registers of the two guest start states both backends offer
 * (struct vcpu_setup_config): real mode as after INIT, and 64-bit mode with
 * paging. */
#define X86_CR0_REAL_MODE_START CR0_ET
#define X86_CR0_LONG_MODE_START (CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_MP | CR0_PE)
#define X86_EFER_LONG_MODE_START (EFER_LME | EFER_LMA | EFER_NXE)

/* RFLAGS. */
#define RFLAGS_FIXED (1ull << 1) /* reserved, reads as 1 */
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_IF (1ull << 9)
#define RFLAGS_VM (1ull << 17)

/* Architectural MSRs. */
#define MSR_APIC_BASE 0x1bu
#define MSR_FEATURE_CONTROL 0x3au
#define MSR_SYSENTER_CS 0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u
#define MSR_PAT 0x277u
#define MSR_EFER 0xc0000080u
#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_CSTAR 0xc0000083u
#define MSR_SFMASK 0xc0000084u
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u

/* Segment access rights in the layout of VMX's VMCS: descriptor bits 47:40
 * (type, S, DPL, P) in bits 7:0 and bits 55:52 (AVL, L, D/B, G) in bits
 * 15:12. The VMCB packs the same bits into 11:0 (x86_vmcb_seg_attr()). */
#define SEG_AR_L (1u << 13)     /* 64-bit code segment */
#define SEG_AR_DB (1u << 14)    /* default operation size 32 bits */
#define SEG_AR_CODE64 0xa09bu   /* G, L, P, S, execute/read accessed */
#define SEG_AR_DATA 0xc093u     /* G, D/B, P, S, read/write accessed (flat data) */
#define SEG_AR_CODE16 0x009bu   /* P, S, execute/read accessed (real mode) */
#define SEG_AR_DATA16 0x0093u   /* P, S, read/write accessed (real mode) */
#define SEG_AR_LDT 0x0082u      /* P, LDT */
#define SEG_AR_TSS_BUSY 0x008bu /* P, busy 64-bit TSS */

/* The VMCB's packed form of access rights `ar` (bits 7:0 and 11:8 = the
 * VMCS layout's 7:0 and 15:12). Pure. */
static inline uint16_t x86_vmcb_seg_attr(uint32_t ar)
{
    return (uint16_t)((ar & 0xffu) | ((ar >> 4) & 0xf00u));
}

/* The VMCS layout of the VMCB's packed attributes `attr`. Pure. */
static inline uint32_t x86_seg_ar_from_vmcb(uint16_t attr)
{
    return (attr & 0xffu) | ((uint32_t)(attr & 0xf00u) << 4);
}

/* The code-segment mode an instruction executes in: its default operand and
 * address sizes, and whether 40..4F are REX prefixes. */
enum x86_cpu_mode {
    X86_MODE_64 = 0, /* long mode, CS.L = 1 (the default of x86_decode_mmio) */
    X86_MODE_32,     /* protected or compatibility mode, CS.D = 1 */
    X86_MODE_16,     /* real mode, virtual-8086 mode, or CS.D = 0 */
};

/* The mode of the guest's code segment, for decoding its instructions, from
 * the guest's IA32_EFER, CS access rights (VMCS layout: L bit 13, D/B bit
 * 14) and RFLAGS: 64-bit when EFER.LMA and CS.L, else 32-bit when CS.D/B and
 * not virtual-8086 mode (RFLAGS.VM), else 16-bit (real mode, virtual-8086
 * mode, 16-bit protected mode). Pure. */
static inline enum x86_cpu_mode x86_guest_mode(uint64_t efer, uint32_t cs_ar, uint64_t rflags)
{
    if ((efer & EFER_LMA) && (cs_ar & SEG_AR_L))
        return X86_MODE_64;
    if (!(rflags & RFLAGS_VM) && (cs_ar & SEG_AR_DB))
        return X86_MODE_32;
    return X86_MODE_16;
}

#ifdef __cplusplus
}
#endif

#endif
