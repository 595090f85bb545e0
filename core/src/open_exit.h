/* Internal: the exit a VMM still has to resolve (struct vcpu_open_exit), kept
 * by vcpu_run() and closed by vcpu_complete_read() and vcpu_inject_fault(). */
#ifndef VCPU_CORE_OPEN_EXIT_H
#define VCPU_CORE_OPEN_EXIT_H

#include <vcpu/vcpu.h>

/* The reasons vcpu_inject_fault() accepts, as a bit mask over the enum. */
#define OPEN_EXIT_FAULTABLE_MASK                                                                   \
    ((1u << VCPU_EXIT_MMIO_READ) | (1u << VCPU_EXIT_MMIO_WRITE) | (1u << VCPU_EXIT_SYSREG_READ) |  \
     (1u << VCPU_EXIT_SYSREG_WRITE) | (1u << VCPU_EXIT_IO_READ) | (1u << VCPU_EXIT_IO_WRITE) |     \
     (1u << VCPU_EXIT_UNKNOWN))

/* The read reasons, as a bit mask over the enum. */
#define OPEN_EXIT_READ_MASK                                                                        \
    ((1u << VCPU_EXIT_MMIO_READ) | (1u << VCPU_EXIT_SYSREG_READ) | (1u << VCPU_EXIT_IO_READ))

/* True if `reason` is one vcpu_inject_fault() accepts. */
static inline bool open_exit_faultable(enum vcpu_exit_reason reason)
{
    return (unsigned)reason < VCPU_EXIT_REASON_COUNT &&
           ((1u << (unsigned)reason) & OPEN_EXIT_FAULTABLE_MASK) != 0;
}

/* True if `open` holds a read that vcpu_complete_read() must resolve. */
static inline bool open_exit_is_read(const struct vcpu_open_exit *open)
{
    return ((1u << open->reason) & OPEN_EXIT_READ_MASK) != 0;
}

/* The identity of a faultable exit: reason, address (MMIO address, system
 * register, port) and destination register of a read. */
struct vcpu_open_exit open_exit_identity(const struct vcpu_exit *exit);

/* Records the exit vcpu_run() is about to return: open if faultable, else
 * nothing open. */
static inline void open_exit_record(struct vcpu_open_exit *open, const struct vcpu_exit *exit)
{
    if (((1u << (unsigned)exit->reason) & OPEN_EXIT_FAULTABLE_MASK) != 0)
        *open = open_exit_identity(exit);
    else
        open->reason = VCPU_EXIT_NOTHING;
}

/* True if `exit` is the open exit `open` (same identity). */
bool open_exit_matches(const struct vcpu_open_exit *open, const struct vcpu_exit *exit);

/* True if the payload of the read exit `exit` can be applied: widths inside
 * the enum, reg_width no narrower than width, destination register in range. */
bool open_exit_read_well_formed(const struct vcpu_exit *exit);

#endif /* VCPU_CORE_OPEN_EXIT_H */
