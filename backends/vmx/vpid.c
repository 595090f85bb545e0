/* VPID ownership (see vpid.h). */
#include "vpid.h"

struct vmx_vpid_pool vmx_vpids;

uint16_t vmx_vpid_alloc(struct vmx_vpid_pool *pool)
{
    for (uint32_t w = 0; w < VMX_VPID_WORDS; w++) {
        uint64_t reserved = w == 0 ? 1 : 0; /* VPID 0 is the host's */
        uint64_t old = __atomic_load_n(&pool->used[w], __ATOMIC_RELAXED);
        while ((old | reserved) != ~0ull) {
            uint32_t bit = (uint32_t)__builtin_ctzll(~(old | reserved));
            if (__atomic_compare_exchange_n(&pool->used[w], &old, old | 1ull << bit, false,
                                            __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
                return (uint16_t)(w * 64 + bit);
        }
    }
    return 0;
}

void vmx_vpid_free(struct vmx_vpid_pool *pool, uint16_t vpid)
{
    if (vpid == 0)
        return;
    __atomic_fetch_and(&pool->used[vpid / 64], ~(1ull << (vpid % 64)), __ATOMIC_ACQ_REL);
}
