// Host tests of the MSR permission map policy: deny by default, passthrough
// only of what VMRUN/VMLOAD switch per guest.
#include <gtest/gtest.h>

#include <vector>

extern "C" {
#include "backends/svm/msrpm.h"
}

namespace
{

struct Map {
    std::vector<uint8_t> bytes = std::vector<uint8_t>(SVM_MSRPM_BYTES, 0);
    Map()
    {
        svm_msrpm_build(bytes.data());
    }
    bool Reads(uint32_t msr) const
    {
        return svm_msrpm_intercepts(bytes.data(), msr, false);
    }
    bool Writes(uint32_t msr) const
    {
        return svm_msrpm_intercepts(bytes.data(), msr, true);
    }
};

TEST(SvmMsrpm, HostMsrsAreIntercepted)
{
    Map m;
    const uint32_t host_msrs[] = {
        0x10,       // TSC
        0x1b,       // APIC_BASE
        0x277,      // PAT
        0x3a,       // FEATURE_CONTROL
        0xc0000103, // TSC_AUX (not switched by VMLOAD)
        0xc0010114, // VM_CR
        0xc0010117, // VM_HSAVE_PA
        0x800,      // x2APIC
        0x830,      // x2APIC ICR
        0x8ff,      0x1fff, 0xc0001fff, 0xc0011fff,
    };
    for (uint32_t msr : host_msrs) {
        EXPECT_TRUE(m.Reads(msr)) << std::hex << msr;
        EXPECT_TRUE(m.Writes(msr)) << std::hex << msr;
        EXPECT_FALSE(svm_msr_passthrough(msr)) << std::hex << msr;
    }
}

TEST(SvmMsrpm, EveryMsrOfEveryRangeButThePassthroughOnesExits)
{
    Map m;
    const uint32_t bases[] = {0, 0xc0000000u, 0xc0010000u};
    unsigned passthrough = 0;
    for (uint32_t base : bases) {
        for (uint32_t msr = base; msr < base + 0x2000; msr++) {
            bool pass = svm_msr_passthrough(msr);
            EXPECT_EQ(m.Reads(msr), !pass) << std::hex << msr;
            EXPECT_EQ(m.Writes(msr), !pass) << std::hex << msr;
            passthrough += pass;
        }
    }
    EXPECT_EQ(passthrough, 11u);
    // The reserved rest of the map is all ones too.
    for (uint32_t i = 0x1800; i < SVM_MSRPM_BYTES; i++)
        EXPECT_EQ(m.bytes[i], 0xff);
}

TEST(SvmMsrpm, SwitchedMsrsPassThrough)
{
    Map m;
    const uint32_t switched[] = {
        0xc0000080,                                     // EFER (VMRUN)
        0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, // STAR LSTAR CSTAR SFMASK
        0xc0000100, 0xc0000101, 0xc0000102,             // FS, GS, KernelGS base
        0x174,      0x175,      0x176,                  // SYSENTER_CS/ESP/EIP
    };
    for (uint32_t msr : switched) {
        EXPECT_TRUE(svm_msr_passthrough(msr)) << std::hex << msr;
        EXPECT_FALSE(m.Reads(msr)) << std::hex << msr;
        EXPECT_FALSE(m.Writes(msr)) << std::hex << msr;
    }
    // Bit positions from the APM: 2 bits per MSR, the second range at byte
    // 0x800. EFER, STAR, LSTAR, CSTAR are byte 0x820; SFMASK is bits 0-1 of
    // 0x821; SYSENTER_CS/ESP/EIP are bits 0-5 of byte 0x5d (MSRs 0x174-0x176).
    EXPECT_EQ(m.bytes[0x820], 0x00);
    EXPECT_EQ(m.bytes[0x821], 0xfc);
    EXPECT_EQ(m.bytes[0x5d], 0xc0);
    EXPECT_EQ(m.bytes[0x840], 0xc0); // FS, GS, KernelGS base; TSC_AUX exits
}

TEST(SvmMsrpm, OutsideTheRangesAlwaysExits)
{
    Map m;
    for (uint32_t msr : {0x2000u, 0x40000100u, 0xbfffffffu, 0xc0002000u, 0xc0012000u, ~0u}) {
        EXPECT_TRUE(m.Reads(msr)) << std::hex << msr;
        EXPECT_TRUE(m.Writes(msr)) << std::hex << msr;
    }
}

} // namespace
