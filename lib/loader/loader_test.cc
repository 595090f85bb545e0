// Host tests of the guest image loader: good images land where they
// should; every malformed image is refused with a reason, and no truncation
// of a good one makes the loader read or write out of bounds (run under
// --config=asan to make that visible).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include "lib/loader/loader.h"
}

namespace
{

constexpr vcpu_gpa_t kRamGpa = 0x40000000;
constexpr uint64_t kRamSize = 0x100000;
constexpr uint16_t kMachine = 183; // EM_AARCH64

void put(std::vector<uint8_t> &f, size_t at, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        f[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

// An ELF64 executable with one PT_LOAD: 16 bytes of file data at `paddr`,
// memsz 32 (16 of bss), entry at paddr.
std::vector<uint8_t> MakeElf(uint64_t paddr = kRamGpa + 0x1000)
{
    std::vector<uint8_t> f(64 + 56 + 16, 0);
    f[0] = 0x7f;
    f[1] = 'E';
    f[2] = 'L';
    f[3] = 'F';
    f[4] = 2; // ELFCLASS64
    f[5] = 1; // little-endian
    f[6] = 1;
    put(f, 16, 2, 2); // ET_EXEC
    put(f, 18, kMachine, 2);
    put(f, 24, paddr, 8); // entry
    put(f, 32, 64, 8);    // phoff
    put(f, 54, 56, 2);    // phentsize
    put(f, 56, 1, 2);     // phnum
    size_t ph = 64;
    put(f, ph, 1, 4);          // PT_LOAD
    put(f, ph + 8, 120, 8);    // offset
    put(f, ph + 24, paddr, 8); // paddr
    put(f, ph + 32, 16, 8);    // filesz
    put(f, ph + 40, 32, 8);    // memsz
    for (int i = 0; i < 16; i++)
        f[120 + i] = static_cast<uint8_t>(0xa0 + i);
    return f;
}

// The guest memory callback: one RAM range of kRamSize bytes at kRamGpa,
// backed by the vector `ctx`; NULL unless all of [gpa, gpa + len) is in it.
void *GuestRam(void *ctx, vcpu_gpa_t gpa, uint64_t len)
{
    auto *ram = static_cast<std::vector<uint8_t> *>(ctx);
    if (gpa >= kRamGpa && len <= ram->size() && gpa - kRamGpa <= ram->size() - len)
        return ram->data() + (gpa - kRamGpa);
    return nullptr;
}

class LoaderTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        ram_.assign(kRamSize, 0x55);
    }

    const char *Load(const std::vector<uint8_t> &f, uint64_t size)
    {
        return loader_load(f.data(), size, kMachine, kRamGpa + 0x80000, GuestRam, &ram_, &image_);
    }

    std::vector<uint8_t> ram_;
    loader_image image_;
};

TEST_F(LoaderTest, LoadsElfSegmentsAndZeroesBss)
{
    auto f = MakeElf();
    ASSERT_EQ(Load(f, f.size()), nullptr);
    EXPECT_TRUE(image_.elf);
    EXPECT_EQ(image_.entry, kRamGpa + 0x1000);
    EXPECT_EQ(image_.low, kRamGpa + 0x1000);
    EXPECT_EQ(image_.high, kRamGpa + 0x1020);
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(ram_[0x1000 + i], 0xa0 + i);
    for (int i = 16; i < 32; i++)
        EXPECT_EQ(ram_[0x1000 + i], 0);
    EXPECT_EQ(ram_[0x1020], 0x55);
}

TEST_F(LoaderTest, PlacesAFlatBinary)
{
    std::vector<uint8_t> f = {1, 2, 3, 4, 5};
    ASSERT_EQ(Load(f, f.size()), nullptr);
    EXPECT_FALSE(image_.elf);
    EXPECT_EQ(image_.entry, kRamGpa + 0x80000);
    EXPECT_EQ(std::memcmp(&ram_[0x80000], f.data(), f.size()), 0);
}

TEST_F(LoaderTest, RefusesMalformedImages)
{
    struct Case {
        const char *what;
        size_t at;
        uint64_t value;
        unsigned bytes;
    };
    const Case cases[] = {
        {"32-bit class", 4, 1, 1},
        {"big-endian", 5, 2, 1},
        {"not ET_EXEC", 16, 3, 2},
        {"other machine", 18, 62, 2},
        {"no program headers", 56, 0, 2},
        {"program headers beyond the file", 32, 1 << 20, 8},
        {"odd phentsize", 54, 32, 2},
        {"segment data beyond the file", 64 + 8, 200, 8},
        {"filesz > memsz", 64 + 32, 64, 8},
        {"segment outside RAM", 64 + 24, 0x1000, 8},
        {"segment wrapping around", 64 + 24, ~uint64_t{0} - 8, 8},
        {"entry outside RAM", 24, 0x10, 8},
    };
    for (const Case &c : cases) {
        auto f = MakeElf();
        put(f, c.at, c.value, c.bytes);
        EXPECT_NE(Load(f, f.size()), nullptr) << c.what;
    }
    EXPECT_NE(loader_load(nullptr, 0, kMachine, kRamGpa, GuestRam, &ram_, &image_), nullptr);
    std::vector<uint8_t> huge(16);
    EXPECT_NE(Load(huge, kRamSize + 1), nullptr) << "a flat image larger than RAM";
}

TEST_F(LoaderTest, EveryTruncationIsRefusedOrLoadedSafely)
{
    auto good = MakeElf();
    for (size_t n = 1; n < good.size(); n++) {
        std::vector<uint8_t> f(good.begin(), good.begin() + n); // exactly n bytes
        const char *why = Load(f, n);
        if (n < 4) // too short to be an ELF file: a flat binary
            EXPECT_TRUE(why == nullptr && !image_.elf) << n << " bytes";
        else
            EXPECT_NE(why, nullptr) << n << " bytes";
    }
}

} // namespace
