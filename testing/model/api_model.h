// A reference model of the public API contract, version 2
// (/work/shared/design/api.md, core/include/vcpu/*.h) together with the
// documented behaviour of the fake backend (<vcpu/fake.h>): plain data and
// one function per public call that returns the code the library must return
// and applies the documented effect. It shares no code with the library;
// api_model_test.cc drives both with the same random calls and compares them
// after every call.
//
// Rules it states:
// - Lifecycle: zeroed memory -> init -> CREATED -> setup -> FREE -> bind ->
//   READY <-> BLOCKED, unbind -> FREE; a backend failure (fail_next) makes the
//   vCPU INVALID and releases its CPU. init only on zeroed or destroyed
//   memory (BAD_STATE on a live vCPU, INVALID after a failure included);
//   destroy of CREATED / FREE / INVALID leaves zeroed memory (a pending
//   fail_next, queued exits and fault records go with it), is a no-op OK on
//   memory that is not live and BAD_STATE while bound; it never fails.
// - Registers: general registers, the return-value register and
//   get_reg / set_reg of VCPU_REG_PC, VCPU_REG_SP and VCPU_REG_SYSREG(n)
//   (n < VCPU_FAKE_SYSREG_COUNT; any other vcpu_reg_t is INVALID_ARG), with
//   the CPU and state rules of vcpu_set_gpr; setting PC moves the fake PC.
// - Runs: injections delivered at entries (up to the fake's log size), queued
//   exits returned in order, the fake PC advanced by pc_step except for
//   NOTHING, NESTED_PAGE_FAULT, FAIL_ENTRY and UNKNOWN; statistics.
// - Kicks: vcpu_kick in READY / RUNNING / BLOCKED (BAD_STATE otherwise); a
//   pending kick makes the next run return NOTHING without entering the guest
//   (no injection or fault delivered, no queued exit taken, not the first
//   run, no backend call), kicks coalesce, unbind drops one;
//   vcpu_fake_kick_while_running makes the next entering run exit with
//   NOTHING after vcpu_host_kick_cpu() for the owner (the fake PC moves as
//   for the EXTERNAL_INTERRUPT exit the fake takes).
// - Read exits: after MMIO_READ / SYSREG_READ / IO_READ the next run is
//   BAD_STATE until vcpu_complete_read() or vcpu_inject_fault() resolved it;
//   a pending kick does not get past a pending read; complete_read's checks
//   in order (state, CPU, record: reason, payload, then identity when a read
//   is pending; BAD_STATE when none is), the value's width and sign rules,
//   and that it completes once; unbind keeps a pending read.
// - Faults: vcpu_inject_fault for MMIO_* / SYSREG_* / IO_* / UNKNOWN, only on
//   the latest unresumed exit; the fake rewinds the PC by pc_step for the
//   reasons that advanced it and records the fault at the next entry.
// - Per-CPU state: init (BUSY when that object or the object registered for
//   the CPU is enabled; re-init for another CPU withdraws the object from its
//   old one), enable, disable, bound counts; vcpu_stats_reset only on the
//   owning CPU while bound (WRONG_CPU elsewhere).
// - The fake's controls: queue_exit (malformed exits refused with
//   INVALID_ARG), fail_next, percpu_fail_next, percpu_set_supported,
//   take_delivered, faults_delivered, kicks_sent.
// The model is sequential: the brief RUNNING state of unbind and of a run is
// not observable here, so it is not modelled. docs/reliability.md lists how
// it reads the details the contract leaves open.
#ifndef VCPU_TESTING_MODEL_API_MODEL_H
#define VCPU_TESTING_MODEL_API_MODEL_H

#include <vcpu/fake.h>
#include <vcpu/vcpu.h>

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

namespace vcpu_model
{

// Simulated physical CPUs with per-CPU state objects; the driver also calls
// from CPU kCpus, which never has any.
constexpr int kCpus = 4;
// Per-CPU state objects per CPU (a second one can replace the first).
constexpr int kObjectsPerCpu = 2;
constexpr int kPercpuObjects = kCpus * kObjectsPerCpu;
constexpr int kVcpus = 4;
constexpr size_t kIrqCapacity = VCPU_IRQ_QUEUE_SIZE;
constexpr size_t kDeliveredCapacity = VCPU_FAKE_DELIVERED_MAX;
constexpr size_t kExitCapacity = VCPU_FAKE_EXIT_QUEUE_SIZE;
constexpr unsigned kSysregs = VCPU_FAKE_SYSREG_COUNT;

// One struct vcpu_percpu.
struct PercpuModel {
    bool initialized = false; // vcpu_percpu_init() succeeded on it
    uint32_t cpu_id = 0;      // the CPU of the last successful vcpu_percpu_init()
    bool enabled = false;
    int bound = 0;
    bool unsupported = false; // vcpu_fake_percpu_set_supported(false)
    bool fail_next = false;   // vcpu_fake_percpu_fail_next()
};

// What identifies an exit to vcpu_complete_read() and vcpu_inject_fault():
// its reason, address (MMIO address, system register, port) and destination
// register (read exits that name one).
struct ExitIdentity {
    uint32_t reason = VCPU_EXIT_NOTHING;
    uint64_t address = 0;
    uint32_t reg = 0;
    bool operator==(const ExitIdentity &o) const
    {
        return reason == o.reason && address == o.address && reg == o.reg;
    }
};

struct VcpuModel {
    bool live = false;                          // from a vcpu_init() past its checks to destroy
    enum vcpu_state state = VCPU_STATE_INVALID; // zeroed memory reads as INVALID
    int owner = VCPU_NO_CPU;
    int owner_object = -1; // the per-CPU object that counts it as bound
    uint32_t vm_id = 0, id = 0;
    int favor = VCPU_NO_CPU;
    uint64_t mask = 0;
    bool has_run = false; // a run entered the guest
    bool fail_next = false;
    std::array<uint64_t, VCPU_ARCH_GPR_COUNT> gpr{};
    std::array<uint64_t, kSysregs> sysreg{};
    uint64_t pc = 0, sp = 0, pc_step = 4;
    std::deque<uint32_t> irqs;       // accepted, not yet handed to the backend
    std::vector<uint32_t> delivered; // handed to the guest, not yet taken
    std::deque<vcpu_exit> exits;     // queued with vcpu_fake_queue_exit()
    struct vcpu_stats stats {
    };
    bool kick = false;          // a vcpu_kick() not yet consumed by a run
    bool kick_in_guest = false; // vcpu_fake_kick_while_running() requested
    // The latest exit a run returned, while complete_read / inject_fault can
    // still act on it (a faultable reason, not resolved, not run again).
    bool open = false;
    ExitIdentity open_exit;
    uint32_t pending_fault = 0; // exit reason + 1 of a fault for the next entry; 0: none
    uint32_t faults_delivered = 0;
    uint32_t last_fault = 0;
};

// Counters of interesting paths, so the test can require that the walk
// reached them.
struct PathCounts {
    uint64_t log_full_runs = 0;     // runs that left injections queued: delivery log full
    uint64_t kicked_runs = 0;       // runs that returned at once for a pending kick
    uint64_t in_guest_kicks = 0;    // runs that a kick interrupted inside the guest
    uint64_t read_blocked_runs = 0; // runs refused because a read was pending
    uint64_t faults_delivered = 0;  // faults delivered at an entry
    uint64_t reads_completed = 0;   // successful vcpu_complete_read()
    uint64_t withdrawals = 0;       // percpu re-inits that withdrew an object from a CPU
    uint64_t destroyed_live = 0;    // destroys that released a live vCPU
    uint64_t pc_rewinds = 0;        // faults that moved the PC back
    uint64_t malformed_refused = 0; // malformed exits queue_exit refused
};

class ApiModel
{
  public:
    ApiModel();

    // The calling physical CPU (vcpu_fake_set_cpu_id()).
    int cpu = 0;

    std::array<PercpuModel, kPercpuObjects> percpu;
    std::array<int, VCPU_MAX_CPUS> registered; // object registered for each CPU, or -1
    std::array<VcpuModel, kVcpus> vcpu;
    // vcpu_host_kick_cpu() calls per physical CPU.
    std::array<uint64_t, kCpus + 1> kicks_sent{};
    PathCounts paths;
    // Whether the exit of the last successful Run() was a queued one.
    bool last_run_queued = false;

    bool Enabled(int c) const;
    // Whether a run of `v` would be refused because a read is pending.
    bool ReadPending(int v) const;

    int PercpuInit(int obj, uint32_t cpu_id);
    int PercpuEnable(int obj);
    int PercpuDisable(int obj);

    int Init(int v, uint32_t vm_id, uint32_t id, int favor, uint64_t mask,
             const uint64_t *initial_gpr);
    int Setup(int v, uint64_t entry, uint64_t pc_step);
    int Bind(int v);
    int Unbind(int v);
    // `exit` receives the exit vcpu_run() must return (when it returns OK).
    int Run(int v, bool null_exit, vcpu_exit *exit);
    int Block(int v);
    int Unblock(int v);
    int SetEntry(int v, uint64_t gpa);
    int SetGpr(int v, unsigned idx, uint64_t val);
    int GetGpr(int v, unsigned idx, uint64_t *val);
    int SetReg(int v, vcpu_reg_t reg, uint64_t val);
    int GetReg(int v, vcpu_reg_t reg, uint64_t *val);
    int SetReturnValue(int v, uint64_t val);
    int CompleteRead(int v, const vcpu_exit &exit, uint64_t value);
    // `exit` NULL models a NULL record.
    int InjectFault(int v, const vcpu_exit *exit);
    int Inject(int v, uint32_t vector);
    int Kick(int v);
    void KickWhileRunning(int v);
    int Destroy(int v);
    int StatsReset(int v);
    int QueueExit(int v, const vcpu_exit &exit);
    void FailNext(int v);
    size_t TakeDelivered(int v, size_t max, std::vector<uint32_t> *out);

  private:
    int RegisterAccess(const VcpuModel &m) const;
    int FailInvalid(VcpuModel &m, int err);
    bool TakeFailure(bool *flag);
    // The register a vcpu_reg_t names: 0 PC, 1 SP, 2 + n system register n;
    // -1 for a value the fake does not know.
    static int DecodeReg(vcpu_reg_t reg);
};

// The value a completed read leaves in its register (api.md section 9).
uint64_t ExtendRead(uint64_t value, unsigned bits, bool signed_ext, unsigned reg_bits);

// A 32-bit field of an exit read as raw bits: widths outside enum
// vcpu_access_width are never loaded as the enum (undefined in C++).
uint32_t RawField(const void *field);

// Whether the payload of an exit with this reason is malformed in the sense
// of vcpu_fake_queue_exit() (a width outside the enum, a read whose reg_width
// is narrower than its width, a destination register out of range).
bool Malformed(const vcpu_exit &exit);

// Reasons vcpu_complete_read() / vcpu_inject_fault() accept.
bool IsRead(uint32_t reason);
bool IsFaultable(uint32_t reason);

ExitIdentity IdentityOf(const vcpu_exit &exit);

} // namespace vcpu_model

#endif // VCPU_TESTING_MODEL_API_MODEL_H
