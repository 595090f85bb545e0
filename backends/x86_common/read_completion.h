/* Completing read exits on the x86 backends (svm, vmx): RDMSR into EDX:EAX,
 * IN into AL/AX/EAX, MMIO loads by the decoded instruction's register rules.
 * Compiled by each backend (it needs the backend's <vcpu_backend/state.h>). */
#ifndef X86_COMMON_READ_COMPLETION_H
#define X86_COMMON_READ_COMPLETION_H

#include <vcpu/arch.h>

#include "insn_decode.h"

/* Completes read exit `exit` of `v` with `value` through
 * vcpu_arch_get_gpr/set_gpr. `last` is the instruction decoded at the last
 * MMIO_READ exit (NULL if none); it is used when it matches the payload's
 * register and width, so MOVZX/MOVSX/high-byte rules apply, else the payload
 * alone decides. The caller's CPU rules are vcpu_arch_complete_read()'s.
 * Returns VCPU_OK, or VCPU_ERR_INVALID_ARG for a payload it cannot apply (bad
 * width or register, or a reason that is not a read); then nothing changes. */
int x86_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value,
                      const struct x86_mmio_insn *last);

#endif
