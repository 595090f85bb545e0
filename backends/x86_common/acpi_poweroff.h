/* The ACPI poweroff write both x86 backends recognize (pure, host-tested). */
#ifndef X86_COMMON_ACPI_POWEROFF_H
#define X86_COMMON_ACPI_POWEROFF_H

#include <stdbool.h>
#include <stdint.h>
#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* True if an OUT of `data` (already truncated to `width`) to `port` enters
 * S5: a 16- or 32-bit write to the PM1a control port `poweroff_port` (a
 * 32-bit OUT writes PM1a_CNT with its low half) with SLP_EN (bit 13) set and
 * SLP_TYP (bits 12:10) equal to `s5_slp_typ`, the \_S5 value of the VMM's
 * DSDT. Other sleep types and 8-bit writes are not poweroff. Pure; any CPU. */
bool x86_acpi_is_poweroff(uint16_t port, enum vcpu_access_width width, uint64_t data,
                          uint16_t poweroff_port, uint8_t s5_slp_typ);

#ifdef __cplusplus
}
#endif

#endif
