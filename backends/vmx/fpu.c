/* Lazy FP/SIMD state switching between vCPUs (see fpu.h). */
#include "fpu.h"

#include "backends/x86_common/cpu.h"

#define CR4_OSFXSR (1ull << 9)
#define FCW_OFFSET 0
#define MXCSR_OFFSET 24
#define FCW_RESET 0x37fu
#define MXCSR_RESET 0x1f80u
#define XSAVE_HEADER 512u
#define XSAVE_HEADER_BYTES 64u

void vmx_fpu_init_area(uint8_t *area)
{
    for (unsigned i = 0; i < 4096; i++)
        area[i] = 0;
    area[FCW_OFFSET] = (uint8_t)FCW_RESET;
    area[FCW_OFFSET + 1] = (uint8_t)(FCW_RESET >> 8);
    area[MXCSR_OFFSET] = (uint8_t)MXCSR_RESET;
    area[MXCSR_OFFSET + 1] = (uint8_t)(MXCSR_RESET >> 8);
    /* XSAVE header (XSTATE_BV = XCOMP_BV = 0): every component in its init state. */
    for (unsigned i = 0; i < XSAVE_HEADER_BYTES; i++)
        area[XSAVE_HEADER + i] = 0;
}

/* XSAVE/XRSTOR under an XCR0 of every supported component `full`, so the
 * area holds every component whatever XCR0 the guest chose; the XCR0 in
 * force before is put back. Else FXSAVE/FXRSTOR, which save the XMM
 * registers only with CR4.OSFXSR: set it for the instruction if the host
 * runs without it. */
static void save(uint8_t *area, uint64_t full)
{
    if (full != 0) {
        uint64_t before = xgetbv0();
        if (before != full)
            xsetbv0(full);
        __asm__ volatile("xsave64 %0"
                         : "+m"(*(uint8_t(*)[4096])area)
                         : "a"((uint32_t)full), "d"((uint32_t)(full >> 32)));
        if (before != full)
            xsetbv0(before);
        return;
    }
    uint64_t cr4 = READ_CR(4);
    if (!(cr4 & CR4_OSFXSR))
        WRITE_CR(4, cr4 | CR4_OSFXSR);
    __asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[512])area));
    if (!(cr4 & CR4_OSFXSR))
        WRITE_CR(4, cr4);
}

static void restore(const uint8_t *area, uint64_t full)
{
    if (full != 0) {
        uint64_t before = xgetbv0();
        if (before != full)
            xsetbv0(full);
        __asm__ volatile("xrstor64 %0"
                         :
                         : "m"(*(const uint8_t(*)[4096])area), "a"((uint32_t)full),
                           "d"((uint32_t)(full >> 32)));
        if (before != full)
            xsetbv0(before);
        return;
    }
    uint64_t cr4 = READ_CR(4);
    if (!(cr4 & CR4_OSFXSR))
        WRITE_CR(4, cr4 | CR4_OSFXSR);
    __asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[512])area));
    if (!(cr4 & CR4_OSFXSR))
        WRITE_CR(4, cr4);
}

void vmx_fpu_enter(struct vcpu_arch_percpu *ap, struct vcpu_arch *a)
{
    struct vcpu_arch *owner = ap->fpu_owner;
    if (owner == a)
        return;
    if (owner != NULL)
        save(owner->fpu, ap->xcr0_supported);
    restore(a->fpu, ap->xcr0_supported);
    ap->fpu_owner = a;
    a->fpu_cpu = ap;
}

void vmx_fpu_release(struct vcpu_arch_percpu *ap, struct vcpu_arch *a)
{
    if (ap->fpu_owner != a)
        return;
    save(a->fpu, ap->xcr0_supported);
    ap->fpu_owner = NULL;
    a->fpu_cpu = NULL;
}

void vmx_fpu_forget(struct vcpu_arch *a)
{
    struct vcpu_arch_percpu *ap = a->fpu_cpu;
    void *expected = a;
    if (ap != NULL)
        __atomic_compare_exchange_n(&ap->fpu_owner, &expected, NULL, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED);
    a->fpu_cpu = NULL;
}
