/* Layout of the per-vCPU queue of pending interrupt injections. Internal to
 * the library: callers use vcpu_inject_interrupt(), never these fields. */
#ifndef VCPU_IRQ_QUEUE_H
#define VCPU_IRQ_QUEUE_H

#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Capacity of the queue; a power of two. */
#define VCPU_IRQ_QUEUE_SIZE 64u

/* A bounded lock-free multi-producer, single-consumer queue: any CPU enqueues,
 * the owning CPU dequeues at guest entry. Each cell carries a sequence number
 * that tells producers and the consumer whose turn it is (all fields are
 * accessed with atomic builtins only). */
struct vcpu_irq_queue {
    uint32_t enqueue_pos;
    uint32_t dequeue_pos;
    struct {
        uint32_t seq;
        uint32_t vector;
    } cells[VCPU_IRQ_QUEUE_SIZE];
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_IRQ_QUEUE_H */
