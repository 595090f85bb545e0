/* A small "physical memory" for host tests of guest_memory.c: pages at
 * FAKE_PHYS_BASE.. (not identity with any pointer), reached only through
 * the vcpu_host_phys_to_virt() this file defines, which returns NULL outside
 * them, as a host returns NULL for what it does not map. */
#ifndef X86_COMMON_TESTS_FAKE_PHYS_H
#define X86_COMMON_TESTS_FAKE_PHYS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FAKE_PHYS_BASE 0x40000000ull
#define FAKE_PHYS_PAGES 16u

/* The pages themselves, zeroed at start. */
extern uint8_t fake_phys[FAKE_PHYS_PAGES * 4096];

/* The physical address of page `i`. */
static inline uint64_t fake_phys_page(unsigned i)
{
    return FAKE_PHYS_BASE + 4096ull * i;
}

/* The 64-bit entry `idx` of the table in page `i`. */
static inline uint64_t *fake_phys_entry(unsigned page, unsigned idx)
{
    return (uint64_t *)(void *)&fake_phys[page * 4096u + idx * 8u];
}

#ifdef __cplusplus
}
#endif

#endif
