/* Per-CPU VMID ownership (see <vcpu_backend/arm_el2_vmid.h>). */
#include <vcpu_backend/arm_el2_vmid.h>

uint32_t arm_el2_vmid_usable(uint32_t vmid_bits)
{
    uint32_t hw = vmid_bits >= 16 ? 0xffffu : 0xffu; /* VMID 0 is not handed out */
    return hw < ARM_EL2_VMID_SLOTS ? hw : ARM_EL2_VMID_SLOTS;
}

uint32_t arm_el2_vmid_assign(struct arm_el2_vmid_table *t, uint32_t usable, uint32_t vm_id,
                             uint64_t root, bool *flush)
{
    if (usable == 0 || usable > ARM_EL2_VMID_SLOTS)
        usable = ARM_EL2_VMID_SLOTS;
    uint32_t free_slot = usable;
    for (uint32_t i = 0; i < usable; i++) {
        const struct arm_el2_vmid_slot *s = &t->slot[i];
        if (s->used && s->vm_id == vm_id && s->root == root) {
            *flush = false;
            return i + 1;
        }
        if (!s->used && free_slot == usable)
            free_slot = i;
    }
    uint32_t pick = free_slot;
    if (pick == usable) {
        pick = t->next_victim % usable;
        t->next_victim = (pick + 1) % usable;
    }
    /* A free VMID may still have entries from an owner released earlier. */
    t->slot[pick] = (struct arm_el2_vmid_slot){.root = root, .vm_id = vm_id, .used = 1};
    *flush = true;
    return pick + 1;
}
