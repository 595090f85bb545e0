/* Host core overhead: the instructions vcpu_run() adds over a direct call of
 * the backend hook, through the fake backend with an empty exit
 * (VCPU_EXIT_NOTHING). Run under valgrind's callgrind by the exit_cost
 * runner, once with --toggle-collect=bench_api_loop and once with
 * --toggle-collect=bench_direct_loop; each loop makes CORE_TRIPS calls.
 * It calls the arch hook directly only to measure it: VMMs never do. */
#include <stdio.h>

#include <vcpu/arch.h>
#include <vcpu/vcpu.h>

#define CORE_TRIPS 100000u

__attribute__((noinline)) void bench_api_loop(struct vcpu *v, struct vcpu_exit *exit)
{
    for (uint32_t i = 0; i < CORE_TRIPS; i++)
        vcpu_run(v, exit);
}

__attribute__((noinline)) void bench_direct_loop(struct vcpu *v, struct vcpu_arch_percpu *ap,
                                                 struct vcpu_exit *exit)
{
    for (uint32_t i = 0; i < CORE_TRIPS; i++)
        vcpu_arch_run(v, ap, exit);
}

int main(void)
{
    static struct vcpu_percpu percpu;
    static struct vcpu v;
    struct vcpu_exit exit;
    int rc = vcpu_percpu_init(&percpu, 0);
    if (rc == VCPU_OK)
        rc = vcpu_percpu_hardware_enable(&percpu);
    if (rc == VCPU_OK)
        rc = vcpu_init(&v, 1, 0, -1, 0, NULL);
    if (rc == VCPU_OK)
        rc = vcpu_setup(&v, 0x1000, 0, NULL);
    if (rc == VCPU_OK)
        rc = vcpu_bind(&v);
    if (rc != VCPU_OK) {
        fprintf(stderr, "core_overhead: setup failed: %s\n", vcpu_strerror(rc));
        return 1;
    }
    bench_api_loop(&v, &exit);
    bench_direct_loop(&v, &percpu.arch, &exit);
    if (exit.reason != VCPU_EXIT_NOTHING || vcpu_state(&v) != VCPU_STATE_READY) {
        fprintf(stderr, "core_overhead: unexpected exit %s\n", vcpu_exit_reason_name(exit.reason));
        return 1;
    }
    printf("core_overhead: trips=%u\n", CORE_TRIPS);
    return 0;
}
