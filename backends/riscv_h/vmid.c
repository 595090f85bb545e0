/* VMID allocation per physical CPU with generations (see vmid.h). */
#include "vmid.h"

#define HGATP_VMID_SHIFT 44

uint32_t riscv_h_vmid_bits(uint64_t hgatp_readback)
{
    uint64_t vmid = (hgatp_readback >> HGATP_VMID_SHIFT) & ((1u << RISCV_H_VMID_MAX_BITS) - 1);
    uint32_t bits = 0;
    while (bits < RISCV_H_VMID_MAX_BITS && (vmid & (1ull << bits)) != 0)
        bits++;
    return bits;
}

bool riscv_h_vmid_assign(struct riscv_h_vmid_cpu *c, uint32_t cpu, struct riscv_h_vmid_tag *tag,
                         const void *owner)
{
    if (c->bits == 0) {
        /* One VMID for everybody: flush whenever another vCPU enters. */
        bool flush = c->last_owner != owner;
        c->last_owner = owner;
        *tag =
            (struct riscv_h_vmid_tag){.generation = c->generation, .vmid = 0, .cpu_plus1 = cpu + 1};
        return flush;
    }
    if (tag->cpu_plus1 == cpu + 1 && tag->generation == c->generation && tag->vmid != 0)
        return false;
    bool flush = false;
    uint32_t max = (1u << c->bits) - 1;
    if (c->generation == 0 || c->next == 0 || c->next > max) {
        /* A new generation: no VMID handed out before may still be cached. */
        c->generation++;
        c->next = 1;
        flush = true;
    }
    *tag = (struct riscv_h_vmid_tag){
        .generation = c->generation, .vmid = c->next++, .cpu_plus1 = cpu + 1};
    return flush;
}
