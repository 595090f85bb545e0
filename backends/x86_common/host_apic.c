/* The host's pending APIC vector (see host_apic.h). */
#include "host_apic.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vcpu/host.h>

#include "cpu.h"

uint32_t x86_host_pending_vector(void)
{
    uint64_t apic_base = rdmsr(MSR_APIC_BASE);
    bool x2apic = (apic_base >> 10) & 1;
    /* The xAPIC page through the host's own mapping, not its physical address. */
    const volatile uint8_t *page =
        x2apic ? NULL : (const volatile uint8_t *)vcpu_host_phys_to_virt(apic_base & ~0xfffull);
    if (!x2apic && page == NULL)
        return 0;
    for (int i = 7; i >= 0; i--) {
        uint32_t irr;
        if (x2apic) {
            irr = (uint32_t)rdmsr(0x820u + (uint32_t)i);
        } else {
            irr = *(const volatile uint32_t *)(page + 0x200 + 0x10 * (size_t)i);
        }
        if (irr != 0)
            return (uint32_t)i * 32 + 31 - (uint32_t)__builtin_clz(irr);
    }
    return 0;
}
