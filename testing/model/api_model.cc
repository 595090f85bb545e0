// The reference model's transitions (see api_model.h). Each function states
// the contract's rule for one call, checks in the documented order.
#include "testing/model/api_model.h"

#include <cstring>

namespace vcpu_model
{

uint64_t ExtendRead(uint64_t value, unsigned bits, bool signed_ext, unsigned reg_bits)
{
    uint64_t v = bits == 64 ? value : value % (uint64_t{1} << bits);
    if (signed_ext && bits < 64 && v >= (uint64_t{1} << (bits - 1)))
        v += ~uint64_t{0} - ((uint64_t{1} << bits) - 1); // v - 2^bits, two's complement
    return reg_bits == 64 ? v : v % (uint64_t{1} << reg_bits);
}

uint32_t RawField(const void *field)
{
    uint32_t raw;
    std::memcpy(&raw, field, sizeof raw);
    return raw;
}

bool IsRead(uint32_t reason)
{
    return reason == VCPU_EXIT_MMIO_READ || reason == VCPU_EXIT_SYSREG_READ ||
           reason == VCPU_EXIT_IO_READ;
}

bool IsFaultable(uint32_t reason)
{
    switch (reason) {
    case VCPU_EXIT_MMIO_READ:
    case VCPU_EXIT_MMIO_WRITE:
    case VCPU_EXIT_SYSREG_READ:
    case VCPU_EXIT_SYSREG_WRITE:
    case VCPU_EXIT_IO_READ:
    case VCPU_EXIT_IO_WRITE:
    case VCPU_EXIT_UNKNOWN:
        return true;
    default:
        return false;
    }
}

bool Malformed(const vcpu_exit &e)
{
    const uint32_t kWidths = 4; // VCPU_WIDTH_8 .. VCPU_WIDTH_64
    switch (RawField(&e.reason)) {
    case VCPU_EXIT_MMIO_READ: {
        uint32_t width = RawField(&e.mmio_read.width);
        uint32_t reg_width = RawField(&e.mmio_read.reg_width);
        return width >= kWidths || reg_width >= kWidths || reg_width < width ||
               e.mmio_read.reg >= VCPU_ARCH_GPR_COUNT;
    }
    case VCPU_EXIT_MMIO_WRITE:
        return RawField(&e.mmio_write.width) >= kWidths;
    case VCPU_EXIT_SYSREG_READ:
        return e.sysreg_read.reg >= VCPU_ARCH_GPR_COUNT;
    case VCPU_EXIT_IO_READ:
        return RawField(&e.io_read.width) >= kWidths;
    case VCPU_EXIT_IO_WRITE:
        return RawField(&e.io_write.width) >= kWidths;
    default:
        return false;
    }
}

ExitIdentity IdentityOf(const vcpu_exit &e)
{
    ExitIdentity id;
    id.reason = RawField(&e.reason);
    switch (id.reason) {
    case VCPU_EXIT_MMIO_READ:
        id.address = e.mmio_read.addr;
        id.reg = e.mmio_read.reg;
        break;
    case VCPU_EXIT_MMIO_WRITE:
        id.address = e.mmio_write.addr;
        break;
    case VCPU_EXIT_SYSREG_READ:
        id.address = e.sysreg_read.addr;
        id.reg = e.sysreg_read.reg;
        break;
    case VCPU_EXIT_SYSREG_WRITE:
        id.address = e.sysreg_write.addr;
        break;
    case VCPU_EXIT_IO_READ:
        id.address = e.io_read.port;
        break;
    case VCPU_EXIT_IO_WRITE:
        id.address = e.io_write.port;
        break;
    default: // UNKNOWN: the reason alone
        break;
    }
    return id;
}

ApiModel::ApiModel()
{
    registered.fill(-1);
}

bool ApiModel::Enabled(int c) const
{
    return c >= 0 && c < static_cast<int>(VCPU_MAX_CPUS) && registered[c] >= 0 &&
           percpu[registered[c]].enabled;
}

bool ApiModel::ReadPending(int v) const
{
    const VcpuModel &m = vcpu[v];
    return m.open && IsRead(m.open_exit.reason);
}

bool ApiModel::TakeFailure(bool *flag)
{
    bool fail = *flag;
    *flag = false;
    return fail;
}

int ApiModel::PercpuInit(int obj, uint32_t cpu_id)
{
    PercpuModel &p = percpu[obj];
    if (cpu_id >= VCPU_MAX_CPUS)
        return VCPU_ERR_INVALID_ARG;
    if (p.enabled)
        return VCPU_ERR_BUSY;
    int other = registered[cpu_id];
    if (other >= 0 && other != obj && percpu[other].enabled)
        return VCPU_ERR_BUSY;
    // Withdrawn from the CPU it was registered for, if that is another one.
    if (p.initialized && p.cpu_id != cpu_id && registered[p.cpu_id] == obj) {
        registered[p.cpu_id] = -1;
        paths.withdrawals++;
    }
    p = PercpuModel{}; // not enabled, nothing bound, supported, no pending failure
    p.initialized = true;
    p.cpu_id = cpu_id;
    registered[cpu_id] = obj;
    return VCPU_OK;
}

int ApiModel::PercpuEnable(int obj)
{
    PercpuModel &p = percpu[obj];
    if (!p.initialized || registered[p.cpu_id] != obj)
        return VCPU_ERR_INVALID_ARG;
    if (static_cast<uint32_t>(cpu) != p.cpu_id)
        return VCPU_ERR_WRONG_CPU;
    if (p.enabled)
        return VCPU_ERR_BUSY;
    if (p.unsupported)
        return VCPU_ERR_NOT_SUPPORTED;
    if (TakeFailure(&p.fail_next))
        return VCPU_ERR_HARDWARE;
    p.enabled = true;
    return VCPU_OK;
}

int ApiModel::PercpuDisable(int obj)
{
    PercpuModel &p = percpu[obj];
    if (!p.initialized || registered[p.cpu_id] != obj)
        return VCPU_ERR_INVALID_ARG;
    if (static_cast<uint32_t>(cpu) != p.cpu_id)
        return VCPU_ERR_WRONG_CPU;
    if (!p.enabled)
        return VCPU_ERR_NOT_ENABLED;
    if (p.bound != 0)
        return VCPU_ERR_BUSY;
    if (TakeFailure(&p.fail_next))
        return VCPU_ERR_HARDWARE;
    p.enabled = false;
    return VCPU_OK;
}

int ApiModel::FailInvalid(VcpuModel &m, int err)
{
    if (m.owner_object >= 0)
        percpu[m.owner_object].bound--;
    m.owner = VCPU_NO_CPU;
    m.owner_object = -1;
    m.state = VCPU_STATE_INVALID;
    return err;
}

int ApiModel::RegisterAccess(const VcpuModel &m) const
{
    switch (m.state) {
    case VCPU_STATE_CREATED:
    case VCPU_STATE_FREE:
        return VCPU_OK;
    case VCPU_STATE_READY:
    case VCPU_STATE_BLOCKED:
        return m.owner == cpu ? VCPU_OK : VCPU_ERR_WRONG_CPU;
    default:
        return VCPU_ERR_BAD_STATE;
    }
}

int ApiModel::Init(int v, uint32_t vm_id, uint32_t id, int favor, uint64_t mask,
                   const uint64_t *initial_gpr)
{
    VcpuModel &m = vcpu[v];
    if (favor >= static_cast<int>(VCPU_MAX_CPUS))
        return VCPU_ERR_INVALID_ARG;
    if (favor >= 0 && mask != 0 && !((mask >> favor) & 1))
        return VCPU_ERR_INVALID_ARG;
    // Live from init to destroy, also INVALID after a failure.
    if (m.live)
        return VCPU_ERR_BAD_STATE;
    // A fail_next requested on the zeroed memory is for this init; the other
    // controls' leftovers (queued exits, kick requests) are not.
    bool fail = m.fail_next;
    m = VcpuModel{};
    m.live = true;
    m.vm_id = vm_id;
    m.id = id;
    m.favor = favor < 0 ? VCPU_NO_CPU : favor;
    m.mask = mask;
    if (fail)
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    if (initial_gpr != nullptr) {
        for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++)
            m.gpr[i] = initial_gpr[i];
    }
    m.state = VCPU_STATE_CREATED;
    return VCPU_OK;
}

int ApiModel::Destroy(int v)
{
    VcpuModel &m = vcpu[v];
    if (m.state == VCPU_STATE_READY || m.state == VCPU_STATE_RUNNING ||
        m.state == VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    if (!m.live)
        return VCPU_OK; // zeroed or destroyed memory: nothing to do
    m = VcpuModel{};    // zeroed memory; a pending fail_next does not apply to destroy
    paths.destroyed_live++;
    return VCPU_OK;
}

int ApiModel::Setup(int v, uint64_t entry, uint64_t pc_step)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_CREATED)
        return VCPU_ERR_BAD_STATE;
    if (TakeFailure(&m.fail_next))
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    m.pc = entry;
    if (pc_step != 0)
        m.pc_step = pc_step;
    m.state = VCPU_STATE_FREE;
    return VCPU_OK;
}

int ApiModel::Bind(int v)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_FREE)
        return VCPU_ERR_BAD_STATE;
    if (m.mask != 0 && !((m.mask >> cpu) & 1))
        return VCPU_ERR_WRONG_CPU;
    if (!Enabled(cpu))
        return VCPU_ERR_NOT_ENABLED;
    m.owner = cpu;
    m.owner_object = registered[cpu];
    percpu[m.owner_object].bound++;
    if (TakeFailure(&m.fail_next))
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    m.state = VCPU_STATE_READY;
    return VCPU_OK;
}

int ApiModel::Unbind(int v)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_READY)
        return VCPU_ERR_BAD_STATE;
    if (m.owner != cpu)
        return VCPU_ERR_WRONG_CPU;
    if (TakeFailure(&m.fail_next))
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    percpu[m.owner_object].bound--;
    m.owner = VCPU_NO_CPU;
    m.owner_object = -1;
    m.kick = false; // unbind drops a pending kick
    m.state = VCPU_STATE_FREE;
    return VCPU_OK;
}

int ApiModel::Run(int v, bool null_exit, vcpu_exit *exit)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_READY)
        return VCPU_ERR_BAD_STATE;
    if (m.owner != cpu)
        return VCPU_ERR_WRONG_CPU;
    if (null_exit)
        return VCPU_ERR_INVALID_ARG;
    // A read exit must be resolved first; nothing changes, a kick stays.
    if (ReadPending(v)) {
        paths.read_blocked_runs++;
        return VCPU_ERR_BAD_STATE;
    }
    *exit = vcpu_exit{};
    last_run_queued = false;
    exit->reason = VCPU_EXIT_NOTHING;
    exit->raw.arch = VCPU_ARCH_FAKE;
    m.open = false; // whatever this run returns is the latest exit now
    if (m.kick) {
        // Returns before entering the guest: no delivery, no queued exit, no
        // fault, not the first run.
        m.kick = false;
        paths.kicked_runs++;
        m.stats.runs++;
        m.stats.exits[VCPU_EXIT_NOTHING]++;
        return VCPU_OK;
    }
    // Queued injections reach the guest at this entry while the fake's
    // delivery log has room; the rest wait, in order.
    while (!m.irqs.empty() && m.delivered.size() < kDeliveredCapacity) {
        m.delivered.push_back(m.irqs.front());
        m.irqs.pop_front();
    }
    if (!m.irqs.empty())
        paths.log_full_runs++;
    if (TakeFailure(&m.fail_next))
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    // The guest is entered: a fault requested by vcpu_inject_fault() arrives.
    if (m.pending_fault != 0) {
        m.faults_delivered++;
        m.last_fault = m.pending_fault - 1;
        m.pending_fault = 0;
        paths.faults_delivered++;
    }
    m.has_run = true;
    // The exit the fake's guest takes; the fake PC moves by its reason.
    uint32_t guest_exit = VCPU_EXIT_NOTHING;
    if (m.kick_in_guest) {
        // Another CPU's kick interrupts the guest: the owner gets the kick
        // interrupt, the guest exits with EXTERNAL_INTERRUPT, which the run
        // reports as NOTHING and which consumes the kick; the queued exits
        // wait.
        m.kick_in_guest = false;
        kicks_sent[m.owner]++;
        paths.in_guest_kicks++;
        guest_exit = VCPU_EXIT_EXTERNAL_INTERRUPT;
    } else if (!m.exits.empty()) {
        *exit = m.exits.front();
        m.exits.pop_front();
        exit->raw.arch = VCPU_ARCH_FAKE;
        last_run_queued = true;
        guest_exit = exit->reason;
    }
    // The PC is past the trapping instruction except after these.
    if (guest_exit != VCPU_EXIT_NOTHING && guest_exit != VCPU_EXIT_NESTED_PAGE_FAULT &&
        guest_exit != VCPU_EXIT_FAIL_ENTRY && guest_exit != VCPU_EXIT_UNKNOWN)
        m.pc += m.pc_step;
    uint32_t reason = exit->reason;
    if (IsFaultable(reason)) {
        m.open = true;
        m.open_exit = IdentityOf(*exit);
    }
    m.stats.runs++;
    m.stats.exits[reason]++;
    return VCPU_OK;
}

int ApiModel::Block(int v)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_READY)
        return VCPU_ERR_BAD_STATE;
    m.state = VCPU_STATE_BLOCKED;
    return VCPU_OK;
}

int ApiModel::Unblock(int v)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    m.state = VCPU_STATE_READY;
    return VCPU_OK;
}

int ApiModel::SetEntry(int v, uint64_t gpa)
{
    VcpuModel &m = vcpu[v];
    int rc = RegisterAccess(m);
    if (rc != VCPU_OK)
        return rc;
    if (m.has_run)
        return VCPU_ERR_BAD_STATE;
    if (TakeFailure(&m.fail_next))
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    m.pc = gpa;
    return VCPU_OK;
}

int ApiModel::SetGpr(int v, unsigned idx, uint64_t val)
{
    VcpuModel &m = vcpu[v];
    int rc = RegisterAccess(m);
    if (rc != VCPU_OK)
        return rc;
    if (idx >= VCPU_ARCH_GPR_COUNT)
        return VCPU_ERR_INVALID_ARG;
    m.gpr[idx] = val;
    return VCPU_OK;
}

int ApiModel::GetGpr(int v, unsigned idx, uint64_t *val)
{
    const VcpuModel &m = vcpu[v];
    int rc = RegisterAccess(m);
    if (rc != VCPU_OK)
        return rc;
    if (idx >= VCPU_ARCH_GPR_COUNT)
        return VCPU_ERR_INVALID_ARG;
    *val = m.gpr[idx];
    return VCPU_OK;
}

int ApiModel::DecodeReg(vcpu_reg_t reg)
{
    if (reg == VCPU_REG_PC)
        return 0;
    if (reg == VCPU_REG_SP)
        return 1;
    // VCPU_REG_SYSREG(n): kind 3 in the upper word, n in the lower one.
    if ((reg >> 32) == 3 && (reg & 0xffffffffu) < kSysregs)
        return 2 + static_cast<int>(reg & 0xffffffffu);
    return -1;
}

int ApiModel::GetReg(int v, vcpu_reg_t reg, uint64_t *val)
{
    const VcpuModel &m = vcpu[v];
    int rc = RegisterAccess(m);
    if (rc != VCPU_OK)
        return rc;
    int which = DecodeReg(reg);
    if (which < 0)
        return VCPU_ERR_INVALID_ARG;
    *val = which == 0 ? m.pc : which == 1 ? m.sp : m.sysreg[which - 2];
    return VCPU_OK;
}

int ApiModel::SetReg(int v, vcpu_reg_t reg, uint64_t val)
{
    VcpuModel &m = vcpu[v];
    int rc = RegisterAccess(m);
    if (rc != VCPU_OK)
        return rc;
    int which = DecodeReg(reg);
    if (which < 0)
        return VCPU_ERR_INVALID_ARG;
    if (which == 0)
        m.pc = val; // the guest resumes there (or starts there, before the first run)
    else if (which == 1)
        m.sp = val;
    else
        m.sysreg[which - 2] = val;
    return VCPU_OK;
}

int ApiModel::SetReturnValue(int v, uint64_t val)
{
    VcpuModel &m = vcpu[v];
    int rc = RegisterAccess(m);
    if (rc != VCPU_OK)
        return rc;
    m.gpr[VCPU_ARCH_RETURN_GPR] = val;
    return VCPU_OK;
}

int ApiModel::CompleteRead(int v, const vcpu_exit &exit, uint64_t value)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_READY && m.state != VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    if (m.owner != cpu)
        return VCPU_ERR_WRONG_CPU;
    // The record: a read, well formed, and the pending one if one is pending.
    if (!IsRead(RawField(&exit.reason)) || Malformed(exit))
        return VCPU_ERR_INVALID_ARG;
    if (ReadPending(v) && !(IdentityOf(exit) == m.open_exit))
        return VCPU_ERR_INVALID_ARG;
    if (!ReadPending(v))
        return VCPU_ERR_BAD_STATE;
    unsigned reg = 0, width = VCPU_WIDTH_64, reg_width = VCPU_WIDTH_64;
    bool signed_ext = false;
    switch (exit.reason) {
    case VCPU_EXIT_MMIO_READ:
        reg = exit.mmio_read.reg;
        width = RawField(&exit.mmio_read.width);
        reg_width = RawField(&exit.mmio_read.reg_width);
        signed_ext = exit.mmio_read.signed_ext;
        break;
    case VCPU_EXIT_SYSREG_READ: // the whole register
        reg = exit.sysreg_read.reg;
        break;
    default: // IO_READ: into register 0, zero-extended
        width = RawField(&exit.io_read.width);
        break;
    }
    m.gpr[reg] = ExtendRead(value, 8u << width, signed_ext, 8u << reg_width);
    m.open = false; // completes once
    paths.reads_completed++;
    return VCPU_OK;
}

int ApiModel::InjectFault(int v, const vcpu_exit *exit)
{
    VcpuModel &m = vcpu[v];
    if (exit == nullptr || !IsFaultable(RawField(&exit->reason)))
        return VCPU_ERR_INVALID_ARG;
    if (m.state != VCPU_STATE_READY && m.state != VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    if (m.owner != cpu)
        return VCPU_ERR_WRONG_CPU;
    if (!m.open || !(IdentityOf(*exit) == m.open_exit))
        return VCPU_ERR_BAD_STATE;
    m.open = false;
    m.pending_fault = m.open_exit.reason + 1;
    // The guest sees the fault at the faulting instruction: undo the advance.
    if (m.open_exit.reason != VCPU_EXIT_UNKNOWN) {
        m.pc -= m.pc_step;
        paths.pc_rewinds++;
    }
    return VCPU_OK;
}

int ApiModel::Inject(int v, uint32_t vector)
{
    VcpuModel &m = vcpu[v];
    if (m.state == VCPU_STATE_INVALID)
        return VCPU_ERR_BAD_STATE;
    if (vector < VCPU_ARCH_VECTOR_MIN || vector > VCPU_ARCH_VECTOR_MAX)
        return VCPU_ERR_INVALID_ARG;
    if (m.irqs.size() >= kIrqCapacity)
        return VCPU_ERR_BUSY;
    m.irqs.push_back(vector);
    return VCPU_OK;
}

int ApiModel::Kick(int v)
{
    VcpuModel &m = vcpu[v];
    if (m.state != VCPU_STATE_READY && m.state != VCPU_STATE_RUNNING &&
        m.state != VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    // No run is in progress (the model is sequential): the next run returns
    // before entering, so no kick interrupt is needed. Kicks coalesce.
    m.kick = true;
    return VCPU_OK;
}

void ApiModel::KickWhileRunning(int v)
{
    vcpu[v].kick_in_guest = true;
}

int ApiModel::StatsReset(int v)
{
    VcpuModel &m = vcpu[v];
    if (m.owner != VCPU_NO_CPU && m.owner != cpu)
        return VCPU_ERR_WRONG_CPU;
    m.stats = {};
    return VCPU_OK;
}

int ApiModel::QueueExit(int v, const vcpu_exit &exit)
{
    VcpuModel &m = vcpu[v];
    if (RawField(&exit.reason) >= VCPU_EXIT_REASON_COUNT)
        return VCPU_ERR_INVALID_ARG;
    if (Malformed(exit)) {
        paths.malformed_refused++;
        return VCPU_ERR_INVALID_ARG;
    }
    if (m.exits.size() >= kExitCapacity)
        return VCPU_ERR_BUSY;
    m.exits.push_back(exit);
    return VCPU_OK;
}

void ApiModel::FailNext(int v)
{
    vcpu[v].fail_next = true;
}

size_t ApiModel::TakeDelivered(int v, size_t max, std::vector<uint32_t> *out)
{
    VcpuModel &m = vcpu[v];
    size_t n = m.delivered.size() < max ? m.delivered.size() : max;
    out->assign(m.delivered.begin(), m.delivered.begin() + static_cast<long>(n));
    m.delivered.erase(m.delivered.begin(), m.delivered.begin() + static_cast<long>(n));
    return n;
}

} // namespace vcpu_model
