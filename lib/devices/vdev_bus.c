/* The device address decoder (see vdev.h). */
#include "lib/devices/vdev.h"

#include <stddef.h>

void vdev_bus_init(struct vdev_bus *bus, struct vdev *slots, uint32_t capacity)
{
    *bus = (struct vdev_bus){.slots = slots, .capacity = capacity};
}

bool vdev_bus_add(struct vdev_bus *bus, const struct vdev *dev)
{
    if (bus->count == bus->capacity || dev->size == 0 || dev->base + dev->size < dev->base)
        return false;
    bus->slots[bus->count++] = *dev;
    return true;
}

struct vdev *vdev_bus_find(struct vdev_bus *bus, bool port_io, uint64_t addr)
{
    for (uint32_t i = 0; i < bus->count; i++) {
        struct vdev *d = &bus->slots[i];
        if (d->port_io == port_io && addr >= d->base && addr - d->base < d->size)
            return d;
    }
    return NULL;
}

bool vdev_bus_read(struct vdev_bus *bus, uint32_t vcpu, bool port_io, uint64_t addr, unsigned bytes,
                   uint64_t *value)
{
    struct vdev *d = vdev_bus_find(bus, port_io, addr);
    if (d == NULL || d->read == NULL)
        return false;
    *value = d->read(d, vcpu, addr - d->base, bytes);
    return true;
}

bool vdev_bus_write(struct vdev_bus *bus, uint32_t vcpu, bool port_io, uint64_t addr,
                    unsigned bytes, uint64_t value)
{
    struct vdev *d = vdev_bus_find(bus, port_io, addr);
    if (d == NULL || d->write == NULL)
        return false;
    d->write(d, vcpu, addr - d->base, bytes, value);
    return true;
}
