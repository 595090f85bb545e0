/* The VMX instructions other than VMREAD/VMWRITE, each returning whether it
 * succeeded (CF and ZF clear). Host only, in VMX operation except VMXON. */
#ifndef VMX_VMX_INSN_H
#define VMX_VMX_INSN_H

#include <stdbool.h>
#include <stdint.h>

static inline bool vmxon(uint64_t pa)
{
    bool fail;
    __asm__ volatile("vmxon %1; setna %0" : "=q"(fail) : "m"(pa) : "cc", "memory");
    return !fail;
}

static inline bool vmxoff(void)
{
    bool fail;
    __asm__ volatile("vmxoff; setna %0" : "=q"(fail) : : "cc", "memory");
    return !fail;
}

static inline bool vmclear(uint64_t pa)
{
    bool fail;
    __asm__ volatile("vmclear %1; setna %0" : "=q"(fail) : "m"(pa) : "cc", "memory");
    return !fail;
}

static inline bool vmptrld(uint64_t pa)
{
    bool fail;
    __asm__ volatile("vmptrld %1; setna %0" : "=q"(fail) : "m"(pa) : "cc", "memory");
    return !fail;
}

/* INVEPT of `type` (1 single-context for `eptp`, 2 all-context). */
static inline bool invept(uint64_t type, uint64_t eptp)
{
    struct {
        uint64_t eptp, reserved;
    } desc = {eptp, 0};
    bool fail;
    __asm__ volatile("invept %1, %2; setna %0"
                     : "=q"(fail)
                     : "m"(desc), "r"(type)
                     : "cc", "memory");
    return !fail;
}

#endif
