// SPDX-License-Identifier: GPL-2.0
/*
 * What a mapping of a perf buffer beyond the first costs the user, what
 * it leaves of the event's mmap count, and what unmapping the data buffer
 * does to the AUX mmap count: three bugs of Linux 7.3.4.
 *
 *   data_mapped_twice  one data buffer mapped twice, then both unmapped
 *   aux_mapped_twice   one AUX area mapped twice, then both unmapped
 *     The pages perf charges to the user within perf_event_mlock_kb
 *     (user_struct::perf_mlock) must be charged once per buffer, and be
 *     back once its last mapping is gone: perf_mmap_close() uncharges a
 *     buffer once, when its last mapping goes.  7.3.4 charges every
 *     mapping (perf_mmap_rb()'s and perf_mmap_aux()'s "already mapped"
 *     paths call perf_mmap_account() with the mapping's size; 6.12
 *     charged nothing there), so each extra mapping leaks its pages.
 *   aux_mmap_of_redirected_event  an AUX mmap() through an event that
 *     SET_OUTPUT redirected to another event's buffer and that has no
 *     mapping of its own: either refused with EBUSY, like the data
 *     mmap() of such an event since upstream d06bf78e55d5, or mapped
 *     (6.12); either way, once it is unmapped the event has no mmap
 *     count left and SET_OUTPUT to -1 works.  7.3.4's perf_mmap_aux()
 *     ends with refcount_inc() of the event's mmap_count, which is 0:
 *     "refcount_t: addition on 0; use-after-free" (a WARNING, a panic
 *     with panic_on_warn), the count saturates and never drops again,
 *     so SET_OUTPUT refuses the event (EINVAL) while it stays attached.
 *
 *   data_unmap_during_first_aux_alloc  another process unmaps its
 *     mapping of the data buffer while this one maps the buffer's first
 *     AUX area: the data VMA holds no AUX mmap count, and its
 *     perf_mmap_close() must not drop one.  7.3.4's perf_mmap_close()
 *     takes a VMA for the AUX one when rb_has_aux(rb) && its offset ==
 *     rb->aux_pgoff, read without rb->aux_mutex; rb_alloc_aux() makes
 *     rb_has_aux() true page by page before it sets rb->aux_pgoff, which
 *     is still 0, the data VMA's offset, on a buffer that never had an
 *     AUX area: "refcount_t: underflow; use-after-free" (a WARNING).
 *     Rounds of fork(), a child mapping and unmapping the data buffer,
 *     the parent mapping the AUX area, until /sys/kernel/warn_count
 *     moves or RACE_ROUNDS pass.  6.12 (atomic_t) goes to -1 unseen.
 *
 * The charge is read exactly: with RLIMIT_MEMLOCK 0 and CAP_IPC_LOCK
 * dropped, a mapping fits only within perf_event_mlock_kb, so the
 * smallest limit under which a one-page buffer maps, and how many fit
 * under it, tell perf_mlock page by page (perf_mlock_pages()).  It is
 * per user: nothing else of the user may map perf buffers meanwhile.
 *
 * Not in tests/aux/run.sh: it runs in a boot of its own
 * (tests/vm/accounting.sh), since the WARNING it provokes on 7.3.4 fails
 * the whole boot; kernel-patches/7.3/upstream/known-bugs lists it.  Needs
 * root (the sysctls, restored at the end) and, for the aux cases, the
 * test-only PMU aux_test (kernel-patches/<base>/testing/).
 *
 * Usage: mmap_account [kselftest harness options]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "rb_util.h"

#define MLOCK_KB	"/proc/sys/kernel/perf_event_mlock_kb"
#define PARANOID	"/proc/sys/kernel/perf_event_paranoid"
/* perf_event_mlock_kb while the test maps: far above any charge */
#define BIG_KB		(256L * 1024)
#define DATA_PAGES	4
#define AUX_PAGES	4
#define PROBE_MAX	64
#define WARN_COUNT	"/sys/kernel/warn_count"
/* AUX pages of the race: enough for rb_alloc_aux() to take a while */
#define RACE_AUX_PAGES	1024
#define RACE_ROUNDS	100

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

/* A dummy software event (type 1) or an aux_test event of this task. */
static int event_open(int type)
{
	struct perf_event_attr attr = {
		.size		= sizeof(attr),
		.type		= type,
		.config		= type == PERF_TYPE_SOFTWARE ? PERF_COUNT_SW_DUMMY : 0,
		.disabled	= 1,
		.exclude_kernel	= 1,
		.exclude_hv	= 1,
	};

	return rb_perf_open(&attr, 0, -1, -1);
}

/* The AUX area of the buffer whose control page is mapped at @pc. */
static void *map_aux(void *pc, int fd, int prot)
{
	return rb_map_aux(fd, pc, (1 + DATA_PAGES) * page_size(), AUX_PAGES,
			  prot, NULL, MAP_SHARED);
}

/*
 * How many one-page buffers (control page only, one page charged each)
 * map with perf_event_mlock_kb at @k pages per CPU, at most @max; -1 if
 * one fails otherwise than with EPERM.
 */
static int fits(long k, int max)
{
	int fd[PROBE_MAX], n, i, ret, err = 0;
	void *p[PROBE_MAX];

	if (max > PROBE_MAX || rb_write_long(MLOCK_KB, k * page_size() / 1024))
		return -1;
	for (n = 0; n < max; n++) {
		fd[n] = event_open(PERF_TYPE_SOFTWARE);
		if (fd[n] < 0) {
			err = errno;
			break;
		}
		p[n] = mmap(NULL, page_size(), PROT_READ, MAP_SHARED, fd[n], 0);
		if (p[n] == MAP_FAILED) {
			err = errno;
			close(fd[n]);
			break;
		}
	}
	ret = n == max || err == EPERM ? n : -1;
	for (i = 0; i < n; i++) {
		munmap(p[i], page_size());
		close(fd[i]);
	}
	if (rb_write_long(MLOCK_KB, BIG_KB))
		return -1;
	return ret;
}

/*
 * The pages charged to this user's perf_mlock, or -1.  With a limit of
 * L = k * CPUs pages, a one-page buffer maps while perf_mlock + 1 <= L;
 * at the smallest k where one maps, L - perf_mlock (1..CPUs) of them do.
 */
static long perf_mlock_pages(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN), lo = 0, hi = 1, k;
	int n;

	if (cpus < 1 || cpus >= PROBE_MAX)
		return -1;
	while ((n = fits(hi, 1)) == 0) {
		lo = hi;
		hi *= 2;
		if (hi > BIG_KB)
			return -1;
	}
	if (n < 0)
		return -1;
	while (hi - lo > 1) {
		k = lo + (hi - lo) / 2;
		n = fits(k, 1);
		if (n < 0)
			return -1;
		if (n)
			hi = k;
		else
			lo = k;
	}
	n = fits(hi, cpus + 1);
	if (n < 1 || n > cpus)
		return -1;
	return hi * cpus - n;
}

FIXTURE(acct)
{
	long	saved_kb;
	long	saved_paranoid;
	int	aux_type;	/* -1: no aux_test PMU */
	long	before;		/* perf_mlock at the start */
};

FIXTURE_SETUP(acct)
{
	self->saved_kb = -1;
	self->saved_paranoid = 0;
	if (geteuid())
		SKIP(return, "needs root: sets %s", MLOCK_KB);
	ASSERT_EQ(rb_read_long(MLOCK_KB, &self->saved_kb), 0);
	ASSERT_EQ(rb_read_long(PARANOID, &self->saved_paranoid), 0);
	/* perf_mmap_calc_limits() enforces nothing below paranoid 0 */
	if (self->saved_paranoid < 0)
		ASSERT_EQ(rb_write_long(PARANOID, 2), 0);
	ASSERT_EQ(rb_write_long(MLOCK_KB, BIG_KB), 0);
	ASSERT_EQ(setrlimit(RLIMIT_MEMLOCK, &(struct rlimit){ 0, 0 }), 0);
	ASSERT_EQ(rb_drop_ipc_lock(), 0);
	self->aux_type = rb_pmu_type("aux_test");
	self->before = perf_mlock_pages();
	ASSERT_GE(self->before, 0) TH_LOG("cannot read perf_mlock through %s", MLOCK_KB);
}

FIXTURE_TEARDOWN(acct)
{
	if (self->saved_kb >= 0)
		rb_write_long(MLOCK_KB, self->saved_kb);
	if (self->saved_paranoid < 0)
		rb_write_long(PARANOID, self->saved_paranoid);
}

TEST_F(acct, data_mapped_twice)
{
	size_t len = (1 + DATA_PAGES) * page_size();
	long both, after;
	void *a, *b;
	int fd;

	fd = event_open(PERF_TYPE_SOFTWARE);
	ASSERT_GE(fd, 0);
	a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(a, MAP_FAILED);
	b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(b, MAP_FAILED) TH_LOG("second mmap(): %s", strerror(errno));
	both = perf_mlock_pages();
	EXPECT_GE(both, 0) TH_LOG("perf_mlock probe failed");
	ASSERT_EQ(munmap(a, len), 0);
	ASSERT_EQ(munmap(b, len), 0);
	close(fd);
	after = perf_mlock_pages();
	ASSERT_GE(after, 0) TH_LOG("perf_mlock probe failed");
	TH_LOG("perf_mlock %ld pages, %ld with both mappings, %ld after",
	       self->before, both, after);
	EXPECT_EQ(both - self->before, 1 + DATA_PAGES)
		TH_LOG("a %d-page buffer mapped twice is charged %ld pages",
		       1 + DATA_PAGES, both - self->before);
	EXPECT_EQ(after, self->before)
		TH_LOG("%ld pages still charged once nothing is mapped",
		       after - self->before);
}

TEST_F(acct, aux_mapped_twice)
{
	size_t len = (1 + DATA_PAGES) * page_size();
	long both, after;
	void *pc, *a, *b;
	int fd;

	if (self->aux_type < 0)
		SKIP(return, "no aux_test PMU: kernel without the test patch");
	fd = event_open(self->aux_type);
	ASSERT_GE(fd, 0);
	pc = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(pc, MAP_FAILED);
	a = map_aux(pc, fd, PROT_READ | PROT_WRITE);
	ASSERT_NE(a, MAP_FAILED) TH_LOG("AUX mmap(): %s", strerror(errno));
	b = map_aux(pc, fd, PROT_READ | PROT_WRITE);
	ASSERT_NE(b, MAP_FAILED) TH_LOG("second AUX mmap(): %s", strerror(errno));
	both = perf_mlock_pages();
	EXPECT_GE(both, 0) TH_LOG("perf_mlock probe failed");
	ASSERT_EQ(munmap(a, AUX_PAGES * page_size()), 0);
	ASSERT_EQ(munmap(b, AUX_PAGES * page_size()), 0);
	ASSERT_EQ(munmap(pc, len), 0);
	close(fd);
	after = perf_mlock_pages();
	ASSERT_GE(after, 0) TH_LOG("perf_mlock probe failed");
	TH_LOG("perf_mlock %ld pages, %ld with both AUX mappings, %ld after",
	       self->before, both, after);
	EXPECT_EQ(both - self->before, 1 + DATA_PAGES + AUX_PAGES)
		TH_LOG("%d data and %d AUX pages, the AUX area mapped twice, are charged %ld pages",
		       1 + DATA_PAGES, AUX_PAGES, both - self->before);
	EXPECT_EQ(after, self->before)
		TH_LOG("%ld pages still charged once nothing is mapped",
		       after - self->before);
}

TEST_F(acct, aux_mmap_of_redirected_event)
{
	size_t len = (1 + DATA_PAGES) * page_size();
	void *pc, *aux;
	int e, f;
	long after;

	if (self->aux_type < 0)
		SKIP(return, "no aux_test PMU: kernel without the test patch");
	e = event_open(self->aux_type);
	f = event_open(self->aux_type);
	ASSERT_GE(e, 0);
	ASSERT_GE(f, 0);
	pc = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, e, 0);
	ASSERT_NE(pc, MAP_FAILED);
	/* F writes into E's buffer; F has no mapping of its own */
	ASSERT_EQ(rb_set_output(f, e), 0) TH_LOG("SET_OUTPUT F -> E: %s", strerror(errno));
	aux = map_aux(pc, f, PROT_READ | PROT_WRITE);
	if (aux == MAP_FAILED) {
		/* refused as an alias, as the data mmap() of F is */
		EXPECT_EQ(errno, EBUSY) TH_LOG("AUX mmap() through F: %s", strerror(errno));
	} else {
		ASSERT_EQ(munmap(aux, AUX_PAGES * page_size()), 0);
	}
	/* F has no mapping (left): its mmap count is 0, it may be redirected */
	EXPECT_EQ(rb_set_output(f, -1), 0)
		TH_LOG("SET_OUTPUT F -> -1 after the AUX mmap(): %s (F's mmap count stuck)",
		       strerror(errno));
	ASSERT_EQ(munmap(pc, len), 0);
	close(f);
	close(e);
	after = perf_mlock_pages();
	ASSERT_GE(after, 0) TH_LOG("perf_mlock probe failed");
	EXPECT_EQ(after, self->before)
		TH_LOG("%ld pages still charged once nothing is mapped",
		       after - self->before);
}

/* The child of a race round: map and unmap E's data buffer until told. */
static void __noreturn unmap_loop(int e, size_t len, int *go)
{
	__atomic_store_n(go, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(go, __ATOMIC_SEQ_CST) == 1) {
		void *p = mmap(NULL, len, PROT_READ, MAP_SHARED, e, 0);

		if (p == MAP_FAILED || munmap(p, len))
			_exit(1);
	}
	_exit(0);
}

TEST(data_unmap_during_first_aux_alloc)
{
	size_t len = (1 + DATA_PAGES) * page_size();
	long warns_before = -1, warns = -1;
	int type = rb_pmu_type("aux_test");
	int round, status, *go;

	if (type < 0)
		SKIP(return, "no aux_test PMU: kernel without the test patch");
	if (rb_read_long(WARN_COUNT, &warns_before))
		TH_LOG("no %s: the runner's splat check alone decides", WARN_COUNT);
	go = mmap(NULL, page_size(), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(go, MAP_FAILED);
	for (round = 0; round < RACE_ROUNDS; round++) {
		int e = event_open(type);
		void *pc, *aux;
		pid_t pid;

		ASSERT_GE(e, 0);
		/* a new buffer: it never had an AUX area */
		pc = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, e, 0);
		ASSERT_NE(pc, MAP_FAILED);
		*go = 0;
		pid = fork();
		ASSERT_GE(pid, 0);
		if (!pid)
			unmap_loop(e, len, go);
		while (!__atomic_load_n(go, __ATOMIC_SEQ_CST))
			sched_yield();
		aux = rb_map_aux(e, pc, len, RACE_AUX_PAGES, PROT_READ, NULL,
				 MAP_SHARED);
		__atomic_store_n(go, 2, __ATOMIC_SEQ_CST);
		ASSERT_EQ(waitpid(pid, &status, 0), pid);
		ASSERT_NE(aux, MAP_FAILED) TH_LOG("AUX mmap(): %s", strerror(errno));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("the child's mmap()/munmap() of the data buffer failed");
		ASSERT_EQ(munmap(aux, RACE_AUX_PAGES * page_size()), 0);
		ASSERT_EQ(munmap(pc, len), 0);
		close(e);
		if (warns_before >= 0 &&
		    (rb_read_long(WARN_COUNT, &warns) || warns != warns_before))
			break;
	}
	TH_LOG("%d of %d rounds", round < RACE_ROUNDS ? round + 1 : round,
	       RACE_ROUNDS);
	EXPECT_EQ(warns, warns_before)
		TH_LOG("a kernel WARNING in round %d (see the kernel log)", round + 1);
}

TEST_HARNESS_MAIN
