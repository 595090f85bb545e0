/* Internal: the few atomic operations the core needs, over the compiler's
 * __atomic builtins (freestanding, and the public structs stay plain C/C++). */
#ifndef VCPU_CORE_ATOMIC_H
#define VCPU_CORE_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>

static inline uint32_t atomic_load_u32(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void atomic_store_u32(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Replaces *p by `desired` if it holds `expected`; returns true on success. */
static inline bool atomic_cas_u32(uint32_t *p, uint32_t expected, uint32_t desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
}

static inline void atomic_add_u32(uint32_t *p, int32_t delta)
{
    __atomic_fetch_add(p, (uint32_t)delta, __ATOMIC_ACQ_REL);
}

/* Sequentially consistent forms, for the vcpu_kick() / vcpu_run() handshake:
 * each side stores its flag, then reads the other's, and at least one of them
 * sees the other's store. */
static inline void atomic_store_u32_sc(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static inline uint32_t atomic_load_u32_sc(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline bool atomic_cas_u32_sc(uint32_t *p, uint32_t expected, uint32_t desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

static inline uint32_t atomic_exchange_u32(uint32_t *p, uint32_t v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline void *atomic_load_ptr(void *const *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void atomic_store_ptr(void **p, void *v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

#endif /* VCPU_CORE_ATOMIC_H */
