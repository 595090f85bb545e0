/* SVM hooks of the exit-cost benchmark: the TSC as the instruction counter
 * (under QEMU -icount shift=0), and the floor run in place of vcpu_run(). */
#include "testing/bench/bench.h"
#include "testing/vmm/test_vm.h"

uint64_t bench_floor_svm(uint64_t vmcb_pa, uint64_t *gpr, uint8_t *vmcb, uint64_t n,
                         uint64_t exitcode, uint64_t len);
extern const uint8_t bench_guest_insn_len[BENCH_KIND_COUNT];

#define VMCB_TLB_CONTROL 0x05c

/* SVM exit codes of each kind's trapping instruction. */
static const uint64_t exitcodes[BENCH_KIND_COUNT] = {
    [BENCH_HYPERCALL] = 0x81,   /* VMMCALL */
    [BENCH_MMIO_WRITE] = 0x400, /* NPF */
    [BENCH_MMIO_READ] = 0x400,  /* NPF */
    [BENCH_SYSREG_READ] = 0x7c, /* MSR */
    [BENCH_HALT] = 0x78,        /* HLT */
};

void bench_counter_init(void)
{
    /* The TSC runs from reset; RDTSC is not intercepted. */
}

int bench_floor_run(struct vcpu *v, enum bench_kind kind, uint32_t n, struct vcpu_exit *exit)
{
    uint8_t *vmcb = v->arch.vmcb;
    vmcb[VMCB_TLB_CONTROL] = 0;
    uint64_t left = bench_floor_svm(vcpu_host_virt_to_phys(vmcb), v->arch.gpr, vmcb, n,
                                    exitcodes[kind], bench_guest_insn_len[kind]);
    if (left != 0)
        return VCPU_ERR_HARDWARE;
    return test_vcpu_run(v, exit);
}
