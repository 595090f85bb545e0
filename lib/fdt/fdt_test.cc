// Host tests of the device-tree writer: the blob's header and blocks
// are where the header says, names are shared in the strings block, and a
// tree that does not fit (or does not balance) fails without writing past
// the buffer.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include "lib/fdt/fdt.h"
}

namespace
{

uint32_t be32(const uint8_t *p)
{
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

uint32_t Build(uint8_t *buf, uint32_t cap)
{
    static fdt_writer w;
    fdt_begin(&w, buf, cap);
    fdt_begin_node(&w, "");
    fdt_prop_u32(&w, "#address-cells", 2);
    fdt_begin_node(&w, "memory@40000000");
    fdt_prop_string(&w, "device_type", "memory");
    fdt_prop_reg(&w, 0x40000000, 0x4000000);
    fdt_end_node(&w);
    fdt_begin_node(&w, "cpus");
    fdt_prop_string(&w, "device_type", "cpu");
    fdt_end_node(&w);
    fdt_end_node(&w);
    return fdt_finish(&w);
}

TEST(FdtTest, HeaderDescribesTheBlob)
{
    alignas(8) uint8_t buf[1024];
    uint32_t size = Build(buf, sizeof(buf));
    ASSERT_GT(size, 40u);
    EXPECT_EQ(be32(buf), 0xd00dfeedu);
    EXPECT_EQ(be32(buf + 4), size);
    uint32_t off_struct = be32(buf + 8), off_strings = be32(buf + 12);
    uint32_t size_strings = be32(buf + 32), size_struct = be32(buf + 36);
    EXPECT_EQ(be32(buf + 20), 17u);
    EXPECT_EQ(be32(buf + 24), 16u);
    EXPECT_EQ(off_struct + size_struct, off_strings);
    EXPECT_EQ(off_strings + size_strings, size);
    EXPECT_EQ(be32(buf + off_struct), 1u);      // FDT_BEGIN_NODE (root)
    EXPECT_EQ(be32(buf + off_strings - 4), 9u); // FDT_END
    // "device_type" is stored once although two nodes use it.
    const char *strings = reinterpret_cast<const char *>(buf + off_strings);
    int count = 0;
    for (uint32_t i = 0; i + 11 <= size_strings; i++)
        count += std::memcmp(strings + i, "device_type", 11) == 0;
    EXPECT_EQ(count, 1);
}

TEST(FdtTest, TooSmallBuffersFailWithoutOverrun)
{
    alignas(8) uint8_t full[1024];
    uint32_t size = Build(full, sizeof(full));
    ASSERT_GT(size, 0u);
    for (uint32_t cap = 0; cap < size; cap++) {
        std::vector<uint8_t> buf(cap + 64, 0xee);
        EXPECT_EQ(Build(buf.data(), cap), 0u) << cap;
        for (uint32_t i = cap; i < buf.size(); i++)
            ASSERT_EQ(buf[i], 0xee) << "wrote past " << cap;
    }
}

TEST(FdtTest, UnbalancedNodesFail)
{
    alignas(8) uint8_t buf[256];
    fdt_writer w;
    fdt_begin(&w, buf, sizeof(buf));
    fdt_begin_node(&w, "");
    EXPECT_EQ(fdt_finish(&w), 0u);
    fdt_begin(&w, buf, sizeof(buf));
    fdt_end_node(&w);
    EXPECT_EQ(fdt_finish(&w), 0u);
}

} // namespace
