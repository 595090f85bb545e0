// A reference model of the public API contract (/work/shared/design/api.md,
// core/include/vcpu/*.h) together with the documented behaviour of the fake
// backend (<vcpu/fake.h>): plain data and one function per public call that
// returns the code the library must return and applies the documented effect.
// It shares no code with the library; api_model_test.cc drives both with the
// same random calls and compares them after every call.
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
constexpr int kVcpus = 4;
constexpr size_t kIrqCapacity = VCPU_IRQ_QUEUE_SIZE;
constexpr size_t kDeliveredCapacity = VCPU_FAKE_DELIVERED_MAX;
constexpr size_t kExitCapacity = VCPU_FAKE_EXIT_QUEUE_SIZE;

// One struct vcpu_percpu: the object `obj` of CPU `cpu`.
struct PercpuModel {
    bool initialized = false; // vcpu_percpu_init() succeeded on it
    bool enabled = false;
    int bound = 0;
    bool unsupported = false; // vcpu_fake_percpu_set_supported(false)
    bool fail_next = false;   // vcpu_fake_percpu_fail_next()
};

struct VcpuModel {
    bool touched = false;                       // a vcpu_init() got past its argument checks
    enum vcpu_state state = VCPU_STATE_INVALID; // zeroed memory reads as INVALID
    int owner = VCPU_NO_CPU;
    uint32_t vm_id = 0, id = 0;
    int favor = VCPU_NO_CPU;
    uint64_t mask = 0;
    bool has_run = false;
    bool fail_next = false;
    std::array<uint64_t, VCPU_ARCH_GPR_COUNT> gpr{};
    uint64_t pc = 0, pc_step = 4;
    std::deque<uint32_t> irqs;       // accepted, not yet handed to the backend
    std::vector<uint32_t> delivered; // handed to the guest, not yet taken
    std::deque<vcpu_exit> exits;     // queued with vcpu_fake_queue_exit()
    struct vcpu_stats stats {
    };
};

class ApiModel
{
  public:
    ApiModel();

    // The calling physical CPU (vcpu_fake_set_cpu_id()).
    int cpu = 0;

    std::array<std::array<PercpuModel, kObjectsPerCpu>, kCpus> percpu;
    std::array<int, kCpus> registered; // object registered for each CPU, or -1
    std::array<VcpuModel, kVcpus> vcpu;
    // Runs that left injections queued because the delivery log was full.
    uint64_t log_full_runs = 0;

    bool Enabled(int c) const;

    int PercpuInit(int c, int obj, uint32_t cpu_id);
    int PercpuEnable(int c, int obj);
    int PercpuDisable(int c, int obj);

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
    int SetReturnValue(int v, uint64_t val);
    int CompleteRead(int v, const vcpu_exit &exit, uint64_t value);
    int Inject(int v, uint32_t vector);
    int QueueExit(int v, const vcpu_exit &exit);
    size_t TakeDelivered(int v, size_t max, std::vector<uint32_t> *out);
    void StatsReset(int v);

  private:
    int RegisterAccess(const VcpuModel &m) const;
    int FailInvalid(VcpuModel &m, int err);
    bool TakeFailure(bool *flag);
};

// The value a completed read leaves in its register (api.md section 9).
uint64_t ExtendRead(uint64_t value, unsigned bits, bool signed_ext, unsigned reg_bits);

} // namespace vcpu_model

#endif // VCPU_TESTING_MODEL_API_MODEL_H
