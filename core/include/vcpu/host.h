/* Host hooks: services the embedding hypervisor provides to the library.
 * The library declares them; exactly one implementation is linked in (the
 * hypervisor's, a board's in the test images, or the fake backend's on a host). */
#ifndef VCPU_HOST_H
#define VCPU_HOST_H

#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the id of the calling physical CPU, in [0, VCPU_MAX_CPUS). Must be
 * callable on every physical CPU at any time, including from interrupt context,
 * and must not call back into the library. */
uint32_t vcpu_host_cpu_id(void);

/* Returns `n` (>= 1) contiguous, page-aligned (4 KiB), zeroed pages of memory
 * that is physically contiguous and usable by the hardware (VMXON region, VMCS,
 * VMCB, bitmaps, translation tables), or NULL if none are available. Callable on
 * any CPU; the library calls it only from vcpu_init/vcpu_setup/percpu enable. */
void *vcpu_host_alloc_pages(size_t n);

/* Returns `n` pages obtained from vcpu_host_alloc_pages() with the same `n`.
 * NULL `p` is a no-op. Callable on any CPU. */
void vcpu_host_free_pages(void *p, size_t n);

/* Translates a host virtual address of library-visible memory to its host
 * physical address. Pure with respect to the library; any CPU. */
vcpu_hpa_t vcpu_host_virt_to_phys(const void *p);

/* Translates a host physical address back to a host virtual address the
 * library may dereference (e.g. to walk guest page tables). Any CPU. */
void *vcpu_host_phys_to_virt(vcpu_hpa_t pa);

/* Sends physical CPU `cpu` an interrupt that the host owns and handles (an
 * IPI / SGI whose handler only acknowledges it), so that a guest running
 * there exits to the library: every backend leaves the guest on a physical
 * interrupt. Called by vcpu_kick() from any CPU, also from interrupt
 * context; must not call back into the library. A kick for a CPU that is not
 * running a guest any more is harmless. */
void vcpu_host_kick_cpu(uint32_t cpu);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_HOST_H */
