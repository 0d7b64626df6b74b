/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The project's one C library (build/lib/librb.a, rules in programs.mk),
 * linked by the bench, the behaviour suite, the AUX tests and the stress
 * programs: open perf events, map their buffers, make accesses that may
 * fault, read what /proc and sysfs show about a mapping and its pages,
 * and find PMUs.
 */
#ifndef RB_UTIL_H
#define RB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/types.h>
#include <linux/perf_event.h>

/* Data pages of the buffer most tests map: 1 control page + 8. */
#define RB_DATA_PAGES	8

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

extern size_t rb_page;

/* One access to a byte of user memory that the compiler must keep. */
static inline char rb_peek(const void *addr)
{
	return __atomic_load_n((const char *)addr, __ATOMIC_RELAXED);
}

static inline void rb_poke(void *addr, char val)
{
	__atomic_store_n((char *)addr, val, __ATOMIC_RELAXED);
}

/*
 * perf_event_open(2) with PERF_FLAG_FD_CLOEXEC: the event of attr for
 * task pid (0: this one, -1: any) on cpu (-1: any), in group_fd's group
 * (-1: none).  The fd, or -1 with errno set.
 */
int rb_perf_open(struct perf_event_attr *attr, pid_t pid, int cpu,
		 int group_fd);

/*
 * A user-only (exclude_kernel, exclude_hv) software event of config,
 * disabled, sampling every period events with sample_type (period 0:
 * a counting event); every other field zero.
 */
void rb_sw_attr(struct perf_event_attr *attr, __u64 config, __u64 period,
		__u64 sample_type);

/* PERF_EVENT_IOC_SET_OUTPUT of fd to target (-1: back to its own). */
int rb_set_output(int fd, int target);

/*
 * Open a per-task (this thread, any CPU) page-faults software event.
 * With sample_period 1 every user page fault writes one sample record,
 * so records can be produced deterministically with rb_produce().
 * The event starts disabled.  Returns the fd or -1 with errno set.
 */
int rb_event_open(void);

/* Open a counting (non-sampling) page-faults event, started disabled. */
int rb_fault_counter_open(void);

/* Read a counting event's value; -1 on error. */
long long rb_counter_read(int fd);

/* mmap 1 + data_pages pages of fd with prot, MAP_SHARED, at addr. */
void *rb_map(int fd, unsigned int data_pages, int prot);

/*
 * Two events, A with a read-write buffer of data_pages, B redirected to
 * it by PERF_EVENT_IOC_SET_OUTPUT; then mmap() of B, the case kernels
 * differ on (6.12 maps A's buffer, upstream refuses with EBUSY).  0 with
 * *fa, *fb, *pa set and *pb the mmap() result (MAP_FAILED: see errno);
 * -1 if the set-up itself failed (nothing left open).
 */
int rb_map_redirected(unsigned int data_pages, int *fa, int *fb, char **pa,
		      char **pb);
void *rb_map_at(void *addr, int fd, unsigned int data_pages, int prot,
		int flags);

/*
 * Map an AUX area of aux_pages pages for fd, whose buffer of data_len
 * bytes (control page included) is mapped writable at base: its control
 * page's aux_offset and aux_size say where, then mmap() at that offset
 * with flags (MAP_SHARED, unless trying others), at addr (NULL: anywhere).
 */
void *rb_map_aux(int fd, void *base, size_t data_len, size_t aux_pages,
		 int prot, void *addr, int flags);

/* Take n user page faults on fresh anonymous memory. */
int rb_produce(unsigned int n);

/* Enable fd, produce n faults, disable fd.  0 or -1. */
int rb_produce_on(int fd, unsigned int n);

static inline struct perf_event_mmap_page *rb_ctrl(void *base)
{
	return base;
}

static inline __u64 rb_data_head(void *base)
{
	return __atomic_load_n(&rb_ctrl(base)->data_head, __ATOMIC_ACQUIRE);
}

/*
 * Run fn(arg) in a forked child.  Returns the number of the signal that
 * killed the child, 0 if it exited with status 0, or -(status) if it
 * exited with another status (-1000 if fork/wait failed).
 */
int rb_child_signal(void (*fn)(void *arg), void *arg);

/* Children for rb_child_signal(): write/read one byte at arg. */
void rb_child_write(void *arg);
void rb_child_read(void *arg);

/*
 * A forked child does not inherit the mapping (VM_DONTCOPY), so to see
 * what an access does in a child, the child maps fd itself (1 +
 * data_pages pages, prot) and reads or writes the byte at offset off.
 * Returns as rb_child_signal(); the child exits 2 if its mmap fails.
 */
int rb_child_map_access(int fd, unsigned int data_pages, int prot,
			size_t off, bool write);

/*
 * Access one byte at addr in this process and report the signal the
 * access raised (SIGSEGV, SIGBUS) or 0: rb_try_write() writes back the
 * byte it read, rb_try_store() writes val.  Safe in any thread: the
 * handlers are installed once, a signal that no such access raised
 * kills the process as it would without them.
 */
int rb_try_write(void *addr);
int rb_try_store(void *addr, char val);
int rb_try_read(const void *addr);

/*
 * One 8-byte load from addr into *val, or one 8-byte store of *val to
 * addr, in this process, given at most ms milliseconds.  Returns 0, the
 * signal the access raised (SIGSEGV, SIGBUS), or SIGALRM if it made no
 * progress in time (a fault that is retried for ever).  The handlers and
 * the timer are removed again.
 */
int rb_access(void *addr, bool write, __u64 *val, unsigned int ms);

/* /proc/self/pagemap entry of the page holding addr; 0 on error. */
__u64 rb_pagemap(const void *addr);
/* pagemap entries of a run of pages, the first holding addr; 0 or -1. */
int rb_pagemap_range(const void *addr, size_t pages, __u64 *ent);
bool rb_pagemap_present(__u64 ent);
__u64 rb_pagemap_pfn(__u64 ent);

/* /proc/kpagecount and /proc/kpageflags of pfn; -1 / ~0 on error. */
long long rb_kpagecount(__u64 pfn);
__u64 rb_kpageflags(__u64 pfn);

/* Names of the set KPF_* bits joined by '+' ("none" for 0). */
void rb_kpageflags_str(__u64 flags, char *buf, size_t len);

/*
 * The number in file path (sysfs, /proc/sys; any base strtol() takes)
 * into *val; write val, or the string val, to path.  0 or -1.
 */
int rb_read_long(const char *path, long *val);
int rb_write_long(const char *path, long val);
int rb_write_str(const char *path, const char *val);

/* "Key:" value in kB from /proc/self/status or /proc/meminfo; -1. */
long long rb_status_kb(const char *key);
long long rb_meminfo_kb(const char *key);

/* Fold the per-CPU vmstat deltas (needs root); 0 or -1. */
int rb_vmstat_refresh(void);

/* VmFlags of the VMA starting at addr, from /proc/self/smaps. */
int rb_vmflags(const void *addr, char *buf, size_t len);
bool rb_vmflag(const char *flags, const char *flag);

/* Is there a line in /proc/self/maps for a VMA starting at addr? */
bool rb_maps_has(const void *addr);

/* Start and end of the VMA containing addr, from /proc/self/maps. */
int rb_maps_range(const void *addr, uintptr_t *start, uintptr_t *end);

/* Where the kernel lists its PMUs, one folder each. */
#define RB_PMU_DIR	"/sys/bus/event_source/devices"

/* The type of PMU pmu from RB_PMU_DIR; -1 if none. */
int rb_pmu_type(const char *pmu);

/*
 * A disabled event of PMU pmu, config 0, on this task (any CPU): the
 * fd, or -1 with errno set (ENODEV: no such PMU).
 */
int rb_pmu_event_open(const char *pmu);

/*
 * The path of rel (e.g. "kernel-patches/name-grammar") in the project
 * checkout: under $RB_TOP when set, else under the checkout this
 * program was built in (its binaries live in build/<folder>/).
 */
void rb_project_path(char *buf, size_t len, const char *rel);

/*
 * Who the kernel under test is, as the runner told the guest:
 * $RB_BASE, $RB_VARIANT and $RB_FLAVOUR (empty: none), each checked
 * against kernel-patches/name-grammar.  tag is base-variant[-flavour],
 * the name of its files.  Returns 0; 1 when no base and variant were
 * given (tag "unknown": report only); -1 with a message on stderr when a
 * name breaks the grammar or the grammar cannot be read.
 */
struct rb_identity {
	char base[32];
	char variant[32];
	char flavour[32];
	char tag[100];
};

int rb_identity(struct rb_identity *id);

/* errno as its symbolic name ("EINVAL"), "ok" for 0. */
const char *rb_errname(int err);

/*
 * The user's perf locked-memory charge (user_struct::perf_mlock, in
 * pages), which no /proc file shows.  perf_mmap() charges a new buffer
 * to it up to (perf_event_mlock_kb / 4) * online CPUs pages and moves
 * the rest to mm->pinned_vm, which /proc/self/status shows as VmPin.
 * So map a probe buffer larger than that limit: the VmPin growth is
 * perf_mlock + probe pages - limit.  Returns pages, or -1 on error,
 * or the limit if the charge is at or above it.
 */
long long rb_user_perf_mlock(void);

/* Drop CAP_IPC_LOCK from the effective set: perf's mlock limit applies. */
int rb_drop_ipc_lock(void);

/*
 * Switch this (child) process to an otherwise unused uid so the
 * per-user perf_mlock charge belongs to this test alone.  0 or -1.
 */
int rb_private_uid(void);

#endif /* RB_UTIL_H */
