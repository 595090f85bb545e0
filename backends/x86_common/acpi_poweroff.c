/* The ACPI poweroff write. */
#include "acpi_poweroff.h"

#define ACPI_SLP_TYP_SHIFT 10 /* PM1a_CNT SLP_TYP: bits 12:10 */
#define ACPI_SLP_EN (1u << 13)

bool x86_acpi_is_poweroff(uint16_t port, enum vcpu_access_width width, uint64_t data,
                          uint16_t poweroff_port, uint8_t s5_slp_typ)
{
    return port == poweroff_port && width != VCPU_WIDTH_8 && (data & ACPI_SLP_EN) &&
           ((data >> ACPI_SLP_TYP_SHIFT) & 7) == s5_slp_typ;
}
