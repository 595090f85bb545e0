// Host tests of the shared x86 MMIO instruction decoder.
#include <gtest/gtest.h>

#include <vector>

extern "C" {
#include "backends/x86_common/insn_decode.h"
}

namespace
{

struct x86_mmio_insn Decode(std::vector<uint8_t> bytes)
{
    struct x86_mmio_insn d = {};
    EXPECT_TRUE(x86_decode_mmio(bytes.data(), bytes.size(), &d));
    return d;
}

TEST(X86Decode, StoresOfEachWidth)
{
    struct x86_mmio_insn d = Decode({0x88, 0x07}); // mov [rdi], al
    EXPECT_TRUE(d.store);
    EXPECT_EQ(d.width, VCPU_WIDTH_8);
    EXPECT_EQ(d.reg, X86_RAX);
    EXPECT_EQ(d.length, 2u);
    d = Decode({0x66, 0x89, 0x0f}); // mov [rdi], cx
    EXPECT_EQ(d.width, VCPU_WIDTH_16);
    EXPECT_EQ(d.reg, X86_RCX);
    EXPECT_EQ(d.length, 3u);
    d = Decode({0x89, 0x57, 0x24}); // mov [rdi+0x24], edx
    EXPECT_EQ(d.width, VCPU_WIDTH_32);
    EXPECT_EQ(d.reg, X86_RDX);
    EXPECT_EQ(d.length, 3u);
    d = Decode({0x4c, 0x89, 0x87, 0x38, 0x00, 0x00, 0x00}); // mov [rdi+0x38], r8
    EXPECT_EQ(d.width, VCPU_WIDTH_64);
    EXPECT_EQ(d.reg, X86_R8);
    EXPECT_EQ(d.length, 7u);
}

TEST(X86Decode, LoadsAndExtensions)
{
    struct x86_mmio_insn d = Decode({0x8b, 0x06}); // mov eax, [rsi]
    EXPECT_FALSE(d.store);
    EXPECT_EQ(d.width, VCPU_WIDTH_32);
    EXPECT_EQ(d.reg_width, VCPU_WIDTH_32);
    d = Decode({0x48, 0x8b, 0x04, 0x24}); // mov rax, [rsp] (SIB)
    EXPECT_EQ(d.width, VCPU_WIDTH_64);
    EXPECT_EQ(d.length, 4u);
    d = Decode({0x0f, 0xb6, 0x06}); // movzx eax, byte [rsi]
    EXPECT_TRUE(d.zero_ext);
    EXPECT_EQ(d.width, VCPU_WIDTH_8);
    EXPECT_EQ(d.reg_width, VCPU_WIDTH_32);
    d = Decode({0x48, 0x0f, 0xbf, 0x06}); // movsx rax, word [rsi]
    EXPECT_TRUE(d.signed_ext);
    EXPECT_EQ(d.width, VCPU_WIDTH_16);
    EXPECT_EQ(d.reg_width, VCPU_WIDTH_64);
    d = Decode({0x48, 0x63, 0x06}); // movsxd rax, dword [rsi]
    EXPECT_TRUE(d.signed_ext);
    EXPECT_EQ(d.width, VCPU_WIDTH_32);
    d = Decode({0x8a, 0x26}); // mov ah, [rsi]
    EXPECT_TRUE(d.reg_high_byte);
    EXPECT_EQ(d.reg, X86_RAX);
    d = Decode({0x40, 0x8a, 0x36}); // mov sil, [rsi] (REX: not a high byte)
    EXPECT_FALSE(d.reg_high_byte);
    EXPECT_EQ(d.reg, X86_RSI);
    d = Decode({0x8b, 0x05, 0x10, 0x00, 0x00, 0x00}); // mov eax, [rip+0x10]
    EXPECT_EQ(d.length, 6u);
}

TEST(X86Decode, StoreImmediate)
{
    struct x86_mmio_insn d = Decode({0xc6, 0x07, 0xa5}); // mov byte [rdi], 0xa5
    EXPECT_TRUE(d.has_immediate);
    EXPECT_EQ(d.immediate, 0xa5u);
    EXPECT_EQ(d.length, 3u);
    d = Decode({0x48, 0xc7, 0x47, 0x08, 0xff, 0xff, 0xff, 0xff}); // mov qword [rdi+8], -1
    EXPECT_EQ(d.width, VCPU_WIDTH_64);
    EXPECT_EQ(d.immediate, ~0ull);
    EXPECT_EQ(d.length, 8u);
    d = Decode({0x66, 0xc7, 0x07, 0x34, 0x12}); // mov word [rdi], 0x1234
    EXPECT_EQ(d.immediate, 0x1234u);
    EXPECT_EQ(d.length, 5u);
}

TEST(X86Decode, RejectsOthers)
{
    struct x86_mmio_insn d;
    const std::vector<std::vector<uint8_t>> bad = {
        {0x89, 0xc0},             // mov eax, eax (register operand)
        {0x01, 0x07},             // add [rdi], eax
        {0x8b},                   // truncated
        {0x8b, 0x87, 0x00},       // truncated displacement
        {0xc7, 0x0f, 0, 0, 0, 0}, // C7 /1 is not MOV
        {0x0f, 0x0b},             // ud2
        {},
    };
    for (const auto &b : bad)
        EXPECT_FALSE(x86_decode_mmio(b.data(), b.size(), &d));
}

TEST(X86Decode, LoadResults)
{
    struct x86_mmio_insn d = Decode({0x8a, 0x06}); // mov al, [rsi]
    EXPECT_EQ(x86_load_result(&d, 0x1122334455667788ull, 0xab), 0x11223344556677abull);
    d = Decode({0x8a, 0x26}); // mov ah, [rsi]
    EXPECT_EQ(x86_load_result(&d, 0x1122334455667788ull, 0xab), 0x112233445566ab88ull);
    d = Decode({0x66, 0x8b, 0x06}); // mov ax, [rsi]
    EXPECT_EQ(x86_load_result(&d, 0x1122334455667788ull, 0xabcd), 0x112233445566abcdull);
    d = Decode({0x8b, 0x06}); // mov eax, [rsi]
    EXPECT_EQ(x86_load_result(&d, 0x1122334455667788ull, 0xdeadbeef), 0xdeadbeefull);
    d = Decode({0x0f, 0xbe, 0x06}); // movsx eax, byte [rsi]
    EXPECT_EQ(x86_load_result(&d, 0x1122334455667788ull, 0x81), 0xffffff81ull);
    d = Decode({0x48, 0x0f, 0xbe, 0x06}); // movsx rax, byte [rsi]
    EXPECT_EQ(x86_load_result(&d, 0, 0x81), 0xffffffffffffff81ull);
    d = Decode({0x0f, 0xb7, 0x06}); // movzx eax, word [rsi]
    EXPECT_EQ(x86_load_result(&d, ~0ull, 0x8001), 0x8001ull);
    d = Decode({0x48, 0x63, 0x06}); // movsxd rax, [rsi]
    EXPECT_EQ(x86_load_result(&d, 0, 0x80000000), 0xffffffff80000000ull);
}

} // namespace
