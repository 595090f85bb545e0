/* FP/SSE/AVX state of the guest and the host, switched eagerly around
 * VMRUN: XSAVE/XRSTOR of every XCR0 component where the CPU has XSAVE,
 * else FXSAVE/FXRSTOR (x87 and SSE). */
#ifndef SVM_FPU_H
#define SVM_FPU_H

#include <stdint.h>

/* Pages of one save area (XSAVE's size for every supported component, or
 * the 512 bytes of FXSAVE). Any CPU. */
uint32_t svm_fpu_area_pages(void);

/* Writes the state of a CPU after reset into `area` (x87 control word
 * 0x37f, MXCSR 0x1f80, no XSAVE component in use). */
void svm_fpu_reset(uint8_t *area);

/* Saves the calling CPU's FP state into `area` (`xsave`: with XSAVE of the
 * components the XCR0 in force enables, else FXSAVE). */
void svm_fpu_save(uint8_t *area, int xsave);

/* Loads `area` into the calling CPU (XRSTOR under the XCR0 it was saved
 * with, or FXRSTOR). */
void svm_fpu_load(const uint8_t *area, int xsave);

#endif
