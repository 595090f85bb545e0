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

struct x86_mmio_insn DecodeIn(enum x86_cpu_mode mode, std::vector<uint8_t> bytes)
{
    struct x86_mmio_insn d = {};
    EXPECT_TRUE(x86_decode_mmio_mode(bytes.data(), bytes.size(), mode, &d));
    return d;
}

bool Refused(enum x86_cpu_mode mode, std::vector<uint8_t> bytes)
{
    struct x86_mmio_insn d;
    return !x86_decode_mmio_mode(bytes.data(), bytes.size(), mode, &d);
}

TEST(X86DecodeModes, SixtyFourBitModeIsTheDefault)
{
    const std::vector<std::vector<uint8_t>> forms = {
        {0x88, 0x07},
        {0x66, 0x89, 0x0f},
        {0x4c, 0x89, 0x87, 0x38, 0, 0, 0},
        {0x48, 0x63, 0x06},
        {0x8a, 0x26},
        {0x66, 0xc7, 0x07, 0x34, 0x12},
        {0x48, 0x0f, 0xbf, 0x06},
    };
    for (const auto &b : forms) {
        struct x86_mmio_insn a = Decode(b), m = DecodeIn(X86_MODE_64, b);
        EXPECT_EQ(a.length, m.length);
        EXPECT_EQ(a.width, m.width);
        EXPECT_EQ(a.reg, m.reg);
        EXPECT_EQ(a.reg_width, m.reg_width);
        EXPECT_EQ(a.reg_high_byte, m.reg_high_byte);
        EXPECT_EQ(a.immediate, m.immediate);
    }
    EXPECT_TRUE(Refused(X86_MODE_64, {0x67, 0x8b, 0x06}));    // 67: unchanged, refused
    EXPECT_TRUE(Refused((enum x86_cpu_mode)3, {0x8b, 0x06})); // no such mode
}

TEST(X86DecodeModes, SixteenBitDefaults)
{
    // mov [bx+si], ax: 16-bit operand without a prefix.
    struct x86_mmio_insn d = DecodeIn(X86_MODE_16, {0x89, 0x00});
    EXPECT_TRUE(d.store);
    EXPECT_EQ(d.width, VCPU_WIDTH_16);
    EXPECT_EQ(d.length, 2u);
    // 66: 32-bit operand. mov eax, [0x1234] (mod 0 rm 6: disp16).
    d = DecodeIn(X86_MODE_16, {0x66, 0x8b, 0x06, 0x34, 0x12});
    EXPECT_FALSE(d.store);
    EXPECT_EQ(d.width, VCPU_WIDTH_32);
    EXPECT_EQ(d.reg_width, VCPU_WIDTH_32);
    EXPECT_EQ(d.length, 5u);
    // mov word [bp+di+0x1234], 0x5678: mod 2 is disp16, imm16.
    d = DecodeIn(X86_MODE_16, {0xc7, 0x83, 0x34, 0x12, 0x78, 0x56});
    EXPECT_EQ(d.width, VCPU_WIDTH_16);
    EXPECT_EQ(d.immediate, 0x5678u);
    EXPECT_EQ(d.length, 6u);
    // mov dword [si], 0x12345678 (66): imm32.
    d = DecodeIn(X86_MODE_16, {0x66, 0xc7, 0x04, 0x78, 0x56, 0x34, 0x12});
    EXPECT_EQ(d.width, VCPU_WIDTH_32);
    EXPECT_EQ(d.immediate, 0x12345678u);
    EXPECT_EQ(d.length, 7u);
    // 67: 32-bit addressing (SIB, disp32). mov ax, [eax+ecx*4+0x10000].
    d = DecodeIn(X86_MODE_16, {0x67, 0x8b, 0x84, 0x88, 0x00, 0x00, 0x01, 0x00});
    EXPECT_EQ(d.width, VCPU_WIDTH_16);
    EXPECT_EQ(d.length, 8u);
    // movzx ax, byte [di]: the destination is 16 bits.
    d = DecodeIn(X86_MODE_16, {0x0f, 0xb6, 0x05});
    EXPECT_EQ(d.width, VCPU_WIDTH_8);
    EXPECT_EQ(d.reg_width, VCPU_WIDTH_16);
    EXPECT_EQ(x86_load_result(&d, 0x1122334455667788ull, 0xab), 0x11223344556600abull);
}

TEST(X86DecodeModes, ThirtyTwoBitDefaults)
{
    struct x86_mmio_insn d = DecodeIn(X86_MODE_32, {0x89, 0x57, 0x24}); // mov [edi+0x24], edx
    EXPECT_EQ(d.width, VCPU_WIDTH_32);
    EXPECT_EQ(d.length, 3u);
    d = DecodeIn(X86_MODE_32, {0x66, 0x89, 0x0f}); // mov [edi], cx
    EXPECT_EQ(d.width, VCPU_WIDTH_16);
    // mov eax, [0x70000000]: mod 0 rm 5 is disp32 (absolute).
    d = DecodeIn(X86_MODE_32, {0x8b, 0x05, 0x00, 0x00, 0x00, 0x70});
    EXPECT_EQ(d.length, 6u);
    // 67: 16-bit addressing. mov eax, [bx+0x10] (mod 1: disp8).
    d = DecodeIn(X86_MODE_32, {0x67, 0x8b, 0x47, 0x10});
    EXPECT_EQ(d.length, 4u);
    // 8-bit registers 4..7 are AH..BH.
    d = DecodeIn(X86_MODE_32, {0x8a, 0x26}); // mov ah, [esi]
    EXPECT_TRUE(d.reg_high_byte);
    EXPECT_EQ(d.reg, X86_RAX);
}

TEST(X86DecodeModes, NoRexOutsideLongMode)
{
    for (enum x86_cpu_mode mode : {X86_MODE_32, X86_MODE_16}) {
        // 48 is DEC eAX, 40 INC eAX: not a prefix, and not a MOV.
        EXPECT_TRUE(Refused(mode, {0x48, 0x8b, 0x06}));
        EXPECT_TRUE(Refused(mode, {0x40, 0x8a, 0x36}));
        EXPECT_TRUE(Refused(mode, {0x4c, 0x89, 0x87, 0x38, 0, 0, 0}));
        EXPECT_TRUE(Refused(mode, {0x63, 0x06})); // ARPL, not MOVSXD
    }
    // The same bytes in 64-bit mode are REX-prefixed MOVs.
    EXPECT_FALSE(Refused(X86_MODE_64, {0x48, 0x8b, 0x06}));
}

TEST(X86MmioExit, StoresCarryTheirTruncatedData)
{
    uint64_t gpr[16] = {};
    gpr[X86_RAX] = 0x1122334455667788ull;
    struct vcpu_exit exit = {};
    struct x86_mmio_insn d = Decode({0x88, 0x27}); // mov [rdi], ah
    x86_mmio_exit(&d, 0x1000, gpr, &exit);
    EXPECT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(exit.mmio_write.addr, 0x1000u);
    EXPECT_EQ(exit.mmio_write.width, VCPU_WIDTH_8);
    EXPECT_EQ(exit.mmio_write.data, 0x77u);
    d = Decode({0x66, 0x89, 0x07}); // mov [rdi], ax
    x86_mmio_exit(&d, 0x2000, gpr, &exit);
    EXPECT_EQ(exit.mmio_write.data, 0x7788u);
    d = Decode({0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff}); // mov qword [rdi], -1
    x86_mmio_exit(&d, 0x3000, gpr, &exit);
    EXPECT_EQ(exit.mmio_write.width, VCPU_WIDTH_64);
    EXPECT_EQ(exit.mmio_write.data, ~0ull);
}

TEST(X86MmioExit, LoadsNameTheirDestination)
{
    uint64_t gpr[16] = {};
    struct vcpu_exit exit = {};
    struct x86_mmio_insn d = Decode({0x48, 0x0f, 0xbe, 0x06}); // movsx rax, byte [rsi]
    x86_mmio_exit(&d, 0x4000, gpr, &exit);
    EXPECT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, 0x4000u);
    EXPECT_EQ(exit.mmio_read.width, VCPU_WIDTH_8);
    EXPECT_EQ(exit.mmio_read.reg, static_cast<uint32_t>(X86_RAX));
    EXPECT_EQ(exit.mmio_read.reg_width, VCPU_WIDTH_64);
    EXPECT_TRUE(exit.mmio_read.signed_ext);
}

} // namespace
