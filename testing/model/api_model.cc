// The reference model's transitions (see api_model.h). Each function states
// the contract's rule for one call, checks in the documented order.
#include "testing/model/api_model.h"

namespace vcpu_model
{

uint64_t ExtendRead(uint64_t value, unsigned bits, bool signed_ext, unsigned reg_bits)
{
    uint64_t v = bits == 64 ? value : value % (uint64_t{1} << bits);
    if (signed_ext && bits < 64 && v >= (uint64_t{1} << (bits - 1)))
        v += ~uint64_t{0} - ((uint64_t{1} << bits) - 1); // v - 2^bits, two's complement
    return reg_bits == 64 ? v : v % (uint64_t{1} << reg_bits);
}

ApiModel::ApiModel()
{
    registered.fill(-1);
}

bool ApiModel::Enabled(int c) const
{
    return c >= 0 && c < kCpus && registered[c] >= 0 && percpu[c][registered[c]].enabled;
}

bool ApiModel::TakeFailure(bool *flag)
{
    bool fail = *flag;
    *flag = false;
    return fail;
}

int ApiModel::PercpuInit(int c, int obj, uint32_t cpu_id)
{
    if (cpu_id >= VCPU_MAX_CPUS)
        return VCPU_ERR_INVALID_ARG;
    if (Enabled(c))
        return VCPU_ERR_BUSY;
    percpu[c][obj] = PercpuModel{};
    percpu[c][obj].initialized = true;
    registered[c] = obj;
    return VCPU_OK;
}

int ApiModel::PercpuEnable(int c, int obj)
{
    PercpuModel &p = percpu[c][obj];
    if (registered[c] != obj)
        return VCPU_ERR_INVALID_ARG;
    if (cpu != c)
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

int ApiModel::PercpuDisable(int c, int obj)
{
    PercpuModel &p = percpu[c][obj];
    if (registered[c] != obj)
        return VCPU_ERR_INVALID_ARG;
    if (cpu != c)
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
    if (m.owner != VCPU_NO_CPU)
        percpu[m.owner][registered[m.owner]].bound--;
    m.owner = VCPU_NO_CPU;
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
    bool fail = m.fail_next;
    m = VcpuModel{}; // statistics, queues, registers and pending failures reset
    m.touched = true;
    m.vm_id = vm_id;
    m.id = id;
    m.favor = favor < 0 ? VCPU_NO_CPU : favor;
    m.mask = mask;
    if (fail) {
        m.pc_step = 0;
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    }
    if (initial_gpr != nullptr) {
        for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++)
            m.gpr[i] = initial_gpr[i];
    }
    m.state = VCPU_STATE_CREATED;
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
    percpu[cpu][registered[cpu]].bound++;
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
    percpu[cpu][registered[cpu]].bound--;
    m.owner = VCPU_NO_CPU;
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
    // Queued injections reach the guest at this entry while the fake's
    // delivery log has room; the rest wait, in order.
    while (!m.irqs.empty() && m.delivered.size() < kDeliveredCapacity) {
        m.delivered.push_back(m.irqs.front());
        m.irqs.pop_front();
    }
    if (!m.irqs.empty())
        log_full_runs++;
    if (TakeFailure(&m.fail_next))
        return FailInvalid(m, VCPU_ERR_HARDWARE);
    if (m.exits.empty()) {
        *exit = vcpu_exit{};
        exit->reason = VCPU_EXIT_NOTHING;
    } else {
        *exit = m.exits.front();
        m.exits.pop_front();
    }
    exit->raw.arch = VCPU_ARCH_FAKE;
    // The PC is past the trapping instruction except after these.
    if (exit->reason != VCPU_EXIT_NESTED_PAGE_FAULT && exit->reason != VCPU_EXIT_FAIL_ENTRY &&
        exit->reason != VCPU_EXIT_NOTHING)
        m.pc += m.pc_step;
    m.has_run = true;
    m.stats.runs++;
    m.stats.exits[exit->reason]++;
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
    unsigned reg = 0, width = VCPU_WIDTH_64, reg_width = VCPU_WIDTH_64;
    bool signed_ext = false;
    switch (exit.reason) {
    case VCPU_EXIT_MMIO_READ:
        reg = exit.mmio_read.reg;
        width = exit.mmio_read.width;
        reg_width = exit.mmio_read.reg_width;
        signed_ext = exit.mmio_read.signed_ext;
        break;
    case VCPU_EXIT_SYSREG_READ: // the whole register
        reg = exit.sysreg_read.reg;
        break;
    case VCPU_EXIT_IO_READ: // into register 0, zero-extended
        width = exit.io_read.width;
        break;
    default:
        return VCPU_ERR_INVALID_ARG;
    }
    if (reg >= VCPU_ARCH_GPR_COUNT || width > VCPU_WIDTH_64 || reg_width > VCPU_WIDTH_64)
        return VCPU_ERR_INVALID_ARG;
    m.gpr[reg] = ExtendRead(value, 8u << width, signed_ext, 8u << reg_width);
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

int ApiModel::QueueExit(int v, const vcpu_exit &exit)
{
    VcpuModel &m = vcpu[v];
    if (static_cast<unsigned>(exit.reason) >= VCPU_EXIT_REASON_COUNT)
        return VCPU_ERR_INVALID_ARG;
    if (m.exits.size() >= kExitCapacity)
        return VCPU_ERR_BUSY;
    m.exits.push_back(exit);
    return VCPU_OK;
}

size_t ApiModel::TakeDelivered(int v, size_t max, std::vector<uint32_t> *out)
{
    VcpuModel &m = vcpu[v];
    size_t n = m.delivered.size() < max ? m.delivered.size() : max;
    out->assign(m.delivered.begin(), m.delivered.begin() + static_cast<long>(n));
    m.delivered.erase(m.delivered.begin(), m.delivered.begin() + static_cast<long>(n));
    return n;
}

void ApiModel::StatsReset(int v)
{
    vcpu[v].stats = {};
}

} // namespace vcpu_model
