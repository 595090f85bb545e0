/* Exit records: what vcpu_run() reports when the guest stops running. */
#ifndef VCPU_EXIT_H
#define VCPU_EXIT_H

#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Why vcpu_run() returned. The order is part of the ABI of struct vcpu_stats
 * (exits[] is indexed by this enum). */
enum vcpu_exit_reason {
    VCPU_EXIT_NOTHING = 0,        /* handled inside the backend; run again */
    VCPU_EXIT_HYPERCALL,          /* hypercall: nr, args[6] */
    VCPU_EXIT_MMIO_READ,          /* guest load from an emulated region */
    VCPU_EXIT_MMIO_WRITE,         /* guest store to an emulated region */
    VCPU_EXIT_SYSREG_READ,        /* trapped system-register / CSR / MSR read */
    VCPU_EXIT_SYSREG_WRITE,       /* trapped system-register / CSR / MSR write */
    VCPU_EXIT_IO_READ,            /* x86 port input */
    VCPU_EXIT_IO_WRITE,           /* x86 port output */
    VCPU_EXIT_EXTERNAL_INTERRUPT, /* a physical interrupt arrived while the guest ran */
    VCPU_EXIT_NESTED_PAGE_FAULT,  /* access outside the guest's stage-2 map */
    VCPU_EXIT_HALT,               /* the guest waits for an interrupt */
    VCPU_EXIT_CPU_UP,             /* the guest asks to start another vCPU */
    VCPU_EXIT_CPU_DOWN,           /* the guest stops this vCPU */
    VCPU_EXIT_SYSTEM_DOWN,        /* the guest powers off, resets or crashed */
    VCPU_EXIT_SEND_IPI,           /* the guest sends an inter-processor interrupt */
    VCPU_EXIT_FAIL_ENTRY,         /* the hardware refused to enter the guest */
    VCPU_EXIT_UNKNOWN,            /* an exit the backend does not decode; see raw */
    VCPU_EXIT_REASON_COUNT
};

/* Kind of a VCPU_EXIT_SYSTEM_DOWN. */
enum vcpu_system_down_kind {
    VCPU_SYSTEM_POWEROFF = 0,
    VCPU_SYSTEM_RESET = 1,
    VCPU_SYSTEM_CRASH = 2,
};

/* Architecture that produced an exit's raw facts. */
enum vcpu_exit_arch {
    VCPU_ARCH_FAKE = 0,
    VCPU_ARCH_ARM64 = 1,
    VCPU_ARCH_RISCV64 = 2,
    VCPU_ARCH_VMX = 3,
    VCPU_ARCH_SVM = 4,
};

/* Raw facts per architecture. */
struct vcpu_raw_arm64 {
    uint64_t esr, far, hpfar;
};
struct vcpu_raw_riscv64 {
    uint64_t scause, stval, htval, htinst;
};
struct vcpu_raw_vmx {
    uint64_t basic_reason, qualification, guest_physical, guest_linear, instruction_length,
        instruction_error;
};
struct vcpu_raw_svm {
    uint64_t exitcode, exitinfo1, exitinfo2, exitintinfo;
};
struct vcpu_raw_fake {
    uint64_t code, info[3];
};

/* The undecoded hardware facts of an exit, tagged by architecture. */
struct vcpu_exit_raw {
    enum vcpu_exit_arch arch;
    union {
        struct vcpu_raw_arm64 arm64;
        struct vcpu_raw_riscv64 riscv64;
        struct vcpu_raw_vmx vmx;
        struct vcpu_raw_svm svm;
        struct vcpu_raw_fake fake;
    };
};

/* Payloads of struct vcpu_exit, one per reason that has one. */
struct vcpu_exit_hypercall {
    uint64_t nr;
    uint64_t args[6];
};
struct vcpu_exit_mmio_read {
    vcpu_gpa_t addr;
    enum vcpu_access_width width;
    uint32_t reg; /* destination general register index */
    enum vcpu_access_width reg_width;
    bool signed_ext;
};
struct vcpu_exit_mmio_write {
    vcpu_gpa_t addr;
    enum vcpu_access_width width;
    uint64_t data; /* already truncated to width */
};
struct vcpu_exit_sysreg_read {
    vcpu_sysreg_t addr;
    uint32_t reg; /* destination general register index */
};
struct vcpu_exit_sysreg_write {
    vcpu_sysreg_t addr;
    uint64_t value;
};
struct vcpu_exit_io_read {
    vcpu_port_t port;
    enum vcpu_access_width width;
};
struct vcpu_exit_io_write {
    vcpu_port_t port;
    enum vcpu_access_width width;
    uint64_t data; /* already truncated to width */
};
struct vcpu_exit_external_interrupt {
    uint64_t vector;
};
/* A nested page fault's facts, also as the struct vcpu_npf_info of
 * <vcpu/types.h> (`info.fault_gpa` is `addr`, `info.access_flags` is
 * `access_flags`: the same storage) for code that passes them on. */
struct vcpu_exit_nested_page_fault {
    union {
        struct {
            vcpu_gpa_t addr;
            uint32_t access_flags; /* enum vcpu_map_flags of the attempted access */
        };
        struct vcpu_npf_info info;
    };
};
struct vcpu_exit_cpu_up {
    uint64_t target_cpu; /* MPIDR / hart id / APIC id */
    vcpu_gpa_t entry_point;
    uint64_t arg;
};
struct vcpu_exit_cpu_down {
    uint64_t state;
};
struct vcpu_exit_system_down {
    enum vcpu_system_down_kind kind;
};
struct vcpu_exit_send_ipi {
    uint64_t target_cpu;
    /* What qualifies target_cpu, by ISA; target_cpu_aux is the portable
     * name of the same storage. */
    union {
        uint64_t target_cpu_aux;
        uint64_t hart_mask_base; /* RISC-V SBI: target_cpu is a hart mask from this hart */
        uint64_t shorthand; /* x86 ICR destination shorthand (0 none, 1 self, 2 all, 3 others) */
    };
    bool send_to_all;
    bool send_to_self;
    uint64_t vector;
};
struct vcpu_exit_fail_entry {
    uint64_t hardware_entry_failure_reason;
};

/* The record vcpu_run() fills. The payload member is named after the reason in
 * lower case; reasons without a payload leave the union zeroed. */
struct vcpu_exit {
    enum vcpu_exit_reason reason;
    union {
        struct vcpu_exit_hypercall hypercall;
        struct vcpu_exit_mmio_read mmio_read;
        struct vcpu_exit_mmio_write mmio_write;
        struct vcpu_exit_sysreg_read sysreg_read;
        struct vcpu_exit_sysreg_write sysreg_write;
        struct vcpu_exit_io_read io_read;
        struct vcpu_exit_io_write io_write;
        struct vcpu_exit_external_interrupt external_interrupt;
        struct vcpu_exit_nested_page_fault nested_page_fault;
        struct vcpu_exit_cpu_up cpu_up;
        struct vcpu_exit_cpu_down cpu_down;
        struct vcpu_exit_system_down system_down;
        struct vcpu_exit_send_ipi send_ipi;
        struct vcpu_exit_fail_entry fail_entry;
    };
    struct vcpu_exit_raw raw;
};

/* Returns the static upper-case name of `reason` without the VCPU_EXIT_ prefix
 * ("HYPERCALL", "MMIO_READ", ...), or "INVALID_REASON" for a value outside the
 * enum. Never NULL. Pure; callable on any CPU. */
const char *vcpu_exit_reason_name(enum vcpu_exit_reason reason);

/* Returns true if `reason` is one that the caller completes with
 * vcpu_complete_read() (MMIO_READ, SYSREG_READ, IO_READ). Pure; any CPU. */
bool vcpu_exit_is_read(enum vcpu_exit_reason reason);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_EXIT_H */
