/* Emulated devices and the address decoder that routes a guest's MMIO or
 * port I/O access to one: the building blocks of a VMM's device model. A
 * device is a range of guest-physical addresses (or x86 ports) and two
 * handlers; the VMM decodes an access exit, asks the bus, and completes the
 * exit itself (so what an access to no device does stays the VMM's policy).
 * Pure: no allocation, no library calls; builds for the host and for every
 * bare-metal platform. */
#ifndef LIB_DEVICES_VDEV_H
#define LIB_DEVICES_VDEV_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An emulated device: accesses to [base, base + size) of its address space
 * (guest-physical for MMIO, ports with `port_io`) call `read` / `write` with
 * the offset from `base`, the access size in bytes (1, 2, 4 or 8) and the
 * index of the accessing vCPU. A NULL handler means the device ignores that
 * direction (the bus reports the access as unclaimed). Handlers run on the
 * accessing vCPU's physical CPU, possibly on several CPUs at once: a device
 * whose state must stay consistent locks it itself. */
struct vdev {
    const char *name;
    bool port_io;
    uint64_t base;
    uint64_t size;
    uint64_t (*read)(struct vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes);
    void (*write)(struct vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes, uint64_t value);
    void *state; /* the device's own */
};

/* A set of devices in storage the VMM provides (a bus copies each device in). */
struct vdev_bus {
    struct vdev *slots;
    uint32_t capacity;
    uint32_t count;
};

/* Makes `bus` an empty bus over slots[0, capacity). */
void vdev_bus_init(struct vdev_bus *bus, struct vdev *slots, uint32_t capacity);

/* Copies `dev` into `bus`. Returns false (adding nothing) if the bus is full
 * or the device's range is empty or wraps around. Overlapping ranges are
 * allowed: the device added first wins. Before accesses start (not safe
 * against concurrent vdev_bus_read/write). */
bool vdev_bus_add(struct vdev_bus *bus, const struct vdev *dev);

/* The device of `bus` whose range in the given address space holds `addr`,
 * or NULL. Any CPU. */
struct vdev *vdev_bus_find(struct vdev_bus *bus, bool port_io, uint64_t addr);

/* Routes a read of `bytes` at `addr` by vCPU `vcpu` to its device: stores
 * what the device returns in *value and returns true; returns false, leaving
 * *value untouched, if no device (or no read handler) covers `addr`. Any CPU. */
bool vdev_bus_read(struct vdev_bus *bus, uint32_t vcpu, bool port_io, uint64_t addr, unsigned bytes,
                   uint64_t *value);

/* Routes a write likewise; returns false if no device (or no write handler)
 * covers `addr`. Any CPU. */
bool vdev_bus_write(struct vdev_bus *bus, uint32_t vcpu, bool port_io, uint64_t addr,
                    unsigned bytes, uint64_t value);

#ifdef __cplusplus
}
#endif

#endif /* LIB_DEVICES_VDEV_H */
