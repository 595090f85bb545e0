/* Re-injection of an event whose delivery a #VMEXIT interrupted. Pure;
 * compiled and tested on the host too. */
#ifndef SVM_EVENT_H
#define SVM_EVENT_H

#include <stdbool.h>
#include <stdint.h>

/* EXITINTINFO / EVENTINJ fields (same layout, AMD APM vol. 2, 15.20). */
#define SVM_EVENT_VECTOR 0xffull
#define SVM_EVENT_TYPE_SHIFT 8
#define SVM_EVENT_TYPE_MASK (7ull << SVM_EVENT_TYPE_SHIFT)
#define SVM_EVENT_TYPE_INTR 0u
#define SVM_EVENT_TYPE_NMI 2u
#define SVM_EVENT_TYPE_EXCEPTION 3u
#define SVM_EVENT_TYPE_SOFT 4u
#define SVM_EVENT_ERROR_VALID (1ull << 11)
#define SVM_EVENT_VALID (1ull << 31)
#define SVM_EVENT_ERROR_SHIFT 32

/* The EVENTINJ that redelivers the event described by `exitintinfo`: vector,
 * type, error-code-valid, valid and the error code (bits 63:32, kept only
 * with error-code-valid); reserved bits 30:12 cleared. 0 (nothing to inject)
 * if EXITINTINFO is not valid, or for a software event (INTn, and INT3/INTO
 * as exceptions 3/4): the guest RIP still points at that instruction, which
 * raises the event again when re-executed. */
uint64_t svm_reinject_event(uint64_t exitintinfo);

/* The EVENTINJ of hardware exception `vector` (type 3), with `error_code`
 * when `has_error` (error-code-valid set). Pure. */
uint64_t svm_exception_event(uint32_t vector, bool has_error, uint32_t error_code);

/* The EVENTINJ that hands an intercepted exception back to the guest:
 * #DB (exit code 0x41) and #AC (0x51, error code 0). The backend intercepts
 * them only so that a guest whose own delivery of #DB or #AC raises the same
 * exception again cannot hang the physical CPU in microcode (each delivery
 * becomes a #VMEXIT the host sees); the guest still gets every one. 0 for
 * any other exit code. Pure. */
uint64_t svm_reflected_exception(uint64_t exitcode);

#endif
