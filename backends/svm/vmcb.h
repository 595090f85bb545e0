/* VMCB layout (AMD APM vol. 2, appendix B) and SVM constants. */
#ifndef SVM_VMCB_H
#define SVM_VMCB_H

#include <stdint.h>

/* Control area. */
#define VMCB_INTERCEPT_CR 0x000
#define VMCB_INTERCEPT_DR 0x004 /* reads DRn: bit n; writes: bit 16 + n */
#define VMCB_INTERCEPT_EXCEPTIONS 0x008
#define VMCB_INTERCEPT_MISC1 0x00c
#define VMCB_INTERCEPT_MISC2 0x010
#define VMCB_IOPM_BASE 0x040
#define VMCB_MSRPM_BASE 0x048
#define VMCB_ASID 0x058
#define VMCB_TLB_CONTROL 0x05c
#define VMCB_VINTR 0x060
#define VMCB_INTERRUPT_SHADOW 0x068
#define VMCB_EXITCODE 0x070
#define VMCB_EXITINFO1 0x078
#define VMCB_EXITINFO2 0x080
#define VMCB_EXITINTINFO 0x088
#define VMCB_NP_ENABLE 0x090
#define VMCB_EVENTINJ 0x0a8
#define VMCB_N_CR3 0x0b0
#define VMCB_CLEAN 0x0c0
#define VMCB_NRIP 0x0c8
/* State save area: segments are {u16 selector, u16 attrib, u32 limit, u64 base}. */
#define VMCB_ES 0x400
#define VMCB_CS 0x410
#define VMCB_SS 0x420
#define VMCB_DS 0x430
#define VMCB_FS 0x440
#define VMCB_GS 0x450
#define VMCB_GDTR 0x460
#define VMCB_LDTR 0x470
#define VMCB_IDTR 0x480
#define VMCB_TR 0x490
#define VMCB_CPL 0x4cb
#define VMCB_EFER 0x4d0
#define VMCB_CR4 0x548
#define VMCB_CR3 0x550
#define VMCB_CR0 0x558
#define VMCB_DR7 0x560
#define VMCB_DR6 0x568
#define VMCB_RFLAGS 0x570
#define VMCB_RIP 0x578
#define VMCB_RSP 0x5d8
#define VMCB_RAX 0x5f8
#define VMCB_STAR 0x600
#define VMCB_LSTAR 0x608
#define VMCB_CSTAR 0x610
#define VMCB_SFMASK 0x618
#define VMCB_KERNEL_GS_BASE 0x620
#define VMCB_SYSENTER_CS 0x628
#define VMCB_SYSENTER_ESP 0x630
#define VMCB_SYSENTER_EIP 0x638
#define VMCB_G_PAT 0x668

/* Intercept bits. */
#define MISC1_INTR (1u << 0)
#define MISC1_NMI (1u << 1)
#define MISC1_VINTR (1u << 4)
#define MISC1_RDPMC (1u << 15)
#define MISC1_INVD (1u << 22)
#define MISC1_HLT (1u << 24)
#define MISC1_IOIO (1u << 27)
#define MISC1_MSR (1u << 28)
#define MISC1_INVLPGA (1u << 26)
#define MISC1_SHUTDOWN (1u << 31)
#define MISC2_VMRUN (1u << 0)
#define MISC2_VMMCALL (1u << 1)
#define MISC2_VMLOAD (1u << 2)
#define MISC2_VMSAVE (1u << 3)
#define MISC2_STGI (1u << 4)
#define MISC2_CLGI (1u << 5)
#define MISC2_SKINIT (1u << 6)
#define MISC2_WBINVD (1u << 9)
#define MISC2_XSETBV (1u << 13)

/* Exceptions intercepted (VMCB_INTERCEPT_EXCEPTIONS bit = vector). */
#define X86_VECTOR_DB 1u
#define X86_VECTOR_UD 6u
#define X86_VECTOR_GP 13u
#define X86_VECTOR_AC 17u
#define X86_VECTOR_MC 18u

/* DR0-DR3 reads and writes (the lazily switched debug address registers). */
#define DR_INTERCEPT_DR0_3 0x000f000fu

/* Exit codes. */
#define SVM_EXIT_DR_READ0 0x20   /* 0x20 + n: read of DRn */
#define SVM_EXIT_DR_WRITE0 0x30  /* 0x30 + n: write of DRn */
#define SVM_EXIT_EXCEPTION0 0x40 /* 0x40 + vector */
#define SVM_EXIT_DB (SVM_EXIT_EXCEPTION0 + X86_VECTOR_DB)
#define SVM_EXIT_AC (SVM_EXIT_EXCEPTION0 + X86_VECTOR_AC)
#define SVM_EXIT_MC (SVM_EXIT_EXCEPTION0 + X86_VECTOR_MC)
#define SVM_EXIT_INTR 0x60
#define SVM_EXIT_VINTR 0x64
#define SVM_EXIT_RDPMC 0x6f
#define SVM_EXIT_HLT 0x78
#define SVM_EXIT_IOIO 0x7b
#define SVM_EXIT_MSR 0x7c
#define SVM_EXIT_INVD 0x76
#define SVM_EXIT_INVLPGA 0x7a
#define SVM_EXIT_SHUTDOWN 0x7f
#define SVM_EXIT_VMMCALL 0x81
#define SVM_EXIT_VMLOAD 0x82
#define SVM_EXIT_VMSAVE 0x83
#define SVM_EXIT_STGI 0x84
#define SVM_EXIT_CLGI 0x85
#define SVM_EXIT_SKINIT 0x86
#define SVM_EXIT_WBINVD 0x89
#define SVM_EXIT_XSETBV 0x8d
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_INVALID (~0ull)

#define VINTR_V_IRQ (1ull << 8)
#define VINTR_V_IGN_TPR (1ull << 20)
#define VINTR_V_INTR_MASKING (1ull << 24)
#define EVENTINJ_VALID (1ull << 31)

static inline uint64_t vmcb_read(const uint8_t *vmcb, unsigned off)
{
    return *(const volatile uint64_t *)(vmcb + off);
}

static inline void vmcb_write(uint8_t *vmcb, unsigned off, uint64_t v)
{
    *(volatile uint64_t *)(vmcb + off) = v;
}

static inline void vmcb_write32(uint8_t *vmcb, unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(vmcb + off) = v;
}

/* Writes a segment register of the state save area. */
static inline void vmcb_segment(uint8_t *vmcb, unsigned off, uint16_t selector, uint16_t attrib,
                                uint32_t limit, uint64_t base)
{
    *(volatile uint16_t *)(vmcb + off) = selector;
    *(volatile uint16_t *)(vmcb + off + 2) = attrib;
    *(volatile uint32_t *)(vmcb + off + 4) = limit;
    *(volatile uint64_t *)(vmcb + off + 8) = base;
}

#endif
