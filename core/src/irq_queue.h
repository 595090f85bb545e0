/* Internal: the lock-free injection queue of a vCPU (see <vcpu/irq_queue.h>).
 * Many producers (any CPU), one consumer (the owning CPU at guest entry). */
#ifndef VCPU_CORE_IRQ_QUEUE_H
#define VCPU_CORE_IRQ_QUEUE_H

#include <vcpu/irq_queue.h>

#include "atomic.h"

/* A queued entry is the vector, with this bit set for a level-triggered
 * injection (no backend's vectors reach it). */
#define IRQ_QUEUE_LEVEL (1u << 31)

/* Empties `q`. Not concurrent with any other queue operation. */
void irq_queue_init(struct vcpu_irq_queue *q);

/* Appends `vector`. Any CPU, concurrently with other pushes and with the
 * consumer. Returns VCPU_OK, or VCPU_ERR_BUSY when full (nothing queued). */
int irq_queue_push(struct vcpu_irq_queue *q, uint32_t vector);

/* Stores the oldest published vector in *vector and returns true, or returns
 * false when none is ready. Consumer only. */
bool irq_queue_peek(struct vcpu_irq_queue *q, uint32_t *vector);

/* True if a published vector is waiting: the consumer's fast check before
 * irq_queue_peek(), inline for the vcpu_run() path. Consumer only. */
static inline bool irq_queue_has_ready(struct vcpu_irq_queue *q)
{
    uint32_t pos = q->dequeue_pos;
    return atomic_load_u32(&q->cells[pos & (VCPU_IRQ_QUEUE_SIZE - 1u)].seq) == pos + 1;
}

/* Removes the vector last returned by irq_queue_peek(). Consumer only. */
void irq_queue_pop(struct vcpu_irq_queue *q);

#endif /* VCPU_CORE_IRQ_QUEUE_H */
