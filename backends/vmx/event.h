/* Event injection encodings of the VMX backend: external interrupts, and the
 * re-injection of an event whose delivery a VM exit interrupted. Pure;
 * compiled and tested on the host too. */
#ifndef VMX_EVENT_H
#define VMX_EVENT_H

#include <stdbool.h>
#include <stdint.h>

/* Interruption types (bits 10:8 of the interruption-information fields). */
#define VMX_EVENT_EXTERNAL 0u
#define VMX_EVENT_NMI 2u
#define VMX_EVENT_HARDWARE_EXCEPTION 3u
#define VMX_EVENT_SOFTWARE_INTERRUPT 4u
#define VMX_EVENT_PRIVILEGED_SOFTWARE_EXCEPTION 5u
#define VMX_EVENT_SOFTWARE_EXCEPTION 6u

/* What to write into the VM-entry interruption-information, exception
 * error code and instruction length fields; info 0 injects nothing. */
struct vmx_event {
    uint32_t info;
    uint32_t error;
    uint32_t insn_len;
};

/* Whether the guest accepts an external interrupt now: RFLAGS.IF set and no
 * STI / MOV-SS blocking in `interruptibility`. */
bool vmx_guest_interruptible(uint64_t rflags, uint32_t interruptibility);

/* The VM-entry interruption information that injects external interrupt
 * `vector`. */
uint32_t vmx_external_interrupt_info(uint32_t vector);

/* The injection that redelivers the event the IDT-vectoring information
 * `idt_info` describes (SDM vol. 3, "Information for VM Exits During Event
 * Delivery"), given the IDT-vectoring error code and the VM-exit instruction
 * length of the same exit: vector, type, error-code-valid and valid
 * (reserved bits 30:12 cleared); the error code when bit 11 is set (else 0);
 * for software events (software interrupt, privileged software exception,
 * software exception) the instruction length, so that the pushed return
 * address is past the INTn / INT3 / INTO / INT1 (else 0). Nothing ({0, 0, 0}) if `idt_info` is not
 * valid, or for a software event with a length outside 1..15 (then the guest RIP still points at
 * the instruction, which raises the event again). */
struct vmx_event vmx_reinject_event(uint32_t idt_info, uint32_t idt_error, uint32_t exit_insn_len);

/* The injection of hardware exception `vector` (0..31), with `error` as its
 * error code when `error_valid`. */
struct vmx_event vmx_exception_event(uint32_t vector, bool error_valid, uint32_t error);

/* The fault vcpu_inject_fault() raises: #UD when `undefined`, else #GP(0),
 * whose error code is delivered only in protected mode (`protected_mode`,
 * guest CR0.PE): an unrestricted real-mode guest takes no error code, and
 * VM entry rejects one there. */
struct vmx_event vmx_fault_event(bool undefined, bool protected_mode);

/* The exceptions that exit to the backend (the exception bitmap): #AC, so a
 * guest cannot hang the CPU in an endless #AC delivery loop, and #MC, which
 * belongs to the host. Every other exception goes to the guest's own IDT. */
#define VMX_VECTOR_AC 17u
#define VMX_VECTOR_MC 18u
#define VMX_EXCEPTION_BITMAP (1u << VMX_VECTOR_AC | 1u << VMX_VECTOR_MC)

/* What the backend does with an exception-or-NMI exit (basic reason 0). */
enum vmx_exception_action {
    VMX_EXCEPTION_UNKNOWN = 0,       /* an UNKNOWN exit to the VMM, RIP stays */
    VMX_EXCEPTION_REFLECT = 1,       /* inject it into the guest again (#AC) */
    VMX_EXCEPTION_HOST_MACHINE_CHECK /* run the host's #MC handler, then UNKNOWN */
};

/* The action for an exit whose VM-exit interruption information is
 * `exit_intr_info`: REFLECT for a hardware #AC, HOST_MACHINE_CHECK for a
 * hardware #MC, UNKNOWN for anything else (NMIs, an invalid field). */
enum vmx_exception_action vmx_exception_action(uint32_t exit_intr_info);

#endif
