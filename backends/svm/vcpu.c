/* vCPU hooks of the arch contract other than running: VMCB, permission maps,
 * guest start state, registers, read completion. */
#include <vcpu/arch.h>
#include <vcpu/svm.h>

#include "backends/x86_common/guest_memory.h"
#include "backends/x86_common/read_completion.h"
#include "backends/x86_common/vcpu_state.h"
#include "backends/x86_common/xcr0.h"
#include "asid.h"
#include "cpu.h"
#include "fpu.h"
#include "msrpm.h"
#include "vmcb.h"

_Static_assert(VCPU_ARCH_GPR_COUNT == X86_GPR_COUNT, "the x86 register file");

#define IOPM_PAGES 3
#define MSRPM_PAGES 2
_Static_assert(MSRPM_PAGES * 4096 == SVM_MSRPM_BYTES, "MSRPM size");
_Static_assert(sizeof(((struct vcpu_arch_percpu *)0)->asid_owner) == SVM_ASID_SLOTS * 8ul,
               "ASID owner table size");

static uint64_t next_asid_seq;

/* The number of ASIDs (CPUID 8000_000Ah EBX; ASID 0 is the host's), 2 when
 * the leaf is missing (then SVM cannot be enabled anyway). */
static uint32_t asid_count(void)
{
    uint32_t a, b, c, d;
    cpuid(0x80000000u, &a, &b, &c, &d);
    if (a < 0x8000000au)
        return 2;
    cpuid(0x8000000au, &a, &b, &c, &d);
    return b;
}

/* The caller hands zeroed or destroyed memory (vcpu_init()'s contract): no
 * field is trusted, every page is allocated here. */
int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    *a = (struct vcpu_arch){0};
    uint8_t *vmcb = vcpu_host_alloc_pages(1);
    uint8_t *iopm = vcpu_host_alloc_pages(IOPM_PAGES);
    uint8_t *msrpm = vcpu_host_alloc_pages(MSRPM_PAGES);
    uint32_t fpu_pages = svm_fpu_area_pages();
    uint8_t *fpu = vcpu_host_alloc_pages(fpu_pages);
    if (vmcb == NULL || iopm == NULL || msrpm == NULL || fpu == NULL) {
        vcpu_host_free_pages(vmcb, 1);
        vcpu_host_free_pages(iopm, IOPM_PAGES);
        vcpu_host_free_pages(msrpm, MSRPM_PAGES);
        vcpu_host_free_pages(fpu, fpu_pages);
        return VCPU_ERR_NO_MEMORY;
    }
    for (unsigned i = 0; i < 4096; i++)
        vmcb[i] = 0;
    for (unsigned i = 0; i < IOPM_PAGES * 4096; i++)
        iopm[i] = 0xff;     /* every port exits */
    svm_msrpm_build(msrpm); /* deny by default */
    a->vmcb = vmcb;
    a->iopm = iopm;
    a->msrpm = msrpm;
    a->fpu = fpu;
    a->fpu_pages = fpu_pages;
    svm_fpu_reset(fpu);
    a->xcr0 = XCR0_RESET_VALUE;
    x86_vcpu_state_init(&a->x86, cfg != NULL && cfg->apic_id != 0 ? cfg->apic_id : v->id);
    uint64_t seq = __atomic_fetch_add(&next_asid_seq, 1, __ATOMIC_RELAXED);
    a->asid = svm_asid_assign(seq, asid_count());
    a->asid_tag = seq + 1;
    return VCPU_OK;
}

/* ASIDs are not owned (svm_asid_assign() shares them, with flushes), so only
 * the pages go back. Fields a failed init never set are NULL. */
void vcpu_arch_destroy(struct vcpu *v)
{
    struct vcpu_arch *a = &v->arch;
    vcpu_host_free_pages(a->vmcb, 1);
    vcpu_host_free_pages(a->iopm, IOPM_PAGES);
    vcpu_host_free_pages(a->msrpm, MSRPM_PAGES);
    vcpu_host_free_pages(a->fpu, a->fpu_pages);
    a->vmcb = a->iopm = a->msrpm = a->fpu = NULL;
}

uint64_t vcpu_arch_hw_id(const struct vcpu *v)
{
    return v->arch.x86.apic_id;
}

/* 16-bit real mode at `entry`, as after INIT-SIPI. */
static void real_mode_state(uint8_t *vmcb, vcpu_gpa_t entry)
{
    uint64_t base = entry & ~0xfull;
    vmcb_segment(vmcb, VMCB_CS, (uint16_t)(base >> 4), x86_vmcb_seg_attr(SEG_AR_CODE16), 0xffff,
                 base);
    for (unsigned seg = VMCB_ES; seg <= VMCB_GS; seg += 0x10) {
        if (seg != VMCB_CS)
            vmcb_segment(vmcb, seg, 0, x86_vmcb_seg_attr(SEG_AR_DATA16), 0xffff, 0);
    }
    vmcb_write(vmcb, VMCB_RIP, entry & 0xf);
    vmcb_write(vmcb, VMCB_CR0, X86_CR0_REAL_MODE_START);
    vmcb_write(vmcb, VMCB_CR4, 0);
    vmcb_write(vmcb, VMCB_EFER, EFER_SVME);
}

/* 64-bit mode at `entry` with flat segments and paging at `cfg->cr3`. */
static void long_mode_state(uint8_t *vmcb, vcpu_gpa_t entry, const struct vcpu_setup_config *cfg)
{
    vmcb_segment(vmcb, VMCB_CS, 0x08, x86_vmcb_seg_attr(SEG_AR_CODE64), 0xffffffff, 0);
    for (unsigned seg = VMCB_ES; seg <= VMCB_GS; seg += 0x10) {
        if (seg != VMCB_CS)
            vmcb_segment(vmcb, seg, 0x10, x86_vmcb_seg_attr(SEG_AR_DATA), 0xffffffff, 0);
    }
    vmcb_segment(vmcb, VMCB_GDTR, 0, 0, cfg->gdtr_limit, cfg->gdtr_base);
    vmcb_write(vmcb, VMCB_RIP, entry);
    vmcb_write(vmcb, VMCB_CR0, X86_CR0_LONG_MODE_START);
    vmcb_write(vmcb, VMCB_CR3, cfg->cr3);
    vmcb_write(vmcb, VMCB_CR4, CR4_PAE);
    vmcb_write(vmcb, VMCB_EFER, EFER_SVME | X86_EFER_LONG_MODE_START);
}

int vcpu_arch_setup(struct vcpu *v, vcpu_gpa_t entry, vcpu_hpa_t npt_root,
                    const struct vcpu_setup_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    uint8_t *vmcb = a->vmcb;
    if (!x86_nested_root_valid(npt_root))
        return VCPU_ERR_INVALID_ARG;
    a->npt_root = npt_root;
    vmcb_write32(vmcb, VMCB_INTERCEPT_MISC1,
                 MISC1_INTR | MISC1_NMI | MISC1_RDPMC | MISC1_HLT | MISC1_INVLPGA | MISC1_IOIO |
                     MISC1_MSR | MISC1_SHUTDOWN | MISC1_INVD);
    /* The SVM instructions act on host-physical addresses and host state;
     * WBINVD acts on the whole machine's caches; XSETBV would set the
     * physical XCR0 (emulated on the vCPU's own, run.c). */
    vmcb_write32(vmcb, VMCB_INTERCEPT_MISC2,
                 MISC2_VMRUN | MISC2_VMMCALL | MISC2_VMLOAD | MISC2_VMSAVE | MISC2_STGI |
                     MISC2_CLGI | MISC2_SKINIT | MISC2_WBINVD | MISC2_XSETBV);
    /* #DB and #AC: reflected to the guest, so that one raised while the CPU
     * delivers the same exception cannot loop in microcode; #MC: the
     * machine's, never the guest's. */
    vmcb_write32(vmcb, VMCB_INTERCEPT_EXCEPTIONS,
                 1u << X86_VECTOR_DB | 1u << X86_VECTOR_AC | 1u << X86_VECTOR_MC);
    /* DR0-DR3 until the guest first touches them (then switched, run.c). */
    vmcb_write32(vmcb, VMCB_INTERCEPT_DR, a->dr_active ? 0 : DR_INTERCEPT_DR0_3);
    vmcb_write(vmcb, VMCB_IOPM_BASE, vcpu_host_virt_to_phys(a->iopm));
    vmcb_write(vmcb, VMCB_MSRPM_BASE, vcpu_host_virt_to_phys(a->msrpm));
    vmcb_write32(vmcb, VMCB_ASID, a->asid);
    vmcb_write(vmcb, VMCB_VINTR, VINTR_V_INTR_MASKING);
    vmcb_write(vmcb, VMCB_NP_ENABLE, 1);
    vmcb_write(vmcb, VMCB_N_CR3, npt_root);
    vmcb_segment(vmcb, VMCB_LDTR, 0, x86_vmcb_seg_attr(SEG_AR_LDT), 0xffff, 0);
    vmcb_segment(vmcb, VMCB_TR, 0, x86_vmcb_seg_attr(SEG_AR_TSS_BUSY), 0xffff, 0);
    vmcb_segment(vmcb, VMCB_IDTR, 0, 0, 0xffff, 0);
    /* The rest of the VMLOAD/VMSAVE state (FS and GS are set below). */
    static const unsigned vmload_msrs[] = {
        VMCB_STAR,           VMCB_LSTAR,       VMCB_CSTAR,        VMCB_SFMASK,
        VMCB_KERNEL_GS_BASE, VMCB_SYSENTER_CS, VMCB_SYSENTER_ESP, VMCB_SYSENTER_EIP,
    };
    for (unsigned i = 0; i < sizeof(vmload_msrs) / sizeof(vmload_msrs[0]); i++)
        vmcb_write(vmcb, vmload_msrs[i], 0);
    if (cfg != NULL && cfg->long_mode)
        long_mode_state(vmcb, entry, cfg);
    else
        real_mode_state(vmcb, entry);
    if (cfg != NULL)
        x86_vcpu_state_setup(&a->x86, cfg->poweroff_port, cfg->poweroff_slp_typ);
    vmcb_write(vmcb, VMCB_RFLAGS, RFLAGS_FIXED);
    vmcb_write(vmcb, VMCB_DR6, 0xffff0ff0);
    vmcb_write(vmcb, VMCB_DR7, 0x400);
    vmcb_write(vmcb, VMCB_G_PAT, 0x0007040600070406ull);
    svm_fpu_reset(a->fpu); /* FP/SSE state as after reset */
    a->flush_stage2 = 1;
    return VCPU_OK;
}

int vcpu_arch_set_entry(struct vcpu *v, vcpu_gpa_t entry)
{
    uint8_t *vmcb = v->arch.vmcb;
    if ((vmcb_read(vmcb, VMCB_CR0) & CR0_PE) == 0) {
        real_mode_state(vmcb, entry);
        return VCPU_OK;
    }
    vmcb_write(vmcb, VMCB_RIP, entry);
    return VCPU_OK;
}

/* Nothing of a vCPU lives only in hardware: each VMRUN loads the guest from
 * the VMCB and saves it back, so unbind has nothing to save and bind nothing
 * to load but a TLB flush to ask for. */
int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)v;
    (void)ap;
    return VCPU_OK;
}

int vcpu_arch_bind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)ap; /* the CPU's state is used at each run */
    v->arch.flush_stage2 = 1;
    return VCPU_OK;
}

int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger)
{
    (void)trigger; /* always EDGE: VCPU_ARCH_TRIGGER_LEVEL is 0 */
    return x86_queue_interrupt(&v->arch.x86, vector);
}

uint64_t vcpu_arch_get_gpr(const struct vcpu *v, unsigned idx)
{
    if (idx == X86_RAX)
        return vmcb_read(v->arch.vmcb, VMCB_RAX);
    if (idx == X86_RSP)
        return vmcb_read(v->arch.vmcb, VMCB_RSP);
    return v->arch.gpr[idx];
}

void vcpu_arch_set_gpr(struct vcpu *v, unsigned idx, uint64_t val)
{
    if (idx == X86_RAX)
        vmcb_write(v->arch.vmcb, VMCB_RAX, val);
    else if (idx == X86_RSP)
        vmcb_write(v->arch.vmcb, VMCB_RSP, val);
    else
        v->arch.gpr[idx] = val;
}

int vcpu_arch_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value)
{
    struct vcpu_arch *a = &v->arch;
    /* RAX and RSP live in the VMCB: complete in the array, then put them back. */
    a->gpr[X86_RAX] = vmcb_read(a->vmcb, VMCB_RAX);
    a->gpr[X86_RSP] = vmcb_read(a->vmcb, VMCB_RSP);
    int rc =
        x86_complete_read(a->gpr, exit, value, a->x86.last_read_valid ? &a->x86.last_read : NULL);
    vmcb_write(a->vmcb, VMCB_RAX, a->gpr[X86_RAX]);
    vmcb_write(a->vmcb, VMCB_RSP, a->gpr[X86_RSP]);
    return rc;
}
