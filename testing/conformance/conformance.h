/* Shared helpers of the portable conformance suite: every case runs
 * unchanged on every backend; ISA facts come from testing/vmm. */
#ifndef TESTING_CONFORMANCE_CONFORMANCE_H
#define TESTING_CONFORMANCE_CONFORMANCE_H

#include <vcpu/vcpu.h>

#include "lib/guest/guest.h"
#include "testing/emulator/vtest.h"
#include "testing/vmm/test_vm.h"

/* The VM every case uses (static storage, rebuilt by each case). */
extern struct test_vm conformance_vm;

/* Builds the VM with vCPU 0 running guest_fn(arg), bound on CPU 0, its
 * statistics reset. Ends the case on failure. */
struct vcpu *conformance_start(void (*guest_fn)(uint64_t), uint64_t arg);

/* Runs `v` and expects the guest function to have returned (DONE ucall). */
void conformance_expect_done(struct vcpu *v);

/* Runs `v` and expects a SYNC ucall; returns its value. */
uint64_t conformance_expect_sync(struct vcpu *v);

#endif
