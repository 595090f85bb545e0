/* EL2 system register access for the backend. */
#ifndef ARM_EL2_SYSREG_H
#define ARM_EL2_SYSREG_H

#include <stdint.h>

#define READ_SYSREG(name)                                                                          \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " #name : "=r"(v_));                                             \
        v_;                                                                                        \
    })

#define WRITE_SYSREG(name, value) __asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(value)))

static inline void isb(void)
{
    __asm__ volatile("isb" ::: "memory");
}

/* HCR_EL2 bits. */
#define HCR_VM (1ul << 0)
#define HCR_SWIO (1ul << 1)
#define HCR_FMO (1ul << 3)
#define HCR_IMO (1ul << 4)
#define HCR_AMO (1ul << 5)
#define HCR_TWI (1ul << 13)
#define HCR_TWE (1ul << 14)
#define HCR_TSC (1ul << 19)
#define HCR_TACR (1ul << 21)
#define HCR_RW (1ul << 31)

/* MDCR_EL2: HPMN (counters left to the guest) and TDE (debug exceptions,
 * such as BRK, go to EL2). */
#define MDCR_HPMN_MASK 0x1ful
#define MDCR_TDE (1ul << 8)

#endif
