/* VPID ownership of the VMX backend: each live vCPU holds one VPID of
 * 1..VMX_VPID_MAX (0 is the host's) until vcpu_destroy(), so that no two
 * live vCPUs ever share TLB entries tagged with the same VPID. Lock-free;
 * any CPU. Pure (no hardware access); compiled and tested on the host too. */
#ifndef VMX_VPID_H
#define VMX_VPID_H

#include <stdbool.h>
#include <stdint.h>

#define VMX_VPID_MAX 0xffffu
#define VMX_VPID_WORDS ((VMX_VPID_MAX + 1u + 63u) / 64u)

/* A set of VPIDs in use, one bit each (bit 0, the host's, is never handed
 * out). Zeroed memory is an empty pool. */
struct vmx_vpid_pool {
    uint64_t used[VMX_VPID_WORDS];
};

/* Takes the lowest free VPID of `pool` (1..VMX_VPID_MAX); 0 when all are
 * taken (the caller fails with VCPU_ERR_NO_MEMORY). Any CPU, concurrently. */
uint16_t vmx_vpid_alloc(struct vmx_vpid_pool *pool);

/* Returns `vpid` to `pool`; 0 (never allocated) is ignored. Any CPU. */
void vmx_vpid_free(struct vmx_vpid_pool *pool, uint16_t vpid);

/* The pool the backend allocates every vCPU's VPID from. */
extern struct vmx_vpid_pool vmx_vpids;

#endif
