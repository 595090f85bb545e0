/* ASID assignment and TLB flush decisions of the SVM backend. Pure; compiled
 * and tested on the host too. */
#ifndef SVM_ASID_H
#define SVM_ASID_H

#include <stdbool.h>
#include <stdint.h>

/* Per-CPU record of which vCPU last ran with each ASID: slot asid % SLOTS
 * holds that vCPU's tag (0: none). */
#define SVM_ASID_SLOTS 64u

/* TLB_CONTROL values (AMD APM vol. 2, appendix B). */
#define SVM_TLB_CONTROL_NONE 0u
#define SVM_TLB_CONTROL_FLUSH_ALL 1u
#define SVM_TLB_CONTROL_FLUSH_ASID 3u

/* The ASID of the vCPU with allocation sequence number `seq` (0, 1, ...),
 * given `count` = CPUID 8000_000Ah EBX, the number of ASIDs (ASID 0 is the
 * host's): 1 + seq mod (count - 1), round robin; 1 when count < 2. Once more
 * than count - 1 vCPUs exist, ASIDs are shared. */
uint32_t svm_asid_assign(uint64_t seq, uint32_t count);

/* Records that the vCPU with tag `tag` (non-zero, unique per vCPU
 * initialization) enters with `asid` on the CPU whose table is `owners`.
 * Returns true if the TLB may hold that ASID's entries of another vCPU, or
 * none recorded (another vCPU, or one of an ASID sharing the slot, entered
 * last), so this entry must flush. */
bool svm_asid_enter(uint64_t owners[SVM_ASID_SLOTS], uint32_t asid, uint64_t tag);

/* The TLB_CONTROL of an entry: NONE without `flush`, else FLUSH_ASID (this
 * guest's entries) if the CPU has FlushByASID (CPUID 8000_000Ah EDX bit 6),
 * else FLUSH_ALL. */
uint8_t svm_tlb_control(bool flush, bool flush_by_asid);

#endif
