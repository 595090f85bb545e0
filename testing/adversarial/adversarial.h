/* Shared helpers of the adversarial-guest suite (issue 8, section 3): each
 * case lets a guest misbehave, expects a defined exit, then proves the
 * hypervisor is still healthy by running another vCPU normally. Portable:
 * machine facts come from testing/vmm, guest code from testing/guest. */
#ifndef TESTING_ADVERSARIAL_ADVERSARIAL_H
#define TESTING_ADVERSARIAL_ADVERSARIAL_H

#include <vcpu/vcpu.h>

#include "testing/guest/guest.h"
#include "testing/harness/vtest.h"
#include "testing/vmm/test_vm.h"

/* The VM the misbehaving guest runs in (static storage). */
extern struct test_vm adversarial_vm;

/* Builds adversarial_vm (VM id 3) with vCPU 0 running guest_fn(arg), bound on
 * CPU 0. Ends the case on failure. */
struct vcpu *adversarial_start(void (*guest_fn)(uint64_t), uint64_t arg);

/* Gives up on vCPU 0 of adversarial_vm wherever it is (unbinds it) and starts
 * it afresh in guest_fn(arg), in the same VM and stage-2 map. */
struct vcpu *adversarial_restart(void (*guest_fn)(uint64_t), uint64_t arg);

/* Runs `v` and expects a SYNC ucall; returns its value. */
uint64_t adversarial_expect_sync(struct vcpu *v);

/* Runs `v` and expects the guest function to have returned. */
void adversarial_expect_done(struct vcpu *v);

/* The health check every case ends with: releases adversarial_vm, then a
 * vCPU of a fresh VM makes hypercalls (arguments in, return values out) and
 * finishes normally on CPU 0. */
void adversarial_expect_healthy(void);

#endif
