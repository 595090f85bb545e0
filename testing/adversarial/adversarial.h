/* Shared helpers of the adversarial suite: guests that misbehave on purpose,
 * on every backend, through the same test VMM as the conformance suite. Each
 * case ends with a defined exit and then proves the hypervisor healthy. */
#ifndef TESTING_ADVERSARIAL_ADVERSARIAL_H
#define TESTING_ADVERSARIAL_ADVERSARIAL_H

#include "testing/conformance/conformance.h"

/* Removes [start, start + size) (4 KiB aligned) from `s2`, keeping the rest of
 * every 2 MiB block it touches mapped read/write/execute at the same
 * addresses (the test VMs map RAM 1:1); a block already mapped page by page
 * loses only the range's pages. Ends the case on failure. */
void adversarial_carve_out(struct stage2 *s2, vcpu_gpa_t start, uint64_t size);

/* Runs a fresh vCPU of a second VM on CPU 0 through a hypercall round trip to
 * its end: fails the case if the hypervisor is no longer healthy. */
void adversarial_expect_healthy(void);

/* True if `exit` is the guest reporting an exception it took itself
 * (GUEST_UCALL_EXCEPTION); *code gets ESR / scause / vector. */
bool adversarial_is_guest_exception(const struct vcpu_exit *exit, uint64_t *code);

/* Runs `v` (skipping HALT exits) until a hypercall exit; returns it in *exit.
 * Ends the case on a run error or any other exit. */
void adversarial_run_to_hypercall(struct vcpu *v, struct vcpu_exit *exit);

#endif
