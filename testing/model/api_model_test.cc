// Model check of the public API: random, seeded sequences of public calls
// from several simulated physical CPUs (the fake backend's host hooks), made
// on the library and on the reference model (api_model.h) alike. After every
// call the return code, the call's outputs and the whole observable state
// (every vCPU's state, owner, identity, registers, PC, SP, saved system
// registers, statistics, delivered faults; every per-CPU object's enabled
// flag and bound count; the kick interrupts sent to each CPU; the current
// vCPU) must match.
//
// VCPU_MODEL_SEED=<n> runs one seed, VCPU_MODEL_CALLS=<n> sets the calls per
// seed; a mismatch prints the seed, the call number, the failing call, the
// calls made on that vCPU since its memory was last zeroed and the last calls
// overall, each with its result.
#include "testing/model/api_model.h"

#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>

namespace
{

using vcpu_model::ApiModel;
using vcpu_model::kCpus;
using vcpu_model::kObjectsPerCpu;
using vcpu_model::kPercpuObjects;
using vcpu_model::kSysregs;
using vcpu_model::kVcpus;
using vcpu_model::RawField;

// The library's objects for one seed. Zeroed, and never freed: the library's
// per-CPU registry keeps pointers to them after the seed ends.
struct RealObjects {
    vcpu_percpu percpu[kPercpuObjects];
    struct vcpu vcpu[kVcpus];
};

RealObjects *FreshObjects()
{
    static std::vector<std::unique_ptr<RealObjects>> all;
    all.push_back(std::make_unique<RealObjects>());
    std::memset(all.back().get(), 0, sizeof(RealObjects));
    return all.back().get();
}

enum Op {
    kSetCpu,
    kPercpuInit,
    kEnable,
    kDisable,
    kSetSupported,
    kPercpuFailNext,
    kInit,
    kSetup,
    kBind,
    kUnbind,
    kRun,
    kBlock,
    kUnblock,
    kSetEntry,
    kSetGpr,
    kGetGpr,
    kSetReg,
    kGetReg,
    kSetReturnValue,
    kCompleteRead,
    kInjectFault,
    kInject,
    kKick,
    kKickWhileRunning,
    kQueueExit,
    kTakeDelivered,
    kFailNext,
    kStatsReset,
    kDestroy,
    kOpCount
};

const char *const kOpNames[kOpCount] = {
    "set_cpu",
    "percpu_init",
    "enable",
    "disable",
    "set_supported",
    "percpu_fail",
    "init",
    "setup",
    "bind",
    "unbind",
    "run",
    "block",
    "unblock",
    "set_entry",
    "set_gpr",
    "get_gpr",
    "set_reg",
    "get_reg",
    "set_return_value",
    "complete_read",
    "inject_fault",
    "inject",
    "kick",
    "kick_while_running",
    "queue_exit",
    "take_delivered",
    "fail_next",
    "stats_reset",
    "destroy",
};

// How often each call is drawn, relative to the others. Injected failures
// are rare, so that vCPUs spend most calls in the states they reach.
const int kWeights[kOpCount] = {
    60, // set_cpu
    8,  // percpu_init
    20, // enable
    10, // disable
    3,  // set_supported
    1,  // percpu_fail
    16, // init
    20, // setup
    36, // bind
    16, // unbind
    60, // run
    12, // block
    12, // unblock
    10, // set_entry
    16, // set_gpr
    16, // get_gpr
    10, // set_reg
    10, // get_reg
    10, // set_return_value
    16, // complete_read
    10, // inject_fault
    24, // inject
    8,  // kick
    3,  // kick_while_running
    20, // queue_exit
    3,  // take_delivered
    2,  // fail_next
    4,  // stats_reset
    4,  // destroy
};

std::string RcName(int rc)
{
    switch (rc) {
    case VCPU_OK:
        return "OK";
    case VCPU_ERR_BAD_STATE:
        return "BAD_STATE";
    case VCPU_ERR_INVALID_ARG:
        return "INVALID_ARG";
    case VCPU_ERR_NOT_SUPPORTED:
        return "NOT_SUPPORTED";
    case VCPU_ERR_WRONG_CPU:
        return "WRONG_CPU";
    case VCPU_ERR_NOT_ENABLED:
        return "NOT_ENABLED";
    case VCPU_ERR_NO_MEMORY:
        return "NO_MEMORY";
    case VCPU_ERR_HARDWARE:
        return "HARDWARE";
    case VCPU_ERR_BUSY:
        return "BUSY";
    default:
        return "rc " + std::to_string(rc);
    }
}

const char *ReasonName(uint32_t reason)
{
    return reason < VCPU_EXIT_REASON_COUNT
               ? vcpu_exit_reason_name(static_cast<vcpu_exit_reason>(reason))
               : "REASON_OUT_OF_RANGE";
}

std::string Format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Format(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    return line;
}

// An exit record as C-like text, for the call traces.
std::string Describe(const vcpu_exit &e)
{
    uint32_t reason = RawField(&e.reason);
    std::string s = ReasonName(reason);
    switch (reason) {
    case VCPU_EXIT_MMIO_READ:
        s += Format("{addr %#" PRIx64 ", width %u, reg %u, reg_width %u, %s}", e.mmio_read.addr,
                    RawField(&e.mmio_read.width), e.mmio_read.reg, RawField(&e.mmio_read.reg_width),
                    e.mmio_read.signed_ext ? "signed" : "unsigned");
        break;
    case VCPU_EXIT_MMIO_WRITE:
        s += Format("{addr %#" PRIx64 ", width %u}", e.mmio_write.addr,
                    RawField(&e.mmio_write.width));
        break;
    case VCPU_EXIT_SYSREG_READ:
        s += Format("{addr %#x, reg %u}", e.sysreg_read.addr, e.sysreg_read.reg);
        break;
    case VCPU_EXIT_SYSREG_WRITE:
        s += Format("{addr %#x}", e.sysreg_write.addr);
        break;
    case VCPU_EXIT_IO_READ:
        s += Format("{port %#x, width %u}", e.io_read.port, RawField(&e.io_read.width));
        break;
    case VCPU_EXIT_IO_WRITE:
        s += Format("{port %#x, width %u}", e.io_write.port, RawField(&e.io_write.width));
        break;
    default:
        break;
    }
    if (vcpu_model::Malformed(e))
        s += " (malformed)";
    return s;
}

std::string RegName(vcpu_reg_t reg)
{
    if (reg == VCPU_REG_PC)
        return "VCPU_REG_PC";
    if (reg == VCPU_REG_SP)
        return "VCPU_REG_SP";
    if ((reg >> 32) == 3)
        return Format("VCPU_REG_SYSREG(%" PRIu64 ")", reg & 0xffffffffu);
    return Format("%#" PRIx64, reg);
}

void SetRaw(void *field, uint32_t raw)
{
    std::memcpy(field, &raw, sizeof raw);
}

class Checker
{
  public:
    Checker(uint64_t seed) : seed_(seed), rng_(seed), real_(FreshObjects())
    {
        EXPECT_EQ(vcpu_fake_set_cpu_id(0), VCPU_OK);
        // The fake counts kick interrupts since the program started.
        for (int c = 0; c <= kCpus; c++)
            kicks_base_[c] = vcpu_fake_kicks_sent(static_cast<uint32_t>(c));
    }

    // Makes `calls` random calls; stops at the first mismatch.
    void RunCalls(uint64_t calls)
    {
        std::discrete_distribution<int> pick(std::begin(kWeights), std::end(kWeights));
        for (calls_ = 0; calls_ < calls && !::testing::Test::HasFailure();) {
            int v = static_cast<int>(Rand(kVcpus));
            Op op = Chance(60) ? Guided(v) : static_cast<Op>(pick(rng_));
            current_op_ = op;
            current_vcpu_ = -1;
            if (!Call(op, v))
                continue; // a precondition the caller must keep did not hold
            calls_++;
            op_counts_[op]++;
            CompareAll();
        }
    }

    // Unbinds and destroys every vCPU and disables every per-CPU object, so
    // the next seed starts clean.
    void Cleanup()
    {
        for (int v = 0; v < kVcpus; v++) {
            struct vcpu *rv = &real_->vcpu[v];
            if (vcpu_state(rv) == VCPU_STATE_BLOCKED)
                vcpu_unblock(rv);
            if (vcpu_state(rv) == VCPU_STATE_READY) {
                vcpu_fake_set_cpu_id(static_cast<uint32_t>(vcpu_owner_cpu(rv)));
                vcpu_unbind(rv); // OK, or a pending failure: INVALID; both release the CPU
            }
            EXPECT_EQ(vcpu_owner_cpu(rv), VCPU_NO_CPU);
            EXPECT_EQ(vcpu_destroy(rv), VCPU_OK);
        }
        for (int o = 0; o < kPercpuObjects; o++) {
            vcpu_percpu *p = &real_->percpu[o];
            vcpu_fake_set_cpu_id(model_.percpu[o].cpu_id);
            for (int i = 0; i < 2 && vcpu_percpu_is_enabled(p); i++)
                vcpu_percpu_hardware_disable(p); // twice: a pending failure is consumed
            EXPECT_FALSE(vcpu_percpu_is_enabled(p));
        }
        vcpu_fake_set_cpu_id(0);
    }

    uint64_t calls() const
    {
        return calls_;
    }
    const std::map<int, uint64_t> &op_counts() const
    {
        return op_counts_;
    }
    const vcpu_model::PathCounts &paths() const
    {
        return model_.paths;
    }
    // Return codes the model predicted, per call.
    const std::map<int, std::map<int, uint64_t>> &outcomes() const
    {
        return outcomes_;
    }

  private:
    uint64_t Rand(uint64_t n)
    {
        return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_);
    }
    bool Chance(int percent)
    {
        return Rand(100) < static_cast<uint64_t>(percent);
    }

    // Records a call on vCPU `v` (-1: none) before it is made; Result()
    // appends what it returned.
    void Trace(int v, const std::string &call)
    {
        current_vcpu_ = v;
        std::string line =
            std::to_string(calls_) + " cpu" + std::to_string(model_.cpu) + " " + call;
        trace_.push_back(line);
        if (trace_.size() > 40)
            trace_.pop_front();
        if (v >= 0) {
            history_[v].push_back(line);
            if (history_[v].size() > 200)
                history_[v].pop_front();
        }
    }

    void Result(const std::string &what)
    {
        trace_.back() += " -> " + what;
        if (current_vcpu_ >= 0)
            history_[current_vcpu_].back() += " -> " + what;
    }

    // The memory of vCPU `v` is zeroed again: its history starts over.
    void Forget(int v)
    {
        history_[v].clear();
        history_[v].push_back("(memory zeroed)");
    }

    std::string Where() const
    {
        std::string s = "seed " + std::to_string(seed_) + ", call " + std::to_string(calls_) +
                        " (rerun with --test_env=VCPU_MODEL_SEED=" + std::to_string(seed_) +
                        "), failing call: " + (trace_.empty() ? "" : trace_.back()) + "\n";
        if (current_vcpu_ >= 0) {
            s += "calls on v" + std::to_string(current_vcpu_) + " since its memory was zeroed:\n";
            for (const std::string &line : history_[current_vcpu_])
                s += "  " + line + "\n";
        }
        s += "last calls:\n";
        for (const std::string &line : trace_)
            s += "  " + line + "\n";
        return s;
    }

    void ExpectRc(int real, int model)
    {
        outcomes_[current_op_][model]++;
        Result(RcName(real) + (real == model ? "" : " (model: " + RcName(model) + ")"));
        EXPECT_EQ(real, model) << "return code " << RcName(real) << ", model says " << RcName(model)
                               << "\n"
                               << Where();
    }

    int RandomCpu()
    {
        return static_cast<int>(Rand(kCpus + 1)); // kCpus: a CPU without per-CPU state
    }

    uint64_t RandomMask()
    {
        switch (Rand(4)) {
        case 0:
            return 0;
        case 1:
            return uint64_t{1} << Rand(kCpus + 1);
        case 2:
            return Rand(uint64_t{1} << (kCpus + 1));
        default:
            return ~uint64_t{0} << Rand(64);
        }
    }

    // A width outside enum vcpu_access_width.
    uint32_t BadWidth()
    {
        static const uint32_t kBad[] = {4, 5, 7, 0x100, 0x80000000u, 0xffffffffu};
        return kBad[Rand(sizeof kBad / sizeof kBad[0])];
    }

    // An exit for vcpu_fake_queue_exit(): a random reason (now and then one
    // outside the enum), a well-formed payload, and now and then on purpose
    // a malformed one (a width outside the enum, reg_width narrower than
    // width, a destination register out of range).
    vcpu_exit RandomExit()
    {
        static const uint32_t kFaultable[] = {VCPU_EXIT_MMIO_READ,   VCPU_EXIT_MMIO_WRITE,
                                              VCPU_EXIT_SYSREG_READ, VCPU_EXIT_SYSREG_WRITE,
                                              VCPU_EXIT_IO_READ,     VCPU_EXIT_IO_WRITE,
                                              VCPU_EXIT_UNKNOWN};
        vcpu_exit e;
        std::memset(&e, 0, sizeof e);
        uint32_t reason = Chance(3)    ? VCPU_EXIT_REASON_COUNT + static_cast<uint32_t>(Rand(3))
                          : Chance(45) ? kFaultable[Rand(7)]
                                       : static_cast<uint32_t>(Rand(VCPU_EXIT_REASON_COUNT));
        SetRaw(&e.reason, reason);
        bool bad = Chance(8);
        uint32_t width = static_cast<uint32_t>(Rand(4));
        switch (reason) {
        case VCPU_EXIT_MMIO_READ: {
            e.mmio_read.addr = rng_() & 0xffff0;
            e.mmio_read.reg = static_cast<uint32_t>(Rand(VCPU_ARCH_GPR_COUNT));
            e.mmio_read.signed_ext = Chance(50);
            uint32_t reg_width = width + static_cast<uint32_t>(Rand(4 - width));
            if (bad) {
                switch (Rand(4)) {
                case 0:
                    width = BadWidth();
                    break;
                case 1:
                    reg_width = BadWidth();
                    break;
                case 2: // narrower destination than access
                    width = 1 + static_cast<uint32_t>(Rand(3));
                    reg_width = static_cast<uint32_t>(Rand(width));
                    break;
                default:
                    e.mmio_read.reg = VCPU_ARCH_GPR_COUNT + static_cast<uint32_t>(Rand(3));
                    break;
                }
            }
            SetRaw(&e.mmio_read.width, width);
            SetRaw(&e.mmio_read.reg_width, reg_width);
            break;
        }
        case VCPU_EXIT_MMIO_WRITE:
            e.mmio_write.addr = rng_() & 0xffff0;
            e.mmio_write.data = rng_();
            SetRaw(&e.mmio_write.width, bad ? BadWidth() : width);
            break;
        case VCPU_EXIT_SYSREG_READ:
            e.sysreg_read.addr = static_cast<uint32_t>(rng_());
            e.sysreg_read.reg = static_cast<uint32_t>(bad ? VCPU_ARCH_GPR_COUNT + Rand(100)
                                                          : Rand(VCPU_ARCH_GPR_COUNT));
            break;
        case VCPU_EXIT_SYSREG_WRITE:
            e.sysreg_write.addr = static_cast<uint32_t>(rng_());
            e.sysreg_write.value = rng_();
            break;
        case VCPU_EXIT_IO_READ:
            e.io_read.port = static_cast<vcpu_port_t>(rng_());
            SetRaw(&e.io_read.width, bad ? BadWidth() : width);
            break;
        case VCPU_EXIT_IO_WRITE:
            e.io_write.port = static_cast<vcpu_port_t>(rng_());
            e.io_write.data = rng_();
            SetRaw(&e.io_write.width, bad ? BadWidth() : width);
            break;
        case VCPU_EXIT_SEND_IPI:
            e.send_ipi.target_cpu = rng_();
            e.send_ipi.target_cpu_aux = rng_();
            e.send_ipi.send_to_all = Chance(50);
            e.send_ipi.send_to_self = Chance(50);
            e.send_ipi.vector = rng_();
            break;
        case VCPU_EXIT_SYSTEM_DOWN:
            e.system_down.kind = static_cast<vcpu_system_down_kind>(Rand(3));
            break;
        default:
            // Payloads of plain integers (and the reasons outside the enum):
            // written through the widest member.
            e.hypercall.nr = rng_();
            for (uint64_t &a : e.hypercall.args)
                a = rng_();
            break;
        }
        e.raw.arch = static_cast<vcpu_exit_arch>(Rand(5));
        e.raw.fake.code = rng_();
        return e;
    }

    // A read record for vcpu_complete_read() that is not the one the vCPU
    // returned: mostly well formed, now and then malformed or not a read.
    vcpu_exit RandomReadExit()
    {
        static const vcpu_exit_reason kReasons[] = {VCPU_EXIT_MMIO_READ, VCPU_EXIT_SYSREG_READ,
                                                    VCPU_EXIT_IO_READ, VCPU_EXIT_HYPERCALL};
        vcpu_exit e;
        std::memset(&e, 0, sizeof e);
        e.reason = kReasons[Rand(4)];
        unsigned reg = static_cast<unsigned>(Rand(VCPU_ARCH_GPR_COUNT + 2));
        uint32_t width = Chance(5) ? BadWidth() : static_cast<uint32_t>(Rand(4));
        uint32_t reg_width = Chance(5) ? BadWidth() : static_cast<uint32_t>(Rand(4));
        if (e.reason == VCPU_EXIT_MMIO_READ) {
            e.mmio_read.addr = rng_() & 0xffff0;
            SetRaw(&e.mmio_read.width, width);
            e.mmio_read.reg = reg;
            SetRaw(&e.mmio_read.reg_width, reg_width);
            e.mmio_read.signed_ext = Chance(50);
        } else if (e.reason == VCPU_EXIT_SYSREG_READ) {
            e.sysreg_read.addr = static_cast<uint32_t>(rng_());
            e.sysreg_read.reg = reg;
        } else if (e.reason == VCPU_EXIT_IO_READ) {
            e.io_read.port = static_cast<vcpu_port_t>(rng_());
            SetRaw(&e.io_read.width, width);
        }
        return e;
    }

    // The exit vCPU `v` last returned, now and then changed: in what
    // identifies it (reason, address, destination) or, for a read, in the
    // access that completion applies (width, sign), or made malformed.
    vcpu_exit LastExitVariant(int v)
    {
        vcpu_exit e = last_exit_[v];
        uint32_t reason = RawField(&e.reason);
        if (!Chance(25))
            return e;
        switch (Rand(5)) {
        case 0: // another address
            if (reason == VCPU_EXIT_MMIO_READ || reason == VCPU_EXIT_MMIO_WRITE)
                e.mmio_read.addr += 8; // addr is the first field of both
            else if (reason == VCPU_EXIT_SYSREG_READ || reason == VCPU_EXIT_SYSREG_WRITE)
                e.sysreg_read.addr ^= 1; // likewise
            else if (reason == VCPU_EXIT_IO_READ || reason == VCPU_EXIT_IO_WRITE)
                e.io_read.port ^= 1; // likewise
            break;
        case 1: // another destination register
            if (reason == VCPU_EXIT_MMIO_READ)
                e.mmio_read.reg = (e.mmio_read.reg + 1) % VCPU_ARCH_GPR_COUNT;
            else if (reason == VCPU_EXIT_SYSREG_READ)
                e.sysreg_read.reg = (e.sysreg_read.reg + 1) % VCPU_ARCH_GPR_COUNT;
            break;
        case 2: // another reason with the same payload bytes
            if (vcpu_model::IsRead(reason)) {
                static const uint32_t kReads[] = {VCPU_EXIT_MMIO_READ, VCPU_EXIT_SYSREG_READ,
                                                  VCPU_EXIT_IO_READ};
                SetRaw(&e.reason, kReads[Rand(3)]);
            } else {
                SetRaw(&e.reason, VCPU_EXIT_UNKNOWN);
            }
            break;
        case 3: // another access: not part of the identity
            if (reason == VCPU_EXIT_MMIO_READ) {
                uint32_t width = static_cast<uint32_t>(Rand(4));
                SetRaw(&e.mmio_read.width, width);
                SetRaw(&e.mmio_read.reg_width, width + static_cast<uint32_t>(Rand(4 - width)));
                e.mmio_read.signed_ext = !e.mmio_read.signed_ext;
            } else if (reason == VCPU_EXIT_IO_READ) {
                SetRaw(&e.io_read.width, static_cast<uint32_t>(Rand(4)));
            }
            break;
        default: // malformed
            if (reason == VCPU_EXIT_MMIO_READ)
                SetRaw(&e.mmio_read.reg_width, BadWidth());
            else if (reason == VCPU_EXIT_SYSREG_READ)
                e.sysreg_read.reg = VCPU_ARCH_GPR_COUNT;
            else if (reason == VCPU_EXIT_IO_READ)
                SetRaw(&e.io_read.width, BadWidth());
            break;
        }
        return e;
    }

    // Picks, if there is one, a registered object that is not enabled and a
    // CPU other than its own that it can move to (its registered object, if
    // any, is not enabled either): re-initialising it there withdraws it
    // from its old CPU.
    void MoveCandidate(int *obj, uint32_t *cpu_id)
    {
        std::vector<std::pair<int, uint32_t>> moves;
        for (int o = 0; o < kPercpuObjects; o++) {
            const vcpu_model::PercpuModel &p = model_.percpu[o];
            if (!p.initialized || p.enabled || model_.registered[p.cpu_id] != o)
                continue;
            for (uint32_t c = 0; c < kCpus; c++)
                if (c != p.cpu_id && !model_.Enabled(static_cast<int>(c)))
                    moves.emplace_back(o, c);
        }
        if (moves.empty())
            return;
        const auto &move = moves[Rand(moves.size())];
        *obj = move.first;
        *cpu_id = move.second;
    }

    vcpu_reg_t RandomReg()
    {
        switch (Rand(12)) {
        case 0:
        case 1:
        case 2:
            return VCPU_REG_PC;
        case 3:
        case 4:
            return VCPU_REG_SP;
        case 5:
        case 6:
        case 7:
            return VCPU_REG_SYSREG(Rand(kSysregs));
        case 8: // a system register the fake does not save
            return VCPU_REG_SYSREG(Chance(50) ? kSysregs + Rand(4) : rng_() | 0x80000000u);
        case 9: // values no macro produces
        {
            static const vcpu_reg_t kUnknown[] = {0,
                                                  1,
                                                  VCPU_REG_PC | 1,
                                                  VCPU_REG_SP + 4,
                                                  vcpu_reg_t{4} << 32,
                                                  vcpu_reg_t{0x103} << 32,
                                                  ~vcpu_reg_t{0}};
            return kUnknown[Rand(sizeof kUnknown / sizeof kUnknown[0])];
        }
        case 10:
            return rng_();
        default:
            return Rand(VCPU_ARCH_GPR_COUNT); // a GPR index is not a vcpu_reg_t
        }
    }

    // A call that moves vCPU `v` along its lifecycle from where it is, so the
    // walk spends its time in READY, RUNNING and BLOCKED and not only in the
    // error paths that uniformly random calls mostly hit.
    Op Guided(int v)
    {
        const vcpu_model::VcpuModel &m = model_.vcpu[v];
        // Now and then per-CPU churn: turn the calling CPU off (possible once
        // nothing is bound there), or register an object elsewhere.
        if (Chance(2))
            return model_.Enabled(model_.cpu) ? kDisable : kPercpuInit;
        if (!model_.Enabled(model_.cpu) && Chance(50))
            return model_.cpu < kCpus && model_.registered[model_.cpu] >= 0 ? kEnable : kPercpuInit;
        switch (m.state) {
        case VCPU_STATE_INVALID:
            if (m.live)
                return Chance(70) ? kDestroy : kInit;
            // Zeroed memory: now and then make its init fail.
            return Chance(4) ? kFailNext : kInit;
        case VCPU_STATE_CREATED: {
            static const Op kCreatedOps[] = {kSetup, kSetup,  kSetup,  kSetup, kSetup,
                                             kSetup, kSetGpr, kSetReg, kGetReg};
            return kCreatedOps[Rand(sizeof kCreatedOps / sizeof kCreatedOps[0])];
        }
        case VCPU_STATE_FREE:
            if (Chance(1))
                return kDestroy;
            if (!model_.Enabled(model_.cpu) || (m.mask != 0 && !((m.mask >> model_.cpu) & 1)))
                return kSetCpu;
            return kBind;
        case VCPU_STATE_READY: {
            if (m.owner != model_.cpu) {
                // Calls any CPU may make, now and then; else go to the owner.
                static const Op kRemoteOps[] = {kKick, kInject, kStatsReset, kBlock, kGetReg};
                return Chance(20) ? kRemoteOps[Rand(sizeof kRemoteOps / sizeof kRemoteOps[0])]
                                  : kSetCpu;
            }
            if (model_.ReadPending(v)) {
                static const Op kReadOps[] = {kCompleteRead, kCompleteRead, kCompleteRead,
                                              kInjectFault,  kRun,          kKick};
                return kReadOps[Rand(sizeof kReadOps / sizeof kReadOps[0])];
            }
            static const Op kReadyOps[] = {kRun,
                                           kRun,
                                           kRun,
                                           kRun,
                                           kQueueExit,
                                           kQueueExit,
                                           kInject,
                                           kCompleteRead,
                                           kGetGpr,
                                           kBlock,
                                           kUnbind,
                                           kSetEntry,
                                           kTakeDelivered,
                                           kInjectFault,
                                           kInjectFault,
                                           kKick,
                                           kGetReg,
                                           kSetReg,
                                           kKickWhileRunning};
            return kReadyOps[Rand(sizeof kReadyOps / sizeof kReadyOps[0])];
        }
        case VCPU_STATE_BLOCKED:
            return Chance(60) ? kUnblock : Chance(50) ? kInject : kKick;
        default:
            return kRun;
        }
    }

    // Makes one call on both sides, on vCPU `v` if it takes one. Returns false
    // (nothing called) when a precondition that the contract puts on the
    // caller does not hold.
    bool Call(Op op, int v)
    {
        struct vcpu *rv = &real_->vcpu[v];
        // Per-CPU calls mostly target the calling CPU's registered object.
        int o = model_.cpu < kCpus && model_.registered[model_.cpu] >= 0 && Chance(70)
                    ? model_.registered[model_.cpu]
                    : static_cast<int>(Rand(kPercpuObjects));
        vcpu_percpu *rp = &real_->percpu[o];
        switch (op) {
        case kSetCpu: {
            // Half the time, move to the CPU that owns some vCPU.
            int owner = model_.vcpu[v].owner;
            int cpu = owner != VCPU_NO_CPU && Chance(50) ? owner : RandomCpu();
            Trace(-1, Format("vcpu_fake_set_cpu_id(%d)", cpu));
            ExpectRc(vcpu_fake_set_cpu_id(static_cast<uint32_t>(cpu)), VCPU_OK);
            model_.cpu = cpu;
            return true;
        }
        case kPercpuInit: {
            // Mostly for the calling CPU, now and then for another one (which
            // moves the object), now and then out of range.
            uint32_t id =
                Chance(5) ? VCPU_MAX_CPUS + static_cast<uint32_t>(Rand(3))
                : Chance(65)
                    ? static_cast<uint32_t>(model_.cpu < kCpus ? model_.cpu : o / kObjectsPerCpu)
                    : static_cast<uint32_t>(Rand(kCpus));
            if (Chance(50))
                o = static_cast<int>(Rand(kPercpuObjects));
            if (Chance(60))
                MoveCandidate(&o, &id);
            rp = &real_->percpu[o];
            Trace(-1, Format("vcpu_percpu_init(obj%d, %u)", o, id));
            ExpectRc(vcpu_percpu_init(rp, id), model_.PercpuInit(o, id));
            return true;
        }
        case kEnable:
            Trace(-1, Format("vcpu_percpu_hardware_enable(obj%d)", o));
            ExpectRc(vcpu_percpu_hardware_enable(rp), model_.PercpuEnable(o));
            return true;
        case kDisable:
            Trace(-1, Format("vcpu_percpu_hardware_disable(obj%d)", o));
            ExpectRc(vcpu_percpu_hardware_disable(rp), model_.PercpuDisable(o));
            return true;
        case kSetSupported: {
            bool supported = Chance(70);
            Trace(-1, Format("vcpu_fake_percpu_set_supported(obj%d, %d)", o, supported));
            ExpectRc(vcpu_fake_percpu_set_supported(rp, supported), VCPU_OK);
            model_.percpu[o].unsupported = !supported;
            return true;
        }
        case kPercpuFailNext:
            Trace(-1, Format("vcpu_fake_percpu_fail_next(obj%d)", o));
            ExpectRc(vcpu_fake_percpu_fail_next(rp), VCPU_OK);
            model_.percpu[o].fail_next = true;
            return true;
        case kInit: {
            uint32_t vm = static_cast<uint32_t>(Rand(3)), id = static_cast<uint32_t>(Rand(3));
            int favor = Chance(10)   ? static_cast<int>(VCPU_MAX_CPUS + Rand(4))
                        : Chance(40) ? -1 - static_cast<int>(Rand(3))
                                     : static_cast<int>(Rand(kCpus + 1));
            uint64_t mask = RandomMask();
            vcpu_create_config cfg;
            for (uint64_t &r : cfg.initial_gpr)
                r = rng_();
            bool with_cfg = Chance(30);
            Trace(v, Format("vcpu_init(v%d, %u, %u, %d, %#" PRIx64 ", %s)", v, vm, id, favor, mask,
                            with_cfg ? "cfg" : "NULL"));
            ExpectRc(vcpu_init(rv, vm, id, favor, mask, with_cfg ? &cfg : nullptr),
                     model_.Init(v, vm, id, favor, mask, with_cfg ? cfg.initial_gpr : nullptr));
            return true;
        }
        case kDestroy: {
            bool was_live = model_.vcpu[v].live;
            Trace(v, Format("vcpu_destroy(v%d)", v));
            int expected = model_.Destroy(v);
            ExpectRc(vcpu_destroy(rv), expected);
            if (expected == VCPU_OK && was_live) {
                // Released: zeroed memory, every byte.
                static const struct vcpu kZero = {};
                EXPECT_EQ(std::memcmp(rv, &kZero, sizeof kZero), 0)
                    << "v" << v << " is not zeroed memory after vcpu_destroy\n"
                    << Where();
                Forget(v);
            }
            return true;
        }
        case kSetup: {
            uint64_t entry = rng_() & ~uint64_t{3};
            vcpu_setup_config cfg = {Rand(3) * 2};
            bool with_cfg = Chance(50);
            Trace(v, Format("vcpu_setup(v%d, %#" PRIx64 ", step %" PRIu64 ")", v, entry,
                            with_cfg ? cfg.pc_step : 0));
            ExpectRc(vcpu_setup(rv, entry, 0x2000, with_cfg ? &cfg : nullptr),
                     model_.Setup(v, entry, with_cfg ? cfg.pc_step : 0));
            return true;
        }
        case kBind:
            Trace(v, Format("vcpu_bind(v%d)", v));
            ExpectRc(vcpu_bind(rv), model_.Bind(v));
            return true;
        case kUnbind:
            Trace(v, Format("vcpu_unbind(v%d)", v));
            ExpectRc(vcpu_unbind(rv), model_.Unbind(v));
            return true;
        case kRun:
            return CallRun(v);
        case kBlock:
            Trace(v, Format("vcpu_block(v%d)", v));
            ExpectRc(vcpu_block(rv), model_.Block(v));
            return true;
        case kUnblock:
            Trace(v, Format("vcpu_unblock(v%d)", v));
            ExpectRc(vcpu_unblock(rv), model_.Unblock(v));
            return true;
        case kSetEntry: {
            uint64_t gpa = rng_();
            Trace(v, Format("vcpu_set_entry(v%d, %#" PRIx64 ")", v, gpa));
            ExpectRc(vcpu_set_entry(rv, gpa), model_.SetEntry(v, gpa));
            return true;
        }
        case kSetGpr: {
            unsigned idx = static_cast<unsigned>(Rand(VCPU_ARCH_GPR_COUNT + 3));
            uint64_t val = rng_();
            Trace(v, Format("vcpu_set_gpr(v%d, %u, %#" PRIx64 ")", v, idx, val));
            ExpectRc(vcpu_set_gpr(rv, idx, val), model_.SetGpr(v, idx, val));
            return true;
        }
        case kGetGpr: {
            unsigned idx = static_cast<unsigned>(Rand(VCPU_ARCH_GPR_COUNT + 3));
            uint64_t got = 0x5a5a, want = 0x5a5a;
            Trace(v, Format("vcpu_get_gpr(v%d, %u)", v, idx));
            int rc = vcpu_get_gpr(rv, idx, &got);
            ExpectRc(rc, model_.GetGpr(v, idx, &want));
            EXPECT_EQ(got, want) << Where();
            return true;
        }
        case kSetReg: {
            vcpu_reg_t reg = RandomReg();
            uint64_t val = Chance(50) ? rng_() : rng_() & 0xffffc;
            Trace(v, Format("vcpu_set_reg(v%d, %s, %#" PRIx64 ")", v, RegName(reg).c_str(), val));
            ExpectRc(vcpu_set_reg(rv, reg, val), model_.SetReg(v, reg, val));
            return true;
        }
        case kGetReg: {
            vcpu_reg_t reg = RandomReg();
            uint64_t got = 0x5a5a, want = 0x5a5a;
            Trace(v, Format("vcpu_get_reg(v%d, %s)", v, RegName(reg).c_str()));
            int rc = vcpu_get_reg(rv, reg, &got);
            ExpectRc(rc, model_.GetReg(v, reg, &want));
            EXPECT_EQ(got, want) << "value read\n" << Where();
            return true;
        }
        case kSetReturnValue: {
            uint64_t val = rng_();
            Trace(v, Format("vcpu_set_return_value(v%d, %#" PRIx64 ")", v, val));
            ExpectRc(vcpu_set_return_value(rv, val), model_.SetReturnValue(v, val));
            return true;
        }
        case kCompleteRead: {
            vcpu_exit e = Chance(65) ? LastExitVariant(v) : RandomReadExit();
            uint64_t value = rng_();
            Trace(v, Format("vcpu_complete_read(v%d, %s, %#" PRIx64 ")", v, Describe(e).c_str(),
                            value));
            ExpectRc(vcpu_complete_read(rv, &e, value), model_.CompleteRead(v, e, value));
            return true;
        }
        case kInjectFault: {
            vcpu_exit e = Chance(70) ? LastExitVariant(v) : RandomExit();
            bool null_exit = Chance(3);
            Trace(v, Format("vcpu_inject_fault(v%d, %s)", v,
                            null_exit ? "NULL" : Describe(e).c_str()));
            ExpectRc(vcpu_inject_fault(rv, null_exit ? nullptr : &e),
                     model_.InjectFault(v, null_exit ? nullptr : &e));
            return true;
        }
        case kInject: {
            uint32_t vector = Chance(5) ? VCPU_ARCH_VECTOR_MAX + 1 + static_cast<uint32_t>(Rand(9))
                                        : static_cast<uint32_t>(Rand(VCPU_ARCH_VECTOR_MAX + 1));
            // Bursts fill the 64-entry queue now and then.
            int burst = Chance(5) ? 70 : 1;
            for (int i = 0; i < burst; i++) {
                Trace(v, Format("vcpu_inject_interrupt(v%d, %u)", v, vector));
                ExpectRc(vcpu_inject_interrupt(rv, vector), model_.Inject(v, vector));
                vector = (vector + 1) % (VCPU_ARCH_VECTOR_MAX + 1);
            }
            return true;
        }
        case kKick: {
            // Now and then several: they coalesce into one.
            int burst = Chance(20) ? 3 : 1;
            for (int i = 0; i < burst; i++) {
                Trace(v, Format("vcpu_kick(v%d)", v));
                ExpectRc(vcpu_kick(rv), model_.Kick(v));
            }
            return true;
        }
        case kKickWhileRunning:
            Trace(v, Format("vcpu_fake_kick_while_running(v%d)", v));
            ExpectRc(vcpu_fake_kick_while_running(rv), VCPU_OK);
            model_.KickWhileRunning(v);
            return true;
        case kQueueExit: {
            // Bursts fill the 16-entry exit queue now and then.
            int burst = Chance(3) ? 20 : 1;
            for (int i = 0; i < burst; i++) {
                vcpu_exit e = RandomExit();
                Trace(v, Format("vcpu_fake_queue_exit(v%d, %s)", v, Describe(e).c_str()));
                ExpectRc(vcpu_fake_queue_exit(rv, &e), model_.QueueExit(v, e));
            }
            return true;
        }
        case kTakeDelivered: {
            // Mostly a few at a time, so the 256-entry log fills up now and then.
            size_t max = static_cast<size_t>(Chance(80) ? Rand(8) : Rand(300));
            std::vector<uint32_t> got(max + 1), want;
            Trace(v, Format("vcpu_fake_take_delivered(v%d, %zu)", v, max));
            size_t n = vcpu_fake_take_delivered(rv, got.data(), max);
            size_t expected = model_.TakeDelivered(v, max, &want);
            Result(std::to_string(n));
            EXPECT_EQ(n, expected) << Where();
            got.resize(n);
            EXPECT_EQ(got, want) << "delivered vectors differ\n" << Where();
            return true;
        }
        case kFailNext:
            Trace(v, Format("vcpu_fake_fail_next(v%d)", v));
            ExpectRc(vcpu_fake_fail_next(rv), VCPU_OK);
            model_.FailNext(v);
            return true;
        case kStatsReset:
            Trace(v, Format("vcpu_stats_reset(v%d)", v));
            ExpectRc(vcpu_stats_reset(rv), model_.StatsReset(v));
            return true;
        default:
            return false;
        }
    }

    bool CallRun(int v)
    {
        struct vcpu *rv = &real_->vcpu[v];
        bool null_exit = Chance(3);
        Trace(v, Format("vcpu_run(v%d, %s)", v, null_exit ? "NULL" : "&exit"));
        vcpu_exit got, want;
        std::memset(&got, 0xa5, sizeof got);
        std::memset(&want, 0, sizeof want);
        int rc = vcpu_run(rv, null_exit ? nullptr : &got);
        int expected = model_.Run(v, null_exit, &want);
        ExpectRc(rc, expected);
        if (rc != VCPU_OK || expected != VCPU_OK)
            return true;
        Result(Describe(got) + (RawField(&got.reason) == RawField(&want.reason)
                                    ? ""
                                    : std::string(" (model: ") + Describe(want) + ")"));
        last_exit_[v] = want;
        EXPECT_EQ(RawField(&got.reason), RawField(&want.reason)) << "exit reason\n" << Where();
        EXPECT_EQ(RawField(&got.raw.arch), static_cast<uint32_t>(VCPU_ARCH_FAKE)) << Where();
        EXPECT_EQ(std::memcmp(&got.hypercall, &want.hypercall, sizeof got.hypercall), 0)
            << "exit payload differs\n"
            << Where();
        // A queued exit's raw facts come back as queued; a kick's exit
        // keeps whatever the backend reports there.
        if (model_.last_run_queued)
            EXPECT_EQ(got.raw.fake.code, want.raw.fake.code) << Where();
        return true;
    }

    // The whole observable state, after every call.
    void CompareAll()
    {
        EXPECT_EQ(vcpu_current(), nullptr) << "current vCPU left set\n" << Where();
        for (int c = 0; c <= kCpus; c++)
            EXPECT_EQ(vcpu_fake_kicks_sent(static_cast<uint32_t>(c)) - kicks_base_[c],
                      model_.kicks_sent[c])
                << "kick interrupts sent to cpu" << c << "\n"
                << Where();
        for (int o = 0; o < kPercpuObjects; o++) {
            const vcpu_percpu &p = real_->percpu[o];
            const vcpu_model::PercpuModel &m = model_.percpu[o];
            EXPECT_EQ(vcpu_percpu_is_enabled(&p), m.enabled) << "obj" << o << "\n" << Where();
            if (m.initialized)
                EXPECT_EQ(p.bound_vcpus, static_cast<uint32_t>(m.bound))
                    << "bound count of obj" << o << "\n"
                    << Where();
        }
        for (int v = 0; v < kVcpus; v++) {
            const struct vcpu *rv = &real_->vcpu[v];
            const vcpu_model::VcpuModel &m = model_.vcpu[v];
            EXPECT_EQ(vcpu_state(rv), m.state)
                << "v" << v << " is " << vcpu_state_name(vcpu_state(rv)) << ", model says "
                << vcpu_state_name(m.state) << "\n"
                << Where();
            EXPECT_EQ(vcpu_owner_cpu(rv), m.owner) << "v" << v << " owner\n" << Where();
            struct vcpu_stats stats;
            ASSERT_EQ(vcpu_stats(rv, &stats), VCPU_OK);
            EXPECT_EQ(std::memcmp(&stats, &m.stats, sizeof stats), 0) << "v" << v << " statistics\n"
                                                                      << Where();
            enum vcpu_exit_reason last_fault = VCPU_EXIT_NOTHING;
            EXPECT_EQ(vcpu_fake_faults_delivered(rv, &last_fault), m.faults_delivered)
                << "v" << v << " faults delivered\n"
                << Where();
            if (m.faults_delivered != 0)
                EXPECT_EQ(RawField(&last_fault), m.last_fault) << "v" << v << " last fault\n"
                                                               << Where();
            if (!m.live)
                continue; // zeroed memory: only the state is defined
            EXPECT_EQ(vcpu_vm_id(rv), m.vm_id) << Where();
            EXPECT_EQ(vcpu_id(rv), m.id) << Where();
            EXPECT_EQ(vcpu_is_bsp(rv), m.id == 0) << Where();
            EXPECT_EQ(vcpu_favor_cpu(rv), m.favor) << Where();
            EXPECT_EQ(vcpu_cpu_mask(rv), m.mask) << Where();
            EXPECT_EQ(vcpu_fake_pc(rv), m.pc) << "v" << v << " pc\n" << Where();
            // Registers are compared in the fake's state directly: the public
            // getters are refused in some states and from other CPUs. In
            // bulk first, register by register only to report a difference.
            if (std::memcmp(rv->arch.gpr, m.gpr.data(), sizeof rv->arch.gpr) != 0)
                for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++)
                    EXPECT_EQ(rv->arch.gpr[i], m.gpr[i]) << "v" << v << " x" << i << "\n"
                                                         << Where();
            EXPECT_EQ(rv->arch.sp, m.sp) << "v" << v << " sp\n" << Where();
            if (std::memcmp(rv->arch.sysreg, m.sysreg.data(), sizeof rv->arch.sysreg) != 0)
                for (unsigned i = 0; i < kSysregs; i++)
                    EXPECT_EQ(rv->arch.sysreg[i], m.sysreg[i])
                        << "v" << v << " system register " << i << "\n"
                        << Where();
            if (::testing::Test::HasFailure())
                return;
        }
    }

    uint64_t seed_;
    std::mt19937_64 rng_;
    RealObjects *real_;
    ApiModel model_;
    uint64_t calls_ = 0;
    uint64_t kicks_base_[kCpus + 1] = {};
    std::deque<std::string> trace_;
    std::array<std::deque<std::string>, kVcpus> history_;
    std::array<vcpu_exit, kVcpus> last_exit_{};
    std::map<int, uint64_t> op_counts_;
    std::map<int, std::map<int, uint64_t>> outcomes_;
    Op current_op_ = kSetCpu;
    int current_vcpu_ = -1;
};

uint64_t EnvOr(const char *name, uint64_t fallback)
{
    const char *s = std::getenv(name);
    return s != nullptr && *s != '\0' ? std::strtoull(s, nullptr, 0) : fallback;
}

TEST(ApiModel, RandomCallsMatchTheModel)
{
    std::vector<uint64_t> seeds = {1, 2, 3, 4};
    if (std::getenv("VCPU_MODEL_SEED") != nullptr)
        seeds = {EnvOr("VCPU_MODEL_SEED", 1)};
    uint64_t per_seed = EnvOr("VCPU_MODEL_CALLS", 50000);
    uint64_t total = 0;
    std::map<int, uint64_t> counts;
    std::map<int, std::map<int, uint64_t>> outcomes;
    vcpu_model::PathCounts paths;
    for (uint64_t seed : seeds) {
        Checker checker(seed);
        checker.RunCalls(per_seed);
        total += checker.calls();
        for (const auto &kv : checker.op_counts())
            counts[kv.first] += kv.second;
        for (const auto &op : checker.outcomes())
            for (const auto &rc : op.second)
                outcomes[op.first][rc.first] += rc.second;
        const vcpu_model::PathCounts &p = checker.paths();
        paths.log_full_runs += p.log_full_runs;
        paths.kicked_runs += p.kicked_runs;
        paths.in_guest_kicks += p.in_guest_kicks;
        paths.read_blocked_runs += p.read_blocked_runs;
        paths.faults_delivered += p.faults_delivered;
        paths.reads_completed += p.reads_completed;
        paths.withdrawals += p.withdrawals;
        paths.destroyed_live += p.destroyed_live;
        paths.pc_rewinds += p.pc_rewinds;
        paths.malformed_refused += p.malformed_refused;
        if (HasFailure())
            return;
        checker.Cleanup();
    }
    std::printf("model check: %" PRIu64 " calls over %zu seeds matched the model\n", total,
                seeds.size());
    for (const auto &kv : counts) {
        std::printf("  %-18s %7" PRIu64 " calls:", kOpNames[kv.first], kv.second);
        for (const auto &rc : outcomes[kv.first])
            std::printf(" %s %" PRIu64 ",", RcName(rc.first).c_str(), rc.second);
        std::printf("\n");
    }
    EXPECT_GE(total, 200000u);
    // The walk must reach the paths and outcomes that matter, or matching
    // proves little.
    const std::pair<const char *, uint64_t> kPaths[] = {
        {"runs that found the delivery log full", paths.log_full_runs},
        {"runs that returned at once for a pending kick", paths.kicked_runs},
        {"runs a kick interrupted inside the guest", paths.in_guest_kicks},
        {"runs refused while a read was pending", paths.read_blocked_runs},
        {"faults delivered at an entry", paths.faults_delivered},
        {"faults that rewound the PC", paths.pc_rewinds},
        {"reads completed", paths.reads_completed},
        {"per-CPU objects withdrawn from a CPU by re-init", paths.withdrawals},
        {"live vCPUs destroyed", paths.destroyed_live},
        {"malformed exits refused", paths.malformed_refused},
    };
    for (const auto &path : kPaths) {
        std::printf("  %-48s %7" PRIu64 "\n", path.first, path.second);
        EXPECT_GT(path.second, 0u) << "the walk never reached: " << path.first;
    }
    const std::pair<Op, int> kMustSee[] = {
        {kBind, VCPU_OK},
        {kBind, VCPU_ERR_WRONG_CPU},
        {kBind, VCPU_ERR_NOT_ENABLED},
        {kBind, VCPU_ERR_HARDWARE},
        {kUnbind, VCPU_OK},
        {kUnbind, VCPU_ERR_WRONG_CPU},
        {kRun, VCPU_OK},
        {kRun, VCPU_ERR_WRONG_CPU},
        {kRun, VCPU_ERR_HARDWARE},
        {kRun, VCPU_ERR_INVALID_ARG},
        {kRun, VCPU_ERR_BAD_STATE},
        {kBlock, VCPU_OK},
        {kUnblock, VCPU_OK},
        {kSetEntry, VCPU_OK},
        {kSetEntry, VCPU_ERR_BAD_STATE},
        {kSetGpr, VCPU_ERR_WRONG_CPU},
        {kGetGpr, VCPU_OK},
        {kSetReg, VCPU_OK},
        {kSetReg, VCPU_ERR_INVALID_ARG},
        {kSetReg, VCPU_ERR_WRONG_CPU},
        {kGetReg, VCPU_OK},
        {kGetReg, VCPU_ERR_INVALID_ARG},
        {kGetReg, VCPU_ERR_BAD_STATE},
        {kCompleteRead, VCPU_OK},
        {kCompleteRead, VCPU_ERR_INVALID_ARG},
        {kCompleteRead, VCPU_ERR_BAD_STATE},
        {kCompleteRead, VCPU_ERR_WRONG_CPU},
        {kInjectFault, VCPU_OK},
        {kInjectFault, VCPU_ERR_INVALID_ARG},
        {kInjectFault, VCPU_ERR_BAD_STATE},
        {kInjectFault, VCPU_ERR_WRONG_CPU},
        {kInject, VCPU_ERR_BUSY},
        {kInject, VCPU_ERR_BAD_STATE},
        {kKick, VCPU_OK},
        {kKick, VCPU_ERR_BAD_STATE},
        {kEnable, VCPU_ERR_NOT_SUPPORTED},
        {kEnable, VCPU_OK},
        {kDisable, VCPU_ERR_BUSY},
        {kDisable, VCPU_OK},
        {kPercpuInit, VCPU_OK},
        {kPercpuInit, VCPU_ERR_BUSY},
        {kPercpuInit, VCPU_ERR_INVALID_ARG},
        {kInit, VCPU_OK},
        {kInit, VCPU_ERR_HARDWARE},
        {kInit, VCPU_ERR_BAD_STATE},
        {kInit, VCPU_ERR_INVALID_ARG},
        {kDestroy, VCPU_OK},
        {kDestroy, VCPU_ERR_BAD_STATE},
        {kStatsReset, VCPU_OK},
        {kStatsReset, VCPU_ERR_WRONG_CPU},
        {kQueueExit, VCPU_OK},
        {kQueueExit, VCPU_ERR_BUSY},
        {kQueueExit, VCPU_ERR_INVALID_ARG},
    };
    for (const auto &want : kMustSee)
        EXPECT_GT(outcomes[want.first][want.second], 0u)
            << kOpNames[want.first] << " never returned " << RcName(want.second);
}

} // namespace
