// Host tests of the VMX capability computations, with the MSR values Bochs
// 2.7's corei7_skylake_x reports (shared/notes) and constructed ones.
#include <gtest/gtest.h>

extern "C" {
#include "backends/vmx/caps.h"
#include "backends/vmx/vmcs.h"
}

namespace
{

constexpr uint64_t kBochsBasic = 0xd810000000002bull;
constexpr uint64_t kBochsProc2 = 0x2177fff00000000ull;
constexpr uint64_t kBochsEptVpid = 0xf0106334141ull;

// A capability MSR from its allowed-0 (must be 1) and allowed-1 (may be 1).
constexpr uint64_t Cap(uint32_t allowed0, uint32_t allowed1)
{
    return (uint64_t)allowed1 << 32 | allowed0;
}

struct vmx_cap_msrs Skylake()
{
    struct vmx_cap_msrs m = {};
    m.basic = kBochsBasic;
    m.pin = Cap(0x16, 0x7f);
    m.proc = Cap(0x0401e172, 0xfff9fffe);
    m.exit = Cap(0x00036dff, 0x01ffffff);
    m.entry = Cap(0x000011ff, 0x0003ffff);
    m.true_pin = Cap(0x16, 0x7f);
    m.true_proc = Cap(0x04006172, 0xfff9fffe);
    m.true_exit = Cap(0x00036dfb, 0x01ffffff);
    m.true_entry = Cap(0x000011fb, 0x0003ffff);
    m.proc2 = kBochsProc2;
    m.ept_vpid = kBochsEptVpid;
    return m;
}

TEST(VmxCaps, ControlValueIsAllowed0OrWantMaskedByAllowed1)
{
    uint32_t v;
    EXPECT_TRUE(vmx_control_value(Cap(0x16, 0x7f), 0x9, &v));
    EXPECT_EQ(v, 0x1fu);
    EXPECT_FALSE(vmx_control_value(Cap(0x16, 0x7f), 0x100, &v)); // not allowed
    EXPECT_EQ(v, 0x16u);                                         // and not set
    EXPECT_TRUE(vmx_control_value(Cap(0, 0), 0, &v));
    EXPECT_EQ(v, 0u);
}

TEST(VmxCaps, SecondaryControlsAreReadOnlyWhenAllowed)
{
    EXPECT_TRUE(vmx_proc2_readable(Cap(0, 0x80000000u)));
    EXPECT_FALSE(vmx_proc2_readable(Cap(0x80000000u, 0x7fffffffu))); // core2: no secondary
    EXPECT_TRUE(vmx_ept_vpid_readable(kBochsProc2));
    EXPECT_FALSE(vmx_ept_vpid_readable(Cap(0, ~(uint32_t)(PROC2_EPT | PROC2_VPID))));
}

TEST(VmxCaps, BochsSkylakeControls)
{
    struct vmx_cap_msrs m = Skylake();
    struct vmx_controls c;
    ASSERT_TRUE(vmx_compute_controls(&m, &c));
    EXPECT_EQ(c.pin, 0x1fu); // external interrupt + NMI exiting over 0x16
    // TRUE controls: CR3-load/store exiting (bits 15, 16) stay clear.
    EXPECT_EQ(c.proc, 0x04006172u | PROC_HLT | PROC_RDPMC | PROC_CR8_LOAD | PROC_CR8_STORE |
                          PROC_UNCONDITIONAL_IO | PROC_MSR_BITMAPS | PROC_SECONDARY);
    EXPECT_EQ(c.proc & (PROC_CR3_LOAD | PROC_CR3_STORE), 0u);
    EXPECT_EQ(c.proc2, PROC2_EPT | PROC2_VPID | PROC2_UNRESTRICTED);
    EXPECT_EQ(c.exit, 0x00036dfbu | EXIT_HOST_64BIT | EXIT_SAVE_EFER | EXIT_LOAD_EFER);
    EXPECT_EQ(c.entry, 0x000011fbu | ENTRY_LOAD_EFER); // IA-32e mode is per guest
    EXPECT_TRUE(c.invept_single);
}

TEST(VmxCaps, WithoutTrueControlsTheDefault1BitsStay)
{
    struct vmx_cap_msrs m = Skylake();
    m.basic &= ~VMX_BASIC_TRUE_CONTROLS;
    struct vmx_controls c;
    ASSERT_TRUE(vmx_compute_controls(&m, &c));
    EXPECT_EQ(c.proc & (PROC_CR3_LOAD | PROC_CR3_STORE), PROC_CR3_LOAD | PROC_CR3_STORE);
}

TEST(VmxCaps, MissingFeaturesAreRefused)
{
    struct vmx_controls c;
    struct vmx_cap_msrs m = Skylake();
    m.proc = m.true_proc = Cap(0x0401e172, 0x7ff9fffe); // no secondary controls
    EXPECT_FALSE(vmx_compute_controls(&m, &c));
    m = Skylake();
    m.proc2 = Cap(0, 0x2177fff & ~PROC2_UNRESTRICTED);
    EXPECT_FALSE(vmx_compute_controls(&m, &c));
    m = Skylake();
    m.ept_vpid = kBochsEptVpid & ~(1ull << 6); // no 4-level walk
    EXPECT_FALSE(vmx_compute_controls(&m, &c));
    m = Skylake();
    m.true_entry = Cap(0x000011fb, 0x0003ffff & ~ENTRY_IA32E_GUEST);
    EXPECT_FALSE(vmx_compute_controls(&m, &c));
    m = Skylake();
    m.true_proc = Cap(0x04006172, 0xfff9fffe & ~PROC_INTERRUPT_WINDOW);
    EXPECT_FALSE(vmx_compute_controls(&m, &c));
    // Without CR8 exiting a guest's MOV CR8 would set the physical TPR.
    m = Skylake();
    m.true_proc = Cap(0x04006172, 0xfff9fffe & ~PROC_CR8_LOAD);
    EXPECT_FALSE(vmx_compute_controls(&m, &c));
    m = Skylake();
    m.true_proc = Cap(0x04006172, 0xfff9fffe & ~PROC_CR8_STORE);
    EXPECT_FALSE(vmx_compute_controls(&m, &c));
}

// IA32_FEATURE_CONTROL is locked only once the capability checks passed: a
// lock is permanent until reset, so a CPU the backend refuses stays as the
// firmware left it.
TEST(VmxCaps, FeatureControlLockedOnlyAfterTheChecks)
{
    const uint64_t lock = FEATURE_CONTROL_LOCK, vmx = FEATURE_CONTROL_VMX_OUTSIDE_SMX;
    EXPECT_EQ(vmx_feature_control_action(0, false), VMX_FEATURE_CONTROL_DENY);
    EXPECT_EQ(vmx_feature_control_action(vmx, false), VMX_FEATURE_CONTROL_DENY);
    EXPECT_EQ(vmx_feature_control_action(0, true), VMX_FEATURE_CONTROL_LOCK);
    EXPECT_EQ(vmx_feature_control_action(vmx, true), VMX_FEATURE_CONTROL_LOCK);
    EXPECT_EQ(vmx_feature_control_action(lock | vmx, true), VMX_FEATURE_CONTROL_KEEP);
    EXPECT_EQ(vmx_feature_control_action(lock | vmx, false), VMX_FEATURE_CONTROL_DENY);
    EXPECT_EQ(vmx_feature_control_action(lock, true), VMX_FEATURE_CONTROL_DENY);
}

TEST(VmxCaps, Basic)
{
    EXPECT_TRUE(vmx_basic_usable(kBochsBasic));
    EXPECT_EQ(vmx_revision(kBochsBasic), 0x2bu);
    EXPECT_FALSE(vmx_basic_usable(kBochsBasic | 1ull << 48));      // 32-bit addresses
    EXPECT_FALSE(vmx_basic_usable(kBochsBasic & ~(0xfull << 50))); // uncacheable
    EXPECT_FALSE(vmx_basic_usable((kBochsBasic & ~(0x1fffull << 32)) | 0x2000ull << 32));
}

TEST(VmxCaps, FixedBits)
{
    // Bochs: CR0 FIXED0 0x80000021 (PG, NE, PE); CR4 FIXED0 0x2000 (VMXE).
    EXPECT_EQ(vmx_fixed_bits(0x80000011, 0x80000021, 0xffffffff, 0), 0x80000031u);
    EXPECT_EQ(vmx_fixed_bits(0x10, 0x80000021, 0xffffffff, 0x80000001), 0x30u);
    EXPECT_EQ(vmx_fixed_bits(0x20, 0x2000, 0x3767ff, 0), 0x2020u);
    EXPECT_EQ(vmx_fixed_bits(0x1000000, 0x2000, 0x3767ff, 0), 0x2000u); // not allowed: cleared
}

TEST(VmxCaps, Eptp)
{
    // notes: EPTP = PML4 | (3 << 3) | 6
    EXPECT_EQ(vmx_eptp(0x123000), 0x12301eu);
}

} // namespace
