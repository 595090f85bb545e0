/* Completing read exits on the x86 backends (svm, vmx): RDMSR into EDX:EAX,
 * IN into AL/AX/EAX, MMIO loads by the decoded instruction's register rules.
 * Pure; compiled and tested on the host too. */
#ifndef X86_COMMON_READ_COMPLETION_H
#define X86_COMMON_READ_COMPLETION_H

#include <vcpu/error.h>
#include <vcpu/exit.h>
#include <vcpu_backend/x86_state.h>

#include "backends/x86_common/x86_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Completes read exit `exit` with `value` in the guest registers `gpr`
 * (RAX..R15, as the guest has them now: partial writes keep the other bits).
 * `last` is the instruction decoded at the last MMIO_READ exit (NULL if
 * none); it is used when it matches the payload's register and width, so
 * MOVZX/MOVSX/high-byte rules apply, else the payload alone decides. The
 * caller's CPU rules are vcpu_arch_complete_read()'s. Returns VCPU_OK, or
 * VCPU_ERR_INVALID_ARG for a payload it cannot apply (bad width or
 * register, or a reason that is not a read); then `gpr` is unchanged. */
int x86_complete_read(uint64_t gpr[X86_GPR_COUNT], const struct vcpu_exit *exit, uint64_t value,
                      const struct x86_mmio_insn *last);

#ifdef __cplusplus
}
#endif

#endif
