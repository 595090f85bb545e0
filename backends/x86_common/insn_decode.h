/* The shared x86 instruction decoder for MMIO emulation (SVM and VMX): the
 * memory-access MOV forms a guest uses on device registers. Pure; compiled and
 * tested on the host too. */
#ifndef X86_COMMON_INSN_DECODE_H
#define X86_COMMON_INSN_DECODE_H

#include <stddef.h>
#include <vcpu/exit.h>
#include <vcpu_backend/x86_state.h>

#include "backends/x86_common/x86_regs.h"

/* The longest x86 instruction. */
#define X86_INSN_MAX 15u

/* struct x86_mmio_insn, one decoded access, is in <vcpu_backend/x86_state.h>
 * (the backends keep the last read's in their vCPU state); enum x86_gpr and
 * enum x86_cpu_mode are in x86_regs.h. */

/* Decodes the MOV forms with a memory operand at `bytes[0..len)`, in 64-bit
 * mode: 88/89 (store r), 8A/8B (load r), C6/C7 (store imm), 0F B6/B7 (MOVZX),
 * 0F BE/BF (MOVSX), 63 (MOVSXD), with prefixes 66, F2/F3-free, segment
 * overrides and REX. Returns false (and leaves *out undefined) for any other
 * instruction, a register-only ModRM, or a truncated encoding. Same as
 * x86_decode_mmio_mode(bytes, len, X86_MODE_64, out). */
bool x86_decode_mmio(const uint8_t *bytes, size_t len, struct x86_mmio_insn *out);

/* As x86_decode_mmio(), in the code-segment mode `mode`. X86_MODE_64 behaves
 * exactly as x86_decode_mmio() (67 is refused). X86_MODE_32 and X86_MODE_16:
 * no REX (40..4F are INC/DEC, refused; 8-bit registers 4..7 are always
 * AH..BH), no MOVSXD (63 is ARPL, refused), default operand size 32 / 16
 * bits with 66 selecting the other, default address size 32 / 16 bits with
 * 67 selecting the other (16-bit addressing: ModRM without SIB, disp16).
 * Any other `mode` value returns false. */
bool x86_decode_mmio_mode(const uint8_t *bytes, size_t len, enum x86_cpu_mode mode,
                          struct x86_mmio_insn *out);

/* The value a load leaves in its destination register, given the register's
 * old value and the value read (the x86 rules: 32-bit writes zero the upper
 * half, 8/16-bit writes merge, AH..BH write bits 15:8, MOVZX/MOVSX extend). */
uint64_t x86_load_result(const struct x86_mmio_insn *insn, uint64_t old_reg, uint64_t value);

/* Fills `exit` (reason and payload only) for the decoded access `insn` at
 * guest-physical `gpa`: MMIO_WRITE with the stored data (the immediate, or
 * the source register `gpr[insn->reg]`, AH..BH when reg_high_byte, truncated
 * to the width), or MMIO_READ with the destination register and its width
 * and sign rules. `gpr` holds RAX..R15. Pure; any CPU. */
void x86_mmio_exit(const struct x86_mmio_insn *insn, vcpu_gpa_t gpa, const uint64_t *gpr,
                   struct vcpu_exit *exit);

#endif
