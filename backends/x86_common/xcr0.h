/* XSETBV emulation for the x86 backends: which XCR0 values a guest may set.
 * The guest's XCR0 is kept per vCPU and loaded only while it runs, so one
 * guest's XSETBV never reaches the host or another VM. Pure; for the target
 * and for host tests. */
#ifndef X86_COMMON_XCR0_H
#define X86_COMMON_XCR0_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* XCR0 components (Intel SDM vol. 1 13.3, AMD APM vol. 2 11.5.2). */
#define XCR0_X87 (1ull << 0)
#define XCR0_SSE (1ull << 1)
#define XCR0_AVX (1ull << 2)
#define XCR0_BNDREGS (1ull << 3)
#define XCR0_BNDCSR (1ull << 4)
#define XCR0_AVX512 (7ull << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */

/* The XCR0 value of a vCPU after reset: x87 only. */
#define XCR0_RESET_VALUE XCR0_X87

/* True if a guest at privilege level `cpl` may execute XSETBV with ECX =
 * `index` and EDX:EAX = `value` on a CPU whose XCR0-settable components are
 * `supported` (CPUID.(EAX=0DH,ECX=0):EDX:EAX): CPL 0, index 0, x87 set, no
 * component outside `supported`, AVX only with SSE, the two MPX components
 * together, the three AVX-512 components together and only with AVX. False
 * means the instruction raises #GP(0) in the guest and XCR0 keeps its value.
 * Pure; any CPU. */
bool x86_xsetbv_allowed(uint32_t cpl, uint32_t index, uint64_t value, uint64_t supported);

#ifdef __cplusplus
}
#endif

#endif
