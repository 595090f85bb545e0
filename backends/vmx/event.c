/* Event injection encodings (see event.h). */
#include "event.h"

#include "backends/x86_common/x86_regs.h"
#include "vmcs.h"

#define TYPE_SHIFT 8u
#define TYPE_MASK (7u << TYPE_SHIFT)
#define VECTOR_MASK 0xffu
#define INSN_MAX 15u

bool vmx_guest_interruptible(uint64_t rflags, uint32_t interruptibility)
{
    return (rflags & RFLAGS_IF) &&
           !(interruptibility & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
}

uint32_t vmx_external_interrupt_info(uint32_t vector)
{
    return INTR_INFO_VALID | VMX_EVENT_EXTERNAL << TYPE_SHIFT | (vector & VECTOR_MASK);
}

struct vmx_event vmx_reinject_event(uint32_t idt_info, uint32_t idt_error, uint32_t exit_insn_len)
{
    struct vmx_event e = {0, 0, 0};
    if (!(idt_info & INTR_INFO_VALID))
        return e;
    uint32_t type = (idt_info & TYPE_MASK) >> TYPE_SHIFT;
    bool software = type == VMX_EVENT_SOFTWARE_INTERRUPT ||
                    type == VMX_EVENT_PRIVILEGED_SOFTWARE_EXCEPTION ||
                    type == VMX_EVENT_SOFTWARE_EXCEPTION;
    if (software) {
        if (exit_insn_len == 0 || exit_insn_len > INSN_MAX)
            return e;
        e.insn_len = exit_insn_len;
    }
    e.info = idt_info & (INTR_INFO_VALID | INTR_INFO_ERROR_CODE | TYPE_MASK | VECTOR_MASK);
    if (idt_info & INTR_INFO_ERROR_CODE)
        e.error = idt_error;
    return e;
}

struct vmx_event vmx_exception_event(uint32_t vector, bool error_valid, uint32_t error)
{
    struct vmx_event e = {0, 0, 0};
    e.info = INTR_INFO_VALID | VMX_EVENT_HARDWARE_EXCEPTION << TYPE_SHIFT | (vector & 31u);
    if (error_valid) {
        e.info |= INTR_INFO_ERROR_CODE;
        e.error = error;
    }
    return e;
}

#define VECTOR_UD 6u
#define VECTOR_GP 13u

struct vmx_event vmx_fault_event(bool undefined, bool protected_mode)
{
    if (undefined)
        return vmx_exception_event(VECTOR_UD, false, 0);
    return vmx_exception_event(VECTOR_GP, protected_mode, 0);
}

enum vmx_exception_action vmx_exception_action(uint32_t exit_intr_info)
{
    if (!(exit_intr_info & INTR_INFO_VALID) ||
        (exit_intr_info & TYPE_MASK) >> TYPE_SHIFT != VMX_EVENT_HARDWARE_EXCEPTION)
        return VMX_EXCEPTION_UNKNOWN;
    switch (exit_intr_info & VECTOR_MASK) {
    case VMX_VECTOR_AC:
        return VMX_EXCEPTION_REFLECT;
    case VMX_VECTOR_MC:
        return VMX_EXCEPTION_HOST_MACHINE_CHECK;
    default:
        return VMX_EXCEPTION_UNKNOWN;
    }
}
