/* A fixed table of (vCPU, VM, hardware id), guarded by a spinlock. */
#include "vcpu_registry.h"

#define REGISTRY_SIZE 64u

static struct {
    struct vcpu *v;
    vcpu_vm_id_t vm_id;
    uint64_t hw_id;
} entries[REGISTRY_SIZE];
static volatile uint32_t lock_word;

static void lock(void)
{
    while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
        ;
}

static void unlock(void)
{
    __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
}

bool vcpu_registry_add(struct vcpu *v, uint64_t hw_id)
{
    vcpu_vm_id_t vm_id = vcpu_vm_id(v);
    uint32_t slot = REGISTRY_SIZE;
    lock();
    for (uint32_t i = 0; i < REGISTRY_SIZE; i++) {
        bool same_key =
            entries[i].v != NULL && entries[i].vm_id == vm_id && entries[i].hw_id == hw_id;
        if (entries[i].v == v || same_key) {
            entries[i].v = NULL; /* drop the stale record */
            if (slot == REGISTRY_SIZE)
                slot = i;
        } else if (entries[i].v == NULL && slot == REGISTRY_SIZE) {
            slot = i;
        }
    }
    if (slot < REGISTRY_SIZE) {
        entries[slot].v = v;
        entries[slot].vm_id = vm_id;
        entries[slot].hw_id = hw_id;
    }
    unlock();
    return slot < REGISTRY_SIZE;
}

struct vcpu *vcpu_registry_find(vcpu_vm_id_t vm_id, uint64_t hw_id)
{
    struct vcpu *found = NULL;
    lock();
    for (uint32_t i = 0; i < REGISTRY_SIZE && found == NULL; i++) {
        if (entries[i].v != NULL && entries[i].vm_id == vm_id && entries[i].hw_id == hw_id)
            found = entries[i].v;
    }
    unlock();
    return found;
}

bool vcpu_registry_is_started(const struct vcpu *v)
{
    enum vcpu_state s = vcpu_state(v);
    return s == VCPU_STATE_READY || s == VCPU_STATE_RUNNING || s == VCPU_STATE_BLOCKED;
}
