// Host tests of the ACPI poweroff rule shared by the x86 backends.
#include "backends/x86_common/acpi_poweroff.h"

#include <gtest/gtest.h>

namespace
{

constexpr uint16_t kPort = 0x604;
constexpr uint64_t kSlpEn = 1u << 13;

uint64_t SlpTyp(unsigned n)
{
    return static_cast<uint64_t>(n) << 10;
}

TEST(AcpiPoweroff, SleepEnableWithTheS5TypeAt16Or32Bits)
{
    EXPECT_TRUE(x86_acpi_is_poweroff(kPort, VCPU_WIDTH_16, kSlpEn | SlpTyp(0), kPort, 0));
    EXPECT_TRUE(x86_acpi_is_poweroff(kPort, VCPU_WIDTH_32, kSlpEn | SlpTyp(5), kPort, 5));
    EXPECT_TRUE(x86_acpi_is_poweroff(kPort, VCPU_WIDTH_32, 0xffff0000u | kSlpEn, kPort, 0));
}

TEST(AcpiPoweroff, OtherWritesAreNot)
{
    EXPECT_FALSE(x86_acpi_is_poweroff(kPort, VCPU_WIDTH_16, kSlpEn | SlpTyp(1), kPort, 0));
    EXPECT_FALSE(x86_acpi_is_poweroff(kPort, VCPU_WIDTH_16, SlpTyp(0), kPort, 0));
    EXPECT_FALSE(x86_acpi_is_poweroff(kPort, VCPU_WIDTH_8, 0xff, kPort, 0));
    EXPECT_FALSE(x86_acpi_is_poweroff(kPort + 4, VCPU_WIDTH_16, kSlpEn, kPort, 0));
    for (unsigned typ = 0; typ < 8; typ++)
        EXPECT_EQ(x86_acpi_is_poweroff(kPort, VCPU_WIDTH_16, kSlpEn | SlpTyp(typ), kPort, 3),
                  typ == 3);
}

} // namespace
