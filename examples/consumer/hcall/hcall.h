/* A hypercall dispatcher: runs a bound vCPU and answers its hypercalls from a
 * table of handlers indexed by hypercall number. */
#ifndef VCPU_CONSUMER_HCALL_H
#define VCPU_CONSUMER_HCALL_H

#include <stdint.h>

#include <vcpu/vcpu.h>

/* The value a guest gets for a hypercall number without a handler. */
#define HCALL_UNKNOWN UINT64_C(0xffffffffffffffff)

/* Answers hypercall `nr` with `args`; the return value goes to the guest. */
typedef uint64_t (*hcall_handler)(const uint64_t args[6]);

struct hcall_table {
    const hcall_handler *handlers; /* indexed by hypercall number */
    uint64_t count;                /* entries in `handlers` */
};

/* Runs `v` until an exit that is not a hypercall and stores it in `exit`;
 * each hypercall on the way is answered by its handler in `table` (or with
 * HCALL_UNKNOWN) through vcpu_set_return_value(). Preconditions: `v` is READY
 * and bound to the calling CPU. Returns the number of hypercalls answered
 * (>= 0), or the negative vcpu error of the vcpu_run() or
 * vcpu_set_return_value() that failed; VCPU_ERR_INVALID_ARG for a NULL
 * argument. */
int64_t hcall_run(struct vcpu *v, const struct hcall_table *table, struct vcpu_exit *exit);

#endif
