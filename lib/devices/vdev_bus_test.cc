// Host tests of the device bus: devices are found by address space and
// range, get the offset, size and vCPU of each access, and an access no
// device (or no handler) covers is reported as unclaimed with nothing written.
#include <gtest/gtest.h>

#include <vector>

extern "C" {
#include "lib/devices/vdev.h"
}

namespace
{

struct Access {
    uint32_t vcpu;
    uint64_t offset;
    unsigned bytes;
    uint64_t value;
};

// A device that records its accesses and reads as 0x1000 + offset.
struct Recorder {
    std::vector<Access> reads, writes;
};

uint64_t RecordRead(vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes)
{
    static_cast<Recorder *>(dev->state)->reads.push_back({vcpu, offset, bytes, 0});
    return 0x1000 + offset;
}

void RecordWrite(vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes, uint64_t value)
{
    static_cast<Recorder *>(dev->state)->writes.push_back({vcpu, offset, bytes, value});
}

vdev Device(uint64_t base, uint64_t size, bool port_io, Recorder *r)
{
    vdev d{};
    d.name = "recorder";
    d.port_io = port_io;
    d.base = base;
    d.size = size;
    d.read = RecordRead;
    d.write = RecordWrite;
    d.state = r;
    return d;
}

class VdevBusTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        vdev_bus_init(&bus_, slots_, 3);
    }

    bool Add(vdev d)
    {
        return vdev_bus_add(&bus_, &d);
    }

    vdev slots_[3];
    vdev_bus bus_;
    Recorder mmio_, port_;
};

TEST_F(VdevBusTest, RoutesEachAccessToItsDevice)
{
    ASSERT_TRUE(Add(Device(0x9000000, 0x1000, false, &mmio_)));
    ASSERT_TRUE(Add(Device(0x3f8, 8, true, &port_)));
    uint64_t value = 0;
    EXPECT_TRUE(vdev_bus_read(&bus_, 1, false, 0x9000018, 4, &value));
    EXPECT_EQ(value, 0x1018u);
    EXPECT_TRUE(vdev_bus_write(&bus_, 2, true, 0x3f8, 1, 'x'));
    EXPECT_TRUE(vdev_bus_read(&bus_, 0, true, 0x3ff, 1, &value));
    EXPECT_EQ(value, 0x1007u);
    ASSERT_EQ(mmio_.reads.size(), 1u);
    EXPECT_EQ(mmio_.reads[0].vcpu, 1u);
    EXPECT_EQ(mmio_.reads[0].offset, 0x18u);
    EXPECT_EQ(mmio_.reads[0].bytes, 4u);
    ASSERT_EQ(port_.writes.size(), 1u);
    EXPECT_EQ(port_.writes[0].vcpu, 2u);
    EXPECT_EQ(port_.writes[0].offset, 0u);
    EXPECT_EQ(port_.writes[0].value, uint64_t{'x'});
    EXPECT_EQ(vdev_bus_find(&bus_, false, 0x9000fff)->state, &mmio_);
    EXPECT_EQ(vdev_bus_find(&bus_, true, 0x3fc)->state, &port_);
}

TEST_F(VdevBusTest, UnclaimedAccessesTouchNothing)
{
    ASSERT_TRUE(Add(Device(0x1000, 0x100, false, &mmio_)));
    uint64_t value = 0xabcd;
    EXPECT_FALSE(vdev_bus_read(&bus_, 0, false, 0x1100, 4, &value)); // just past the end
    EXPECT_FALSE(vdev_bus_read(&bus_, 0, false, 0xfff, 4, &value));  // just before
    EXPECT_FALSE(vdev_bus_read(&bus_, 0, true, 0x1000, 4, &value));  // other address space
    EXPECT_FALSE(vdev_bus_write(&bus_, 0, true, 0x1000, 4, 1));
    EXPECT_EQ(value, 0xabcdu);
    EXPECT_EQ(vdev_bus_find(&bus_, false, 0x1100), nullptr);
    EXPECT_TRUE(mmio_.reads.empty());
    EXPECT_TRUE(mmio_.writes.empty());
}

TEST_F(VdevBusTest, AMissingHandlerLeavesTheAccessUnclaimed)
{
    vdev d = Device(0x2000, 0x10, false, &mmio_);
    d.read = nullptr;
    ASSERT_TRUE(vdev_bus_add(&bus_, &d));
    uint64_t value = 7;
    EXPECT_FALSE(vdev_bus_read(&bus_, 0, false, 0x2000, 8, &value));
    EXPECT_EQ(value, 7u);
    EXPECT_TRUE(vdev_bus_write(&bus_, 0, false, 0x2008, 8, 9));
    d = Device(0x3000, 0x10, false, &mmio_);
    d.write = nullptr;
    ASSERT_TRUE(vdev_bus_add(&bus_, &d));
    EXPECT_FALSE(vdev_bus_write(&bus_, 0, false, 0x3000, 8, 9));
    EXPECT_EQ(mmio_.writes.size(), 1u);
}

TEST_F(VdevBusTest, RefusesEmptyWrappingAndOneTooMany)
{
    EXPECT_FALSE(Add(Device(0x1000, 0, false, &mmio_)));
    EXPECT_FALSE(Add(Device(~uint64_t{0} - 4, 0x10, false, &mmio_)));
    EXPECT_EQ(bus_.count, 0u);
    for (uint64_t i = 0; i < 3; i++)
        EXPECT_TRUE(Add(Device(0x1000 * (i + 1), 0x10, false, &mmio_)));
    EXPECT_FALSE(Add(Device(0x8000, 0x10, false, &mmio_)));
    EXPECT_EQ(bus_.count, 3u);
}

TEST_F(VdevBusTest, TheFirstOfOverlappingDevicesWins)
{
    Recorder second;
    ASSERT_TRUE(Add(Device(0x1000, 0x100, false, &mmio_)));
    ASSERT_TRUE(Add(Device(0x1080, 0x100, false, &second)));
    EXPECT_EQ(vdev_bus_find(&bus_, false, 0x10ff)->state, &mmio_);
    EXPECT_EQ(vdev_bus_find(&bus_, false, 0x1100)->state, &second);
}

} // namespace
