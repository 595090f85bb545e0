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

/* MDCR_EL2: HPMN (event counters EL1 may see), TPMCR/TPM (trap PMCR_EL0 /
 * every PMU register to EL2), TDE (route debug exceptions such as BRK to EL2:
 * never set, they belong to the guest), TDA/TDOSA/TDRA (trap debug, OS-lock
 * and debug-ROM register accesses to EL2). */
#define MDCR_HPMN_MASK 0x1ful
#define MDCR_TPMCR (1ul << 5)
#define MDCR_TPM (1ul << 6)
#define MDCR_TDE (1ul << 8)
#define MDCR_TDA (1ul << 9)
#define MDCR_TDOSA (1ul << 10)
#define MDCR_TDRA (1ul << 11)

/* CNTHCTL_EL2 (non-VHE): EL1PCTEN lets EL1/EL0 read the physical counter;
 * EL1PCEN (left clear) would let them program the EL1 physical timer. */
#define CNTHCTL_EL1PCTEN (1ul << 0)
#define CNTHCTL_EL1PCEN (1ul << 1)

/* CPTR_EL2 (non-VHE): RES1 bits, TFP (trap FP/SIMD to EL2), TTA (trap trace
 * register accesses). */
#define CPTR_RES1 0x33fful
#define CPTR_TFP (1ul << 10)
#define CPTR_TTA (1ul << 20)

/* VTCR_EL2.VS: 16-bit VMIDs. ID_AA64MMFR1_EL1.VMIDBits: 2 = 16 bits. */
#define VTCR_VS (1ul << 19)
#define MMFR1_VMIDBITS(mmfr1) (((mmfr1) >> 4) & 0xful)

#endif
