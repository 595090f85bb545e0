/* The registry of initialized vCPUs: a fixed table of (vCPU, VM, hardware
 * id), guarded by a spinlock (see vcpu_registry.h). */
#include "vcpu_registry.h"

#include "internal.h"

static struct {
    const struct vcpu *v; /* NULL: free */
    bool published;       /* found by lookups (else reserved by vcpu_init()) */
    vcpu_vm_id_t vm_id;
    uint64_t hw_id;
} entries[VCPU_MAX_VCPUS];
static uint32_t lock_word;

static void lock(void)
{
    while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
        ;
}

static void unlock(void)
{
    __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
}

/* The slot of `v`, or VCPU_MAX_VCPUS. Under the lock. */
static uint32_t slot_of(const struct vcpu *v)
{
    for (uint32_t i = 0; i < VCPU_MAX_VCPUS; i++) {
        if (entries[i].v == v)
            return i;
    }
    return VCPU_MAX_VCPUS;
}

int registry_reserve(const struct vcpu *v)
{
    lock();
    uint32_t slot = slot_of(v);
    if (slot == VCPU_MAX_VCPUS)
        slot = slot_of(NULL);
    if (slot < VCPU_MAX_VCPUS) {
        entries[slot].v = v;
        entries[slot].published = false;
    }
    unlock();
    return slot < VCPU_MAX_VCPUS ? VCPU_OK : VCPU_ERR_BUSY;
}

void registry_publish(const struct vcpu *v, vcpu_vm_id_t vm_id, uint64_t hw_id)
{
    lock();
    for (uint32_t i = 0; i < VCPU_MAX_VCPUS; i++) {
        if (entries[i].v == v) {
            entries[i].vm_id = vm_id;
            entries[i].hw_id = hw_id;
            entries[i].published = true;
        } else if (entries[i].v != NULL && entries[i].published && entries[i].vm_id == vm_id &&
                   entries[i].hw_id == hw_id) {
            entries[i].v = NULL; /* replaced by the newer vCPU with this key */
        }
    }
    unlock();
}

void registry_remove(const struct vcpu *v)
{
    lock();
    uint32_t slot = slot_of(v);
    if (slot < VCPU_MAX_VCPUS)
        entries[slot].v = NULL;
    unlock();
}

const struct vcpu *vcpu_core_find_vcpu(vcpu_vm_id_t vm_id, uint64_t hw_id)
{
    const struct vcpu *found = NULL;
    lock();
    for (uint32_t i = 0; i < VCPU_MAX_VCPUS && found == NULL; i++) {
        if (entries[i].v != NULL && entries[i].published && entries[i].vm_id == vm_id &&
            entries[i].hw_id == hw_id)
            found = entries[i].v;
    }
    unlock();
    return found;
}
