/* The fake physical memory of the guest_memory host tests (fake_phys.h). */
#include "fake_phys.h"

#include <vcpu/host.h>

_Alignas(4096) uint8_t fake_phys[FAKE_PHYS_PAGES * 4096];

void *vcpu_host_phys_to_virt(vcpu_hpa_t pa)
{
    if (pa < FAKE_PHYS_BASE || pa - FAKE_PHYS_BASE >= sizeof(fake_phys))
        return NULL;
    return &fake_phys[pa - FAKE_PHYS_BASE];
}
