// Host tests of the UART models: what a guest driver reads back from each
// register, and that every transmitted character reaches the output
// callback with the writing vCPU.
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "lib/devices/uart.h"
}

namespace
{

struct Output {
    std::vector<uint32_t> vcpus;
    std::string text;
};

void Collect(void *ctx, uint32_t vcpu, char c)
{
    auto *out = static_cast<Output *>(ctx);
    out->vcpus.push_back(vcpu);
    out->text.push_back(c);
}

uint64_t Read(vdev &d, uint64_t offset, unsigned bytes = 4)
{
    return d.read(&d, 0, offset, bytes);
}

void Write(vdev &d, uint64_t offset, uint64_t value, uint32_t vcpu = 0, unsigned bytes = 4)
{
    d.write(&d, vcpu, offset, bytes, value);
}

TEST(UartTest, Pl011TransmitsAndIdentifiesItself)
{
    vdev d;
    uart_state s;
    Output out;
    uart_pl011_init(&d, &s, 0x9000000, Collect, &out);
    EXPECT_STREQ(d.name, "pl011");
    EXPECT_FALSE(d.port_io);
    EXPECT_EQ(d.base, 0x9000000u);
    EXPECT_EQ(d.size, 0x1000u);
    EXPECT_EQ(d.state, &s);
    EXPECT_EQ(Read(d, 0x018), 0x90u); // FR: TXFE | RXFE
    const uint8_t id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (unsigned i = 0; i < 8; i++)
        EXPECT_EQ(Read(d, 0xfe0 + 4 * i), id[i]) << i;
    EXPECT_EQ(Read(d, 0x000), 0u); // DR: the receive FIFO is empty
    EXPECT_EQ(Read(d, 0x030), 0u); // CR and the rest read as zero
    Write(d, 0x000, 0x168, 1);     // only the low byte is the character
    Write(d, 0x000, 'i', 3);
    Write(d, 0x030, 0x301); // CR: ignored
    EXPECT_EQ(out.text, "hi");
    EXPECT_EQ(out.vcpus, (std::vector<uint32_t>{1, 3}));
}

TEST(UartTest, Ns16550TransmitsAndKeepsItsRegisters)
{
    vdev d;
    uart_state s;
    Output out;
    uart_ns16550_init(&d, &s, 0x10000000, Collect, &out);
    EXPECT_STREQ(d.name, "ns16550a");
    EXPECT_EQ(d.size, 0x100u);
    EXPECT_EQ(Read(d, 5, 1), 0x60u); // LSR: THRE | TEMT, no data ready
    EXPECT_EQ(Read(d, 2, 1), 0x01u); // IIR: no interrupt pending
    Write(d, 1, 0xff, 0, 1);         // IER keeps its four defined bits
    EXPECT_EQ(Read(d, 1, 1), 0x0fu);
    Write(d, 7, 0x5a, 0, 1);
    EXPECT_EQ(Read(d, 7, 1), 0x5au); // scratch
    Write(d, 4, 0x03, 0, 1);
    EXPECT_EQ(Read(d, 4, 1), 0x03u); // MCR
    Write(d, 0, 'o', 2, 1);
    Write(d, 0, 'k', 0, 1);
    EXPECT_EQ(out.text, "ok");
    EXPECT_EQ(out.vcpus, (std::vector<uint32_t>{2, 0}));
}

TEST(UartTest, Ns16550DivisorLatch)
{
    vdev d;
    uart_state s;
    Output out;
    uart_ns16550_init(&d, &s, 0x3f8, Collect, &out);
    Write(d, 1, 0x05, 0, 1); // IER
    Write(d, 3, 0x83, 0, 1); // LCR: DLAB, 8 bits
    Write(d, 0, 0x01, 0, 1); // DLL, not a character
    Write(d, 1, 0x02, 0, 1); // DLM, not IER
    EXPECT_EQ(Read(d, 0, 1), 0x01u);
    EXPECT_EQ(Read(d, 1, 1), 0x02u);
    EXPECT_EQ(Read(d, 3, 1), 0x83u);
    Write(d, 3, 0x03, 0, 1);         // DLAB off again
    EXPECT_EQ(Read(d, 0, 1), 0u);    // RBR: nothing received
    EXPECT_EQ(Read(d, 1, 1), 0x05u); // IER as it was
    EXPECT_TRUE(out.text.empty());
}

} // namespace
