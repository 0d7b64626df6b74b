// SPDX-License-Identifier: GPL-2.0
/*
 * rb_stress: bounded, seeded random stress of perf ring-buffer mappings.
 *
 * Usage: rb_stress [-t THREADS] [-s SECONDS] [--seed S] [--slots N]
 *                  [--no-aux] [-v]
 *
 * THREADS threads share a table of event slots and, for SECONDS seconds,
 * pick random operations on random slots: perf_event_open (software
 * events per task and per CPU, AUX events where a PMU allows), mmap of
 * data buffers (1 + 2^n pages, read-write or read-only, a second mapping
 * of the same buffer) and of AUX areas, munmap (whole, and partial: must
 * fail), mremap (whole move: must work; shrink, partial move, growth,
 * MREMAP_DONTUNMAP: must fail), mprotect (whole; partial must fail),
 * madvise, MAP_FIXED over part (must fail) or all of a mapping, fork (the
 * child reads and writes what it inherited, maps, unmaps and exits),
 * PERF_EVENT_IOC_SET_OUTPUT, enable/disable, reads of every page, writes
 * of the control page (allowed) and of data pages (must SIGBUS),
 * copy_from_user() and GUP reads of the buffer, and close (with or
 * without the mappings still there).  A check operation stops everyone
 * and compares /proc/self/maps with what the threads believe is mapped:
 * a split or a leftover mapping shows there.
 *
 * Each outcome is counted as ok, expected error (an errno the operation
 * may legitimately return) or unexpected; the program prints the seed and
 * the counts and exits 1 if anything was unexpected, 3 if a thread hung.
 * Each thread's sequence of choices follows from the seed alone, so
 * --seed replays a run (the interleaving of threads is up to the kernel).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "stress_util.h"

#define MAX_THREADS	16
#define MAX_SLOTS	64
#define MAX_DATA_ORDER	6	/* up to 64 data pages */
#define MAX_AUX_ORDER	4	/* up to 16 AUX pages */
#define HANG_GRACE	60	/* seconds past the end before "hung" */
#define WINDOW_BASE	0x3e0000000000UL	/* per-thread mremap targets */
#define WINDOW_SLOT	0x100000UL		/* > the largest mapping */
#define WINDOW_SLOTS	1024

enum { MAP_DATA, MAP_DATA2, MAP_AUX, NR_MAPS };

enum slot_kind { KIND_TASK, KIND_CPU, KIND_AUX };

struct map {
	char *addr;
	size_t len;
	int prot;
	/*
	 * MADV_DONTNEED worked on (part of) it: the entries may be gone.
	 * The fault-path baseline maps them again at the next access;
	 * VM_MIXEDMAP (mixedmap) has no ->fault, so an access gets SIGBUS
	 * and copy_from_user() EFAULT, as documented in its series;
	 * VM_PFNMAP refuses the advice.
	 */
	bool zapped;
};

struct slot {
	pthread_mutex_t lock;
	int fd;
	enum slot_kind kind;
	int cpu;
	/*
	 * SET_OUTPUT pointed the event at another event's buffer (and was
	 * not undone since): see may_be_alias().
	 */
	bool redirected;
	struct map maps[NR_MAPS];
};

enum op {
	OP_open, OP_close, OP_release, OP_mmap, OP_mmap_aux, OP_munmap,
	OP_munmap_part, OP_mremap_move, OP_mremap_shrink, OP_mremap_part,
	OP_mremap_grow, OP_mremap_dontunmap, OP_mprotect, OP_mprotect_part,
	OP_madvise, OP_fixed_part, OP_fixed_whole, OP_fork, OP_set_output,
	OP_enable, OP_read, OP_write_ctrl, OP_write_data, OP_copy_read,
	OP_gup_read, OP_produce, OP_check, NR_OPS
};

static const char *const op_names[NR_OPS] = {
	[OP_open] = "open",
	[OP_close] = "close",
	[OP_release] = "release",
	[OP_mmap] = "mmap",
	[OP_mmap_aux] = "mmap_aux",
	[OP_munmap] = "munmap",
	[OP_munmap_part] = "munmap_part",
	[OP_mremap_move] = "mremap_move",
	[OP_mremap_shrink] = "mremap_shrink",
	[OP_mremap_part] = "mremap_part",
	[OP_mremap_grow] = "mremap_grow",
	[OP_mremap_dontunmap] = "mremap_dontunmap",
	[OP_mprotect] = "mprotect",
	[OP_mprotect_part] = "mprotect_part",
	[OP_madvise] = "madvise",
	[OP_fixed_part] = "fixed_part",
	[OP_fixed_whole] = "fixed_whole",
	[OP_fork] = "fork",
	[OP_set_output] = "set_output",
	[OP_enable] = "enable",
	[OP_read] = "read",
	[OP_write_ctrl] = "write_ctrl",
	[OP_write_data] = "write_data",
	[OP_copy_read] = "copy_read",
	[OP_gup_read] = "gup_read",
	[OP_produce] = "produce",
	[OP_check] = "check",
};

/* Relative frequencies; check is rare because it stops every thread. */
static const unsigned int op_weight[NR_OPS] = {
	[OP_open] = 10, [OP_close] = 2, [OP_release] = 4, [OP_mmap] = 12,
	[OP_mmap_aux] = 6, [OP_munmap] = 6, [OP_munmap_part] = 3,
	[OP_mremap_move] = 3, [OP_mremap_shrink] = 2, [OP_mremap_part] = 2,
	[OP_mremap_grow] = 2, [OP_mremap_dontunmap] = 1,
	[OP_mprotect] = 3, [OP_mprotect_part] = 2, [OP_madvise] = 4,
	[OP_fixed_part] = 1, [OP_fixed_whole] = 1, [OP_fork] = 2,
	[OP_set_output] = 8, [OP_enable] = 4, [OP_read] = 8,
	[OP_write_ctrl] = 4, [OP_write_data] = 3, [OP_copy_read] = 3,
	[OP_gup_read] = 2, [OP_produce] = 4, [OP_check] = 1,
};

struct thread {
	pthread_t pt;
	unsigned int id;
	pid_t tid;
	struct su_rng rng;
	int cur_op;		/* for the hang report (atomic) */
	unsigned long busy;	/* slot locked by another thread */
	int memfd;
	char *window;		/* see reserve_dst() */
	unsigned int next_slot;
	struct su_op ops[NR_OPS];
};

static struct slot slots[MAX_SLOTS];
static unsigned int nr_slots = 16;
static struct thread threads[MAX_THREADS];
static unsigned int nr_threads = 4;
static double deadline;
#define MAX_AUX_PMUS	4
static struct su_aux_pmu aux_pmus[MAX_AUX_PMUS];
static unsigned int nr_aux;
static int nr_cpus;
static int verbose;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long reports;

/* Print the first unexpected outcomes in full; count them all. */
static void report(struct thread *t, int op, const char *fmt, ...)
	__printf(3, 4);

static void report(struct thread *t, int op, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&report_lock);
	if (reports++ < 30 || verbose) {
		fprintf(stderr, "rb_stress: thread %u op %s: ", t->id,
			op_names[op]);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	pthread_mutex_unlock(&report_lock);
}

/* Record an outcome: err 0 is ok, else expected if in the list. */
static void outcome(struct thread *t, int op, int err, const int *expect,
		    unsigned int n, const char *what)
{
	bool exp = false;
	unsigned int i;

	for (i = 0; i < n; i++)
		exp |= err == expect[i];
	su_op_record(&t->ops[op], err, exp);
	if (err && !exp)
		report(t, op, "%s: unexpected %s", what,
		       strerrorname_np(err) ?: "error");
}

/* An operation that must fail with @want: success is the bug. */
static void must_fail(struct thread *t, int op, int ret, int want,
		      const char *what)
{
	if (ret == 0) {
		/* counted as unexpected with no errno */
		t->ops[op].unexpected++;
		report(t, op, "%s succeeded; it must fail with %s", what,
		       strerrorname_np(want));
		return;
	}
	if (errno == want) {
		t->ops[op].ok++;
		t->ops[op].err[want]++;
	} else {
		su_op_record(&t->ops[op], errno, false);
		report(t, op, "%s: %s, want %s", what,
		       strerrorname_np(errno) ?: "?", strerrorname_np(want));
	}
}

static size_t data_len(unsigned int order)
{
	return (1 + ((size_t)1 << order)) * rb_page;
}

/* A slot picked at random and locked, or NULL when someone has it. */
static struct slot *grab(struct thread *t)
{
	struct slot *s = &slots[su_rng_below(&t->rng, nr_slots)];

	if (pthread_mutex_trylock(&s->lock)) {
		t->busy++;
		return NULL;
	}
	return s;
}

static struct map *pick_map(struct thread *t, struct slot *s)
{
	unsigned int i, start = su_rng_below(&t->rng, NR_MAPS);

	for (i = 0; i < NR_MAPS; i++) {
		struct map *m = &s->maps[(start + i) % NR_MAPS];

		if (m->addr)
			return m;
	}
	return NULL;
}

static void unmap(struct thread *t, struct map *m)
{
	if (!m->addr)
		return;
	if (munmap(m->addr, m->len))
		outcome(t, OP_munmap, errno, NULL, 0, "munmap whole");
	else
		t->ops[OP_munmap].ok++;
	m->addr = NULL;
}

static void do_open(struct thread *t, struct slot *s)
{
	static const unsigned long long configs[] = {
		PERF_COUNT_SW_CPU_CLOCK, PERF_COUNT_SW_TASK_CLOCK,
		PERF_COUNT_SW_PAGE_FAULTS, PERF_COUNT_SW_DUMMY,
		PERF_COUNT_SW_CONTEXT_SWITCHES,
	};
	struct perf_event_attr attr;
	unsigned int r = su_rng_below(&t->rng, 10);
	unsigned long long cfg;
	int fd, err;

	if (s->fd >= 0)
		return;
	cfg = configs[su_rng_below(&t->rng, ARRAY_SIZE(configs))];
	rb_sw_attr(&attr, cfg, 1, SU_SAMPLE);
	if (cfg == PERF_COUNT_SW_CPU_CLOCK || cfg == PERF_COUNT_SW_TASK_CLOCK)
		attr.sample_period = 100000ULL << su_rng_below(&t->rng, 6);
	else
		attr.sample_period = 1 + su_rng_below(&t->rng, 16);
	/* side-band records: every mmap, fork and exit lands in buffers */
	attr.mmap = 1;
	attr.mmap_data = 1;
	attr.comm = 1;
	attr.task = 1;
	attr.wakeup_events = 1 + su_rng_below(&t->rng, 8);
	attr.disabled = su_rng_below(&t->rng, 2);

	if (nr_aux && r < 3) {
		const struct su_aux_pmu *pmu =
			&aux_pmus[su_rng_below(&t->rng, nr_aux)];

		s->kind = KIND_AUX;
		s->cpu = pmu->cpu;
		fd = su_aux_open(pmu);
	} else if (r < 6) {
		s->kind = KIND_CPU;
		s->cpu = (int)su_rng_below(&t->rng, (unsigned int)nr_cpus);
		fd = rb_perf_open(&attr, -1, s->cpu, -1);
	} else {
		s->kind = KIND_TASK;
		s->cpu = -1;
		fd = rb_perf_open(&attr, 0, -1, -1);
	}
	err = fd < 0 ? errno : 0;
	/* EMFILE: the maps of closed events still hold their files */
	outcome(t, OP_open, err, (int[]){ EMFILE }, 1, "perf_event_open");
	s->fd = fd;
	s->redirected = false;
}

/* Close the event; its mappings stay and keep it alive. */
static void do_close(struct thread *t, struct slot *s)
{
	if (s->fd < 0)
		return;
	outcome(t, OP_close, close(s->fd) ? errno : 0, NULL, 0, "close");
	s->fd = -1;
}

static void do_release(struct thread *t, struct slot *s)
{
	unsigned int i;

	for (i = 0; i < NR_MAPS; i++)
		unmap(t, &s->maps[i]);
	if (s->fd >= 0) {
		outcome(t, OP_release, close(s->fd) ? errno : 0, NULL, 0,
			"close");
		s->fd = -1;
	}
}

/*
 * Whether mmap() of the slot's event may fail with EBUSY.  Since upstream
 * d06bf78e55d5 ("perf/core: Fix refcount bug and potential UAF in
 * perf_mmap", January 2026; in 7.3) perf_mmap_rb() refuses, with EBUSY,
 * to map an event that SET_OUTPUT redirected to another event's buffer
 * and that has no mapping of its own: that would be an alias of the
 * other event's buffer, whose control page both would write.  6.12 maps
 * the other event's buffer.  A defined refusal, so an expected outcome,
 * but only for a redirected event: anywhere else EBUSY stays a bug.  An
 * AUX mmap() through such an event is the same alias; 7.3.4 does not
 * refuse it (and warns, see tests/aux/mmap_account.c), the fix proposed
 * for it does, with EBUSY.
 */
static bool may_be_alias(const struct slot *s)
{
	return s->redirected;
}

static void do_mmap(struct thread *t, struct slot *s)
{
	struct map *m = &s->maps[MAP_DATA];
	unsigned int order = su_rng_below(&t->rng, MAX_DATA_ORDER + 1);
	int prot = su_rng_below(&t->rng, 3) ? PROT_READ | PROT_WRITE :
					      PROT_READ;
	size_t len = data_len(order);
	void *p;

	if (s->fd < 0)
		return;
	if (m->addr) {
		/* a second mapping of the same buffer */
		m = &s->maps[MAP_DATA2];
		if (m->addr)
			return;
		len = s->maps[MAP_DATA].len;
	}
	p = mmap(NULL, len, prot, MAP_SHARED, s->fd, 0);
	/*
	 * EINVAL: the event writes into another event's buffer
	 * (SET_OUTPUT) of a different size.  EBUSY: see may_be_alias().
	 */
	outcome(t, OP_mmap, p == MAP_FAILED ? errno : 0,
		(int[]){ EINVAL, EBUSY }, may_be_alias(s) ? 2 : 1,
		"mmap data");
	if (p == MAP_FAILED)
		return;
	m->addr = p;
	m->len = len;
	m->prot = prot;
	m->zapped = false;
}

static void do_mmap_aux(struct thread *t, struct slot *s)
{
	struct map *d = &s->maps[MAP_DATA], *m = &s->maps[MAP_AUX];
	unsigned int order = su_rng_below(&t->rng, MAX_AUX_ORDER + 1);
	int prot = su_rng_below(&t->rng, 2) ? PROT_READ | PROT_WRITE :
					      PROT_READ;
	void *p;

	/*
	 * rb_map_aux() writes aux_offset and aux_size to the control page
	 * directly: not where MADV_DONTNEED may have zapped it (SIGBUS on
	 * mixedmap).
	 */
	if (s->fd < 0 || m->addr || !d->addr || d->zapped ||
	    d->prot != (PROT_READ | PROT_WRITE))
		return;
	p = rb_map_aux(s->fd, d->addr, d->len, (size_t)1 << order, prot,
		       NULL, MAP_SHARED);
	/*
	 * EOPNOTSUPP: a software event has no AUX area.  EINVAL: the
	 * buffer's AUX area exists with another size, or the event writes
	 * into another event's buffer whose control page says otherwise.
	 * EBUSY: see may_be_alias().
	 */
	outcome(t, OP_mmap_aux, p == MAP_FAILED ? errno : 0,
		(int[]){ EOPNOTSUPP, EINVAL, EBUSY }, may_be_alias(s) ? 3 : 2,
		"mmap AUX");
	if (p == MAP_FAILED)
		return;
	m->addr = p;
	m->len = ((size_t)1 << order) * rb_page;
	m->prot = prot;
	m->zapped = false;
}

static void do_munmap(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);

	if (m)
		unmap(t, m);
}

/* Offset and length of a proper, page-aligned part of @m. */
static bool pick_part(struct thread *t, struct map *m, size_t *off,
		      size_t *len)
{
	size_t pages = m->len / rb_page;
	size_t first, n;

	if (pages < 2)
		return false;
	first = su_rng_below(&t->rng, (unsigned int)pages);
	n = 1 + su_rng_below(&t->rng, (unsigned int)(pages - first));
	if (first == 0 && n == pages)
		n--;
	*off = first * rb_page;
	*len = n * rb_page;
	return true;
}

static void do_munmap_part(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	size_t off, len;
	int ret;

	if (!m || !pick_part(t, m, &off, &len))
		return;
	ret = munmap(m->addr + off, len);
	/* perf_mmap_may_split() refuses every split of the VMA */
	must_fail(t, OP_munmap_part, ret, EINVAL, "partial munmap");
	if (!ret)
		unmap(t, m);	/* what is left of it */
}

/*
 * A free destination for mremap(MREMAP_FIXED): a reservation in this
 * thread's own window of the address space, far below where mmap(NULL)
 * places anything.  A failed mremap() may already have unmapped its
 * destination, and unmapping that again is only safe where no other
 * thread can have mapped something in the meantime.
 */
static void *reserve_dst(struct thread *t, size_t len)
{
	unsigned int i;
	void *p;

	for (i = 0; i < WINDOW_SLOTS; i++) {
		char *want = t->window + (size_t)t->next_slot * WINDOW_SLOT;

		t->next_slot = (t->next_slot + 1) % WINDOW_SLOTS;
		p = mmap(want, len, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
			 0);
		if (p != MAP_FAILED)
			return p;
	}
	return MAP_FAILED;
}

static void do_mremap_move(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	void *dst, *p;

	if (!m)
		return;
	dst = reserve_dst(t, m->len);
	if (dst == MAP_FAILED)
		return;
	p = mremap(m->addr, m->len, m->len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   dst);
	outcome(t, OP_mremap_move, p == MAP_FAILED ? errno : 0, NULL, 0,
		"mremap of the whole mapping");
	if (p == MAP_FAILED) {
		munmap(dst, m->len);
		return;
	}
	m->addr = p;
}

static void do_mremap_shrink(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	void *p;

	if (!m || m->len < 2 * rb_page)
		return;
	p = mremap(m->addr, m->len, m->len - rb_page, 0);
	must_fail(t, OP_mremap_shrink, p == MAP_FAILED ? -1 : 0, EINVAL,
		  "mremap shrink");
	if (p != MAP_FAILED)
		m->len -= rb_page;
}

static void do_mremap_part(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	size_t off, len;
	void *dst, *p;

	if (!m || !pick_part(t, m, &off, &len))
		return;
	dst = reserve_dst(t, len);
	if (dst == MAP_FAILED)
		return;
	p = mremap(m->addr + off, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   dst);
	must_fail(t, OP_mremap_part, p == MAP_FAILED ? -1 : 0, EINVAL,
		  "mremap of part");
	munmap(dst, len);
	if (p != MAP_FAILED)
		unmap(t, m);
}

/*
 * Growth, and old_len 0 ("duplicate" a shared mapping), must fail:
 * vma_to_resize() answers EFAULT for VM_DONTEXPAND (and VM_PFNMAP).
 */
static void do_mremap_grow(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	bool dup = su_rng_below(&t->rng, 2);
	void *p;

	if (!m)
		return;
	p = mremap(m->addr, dup ? 0 : m->len, m->len + rb_page,
		   MREMAP_MAYMOVE);
	must_fail(t, OP_mremap_grow, p == MAP_FAILED ? -1 : 0, EFAULT,
		  dup ? "mremap duplicate (old_len 0)" : "mremap growth");
	if (p == MAP_FAILED)
		return;
	if (dup) {
		munmap(p, m->len + rb_page);
	} else {
		m->addr = p;
		m->len += rb_page;
	}
}

static void do_mremap_dontunmap(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	void *p;

	if (!m)
		return;
	p = mremap(m->addr, m->len, m->len,
		   MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	must_fail(t, OP_mremap_dontunmap, p == MAP_FAILED ? -1 : 0, EINVAL,
		  "mremap MREMAP_DONTUNMAP");
	if (p != MAP_FAILED) {
		/* the old range is now empty anonymous memory */
		munmap(p, m->len);
	}
}

static void do_mprotect(struct thread *t, struct slot *s)
{
	static const int prots[] = {
		PROT_READ, PROT_READ | PROT_WRITE, PROT_NONE,
	};
	struct map *m = pick_map(t, s);
	int prot = prots[su_rng_below(&t->rng, ARRAY_SIZE(prots))];

	if (!m)
		return;
	outcome(t, OP_mprotect, mprotect(m->addr, m->len, prot) ? errno : 0,
		NULL, 0, "mprotect of the whole mapping");
	m->prot = prot;
}

static void do_mprotect_part(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	int prot = m && m->prot == PROT_READ ? PROT_NONE : PROT_READ;
	size_t off, len;
	int ret;

	if (!m || !pick_part(t, m, &off, &len))
		return;
	ret = mprotect(m->addr + off, len, prot);
	must_fail(t, OP_mprotect_part, ret, EINVAL, "partial mprotect");
	if (!ret)
		unmap(t, m);
}

static void do_madvise(struct thread *t, struct slot *s)
{
	static const int advice[] = {
		MADV_DONTNEED, MADV_WILLNEED, MADV_NORMAL, MADV_RANDOM,
		MADV_SEQUENTIAL, MADV_DONTFORK, MADV_DOFORK, MADV_COLD,
		MADV_PAGEOUT, MADV_DONTDUMP, MADV_DODUMP, MADV_REMOVE,
		MADV_FREE, MADV_POPULATE_READ, MADV_POPULATE_WRITE,
	};
	/*
	 * Advice may be refused for these mappings (VM_PFNMAP, VM_IO, not
	 * anonymous, read-only; MADV_REMOVE: ENODEV, not a regular file);
	 * what matters is that the kernel stays consistent, which the
	 * check operation and the splat scan see.
	 * ENOMEM would mean the range is not mapped: a bookkeeping error.
	 */
	static const int ok_err[] = {
		EINVAL, EFAULT, EPERM, EACCES, EIO, ENODEV, EOPNOTSUPP,
	};
	struct map *m = pick_map(t, s);
	size_t off = 0, len;
	int adv, ret;

	if (!m)
		return;
	len = m->len;
	if (su_rng_below(&t->rng, 2))
		pick_part(t, m, &off, &len);
	adv = advice[su_rng_below(&t->rng, ARRAY_SIZE(advice))];
	ret = madvise(m->addr + off, len, adv);
	if (!ret && adv == MADV_DONTNEED)
		m->zapped = true;
	outcome(t, OP_madvise, ret ? errno : 0, ok_err, ARRAY_SIZE(ok_err),
		"madvise");
}

static void do_fixed_part(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	size_t off, len;
	void *p;

	if (!m || !pick_part(t, m, &off, &len))
		return;
	p = mmap(m->addr + off, len, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	must_fail(t, OP_fixed_part, p == MAP_FAILED ? -1 : 0, EINVAL,
		  "MAP_FIXED over part of the mapping");
	if (p != MAP_FAILED)
		unmap(t, m);	/* anonymous part and perf remains */
}

static void do_fixed_whole(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	void *p;

	if (!m)
		return;
	p = mmap(m->addr, m->len, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	outcome(t, OP_fixed_whole, p == MAP_FAILED ? errno : 0, NULL, 0,
		"MAP_FIXED over the whole mapping");
	if (p != MAP_FAILED)
		unmap(t, m);	/* the anonymous replacement */
}

struct snap {
	char *addr;
	size_t len;
	int prot;
	int fd;
};

/* The child: touch what it may have inherited, map, unmap, exit. */
static void __noreturn child(struct snap *sn, unsigned int n, u64 seed)
{
	struct su_rng rng;
	unsigned int i;
	size_t off;
	int code = 0;

	alarm(20);
	su_rng_seed(&rng, seed, 0);
	for (i = 0; i < n; i++) {
		for (off = 0; off < sn[i].len; off += rb_page)
			rb_try_read(sn[i].addr + off);
		/* pgoff 0 of a data mapping is the control page */
		if (sn[i].prot & PROT_WRITE)
			rb_try_store(sn[i].addr, 0);
		if (su_rng_below(&rng, 2))
			munmap(sn[i].addr, sn[i].len);
		if (sn[i].fd >= 0 && su_rng_below(&rng, 3) == 0) {
			void *p = mmap(NULL, sn[i].len, PROT_READ | PROT_WRITE,
				       MAP_SHARED, sn[i].fd, 0);

			/* a data write into any page but pgoff 0 dies */
			if (p != MAP_FAILED && sn[i].len > rb_page &&
			    rb_try_store((char *)p + rb_page, 1) != SIGBUS)
				code = 2;
		}
	}
	_exit(code);
}

static void do_fork(struct thread *t, struct slot *unused)
{
	struct snap sn[MAX_SLOTS * NR_MAPS];
	unsigned int i, j, n = 0;
	int status, err = 0;
	pid_t pid;

	/* Racy snapshot on purpose: the child copes with stale entries. */
	for (i = 0; i < nr_slots; i++) {
		for (j = 0; j < NR_MAPS; j++) {
			struct map m = slots[i].maps[j];

			if (!m.addr)
				continue;
			sn[n].addr = m.addr;
			sn[n].len = m.len;
			sn[n].prot = m.prot;
			sn[n].fd = j == MAP_DATA ? slots[i].fd : -1;
			n++;
		}
	}
	pid = fork();
	if (pid < 0) {
		outcome(t, OP_fork, errno, NULL, 0, "fork");
		return;
	}
	if (pid == 0)
		child(sn, n, su_rng_next(&t->rng));
	su_rng_next(&t->rng);	/* keep the parent's sequence in step */
	if (waitpid(pid, &status, 0) != pid) {
		err = errno;
	} else if (WIFSIGNALED(status)) {
		report(t, OP_fork, "child died of signal %d",
		       WTERMSIG(status));
		err = EINTR;
	} else if (WEXITSTATUS(status)) {
		report(t, OP_fork, "child: a data page was writable");
		err = EPROTO;
	}
	outcome(t, OP_fork, err, NULL, 0, "fork child");
}

static void do_set_output(struct thread *t, struct slot *s)
{
	struct slot *o = NULL;
	int target = -1, ret;

	if (s->fd < 0)
		return;
	switch (su_rng_below(&t->rng, 8)) {
	case 0:
		break;		/* -1: back to its own buffer */
	case 1:
		target = s->fd;	/* itself: EINVAL */
		break;
	default:
		/* NULL if busy (or this very slot): -1 then */
		o = grab(t);
		if (o)
			target = o->fd;
		break;
	}
	ret = rb_set_output(s->fd, target);
	/*
	 * EINVAL: other CPU or task, no mapped buffer there, itself.
	 * EBUSY: this event has a mapping of its own.  EBADF: the other
	 * slot's event was closed (fd -1).
	 */
	outcome(t, OP_set_output, ret ? errno : 0,
		(int[]){ EINVAL, EBUSY, EBADF }, 3, "SET_OUTPUT");
	if (!ret)
		s->redirected = target >= 0;
	if (o)
		pthread_mutex_unlock(&o->lock);
}

static void do_enable(struct thread *t, struct slot *s)
{
	static const unsigned long cmds[] = {
		PERF_EVENT_IOC_ENABLE, PERF_EVENT_IOC_DISABLE,
		PERF_EVENT_IOC_RESET,
	};

	if (s->fd < 0)
		return;
	outcome(t, OP_enable,
		ioctl(s->fd, cmds[su_rng_below(&t->rng, ARRAY_SIZE(cmds))],
		      0) ? errno : 0, NULL, 0, "enable/disable/reset");
}

static void do_read(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	size_t off;
	int sig;

	if (!m)
		return;
	for (off = 0; off < m->len; off += rb_page) {
		sig = rb_try_read(m->addr + off);
		if (m->prot == PROT_NONE) {
			if (sig != SIGSEGV) {
				t->ops[OP_read].unexpected++;
				report(t, OP_read, "PROT_NONE read: signal %d",
				       sig);
				return;
			}
		} else if (sig == SIGBUS && m->zapped) {
			t->ops[OP_read].expected++;
			return;
		} else if (sig) {
			t->ops[OP_read].unexpected++;
			report(t, OP_read, "read of page %zu: signal %d",
			       off / rb_page, sig);
			return;
		}
	}
	t->ops[OP_read].ok++;
}

static void do_write_ctrl(struct thread *t, struct slot *s)
{
	struct map *m = &s->maps[su_rng_below(&t->rng, 2) ? MAP_DATA :
							      MAP_DATA2];
	struct perf_event_mmap_page *up;
	int sig;

	if (!m->addr || m->prot != (PROT_READ | PROT_WRITE))
		return;
	up = (void *)m->addr;
	/* consume everything: data_tail = data_head */
	sig = rb_try_store(&up->data_tail, 0);
	if (!sig)
		__atomic_store_n(&up->data_tail,
				 __atomic_load_n(&up->data_head,
						 __ATOMIC_ACQUIRE),
				 __ATOMIC_RELEASE);
	if (sig == SIGBUS && m->zapped) {
		t->ops[OP_write_ctrl].expected++;
		return;
	}
	if (sig) {
		t->ops[OP_write_ctrl].unexpected++;
		report(t, OP_write_ctrl, "write of the control page: signal %d",
		       sig);
		return;
	}
	t->ops[OP_write_ctrl].ok++;
}

static void do_write_data(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	bool aux = m == &s->maps[MAP_AUX];
	size_t first = aux ? 0 : 1, pages, pg;
	int sig, want;

	if (!m)
		return;
	pages = m->len / rb_page;
	if (pages <= first)
		return;
	pg = first + su_rng_below(&t->rng, (unsigned int)(pages - first));
	sig = rb_try_store(m->addr + pg * rb_page, 0x5a);
	/* only the control page may ever become writable */
	want = m->prot & PROT_WRITE ? SIGBUS : SIGSEGV;
	if (sig == want) {
		t->ops[OP_write_data].ok++;
		return;
	}
	/* a zapped page: no ->fault to tell a write from a read */
	if (sig == SIGBUS && m->zapped) {
		t->ops[OP_write_data].expected++;
		return;
	}
	t->ops[OP_write_data].unexpected++;
	report(t, OP_write_data, "write to %s page %zu (prot %d): signal %d, want %d",
	       aux ? "AUX" : "data", pg, m->prot, sig, want);
}

/* copy_from_user() from the buffer: works for every variant. */
static void do_copy_read(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	ssize_t n;

	if (!m || t->memfd < 0)
		return;
	n = pwrite(t->memfd, m->addr, m->len, 0);
	if (m->prot == PROT_NONE) {
		outcome(t, OP_copy_read, n < 0 ? errno : 0,
			(int[]){ EFAULT }, 1, "write() from PROT_NONE");
		return;
	}
	/* zapped: EFAULT, or a short write (EIO here) up to the hole */
	outcome(t, OP_copy_read,
		n == (ssize_t)m->len ? 0 : n < 0 ? errno : EIO,
		(int[]){ EFAULT, EIO }, m->zapped ? 2 : 0,
		"write() from the buffer");
}

/* GUP: works on the fault-path baseline, refused for VM_PFNMAP/VM_IO. */
static void do_gup_read(struct thread *t, struct slot *s)
{
	struct map *m = pick_map(t, s);
	char buf[4096];
	ssize_t n;
	int fd;

	if (!m)
		return;
	fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = pread(fd, buf, sizeof(buf), (off_t)(uintptr_t)m->addr);
	close(fd);
	outcome(t, OP_gup_read, n < 0 ? errno : 0, (int[]){ EIO, EFAULT },
		2, "/proc/self/mem read");
}

/* Page faults and CPU time for the events to record. */
static void do_produce(struct thread *t, struct slot *unused)
{
	size_t len = (1 + su_rng_below(&t->rng, 32)) * rb_page, off;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		outcome(t, OP_produce, errno, NULL, 0, "anonymous mmap");
		return;
	}
	for (off = 0; off < len; off += rb_page)
		p[off] = 1;
	munmap(p, len);
	t->ops[OP_produce].ok++;
}

/*
 * Stop every thread (lock every slot), then compare /proc/self/maps with
 * the bookkeeping: each mapping must be one VMA of exactly its size, and
 * no perf VMA may exist that nobody mapped.
 */
static void do_check(struct thread *t, struct slot *unused)
{
	unsigned int i, j, want = 0, bad = 0;
	unsigned long lo, hi;
	char line[512];
	int have = 0;
	FILE *f;

	for (i = 0; i < nr_slots; i++)
		pthread_mutex_lock(&slots[i].lock);
	f = fopen("/proc/self/maps", "re");
	if (!f)
		goto out;
	while (fgets(line, sizeof(line), f)) {
		bool found = false;

		if (!strstr(line, "[perf_event]"))
			continue;
		have++;
		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2)
			continue;
		for (i = 0; i < nr_slots && !found; i++) {
			for (j = 0; j < NR_MAPS; j++) {
				struct map *m = &slots[i].maps[j];

				if ((uintptr_t)m->addr == lo &&
				    (uintptr_t)m->addr + m->len == hi)
					found = true;
			}
		}
		if (!found) {
			bad++;
			line[strcspn(line, "\n")] = '\0';
			report(t, OP_check, "unknown or split perf VMA: %s",
			       line);
		}
	}
	fclose(f);
	for (i = 0; i < nr_slots; i++)
		for (j = 0; j < NR_MAPS; j++)
			want += !!slots[i].maps[j].addr;
	if ((unsigned int)have != want) {
		bad++;
		report(t, OP_check, "%d perf VMAs mapped, %u expected", have,
		       want);
	}
	if (bad)
		t->ops[OP_check].unexpected++;
	else
		t->ops[OP_check].ok++;
out:
	for (i = 0; i < nr_slots; i++)
		pthread_mutex_unlock(&slots[i].lock);
}

typedef void (*op_fn)(struct thread *t, struct slot *s);

static const op_fn op_fns[NR_OPS] = {
	[OP_open] = do_open,
	[OP_close] = do_close,
	[OP_release] = do_release,
	[OP_mmap] = do_mmap,
	[OP_mmap_aux] = do_mmap_aux,
	[OP_munmap] = do_munmap,
	[OP_munmap_part] = do_munmap_part,
	[OP_mremap_move] = do_mremap_move,
	[OP_mremap_shrink] = do_mremap_shrink,
	[OP_mremap_part] = do_mremap_part,
	[OP_mremap_grow] = do_mremap_grow,
	[OP_mremap_dontunmap] = do_mremap_dontunmap,
	[OP_mprotect] = do_mprotect,
	[OP_mprotect_part] = do_mprotect_part,
	[OP_madvise] = do_madvise,
	[OP_fixed_part] = do_fixed_part,
	[OP_fixed_whole] = do_fixed_whole,
	[OP_fork] = do_fork,
	[OP_set_output] = do_set_output,
	[OP_enable] = do_enable,
	[OP_read] = do_read,
	[OP_write_ctrl] = do_write_ctrl,
	[OP_write_data] = do_write_data,
	[OP_copy_read] = do_copy_read,
	[OP_gup_read] = do_gup_read,
	[OP_produce] = do_produce,
	[OP_check] = do_check,
};

/* Operations that do not work on one slot. */
static bool slotless(int op)
{
	return op == OP_fork || op == OP_produce || op == OP_check;
}

static unsigned int op_total;

static int pick_op(struct thread *t)
{
	unsigned int i, r;

	r = su_rng_below(&t->rng, op_total);
	for (i = 0; i < NR_OPS; i++) {
		if (r < op_weight[i])
			return (int)i;
		r -= op_weight[i];
	}
	return OP_read;
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;

	t->tid = (pid_t)syscall(SYS_gettid);
	t->memfd = memfd_create("rb_stress", MFD_CLOEXEC);
	while (su_now() < deadline) {
		int op = pick_op(t);
		struct slot *s = NULL;

		__atomic_store_n(&t->cur_op, op, __ATOMIC_RELAXED);
		if (!slotless(op)) {
			s = grab(t);
			if (!s)
				continue;
		}
		op_fns[op](t, s);
		if (s)
			pthread_mutex_unlock(&s->lock);
	}
	__atomic_store_n(&t->cur_op, -1, __ATOMIC_RELAXED);
	if (t->memfd >= 0)
		close(t->memfd);
	return NULL;
}

static void die_usage(void)
{
	fprintf(stderr,
		"usage: rb_stress [-t THREADS] [-s SECONDS] [--seed S] [--slots N] [--no-aux] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "slots", required_argument, NULL, 'n' },
		{ "no-aux", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long total = 0, unexpected = 0, busy = 0;
	struct su_op sum[NR_OPS];
	bool no_aux = false, hung = false;
	struct su_common co = { .seconds = 10, .seed = su_fresh_seed() };
	double seconds, start;
	u64 seed;
	char why[512] = "";
	unsigned int i, j;
	int c;

	while ((c = su_getopt(argc, argv, "t:", longopts, &co,
			      die_usage)) != -1) {
		switch (c) {
		case 't':
			nr_threads = (unsigned int)su_arg_ulong(optarg,
								die_usage);
			break;
		case 'n':
			nr_slots = (unsigned int)su_arg_ulong(optarg, die_usage);
			break;
		case 'A':
			no_aux = true;
			break;
		default:
			die_usage();
		}
	}
	if (!nr_threads || nr_threads > MAX_THREADS || !nr_slots ||
	    nr_slots > MAX_SLOTS)
		die_usage();
	seconds = co.seconds;
	seed = co.seed;
	verbose = co.verbose;

	nr_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* every buffer keeps a file open; do not run out of them */
	setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 4096, 4096 });
	if (!no_aux)
		nr_aux = su_aux_pmus(aux_pmus, MAX_AUX_PMUS, why, sizeof(why));
	printf("rb_stress: seed=0x%llx threads=%u seconds=%g slots=%u\n",
	       (unsigned long long)seed, nr_threads, seconds, nr_slots);
	for (i = 0; i < nr_aux; i++)
		printf("rb_stress: aux_pmu=%s type=%u cpu=%d\n",
		       aux_pmus[i].name, aux_pmus[i].type, aux_pmus[i].cpu);
	if (!nr_aux)
		printf("rb_stress: aux_pmu=none (%s): AUX maps only on software events (refused)\n",
		       no_aux ? "--no-aux" : why);

	for (i = 0; i < NR_OPS; i++)
		op_total += op_weight[i];
	for (i = 0; i < nr_slots; i++) {
		pthread_mutex_init(&slots[i].lock, NULL);
		slots[i].fd = -1;
	}
	start = su_now();
	deadline = start + seconds;
	for (i = 0; i < nr_threads; i++) {
		threads[i].id = i;
		threads[i].window = (char *)(WINDOW_BASE +
					     (uintptr_t)i * WINDOW_SLOTS *
					     WINDOW_SLOT);
		su_rng_seed(&threads[i].rng, seed, i);
		if (pthread_create(&threads[i].pt, NULL, thread_main,
				   &threads[i])) {
			perror("pthread_create");
			return 2;
		}
	}
	for (i = 0; i < nr_threads; i++) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += (time_t)(deadline - su_now()) + HANG_GRACE;
		if (pthread_timedjoin_np(threads[i].pt, NULL, &ts)) {
			int op = __atomic_load_n(&threads[i].cur_op,
						 __ATOMIC_RELAXED);

			printf("rb_stress: HANG: thread %u still in %s %d s after the end\n",
			       i, op >= 0 ? op_names[op] : "?", HANG_GRACE);
			hung = true;
		}
	}
	if (hung) {
		printf("rb_stress: seed=0x%llx hung=1\n",
		       (unsigned long long)seed);
		fflush(stdout);
		_exit(3);
	}

	/* Tear down, then nothing of ours may be left mapped. */
	for (i = 0; i < nr_slots; i++)
		do_release(&threads[0], &slots[i]);
	if (su_perf_vmas() != 0) {
		threads[0].ops[OP_check].unexpected++;
		report(&threads[0], OP_check,
		       "%d perf VMAs left after everything was unmapped",
		       su_perf_vmas());
	}

	memset(sum, 0, sizeof(sum));
	for (i = 0; i < nr_threads; i++) {
		for (j = 0; j < NR_OPS; j++)
			su_op_add(&sum[j], &threads[i].ops[j]);
		busy += threads[i].busy;
	}
	for (j = 0; j < NR_OPS; j++) {
		su_op_print(op_names[j], &sum[j]);
		total += sum[j].ok + sum[j].expected + sum[j].unexpected;
		unexpected += sum[j].unexpected;
	}
	printf("rb_stress: seed=0x%llx ops=%lu unexpected=%lu busy=%lu seconds=%.1f\n",
	       (unsigned long long)seed, total, unexpected, busy,
	       su_now() - start);
	return unexpected ? 1 : 0;
}
