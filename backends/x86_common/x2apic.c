/* x2APIC ICR decoding (see x2apic.h). */
#include "x2apic.h"

enum { MODE_FIXED = 0, MODE_INIT = 5, MODE_STARTUP = 6 };
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_TRIGGER_LEVEL (1u << 15)

enum { SHORTHAND_NONE = 0, SHORTHAND_SELF = 1, SHORTHAND_ALL = 2, SHORTHAND_OTHERS = 3 };

void x2apic_decode_icr(uint64_t icr, uint64_t self, uint64_t *init_seen, struct vcpu_exit *exit)
{
    uint32_t vector = icr & 0xff, mode = (icr >> 8) & 7, shorthand = (icr >> 18) & 3;
    uint64_t dest = icr >> 32;
    uint64_t dest_bit = dest < 64 ? UINT64_C(1) << dest : 0;
    *exit = (struct vcpu_exit){.reason = VCPU_EXIT_NOTHING};
    switch (mode) {
    case MODE_INIT:
        if (!(icr & ICR_LEVEL_ASSERT) && (icr & ICR_TRIGGER_LEVEL))
            return; /* INIT level de-assert: no effect on modern APICs */
        if (shorthand == SHORTHAND_SELF || (shorthand == SHORTHAND_NONE && dest == self)) {
            exit->reason = VCPU_EXIT_CPU_DOWN;
            return;
        }
        *init_seen |= dest_bit;
        return;
    case MODE_STARTUP:
        if (dest_bit != 0 && !(*init_seen & dest_bit))
            return; /* not waiting for SIPI: ignored */
        exit->reason = VCPU_EXIT_CPU_UP;
        exit->cpu_up.target_cpu = dest;
        exit->cpu_up.entry_point = (uint64_t)vector << 12;
        exit->cpu_up.arg = 0;
        *init_seen &= ~dest_bit;
        return;
    case MODE_FIXED:
        exit->reason = VCPU_EXIT_SEND_IPI;
        exit->send_ipi.target_cpu = dest;
        exit->send_ipi.target_cpu_aux = shorthand;
        exit->send_ipi.send_to_self = shorthand == SHORTHAND_SELF || shorthand == SHORTHAND_ALL;
        exit->send_ipi.send_to_all = shorthand == SHORTHAND_ALL || shorthand == SHORTHAND_OTHERS;
        exit->send_ipi.vector = vector;
        return;
    default:
        exit->reason = VCPU_EXIT_UNKNOWN;
        return;
    }
}
