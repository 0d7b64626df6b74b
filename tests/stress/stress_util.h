/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What only the perf ring-buffer reliability programs (issue 6) need, on
 * top of the project's library (rb_util.h): a seeded random generator,
 * AUX-capable PMU discovery, /proc/self/maps counts, per-operation
 * outcome counters, perf's mlock limits and the kernel's fault-injection
 * controls.
 */
#ifndef STRESS_UTIL_H
#define STRESS_UTIL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/perf_event.h>

#include "rb_util.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define SU_MAX_ERRNO	140

/* What the programs' sampling events record (rb_sw_attr()). */
#define SU_SAMPLE	(PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME)

/* xorshift64*: small, fast, and the same sequence for the same seed. */
struct su_rng {
	u64 s;
};

void su_rng_seed(struct su_rng *r, u64 seed, unsigned int stream);
u64 su_rng_next(struct su_rng *r);
/* Uniform in [0, n); n > 0. */
unsigned int su_rng_below(struct su_rng *r, unsigned int n);
/* A seed from the clock and the pid, for runs without --seed. */
u64 su_fresh_seed(void);

/* Monotonic time in seconds. */
double su_now(void);

/*
 * The options every reliability program takes: -s/--seconds N (> 0),
 * --seed S and -v/--verbose, into a su_common.
 */
struct su_common {
	double seconds;
	u64 seed;
	int verbose;
};

/*
 * getopt_long() over the common options plus the program's own
 * (own_short, own_long, NULL-terminated): takes the common ones into
 * *c itself and returns the next of the program's own, or -1 at the
 * end.  A bad value, an unknown option or an operand is a usage error:
 * usage(), which exits.
 */
int su_getopt(int argc, char **argv, const char *own_short,
	      const struct option *own_long, struct su_common *c,
	      void (*usage)(void));

/* arg as a whole unsigned number (any base strtoul() takes), or usage(). */
unsigned long su_arg_ulong(const char *arg, void (*usage)(void));

/* A PMU whose events accept an AUX area mapping. */
struct su_aux_pmu {
	char name[64];
	unsigned int type;
	int cpu;		/* -1: per-task events work */
	unsigned int pages;	/* an AUX size (pages) that mapped */
};

/*
 * Look for an AUX-capable PMU under /sys/bus/event_source/devices: open an
 * event of each PMU, map a data buffer and try an AUX area.  PMUs whose
 * events refuse (EOPNOTSUPP, ENODEV, EINVAL, ...) are skipped.  Returns
 * true and fills @pmu if one works; @why says what was tried otherwise.
 */
bool su_aux_pmu_find(struct su_aux_pmu *pmu, char *why, size_t why_len);
/* Every such PMU, up to @max; @why says why others were not. */
unsigned int su_aux_pmus(struct su_aux_pmu *pmus, unsigned int max,
			 char *why, size_t why_len);
int su_aux_open(const struct su_aux_pmu *pmu);
/* How many VMAs of /proc/self/maps map a perf event. */
int su_perf_vmas(void);
/* True if any VMA of /proc/self/maps overlaps [start, start + len). */
bool su_range_mapped(uintptr_t start, size_t len);

/* Outcome counters of one kind of operation. */
struct su_op {
	unsigned long ok;
	unsigned long expected;
	unsigned long unexpected;
	unsigned long err[SU_MAX_ERRNO];	/* by errno, both kinds */
};

void su_op_add(struct su_op *dst, const struct su_op *src);
void su_op_record(struct su_op *op, int err, bool expected);
/* "name ok=N expected=N unexpected=N errors=EINVAL:N,..." */
void su_op_print(const char *name, const struct su_op *op);

/*
 * Fault injection (CONFIG_FAULT_INJECTION_DEBUG_FS and the stack-trace
 * filter): both failslab and fail_page_alloc are set up so that nothing
 * fails at random (probability 0), sleeping allocations are not ignored,
 * and the n-th allocation of this thread whose stack passes through
 * [start, end) fails when su_fi_arm(n) was called.
 */
struct su_ksym {
	const char *name;
	unsigned long start;
	unsigned long end;
};

/* Fill start/end of each name from /proc/kallsyms; 0 when absent. */
int su_ksym_lookup(struct su_ksym *syms, unsigned int n);

bool su_fi_available(void);
int su_fi_setup(void);
void su_fi_restore(void);
/* Only allocations under [start, end), none under [rstart, rend). */
int su_fi_filter(unsigned long start, unsigned long end,
		 unsigned long rstart, unsigned long rend);
/* Fail the n-th filtered allocation of the calling thread. */
int su_fi_arm(unsigned int n);
/* Disarm; returns true if the armed failure was injected. */
bool su_fi_disarm(void);
/*
 * Failures the kernel injected since su_fi_setup(), both attributes
 * together, from its own count (the "times" budget); -1 on error.
 */
#define SU_FI_TIMES	"1000000000"
long su_fi_injected(void);

/*
 * perf's locked-memory accounting as a leak detector.  perf charges each
 * buffer to the user's perf_mlock up to perf_event_mlock_kb per CPU, and
 * the rest to the mm's pinned_vm, limited by RLIMIT_MEMLOCK unless the
 * caller has CAP_IPC_LOCK.  su_mlock_setup() drops CAP_IPC_LOCK, sets
 * RLIMIT_MEMLOCK to 0 and makes sure perf_event_paranoid allows the check;
 * then su_headroom() counts how many one-page buffers can still be mapped
 * under a small limit of probe_pages: exactly probe_pages when nothing
 * is leaked (and no other buffer of this user is mapped), fewer for every
 * page of perf_mlock that a failure path forgot to give back.
 */
struct su_mlock {
	long saved_kb;
	long saved_paranoid;
	long probe_kb;		/* perf_event_mlock_kb while probing */
	long big_kb;		/* and otherwise */
	unsigned int probe_pages;
};

int su_mlock_setup(struct su_mlock *ml);
void su_mlock_restore(struct su_mlock *ml);
/*
 * Become a new user for perf's accounting: the real uid, which decides the
 * user_struct that perf_mlock is charged to, becomes one no process has
 * used (from the pid and a count of the calls), the effective and saved
 * uids stay 0, so privileges and file access do not change.  Then what an
 * earlier program, or an earlier mmap() of this one, left charged to the
 * old user (a kernel whose successful mmap()s leak, 7.3's mlock_recharge)
 * is not charged to us.  0, or -1 with a message.
 */
int su_fresh_user(void);
/* Pages still lockable (0..probe_pages), or -1 with a message. */
int su_headroom(struct su_mlock *ml);

/*
 * An address for a mapping of @len bytes in 512 GiB region @slot of a
 * part of the address space nothing else uses, placed across a 1 GiB
 * boundary: mapping it needs new PUD, PMD and PTE tables, and two of
 * the latter halfway through, so page-table allocation can fail after
 * some pages are already mapped.
 */
void *su_zone(unsigned int slot, size_t len);

#endif
