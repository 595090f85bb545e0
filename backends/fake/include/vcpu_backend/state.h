/* Backend state layout of the fake (host) backend. Included by <vcpu/vcpu.h>
 * when //core:vcpu is built for the host platform. */
#ifndef VCPU_BACKEND_FAKE_STATE_H
#define VCPU_BACKEND_FAKE_STATE_H

#include <vcpu/exit.h>
#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VCPU_ARCH_GPR_COUNT 31u
#define VCPU_ARCH_RETURN_GPR 0u
#define VCPU_ARCH_VECTOR_MIN 0u
#define VCPU_ARCH_VECTOR_MAX 255u
#define VCPU_ARCH_VECTOR_VALID(v) ((v) <= VCPU_ARCH_VECTOR_MAX)
/* Level-triggered injections are delivered (logged with VCPU_FAKE_DELIVERED_LEVEL). */
#define VCPU_ARCH_TRIGGER_LEVEL 1
/* Set in a delivered-log entry of a level-triggered injection. */
#define VCPU_FAKE_DELIVERED_LEVEL (1u << 31)
#define VCPU_ARCH_EXIT_ARCH VCPU_ARCH_FAKE

/* Exits that can wait in vcpu_fake_queue_exit()'s queue. */
#define VCPU_FAKE_EXIT_QUEUE_SIZE 16u
/* Delivered vectors the fake keeps until vcpu_fake_take_delivered(); when the
 * log is full, further deliveries wait in the core's injection queue. */
#define VCPU_FAKE_DELIVERED_MAX 256u
/* System registers the fake saves for the guest: numbers 0..N-1 of
 * VCPU_REG_SYSREG(); vcpu_get_reg()/vcpu_set_reg() refuse the others. */
#define VCPU_FAKE_SYSREG_COUNT 16u
/* Value of fail_next that requests a failure (any other value does not). */
#define VCPU_FAKE_FAIL_MAGIC 0xfa11fa11u

/* Options of vcpu_init() for the fake backend. */
struct vcpu_create_config {
    uint64_t initial_gpr[VCPU_ARCH_GPR_COUNT]; /* register values after init */
};

/* Options of vcpu_setup() for the fake backend. */
struct vcpu_setup_config {
    uint64_t pc_step; /* how far the PC advances per exit; 0 means 4 */
};

struct vcpu_arch_percpu;

struct vcpu_arch {
    uint64_t gpr[VCPU_ARCH_GPR_COUNT];
    uint64_t pc;
    uint64_t sp;
    uint64_t sysreg[VCPU_FAKE_SYSREG_COUNT];
    uint64_t pc_step;
    vcpu_hpa_t npt_root;
    uint32_t fail_next;                 /* VCPU_FAKE_FAIL_MAGIC: the next backend call fails */
    const struct vcpu_arch_percpu *cpu; /* the per-CPU state bind got; NULL unbound */
    uint64_t entries;                   /* successful guest entries */
    uint32_t exit_head, exit_count;
    struct vcpu_exit exits[VCPU_FAKE_EXIT_QUEUE_SIZE];
    uint32_t kick_in_guest;    /* vcpu_fake_kick_while_running() requested */
    uint32_t pending_fault;    /* enum vcpu_exit_reason + 1 of a fault for the next entry */
    uint32_t faults_delivered; /* faults delivered at entries since init */
    uint32_t last_fault;       /* enum vcpu_exit_reason of the last one delivered */
    uint32_t delivered_count;
    uint32_t delivered[VCPU_FAKE_DELIVERED_MAX];
};

struct vcpu_arch_percpu {
    uint32_t cpu_id;
    uint32_t unsupported; /* pretend the CPU lacks the extension */
    uint32_t fail_next;   /* VCPU_FAKE_FAIL_MAGIC: the next per-CPU call fails */
    uint32_t hw_on;       /* what the "hardware" is doing */
    uint64_t entries;     /* guest entries made on this CPU */
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_BACKEND_FAKE_STATE_H */
