/* libFuzzer target of the ARM EL2 decoders: arbitrary ESR/FAR/HPFAR syndromes
 * and guest registers through arm_el2_decode_sync(), and arbitrary SMC
 * function ids and arguments through arm_el2_decode_smc(). Every result must
 * be one that decode.h documents. Input: a selector byte, then ESR, FAR,
 * HPFAR and x0..x30 (little-endian 64-bit words; missing bytes read as 0). */
#include <vcpu/arm_el2.h>

#include "backends/arm_el2/decode.h"
#include "testing/fuzz/fuzz_check.h"

static void check_sync(const struct arm_el2_trap *t)
{
    struct vcpu_exit exit;
    enum arm_el2_pc_step step = arm_el2_decode_sync(t, &exit);
    fuzz_check_exit(&exit, VCPU_ARCH_ARM64);
    FUZZ_CHECK(step == ARM_EL2_PC_KEEP || step == ARM_EL2_PC_ADVANCE);
    FUZZ_CHECK(exit.raw.arm64.esr == t->esr && exit.raw.arm64.far == t->far &&
               exit.raw.arm64.hpfar == t->hpfar);
    uint64_t ipa = arm_el2_fault_ipa(t->far, t->hpfar);
    FUZZ_CHECK(ipa >> 52 == 0);
    switch (arm_el2_esr_ec(t->esr)) {
    case ESR_EC_WFX:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_HALT && step == ARM_EL2_PC_ADVANCE);
        break;
    case ESR_EC_HVC64:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_HYPERCALL && step == ARM_EL2_PC_KEEP);
        FUZZ_CHECK(exit.hypercall.nr == t->x[0] && exit.hypercall.args[5] == t->x[6]);
        break;
    case ESR_EC_SYSREG:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_SYSREG_READ || exit.reason == VCPU_EXIT_SYSREG_WRITE);
        FUZZ_CHECK(step == ARM_EL2_PC_ADVANCE);
        if (exit.reason == VCPU_EXIT_SYSREG_READ)
            FUZZ_CHECK((exit.sysreg_read.addr & ~UINT32_C(0x3ffc1e)) == 0);
        else
            FUZZ_CHECK((exit.sysreg_write.addr & ~UINT32_C(0x3ffc1e)) == 0);
        break;
    case ESR_EC_DABT_LOW:
        if (exit.reason == VCPU_EXIT_MMIO_READ) {
            FUZZ_CHECK(exit.mmio_read.addr == ipa && step == ARM_EL2_PC_ADVANCE);
            FUZZ_CHECK(exit.mmio_read.reg_width == VCPU_WIDTH_32 ||
                       exit.mmio_read.reg_width == VCPU_WIDTH_64);
        } else if (exit.reason == VCPU_EXIT_MMIO_WRITE) {
            FUZZ_CHECK(exit.mmio_write.addr == ipa && step == ARM_EL2_PC_ADVANCE);
        } else if (exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT) {
            FUZZ_CHECK(exit.nested_page_fault.addr == ipa && step == ARM_EL2_PC_KEEP);
            FUZZ_CHECK(exit.nested_page_fault.access_flags != VCPU_MAP_EXECUTE);
        } else {
            FUZZ_CHECK(exit.reason == VCPU_EXIT_UNKNOWN && step == ARM_EL2_PC_KEEP);
        }
        break;
    case ESR_EC_IABT_LOW:
        FUZZ_CHECK(step == ARM_EL2_PC_KEEP);
        FUZZ_CHECK(exit.reason == VCPU_EXIT_UNKNOWN ||
                   (exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT &&
                    exit.nested_page_fault.addr == ipa &&
                    exit.nested_page_fault.access_flags == VCPU_MAP_EXECUTE));
        break;
    default:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_UNKNOWN && step == ARM_EL2_PC_KEEP);
        break;
    }
}

static void check_smc(const struct arm_el2_trap *t)
{
    struct vcpu_exit exit;
    uint64_t ret = 0x5a5a;
    enum arm_el2_psci_action action = arm_el2_decode_smc(t, &exit, &ret);
    fuzz_check_exit(&exit, VCPU_ARCH_ARM64);
    uint32_t fid = (uint32_t)t->x[0];
    switch (action) {
    case ARM_EL2_PSCI_RETURN:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_NOTHING);
        FUZZ_CHECK(fid == ARM_PSCI_VERSION || fid == ARM_PSCI_FEATURES);
        break;
    case ARM_EL2_PSCI_AFFINITY_INFO:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_NOTHING);
        FUZZ_CHECK(fid == ARM_PSCI_AFFINITY_INFO_32 || fid == ARM_PSCI_AFFINITY_INFO_64);
        break;
    case ARM_EL2_PSCI_EXIT:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_CPU_UP || exit.reason == VCPU_EXIT_CPU_DOWN ||
                   exit.reason == VCPU_EXIT_SYSTEM_DOWN || exit.reason == VCPU_EXIT_UNKNOWN);
        if (exit.reason == VCPU_EXIT_UNKNOWN)
            FUZZ_CHECK(ret == (uint64_t)(int64_t)ARM_PSCI_NOT_SUPPORTED);
        else
            FUZZ_CHECK(ret == ARM_PSCI_SUCCESS);
        if (exit.reason == VCPU_EXIT_CPU_UP && fid == ARM_PSCI_CPU_ON_32)
            FUZZ_CHECK((exit.cpu_up.target_cpu | exit.cpu_up.entry_point | exit.cpu_up.arg) >> 32 ==
                       0);
        if (exit.reason == VCPU_EXIT_SYSTEM_DOWN)
            FUZZ_CHECK(exit.system_down.kind != VCPU_SYSTEM_CRASH);
        break;
    default:
        FUZZ_CHECK(!"action outside enum arm_el2_psci_action");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    uint8_t selector = fuzz_u8(&in);
    uint64_t x[31];
    struct arm_el2_trap t = {.esr = fuzz_u64(&in), .far = fuzz_u64(&in), .hpfar = fuzz_u64(&in)};
    for (unsigned i = 0; i < 31; i++)
        x[i] = fuzz_u64(&in);
    t.x = x;
    if (selector & 1)
        check_smc(&t);
    else
        check_sync(&t);
    return 0;
}
