/* A bounded multi-producer queue after D. Vyukov's design: each cell's
 * sequence number says whether it is free for the producer at position `pos`
 * (seq == pos), holds a published item for the consumer (seq == pos + 1), or
 * still holds the previous lap's item (seq < pos: the queue is full). */
#include "irq_queue.h"

#include "atomic.h"

#include <vcpu/error.h>

#define QUEUE_MASK (VCPU_IRQ_QUEUE_SIZE - 1u)

_Static_assert((VCPU_IRQ_QUEUE_SIZE & QUEUE_MASK) == 0, "queue size must be a power of two");

void irq_queue_init(struct vcpu_irq_queue *q)
{
    for (uint32_t i = 0; i < VCPU_IRQ_QUEUE_SIZE; i++) {
        q->cells[i].seq = i;
        q->cells[i].vector = 0;
    }
    q->dequeue_pos = 0;
    atomic_store_u32(&q->enqueue_pos, 0);
}

int irq_queue_push(struct vcpu_irq_queue *q, uint32_t vector)
{
    uint32_t pos = atomic_load_u32(&q->enqueue_pos);
    for (;;) {
        uint32_t seq = atomic_load_u32(&q->cells[pos & QUEUE_MASK].seq);
        int32_t lag = (int32_t)(seq - pos);
        if (lag < 0)
            return VCPU_ERR_BUSY;
        if (lag > 0) {
            pos = atomic_load_u32(&q->enqueue_pos);
            continue;
        }
        if (atomic_cas_u32(&q->enqueue_pos, pos, pos + 1)) {
            q->cells[pos & QUEUE_MASK].vector = vector;
            atomic_store_u32(&q->cells[pos & QUEUE_MASK].seq, pos + 1);
            return VCPU_OK;
        }
        pos = atomic_load_u32(&q->enqueue_pos);
    }
}

bool irq_queue_peek(struct vcpu_irq_queue *q, uint32_t *vector)
{
    uint32_t pos = q->dequeue_pos;
    if (atomic_load_u32(&q->cells[pos & QUEUE_MASK].seq) != pos + 1)
        return false;
    *vector = q->cells[pos & QUEUE_MASK].vector;
    return true;
}

void irq_queue_pop(struct vcpu_irq_queue *q)
{
    uint32_t pos = q->dequeue_pos;
    atomic_store_u32(&q->cells[pos & QUEUE_MASK].seq, pos + VCPU_IRQ_QUEUE_SIZE);
    q->dequeue_pos = pos + 1;
}
