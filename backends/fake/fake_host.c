/* Host hooks (<vcpu/host.h>) for programs on a hosted OS: threads act as
 * physical CPUs, memory comes from the C library. */
#include <stdlib.h>
#include <string.h>

#include <vcpu/fake.h>
#include <vcpu/host.h>

#define PAGE_SIZE 4096u

static _Thread_local uint32_t thread_cpu_id;

int vcpu_fake_set_cpu_id(uint32_t cpu)
{
    if (cpu >= VCPU_MAX_CPUS)
        return VCPU_ERR_INVALID_ARG;
    thread_cpu_id = cpu;
    return VCPU_OK;
}

uint32_t vcpu_host_cpu_id(void)
{
    return thread_cpu_id;
}

void *vcpu_host_alloc_pages(size_t n)
{
    if (n == 0 || n > SIZE_MAX / PAGE_SIZE)
        return NULL;
    void *p = aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
    if (p != NULL)
        memset(p, 0, n * PAGE_SIZE);
    return p;
}

void vcpu_host_free_pages(void *p, size_t n)
{
    (void)n;
    free(p);
}

vcpu_hpa_t vcpu_host_virt_to_phys(const void *p)
{
    return (vcpu_hpa_t)(uintptr_t)p;
}

void *vcpu_host_phys_to_virt(vcpu_hpa_t pa)
{
    return (void *)(uintptr_t)pa;
}

/* Kicks sent per physical CPU; threads only count them (no thread is inside
 * a guest, so there is nothing to interrupt). */
static uint64_t kicks_sent[VCPU_MAX_CPUS];

void vcpu_host_kick_cpu(uint32_t cpu)
{
    if (cpu < VCPU_MAX_CPUS)
        __atomic_fetch_add(&kicks_sent[cpu], 1, __ATOMIC_RELAXED);
}

uint64_t vcpu_fake_kicks_sent(uint32_t cpu)
{
    return cpu < VCPU_MAX_CPUS ? __atomic_load_n(&kicks_sent[cpu], __ATOMIC_RELAXED) : 0;
}
