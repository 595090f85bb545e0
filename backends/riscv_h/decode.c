/* Pure decoders of the RISC-V H backend (see decode.h). */
#include "decode.h"

#include <vcpu/riscv_h.h>

#define OPCODE_LOAD 0x03u
#define OPCODE_STORE 0x23u
#define OPCODE_SYSTEM 0x73u
#define INSN_WFI 0x10500073u

void riscv_h_fill_raw(struct vcpu_exit *exit, uint64_t scause, uint64_t stval, uint64_t htval,
                      uint64_t htinst)
{
    exit->raw.arch = VCPU_ARCH_RISCV64;
    exit->raw.riscv64.scause = scause;
    exit->raw.riscv64.stval = stval;
    exit->raw.riscv64.htval = htval;
    exit->raw.riscv64.htinst = htinst;
}

static bool decode_full(uint32_t insn, struct riscv_h_access *out)
{
    uint32_t opcode = insn & 0x7f, funct3 = (insn >> 12) & 7;
    if (opcode == OPCODE_LOAD) {
        static const bool valid[8] = {true, true, true, true, true, true, true, false};
        if (!valid[funct3])
            return false;
        *out = (struct riscv_h_access){
            .store = false,
            .width = (enum vcpu_access_width)(funct3 & 3),
            .signed_ext = funct3 < 3, /* lb, lh, lw; ld needs no extension */
            .reg = (insn >> 7) & 0x1f,
            .length = 4,
        };
        return true;
    }
    if (opcode == OPCODE_STORE && funct3 < 4) {
        *out = (struct riscv_h_access){
            .store = true,
            .width = (enum vcpu_access_width)funct3,
            .reg = (insn >> 20) & 0x1f,
            .length = 4,
        };
        return true;
    }
    return false;
}

static bool decode_compressed(uint32_t insn, struct riscv_h_access *out)
{
    uint32_t quadrant = insn & 3, funct3 = (insn >> 13) & 7;
    bool store;
    enum vcpu_access_width width;
    uint32_t reg;
    if (quadrant == 0 && (funct3 == 2 || funct3 == 3 || funct3 == 6 || funct3 == 7)) {
        /* C.LW, C.LD, C.SW, C.SD: rd'/rs2' in bits 4:2 name x8..x15. */
        store = funct3 >= 6;
        width = (funct3 & 1) ? VCPU_WIDTH_64 : VCPU_WIDTH_32;
        reg = 8 + ((insn >> 2) & 7);
    } else if (quadrant == 2 && (funct3 == 2 || funct3 == 3)) {
        /* C.LWSP, C.LDSP: rd in bits 11:7 (x0 is reserved). */
        store = false;
        width = funct3 == 3 ? VCPU_WIDTH_64 : VCPU_WIDTH_32;
        reg = (insn >> 7) & 0x1f;
        if (reg == 0)
            return false;
    } else if (quadrant == 2 && (funct3 == 6 || funct3 == 7)) {
        /* C.SWSP, C.SDSP: rs2 in bits 6:2. */
        store = true;
        width = funct3 == 7 ? VCPU_WIDTH_64 : VCPU_WIDTH_32;
        reg = (insn >> 2) & 0x1f;
    } else {
        return false;
    }
    *out = (struct riscv_h_access){
        .store = store,
        .width = width,
        .signed_ext = !store && width == VCPU_WIDTH_32, /* c.lw sign-extends */
        .reg = reg,
        .length = 2,
    };
    return true;
}

bool riscv_h_decode_access(uint32_t insn, struct riscv_h_access *out)
{
    if (riscv_h_insn_length(insn & 0xffff) == 4)
        return decode_full(insn, out);
    return decode_compressed(insn & 0xffff, out);
}

uint32_t riscv_h_htinst_to_insn(uint64_t htinst)
{
    /* A transformed instruction has bit 0 set; bit 1 clear means the original
     * was compressed. Pseudo-instructions (bit 0 clear) carry no access. */
    if ((htinst & 1) == 0)
        return 0;
    return (uint32_t)(htinst | 2);
}

static uint64_t truncate(uint64_t v, enum vcpu_access_width w)
{
    unsigned bits = 8u << w;
    return bits >= 64 ? v : v & ((UINT64_C(1) << bits) - 1);
}

uint32_t riscv_h_decode_guest_page_fault(uint64_t scause, uint64_t stval, uint64_t htval,
                                         uint32_t insn, const uint64_t *x, struct vcpu_exit *exit)
{
    uint64_t gpa = riscv_h_fault_gpa(stval, htval);
    bool is_store = scause == CAUSE_STORE_GUEST_PAGE_FAULT;
    struct riscv_h_access a;
    if (insn != 0 && riscv_h_decode_access(insn, &a) && a.store == is_store) {
        if (a.store) {
            *exit = (struct vcpu_exit){.reason = VCPU_EXIT_MMIO_WRITE};
            exit->mmio_write.addr = gpa;
            exit->mmio_write.width = a.width;
            exit->mmio_write.data = truncate(x[a.reg], a.width);
        } else {
            *exit = (struct vcpu_exit){.reason = VCPU_EXIT_MMIO_READ};
            exit->mmio_read.addr = gpa;
            exit->mmio_read.width = a.width;
            exit->mmio_read.reg = a.reg;
            exit->mmio_read.reg_width = VCPU_WIDTH_64;
            exit->mmio_read.signed_ext = a.signed_ext;
        }
        return a.length;
    }
    *exit = (struct vcpu_exit){.reason = VCPU_EXIT_NESTED_PAGE_FAULT};
    exit->nested_page_fault.addr = gpa;
    exit->nested_page_fault.access_flags = is_store ? VCPU_MAP_WRITE : VCPU_MAP_READ;
    return 0;
}

uint32_t riscv_h_decode_virtual_instruction(uint32_t insn, const uint64_t *x,
                                            struct vcpu_exit *exit)
{
    uint32_t funct3 = (insn >> 12) & 7, rd = (insn >> 7) & 0x1f, rs1 = (insn >> 15) & 0x1f;
    uint32_t csr = insn >> 20;
    uint32_t length = riscv_h_insn_length(insn & 0xffff);
    if (insn == INSN_WFI) {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_HALT};
        return 4;
    }
    if ((insn & 0x7f) == OPCODE_SYSTEM && funct3 != 0 && funct3 != 4) {
        bool reads = (funct3 == 2 || funct3 == 3) && rs1 == 0; /* csrrs/csrrc rd, csr, x0 */
        bool writes = funct3 == 1 && rd == 0;                  /* csrw csr, rs1 */
        bool writes_imm = funct3 == 5 && rd == 0;              /* csrwi csr, imm */
        if (reads) {
            *exit = (struct vcpu_exit){.reason = VCPU_EXIT_SYSREG_READ};
            exit->sysreg_read.addr = csr;
            exit->sysreg_read.reg = rd;
            return 4;
        }
        if (writes || writes_imm) {
            *exit = (struct vcpu_exit){.reason = VCPU_EXIT_SYSREG_WRITE};
            exit->sysreg_write.addr = csr;
            exit->sysreg_write.value = writes ? x[rs1] : rs1;
            return 4;
        }
    }
    *exit = (struct vcpu_exit){.reason = VCPU_EXIT_UNKNOWN};
    return length;
}

/* Extensions the backend or the VMM implements, for BASE probe_extension. */
static bool extension_available(uint64_t eid, const struct riscv_h_vmm_extensions *vmm)
{
    for (uint32_t i = 0; vmm != NULL && vmm->eids != NULL && i < vmm->count; i++) {
        if (vmm->eids[i] == eid)
            return true;
    }
    switch (eid) {
    case RISCV_SBI_EXT_BASE:
    case RISCV_SBI_EXT_TIME:
    case RISCV_SBI_EXT_IPI:
    case RISCV_SBI_EXT_RFENCE:
    case RISCV_SBI_EXT_HSM:
    case RISCV_SBI_EXT_SRST:
    case RISCV_SBI_EXT_VCPU_HYPERCALL:
        return true;
    default:
        return false;
    }
}

static enum riscv_h_sbi_action decode_base(uint64_t fid, const uint64_t *x,
                                           const struct riscv_h_vmm_extensions *vmm, int64_t *err,
                                           uint64_t *value)
{
    switch (fid) {
    case 0: /* get_spec_version: 1.0 */
        *value = 1ull << 24;
        break;
    case 1: /* get_impl_id */
        *value = RISCV_SBI_IMPL_ID;
        break;
    case 2: /* get_impl_version */
        *value = 1;
        break;
    case 3: /* probe_extension */
        *value = extension_available(x[A0], vmm) ? 1 : 0;
        break;
    case 4: /* mvendorid, marchid, mimpid: not a real hart */
    case 5:
    case 6:
        *value = 0;
        break;
    default:
        *err = RISCV_SBI_ERR_NOT_SUPPORTED;
        break;
    }
    return RISCV_H_SBI_RETURN;
}

enum riscv_h_sbi_action riscv_h_decode_sbi(const uint64_t *x,
                                           const struct riscv_h_vmm_extensions *vmm,
                                           struct vcpu_exit *exit, int64_t *err, uint64_t *value)
{
    uint64_t eid = x[A7], fid = x[A6];
    *exit = (struct vcpu_exit){.reason = VCPU_EXIT_NOTHING};
    *err = RISCV_SBI_SUCCESS;
    *value = 0;
    switch (eid) {
    case RISCV_SBI_EXT_VCPU_HYPERCALL:
        exit->reason = VCPU_EXIT_HYPERCALL;
        exit->hypercall.nr = fid;
        for (int i = 0; i < 6; i++)
            exit->hypercall.args[i] = x[A0 + i];
        return RISCV_H_SBI_EXIT;
    case RISCV_SBI_EXT_BASE:
        return decode_base(fid, x, vmm, err, value);
    case RISCV_SBI_EXT_TIME:
        if (fid == 0)
            return RISCV_H_SBI_SET_TIMER;
        *err = RISCV_SBI_ERR_NOT_SUPPORTED;
        return RISCV_H_SBI_RETURN;
    case RISCV_SBI_EXT_RFENCE:
        return RISCV_H_SBI_RFENCE;
    case RISCV_SBI_EXT_IPI:
        if (fid != 0)
            break;
        exit->reason = VCPU_EXIT_SEND_IPI;
        exit->send_ipi.target_cpu = x[A0];     /* hart mask */
        exit->send_ipi.target_cpu_aux = x[A1]; /* hart mask base */
        exit->send_ipi.send_to_all = x[A1] == ~0ull;
        exit->send_ipi.vector = 1; /* supervisor software interrupt */
        return RISCV_H_SBI_EXIT;
    case RISCV_SBI_EXT_HSM:
        if (fid == 0) { /* hart_start(hartid, start_addr, opaque) */
            exit->reason = VCPU_EXIT_CPU_UP;
            exit->cpu_up.target_cpu = x[A0];
            exit->cpu_up.entry_point = x[A1];
            exit->cpu_up.arg = x[A2];
            return RISCV_H_SBI_EXIT;
        }
        if (fid == 1) { /* hart_stop */
            exit->reason = VCPU_EXIT_CPU_DOWN;
            return RISCV_H_SBI_EXIT;
        }
        if (fid == 2)
            return RISCV_H_SBI_HART_STATUS;
        break;
    case RISCV_SBI_EXT_SRST:
        if (fid != 0)
            break;
        if (x[A0] > 2 || x[A1] > 1) {
            *err = RISCV_SBI_ERR_INVALID_PARAM;
            return RISCV_H_SBI_RETURN;
        }
        exit->reason = VCPU_EXIT_SYSTEM_DOWN;
        exit->system_down.kind = x[A1] == 1   ? VCPU_SYSTEM_CRASH
                                 : x[A0] == 0 ? VCPU_SYSTEM_POWEROFF
                                              : VCPU_SYSTEM_RESET;
        return RISCV_H_SBI_EXIT;
    default:
        /* Another extension: the VMM decides; the guest sees NOT_SUPPORTED
         * unless the VMM answers. */
        exit->reason = VCPU_EXIT_HYPERCALL;
        exit->hypercall.nr = RISCV_SBI_FOREIGN_NR(eid, fid);
        for (int i = 0; i < 6; i++)
            exit->hypercall.args[i] = x[A0 + i];
        *err = RISCV_SBI_ERR_NOT_SUPPORTED;
        return RISCV_H_SBI_EXIT;
    }
    /* A function the backend does not know in an extension it implements. */
    *err = RISCV_SBI_ERR_NOT_SUPPORTED;
    return RISCV_H_SBI_RETURN;
}

bool riscv_h_decode_hart_mask(uint64_t mask, uint64_t base, struct riscv_h_hart_set *out)
{
    if (base == ~0ull) {
        *out = (struct riscv_h_hart_set){.base = 0, .mask = ~0ull, .all = true};
        return true;
    }
    if (mask != 0) {
        uint32_t highest = 63u - (uint32_t)__builtin_clzll(mask);
        if (base > ~0ull - highest)
            return false; /* base + highest wraps around to a small hart id */
    }
    *out = (struct riscv_h_hart_set){.base = base, .mask = mask, .all = false};
    return true;
}
