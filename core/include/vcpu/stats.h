/* Per-vCPU statistics: successful runs and exits per reason. */
#ifndef VCPU_STATS_H
#define VCPU_STATS_H

#include <vcpu/exit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Counters since vcpu_init() or the last vcpu_stats_reset(). */
struct vcpu_stats {
    uint64_t runs;                          /* vcpu_run() calls that returned VCPU_OK */
    uint64_t exits[VCPU_EXIT_REASON_COUNT]; /* exits by enum vcpu_exit_reason */
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_STATS_H */
