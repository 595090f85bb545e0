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
