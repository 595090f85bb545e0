/* VMX hooks of the exit-cost benchmark: the TSC as the counter (Bochs, fixed
 * ips; RDTSC is not intercepted), and the floor installed as HOST_RIP for the
 * loop's round trips. */
#include "testing/bench/bench.h"
#include "testing/vmm/test_vm.h"

uint64_t bench_floor_vmx(uint64_t *gpr, uint64_t n, uint64_t reason, uint64_t len);
extern const uint8_t bench_guest_insn_len[BENCH_KIND_COUNT];
extern const char vmx_exit_point[];

#define VMCS_GUEST_RSP 0x681cu
#define VMCS_HOST_RIP 0x6c16u
#define X86_RSP 4u

/* Basic exit reasons of each kind's trapping instruction. */
static const uint64_t reasons[BENCH_KIND_COUNT] = {
    [BENCH_HYPERCALL] = 18,   /* VMCALL */
    [BENCH_MMIO_WRITE] = 48,  /* EPT violation */
    [BENCH_MMIO_READ] = 48,   /* EPT violation */
    [BENCH_SYSREG_READ] = 31, /* RDMSR */
    [BENCH_HALT] = 12,        /* HLT */
};

static uint64_t vmread(uint64_t field)
{
    uint64_t value;
    __asm__ volatile("vmread %1, %0" : "=r"(value) : "r"(field) : "cc");
    return value;
}

static void vmwrite(uint64_t field, uint64_t value)
{
    __asm__ volatile("vmwrite %1, %0" : : "r"(field), "r"(value) : "cc", "memory");
}

void bench_counter_init(void)
{
    /* The TSC runs from reset. */
}

int bench_floor_run(struct vcpu *v, enum bench_kind kind, uint32_t n, struct vcpu_exit *exit)
{
    uint64_t left = bench_floor_vmx(v->arch.gpr, n, reasons[kind], bench_guest_insn_len[kind]);
    vmwrite(VMCS_HOST_RIP, (uint64_t)(uintptr_t)vmx_exit_point);
    v->arch.gpr[X86_RSP] = vmread(VMCS_GUEST_RSP);
    if (left != 0)
        return VCPU_ERR_HARDWARE;
    return test_vcpu_run(v, exit);
}
