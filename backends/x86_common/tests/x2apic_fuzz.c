/* libFuzzer target of the x2APIC ICR decoder: arbitrary ICR values, sender
 * ids and INIT state through x2apic_decode_icr(). Every result must be one
 * that x2apic.h documents. Input: ICR, self id, init_seen (64-bit
 * little-endian each). */
#include <stdbool.h>

#include "backends/x86_common/x2apic.h"
#include "testing/fuzz/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    uint64_t icr = fuzz_u64(&in), self = fuzz_u64(&in), before = fuzz_u64(&in);
    uint64_t init_seen = before;
    struct vcpu_exit exit;
    x2apic_decode_icr(icr, self, &init_seen, &exit);
    uint64_t dest = icr >> 32;
    uint64_t dest_bit = dest < 64 ? UINT64_C(1) << dest : 0;
    uint32_t mode = (icr >> 8) & 7;
    FUZZ_CHECK((unsigned)exit.reason < VCPU_EXIT_REASON_COUNT);
    /* Only the destination's INIT bit may change. */
    FUZZ_CHECK(((init_seen ^ before) & ~dest_bit) == 0);
    bool deassert = (icr & (1u << 15)) && !(icr & (1u << 14));
    switch (exit.reason) {
    case VCPU_EXIT_NOTHING:
        /* INIT to another CPU (its bit set), an INIT de-assert (no effect),
         * or a SIPI to a tracked CPU not waiting after INIT (ignored). */
        if (mode == 5)
            FUZZ_CHECK(deassert ? init_seen == before : (init_seen & dest_bit) == dest_bit);
        else
            FUZZ_CHECK(mode == 6 && dest_bit != 0 && (before & dest_bit) == 0 &&
                       init_seen == before);
        break;
    case VCPU_EXIT_CPU_DOWN: /* INIT to itself */
        FUZZ_CHECK(mode == 5 && !deassert && init_seen == before);
        break;
    case VCPU_EXIT_CPU_UP: /* only a CPU waiting after INIT (or an untracked id) */
        FUZZ_CHECK(mode == 6 && (init_seen & dest_bit) == 0);
        FUZZ_CHECK(dest_bit == 0 || (before & dest_bit) != 0);
        FUZZ_CHECK(exit.cpu_up.target_cpu == dest && exit.cpu_up.arg == 0);
        FUZZ_CHECK(exit.cpu_up.entry_point == (icr & 0xff) << 12);
        break;
    case VCPU_EXIT_SEND_IPI:
        FUZZ_CHECK(mode == 0 && init_seen == before);
        FUZZ_CHECK(exit.send_ipi.vector == (icr & 0xff) && exit.send_ipi.target_cpu == dest);
        FUZZ_CHECK(exit.send_ipi.target_cpu_aux <= 3);
        break;
    case VCPU_EXIT_UNKNOWN:
        FUZZ_CHECK(mode != 0 && mode != 5 && mode != 6 && init_seen == before);
        break;
    default:
        FUZZ_CHECK(!"ICR decoded to an undocumented reason");
    }
    return 0;
}
