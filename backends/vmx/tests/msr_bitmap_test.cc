// Host tests of the VMX MSR policy: deny by default in the MSR bitmap,
// passthrough only of what the VMCS switches per guest (guest-state fields,
// EFER controls, the MSR-load/store areas).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include "backends/vmx/msr_bitmap.h"
}

namespace
{

struct Bitmap {
    std::vector<uint8_t> bytes = std::vector<uint8_t>(VMX_MSR_BITMAP_BYTES, 0);
    Bitmap()
    {
        vmx_msr_bitmap_build(bytes.data());
    }
    bool Reads(uint32_t msr) const
    {
        return vmx_msr_bitmap_intercepts(bytes.data(), msr, false);
    }
    bool Writes(uint32_t msr) const
    {
        return vmx_msr_bitmap_intercepts(bytes.data(), msr, true);
    }
};

TEST(VmxMsrBitmap, HostMsrsAreIntercepted)
{
    Bitmap m;
    const uint32_t host_msrs[] = {
        0x10,       // TSC
        0x1b,       // APIC_BASE
        0x3a,       // FEATURE_CONTROL
        0x277,      // PAT
        0x480,      // VMX_BASIC
        0x48c,      // VMX_EPT_VPID_CAP
        0x1d9,      // DEBUGCTL
        0xc0000103, // TSC_AUX (no VMCS field, not in the areas)
        0x800,      // x2APIC
        0x830,      // x2APIC ICR
        0x8ff,      0x1fff, 0xc0000000, 0xc0001fff,
    };
    for (uint32_t msr : host_msrs) {
        EXPECT_TRUE(m.Reads(msr)) << std::hex << msr;
        EXPECT_TRUE(m.Writes(msr)) << std::hex << msr;
        EXPECT_FALSE(vmx_msr_passthrough(msr)) << std::hex << msr;
    }
}

TEST(VmxMsrBitmap, EveryMsrOfBothRangesButThePassthroughOnesExits)
{
    Bitmap m;
    unsigned passthrough = 0;
    for (uint32_t base : {0u, 0xc0000000u}) {
        for (uint32_t msr = base; msr < base + 0x2000; msr++) {
            bool pass = vmx_msr_passthrough(msr);
            EXPECT_EQ(m.Reads(msr), !pass) << std::hex << msr;
            EXPECT_EQ(m.Writes(msr), !pass) << std::hex << msr;
            passthrough += pass;
        }
    }
    EXPECT_EQ(passthrough, 11u);
}

TEST(VmxMsrBitmap, SwitchedMsrsPassThrough)
{
    Bitmap m;
    const uint32_t switched[] = {
        0xc0000080,                                     // EFER (entry/exit controls)
        0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, // STAR LSTAR CSTAR SFMASK (areas)
        0xc0000100, 0xc0000101,                         // FS, GS base (guest-state fields)
        0xc0000102,                                     // KernelGS base (areas)
        0x174,      0x175,      0x176,                  // SYSENTER_CS/ESP/EIP (fields)
    };
    for (uint32_t msr : switched) {
        EXPECT_TRUE(vmx_msr_passthrough(msr)) << std::hex << msr;
        EXPECT_FALSE(m.Reads(msr)) << std::hex << msr;
        EXPECT_FALSE(m.Writes(msr)) << std::hex << msr;
    }
    // Bit positions from the SDM ("MSR-Bitmap Address"): one bit per MSR;
    // read-low at 0, read-high at 0x400, write-low at 0x800, write-high at 0xc00. MSRs
    // 0x174-0x176 are bits 4-6 of byte 0x2e; EFER..SFMASK bits 0-4 of byte
    // 0x410; FS/GS/KernelGS base bits 0-2 of byte 0x420 (TSC_AUX, bit 3, exits).
    for (uint32_t offset : {0u, 0x800u}) {
        EXPECT_EQ(m.bytes[offset + 0x2e], 0x8f);
        EXPECT_EQ(m.bytes[offset + 0x410], 0xe0);
        EXPECT_EQ(m.bytes[offset + 0x420], 0xf8);
        EXPECT_EQ(m.bytes[offset + 0x400], 0xff);
        EXPECT_EQ(m.bytes[offset + 0x100], 0xff); // x2APIC 0x800-0x807
    }
}

TEST(VmxMsrBitmap, OutsideTheRangesAlwaysExits)
{
    Bitmap m;
    for (uint32_t msr :
         {0x2000u, 0x40000100u, 0xbfffffffu, 0xc0002000u, 0xc0010117u, 0xc0011fffu, ~0u}) {
        EXPECT_TRUE(m.Reads(msr)) << std::hex << msr;
        EXPECT_TRUE(m.Writes(msr)) << std::hex << msr;
        EXPECT_FALSE(vmx_msr_passthrough(msr)) << std::hex << msr;
    }
}

TEST(VmxMsrArea, TheSyscallMsrsWithoutVmcsFields)
{
    // Exactly the passthrough MSRs the VMCS has no field for; never FS/GS
    // base (an MSR-load area must not hold them: SDM "Loading MSRs") or
    // x2APIC MSRs.
    unsigned in_area = 0;
    for (uint32_t msr : {0xc0000081u, 0xc0000082u, 0xc0000083u, 0xc0000084u, 0xc0000102u}) {
        bool found = false;
        for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++)
            found = found || vmx_area_msrs[i] == msr;
        EXPECT_TRUE(found) << std::hex << msr;
        in_area += found;
    }
    EXPECT_EQ(in_area, VMX_AREA_MSR_COUNT);
    for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++)
        EXPECT_TRUE(vmx_msr_passthrough(vmx_area_msrs[i]));
}

TEST(VmxMsrArea, Fill)
{
    static_assert(sizeof(struct vmx_msr_entry) == 16, "SDM entry layout");
    struct vmx_msr_entry area[VMX_AREA_MSR_COUNT];
    memset(area, 0xa5, sizeof(area));
    vmx_msr_area_fill(area, nullptr);
    for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++) {
        EXPECT_EQ(area[i].index, vmx_area_msrs[i]);
        EXPECT_EQ(area[i].reserved, 0u);
        EXPECT_EQ(area[i].value, 0u);
    }
    const uint64_t values[VMX_AREA_MSR_COUNT] = {1, 2, 3, 0xffffffff81000000ull, 5};
    vmx_msr_area_fill(area, values);
    for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++) {
        EXPECT_EQ(area[i].index, vmx_area_msrs[i]);
        EXPECT_EQ(area[i].value, values[i]);
    }
}

} // namespace
