// SPDX-License-Identifier: GPL-2.0
/*
 * rb_inject: make allocations fail while perf_mmap() maps a buffer, and
 * check that each failure is clean.
 *
 * Usage: rb_inject [-s SECONDS] [--min N] [--seed S] [-v]
 *
 * Needs a kernel with CONFIG_FAULT_INJECTION_DEBUG_FS, FAILSLAB,
 * FAIL_PAGE_ALLOC and FAULT_INJECTION_STACKTRACE_FILTER (the "debug"
 * flavour); exits 4 (skip) without them.
 *
 * How failures are injected (Documentation/fault-injection/):
 * failslab and fail_page_alloc get probability 0, so nothing fails at
 * random, and a stack-trace filter (require-start/end) naming one kernel
 * function, the "site".  Writing n to /proc/thread-self/fail-nth then
 * fails the n-th allocation of this thread whose stack passes through
 * the site; reading it back says whether that happened.  For n = 1, 2,
 * ... every allocation point of one mmap() is failed in turn, until an
 * mmap() completes without reaching the n-th: the sites are enumerated,
 * not sampled.  The sites are perf_mmap() itself (everything it
 * allocates), and within it the buffer (rb_alloc), the AUX area
 * (rb_alloc_aux), the mapping step (remap_pfn_range_notrack,
 * remap_kernel_pages, vm_insert_pages_prot, ... whichever the variant
 * uses) and each page-table level; plus the core's steps after ->mmap()
 * succeeded (mmap_region() minus perf_mmap()), which must end in
 * ->close().  A site a variant never reaches during mmap() (the baseline
 * maps nothing before the first fault) shows 0 sites.  A kernel whose
 * perf is on f_op->mmap_prepare (7.3/mixedmap) has no perf_mmap(): its
 * perf work is the mmap action's (discontig_kernel_pages_complete():
 * perf_mmap_init(), which allocates and counts, and the page insertion,
 * discontig_kernel_map_page_range()), which then stands for perf_mmap()
 * in "core".
 *
 * The cases: the first mmap() of an event (allocates the buffer), a
 * second mmap() of the same event, an mmap() of an event that writes into
 * another's buffer through PERF_EVENT_IOC_SET_OUTPUT, and where an AUX PMU
 * exists the first and a second AUX mmap() and an AUX mmap() through a
 * redirected event.  The mappings go where they need new page tables at
 * every level, across a 1 GiB boundary (see su_zone()).
 *
 * After each injected failure, the checks:
 *  - mmap() returned ENOMEM, the range is not mapped and /proc/self/maps
 *    has exactly the perf VMAs it had before;
 *  - VmPin, VmLck and VmSize of /proc/self/status are as before;
 *  - the event's mmap count is back: an event that has no mapping left
 *    accepts PERF_EVENT_IOC_SET_OUTPUT (EBUSY otherwise), and the event can
 *    be mapped again with another size (EINVAL while a buffer of the
 *    old size is attached); for AUX, an AUX area of another size maps
 *    (EINVAL while the old AUX area is still allocated);
 *  - the mapping that was there before the failed one still reads;
 *  - an event redirected through SET_OUTPUT still writes into the shared
 *    buffer (its samples arrive there) and, for AUX, still has it (a
 *    mapping of another data size is refused): a failed mmap() of it
 *    must not detach it;
 *  - once everything is unmapped, the user's locked memory is back to
 *    what it was before the attempt: su_headroom() finds the same
 *    headroom.  RLIMIT_MEMLOCK is 0 and CAP_IPC_LOCK dropped, so one
 *    leaked page makes the probe fail, and after thousands of failures a
 *    leak of perf_mlock could not hide.  The program runs as a user of its
 *    own (su_fresh_user()), and takes a new one whenever pages were lost
 *    (check_headroom()): a success-path accounting bug, which is not this
 *    program's to find, then does not fail it, and no loss blinds the
 *    checks of the failures after it.
 *
 * Prints per case and site: allocation points found, failures injected
 * and seen by mmap() ("hits"), failures the kernel absorbed (mmap() still
 * worked, e.g. a fallback to smaller AUX pages), and problems.  Exit 0 if
 * no problem and at least --min (default 1000) hits, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "stress_util.h"

enum site {
	SITE_PERF_MMAP, SITE_RB_ALLOC, SITE_RB_ALLOC_AUX, SITE_REMAP_PFN,
	SITE_REMAP_KERNEL_PAGES, SITE_INSERT_PAGES, SITE_INSERT_PAGE,
	SITE_ACTION, SITE_PERF_MMAP_INIT, SITE_MAP_DISCONTIG,
	SITE_PUD, SITE_PMD, SITE_PTE, SITE_CORE, NR_SITES
};

/* The kernel functions; "core" is mmap_region() minus perf_mmap(). */
static struct su_ksym syms[NR_SITES] = {
	[SITE_PERF_MMAP] = { .name = "perf_mmap" },
	[SITE_RB_ALLOC] = { .name = "rb_alloc" },
	[SITE_RB_ALLOC_AUX] = { .name = "rb_alloc_aux" },
	/* what remap_pfn_range() calls after PAT tracking; pfnmap calls it */
	[SITE_REMAP_PFN] = { .name = "remap_pfn_range_notrack" },
	[SITE_REMAP_KERNEL_PAGES] = { .name = "remap_kernel_pages" },
	[SITE_INSERT_PAGES] = { .name = "vm_insert_pages_prot" },
	[SITE_INSERT_PAGE] = { .name = "vm_insert_page" },
	/* perf on mmap_prepare: the kernel-pages action runs perf's hooks */
	[SITE_ACTION] = { .name = "discontig_kernel_pages_complete" },
	[SITE_PERF_MMAP_INIT] = { .name = "perf_mmap_init" },
	[SITE_MAP_DISCONTIG] = { .name = "discontig_kernel_map_page_range" },
	[SITE_PUD] = { .name = "__pud_alloc" },
	[SITE_PMD] = { .name = "__pmd_alloc" },
	[SITE_PTE] = { .name = "__pte_alloc" },
	[SITE_CORE] = { .name = "mmap_region" },
};

enum kase {
	CASE_FIRST, CASE_AGAIN, CASE_SHARED, CASE_AUX_FIRST, CASE_AUX_AGAIN,
	CASE_AUX_SHARED, NR_CASES
};

static const char *const case_names[NR_CASES] = {
	"first", "again", "shared", "aux_first", "aux_again", "aux_shared",
};

struct attempt {
	enum kase c;
	enum site s;
	unsigned int pmu;	/* AUX cases: index in aux_pmus[] */
	unsigned int order;	/* data buffer: 1 + 2^order pages */
	unsigned int aux_order;	/* AUX area: 2^aux_order pages */
	int prot;
};

struct tally {
	unsigned long points;	/* largest n that injected */
	unsigned long hits;
	unsigned long absorbed;
	unsigned long problems;
	unsigned long runs;	/* enumerations done */
};

#define MAX_AUX_PMUS	4

static struct tally tally[MAX_AUX_PMUS][NR_CASES][NR_SITES];
static struct su_mlock ml;
static struct su_aux_pmu aux_pmus[MAX_AUX_PMUS];
static unsigned int nr_aux;
static int verbose;
static unsigned long problems;
static int headroom_start;
static int headroom_min;
static int headroom_last;	/* after the last attempt */
static int headroom_lost_ok;	/* pages lost by mmap()s that succeeded */
static unsigned int users;	/* fresh users taken after any loss */

static const char *pmu_name(enum kase c, unsigned int pmu)
{
	return c >= CASE_AUX_FIRST ? aux_pmus[pmu].name : "software";
}

static void problem(const struct attempt *a, const char *fmt, ...)
	__printf(2, 3);

static void problem(const struct attempt *a, const char *fmt, ...)
{
	va_list ap;

	tally[a->pmu][a->c][a->s].problems++;
	if (problems++ < 40 || verbose) {
		fprintf(stderr, "rb_inject: %s %s %s: ", case_names[a->c],
			pmu_name(a->c, a->pmu), syms[a->s].name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
}

static void cleanup(void)
{
	su_fi_restore();
	su_mlock_restore(&ml);
}

static void on_signal(int sig)
{
	cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int open_event(const struct attempt *a)
{
	struct perf_event_attr attr;

	if (a->c >= CASE_AUX_FIRST)
		return su_aux_open(&aux_pmus[a->pmu]);
	rb_sw_attr(&attr, PERF_COUNT_SW_DUMMY, 1, SU_SAMPLE);
	return rb_perf_open(&attr, 0, -1, -1);
}

static size_t data_len(unsigned int order)
{
	return (1 + ((size_t)1 << order)) * rb_page;
}

/* The redirected event of CASE_SHARED: one sample per user page fault. */
static int open_sampler(void)
{
	struct perf_event_attr attr;

	rb_sw_attr(&attr, PERF_COUNT_SW_PAGE_FAULTS, 1, SU_SAMPLE);
	return rb_perf_open(&attr, 0, -1, -1);
}

struct state {
	long pin, lck, size;
	int vmas;
};

static void snapshot(struct state *st)
{
	st->pin = rb_status_kb("VmPin");
	st->lck = rb_status_kb("VmLck");
	st->size = rb_status_kb("VmSize");
	st->vmas = su_perf_vmas();
}

/* munmap() of a whole mapping: failing would leave it (and a leak). */
static void unmap(const struct attempt *a, void *p, size_t len)
{
	if (munmap(p, len))
		problem(a, "munmap(%p, %zu): %s", p, len, strerror(errno));
}

/* The failed mmap() left everything as it was before it. */
static void check_state(const struct attempt *a, const struct state *before,
			void *addr, size_t len)
{
	struct state now;

	snapshot(&now);
	if (su_range_mapped((uintptr_t)addr, len))
		problem(a, "failed mmap() left something mapped at %p",
			addr);
	if (now.vmas != before->vmas)
		problem(a, "perf VMAs %d, %d before the failed mmap()",
			now.vmas, before->vmas);
	if (now.pin != before->pin || now.lck != before->lck)
		problem(a, "VmPin/VmLck %ld/%ld kB, %ld/%ld before",
			now.pin, now.lck, before->pin, before->lck);
	if (now.size != before->size)
		problem(a, "VmSize %ld kB, %ld before", now.size,
			before->size);
}

/* @fd has no mapping left: its mmap count must be 0. */
static void check_unmapped_event(const struct attempt *a, int fd)
{
	struct perf_event_attr attr;
	size_t len = data_len(0);
	void *p;
	int g;

	rb_sw_attr(&attr, PERF_COUNT_SW_DUMMY, 1, SU_SAMPLE);
	g = rb_perf_open(&attr, 0, -1, -1);
	if (g < 0)
		return;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, g, 0);
	if (p == MAP_FAILED) {
		problem(a, "helper mmap: %s", strerror(errno));
		close(g);
		return;
	}
	/* perf_event_set_output(): EBUSY while event->mmap_count != 0 */
	if (rb_set_output(fd, g))
		problem(a, "SET_OUTPUT after the failure: %s (mmap count leak?)",
			strerror(errno));
	else if (rb_set_output(fd, -1))
		problem(a, "SET_OUTPUT back to -1: %s", strerror(errno));
	unmap(a, p, len);
	close(g);
}

/* A buffer of another size maps: no buffer of the old one attached. */
static void check_remap(const struct attempt *a, int fd, size_t old_len)
{
	size_t len = old_len == data_len(1) ? data_len(2) : data_len(1);
	void *p;

	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		problem(a, "other-size mmap() after it: %s (buffer kept?)",
			strerror(errno));
		return;
	}
	unmap(a, p, len);
}

/*
 * @f writes into the buffer mapped at @first through SET_OUTPUT, which
 * its failed mmap() must not have undone: its samples still arrive there.
 */
static void check_output(const struct attempt *a, int f, void *first)
{
	struct perf_event_mmap_page *up = first;
	__u64 head = __atomic_load_n(&up->data_head, __ATOMIC_ACQUIRE);
	size_t i, len = 4 * rb_page;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		problem(a, "anonymous mmap: %s", strerror(errno));
		return;
	}
	ioctl(f, PERF_EVENT_IOC_ENABLE, 0);
	for (i = 0; i < len; i += rb_page)
		p[i] = 1;
	ioctl(f, PERF_EVENT_IOC_DISABLE, 0);
	munmap(p, len);
	if (__atomic_load_n(&up->data_head, __ATOMIC_ACQUIRE) == head)
		problem(a, "redirected event stopped writing into the shared buffer");
}

/*
 * The redirected event @f of CASE_AUX_SHARED still has the shared data
 * buffer: on 6.12 mapping it with another data size is refused (EINVAL)
 * while it is attached to one, and maps a new buffer once detached.
 */
static void check_attached(const struct attempt *a, int f, size_t dlen)
{
	size_t len = dlen == data_len(1) ? data_len(2) : data_len(1);
	void *p;

	p = mmap(NULL, len, PROT_READ, MAP_SHARED, f, 0);
	if (p != MAP_FAILED) {
		problem(a, "redirected event lost the shared buffer");
		unmap(a, p, len);
	} else if (errno != EINVAL) {
		problem(a, "other-size mmap() of the redirected event: %s, want EINVAL",
			strerror(errno));
	}
}

static void check_reads(const struct attempt *a, char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += rb_page) {
		if (rb_try_read(p + off)) {
			problem(a, "earlier mapping no longer reads at page %zu",
				off / rb_page);
			return;
		}
	}
}

/*
 * After every attempt, all unmapped: a failed mmap() must give back every
 * page of perf_mlock that the attempt took, so the headroom is what the
 * attempt began with.  An attempt whose mmap() succeeded (the end of an
 * enumeration, or a failure the kernel absorbed) is not a failure path: its
 * accounting is tests/aux/mmap_account's to check, and a kernel that
 * charges a second mapping twice (7.3's mlock_recharge) loses pages there.
 * Those are counted, not reported.  After any loss the program moves to a
 * fresh user, so that the next failure is checked against the whole limit
 * again rather than against what a leak left.
 */
static void check_headroom(const struct attempt *a, bool failed)
{
	int h = su_headroom(&ml);

	if (h < 0) {
		problem(a, "locked-memory probe failed");
		return;
	}
	if (h < headroom_min)
		headroom_min = h;
	if (failed && h != headroom_last)
		problem(a, "user locked memory leaked: %d of %d pages still lockable",
			h, headroom_last);
	if (!failed && h < headroom_last)
		headroom_lost_ok += headroom_last - h;
	if (h < headroom_last) {
		users++;
		h = su_fresh_user() ? -1 : su_headroom(&ml);
		if (h != (int)ml.probe_pages)
			problem(a, "a fresh user has %d of %u pages lockable",
				h, ml.probe_pages);
	}
	headroom_last = h;
}

/* mmap() with injection at the n-th point; *injected says if it was. */
static void *inject_mmap(unsigned int n, bool *injected, void *addr,
			 size_t len, int prot, int fd, off_t off)
{
	void *p;
	int err;

	if (su_fi_arm(n)) {
		perror("fail-nth");
		exit(1);
	}
	p = mmap(addr, len, prot, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, off);
	err = errno;
	*injected = su_fi_disarm();
	errno = err;
	return p;
}

enum result { R_EXHAUSTED, R_HIT, R_ABSORBED, R_ERROR };

/*
 * One mmap() of case a->c with its n-th allocation point failed, and the
 * checks.  The event, and what is mapped before the injected mmap(), are
 * made fresh every time.
 */
static enum result attempt(const struct attempt *a, unsigned int n)
{
	bool aux = a->c >= CASE_AUX_FIRST;
	size_t dlen = data_len(a->order);
	size_t alen = ((size_t)1 << a->aux_order) * rb_page;
	size_t len = aux ? alen : dlen;
	void *first = MAP_FAILED, *auxmap = MAP_FAILED, *p;
	void *addr = su_zone(2, len);
	enum result r = R_ERROR;
	int e, f = -1, target;
	struct state before;
	bool injected, refused;
	off_t off = aux ? (off_t)dlen : 0;

	e = open_event(a);
	if (e < 0) {
		problem(a, "perf_event_open: %s", strerror(errno));
		return R_ERROR;
	}
	target = e;
	/* what the case has mapped before the mmap() that fails */
	if (a->c != CASE_FIRST) {
		first = mmap(su_zone(0, dlen), dlen,
			     aux ? PROT_READ | PROT_WRITE : a->prot,
			     MAP_SHARED | MAP_FIXED_NOREPLACE, e, 0);
		if (first == MAP_FAILED) {
			problem(a, "mmap before: %s", strerror(errno));
			goto out;
		}
	}
	if (a->c == CASE_AUX_AGAIN) {
		auxmap = rb_map_aux(e, first, dlen, alen / rb_page, PROT_READ,
				    su_zone(1, alen),
				    MAP_SHARED | MAP_FIXED_NOREPLACE);
		if (auxmap == MAP_FAILED) {
			problem(a, "AUX mmap before: %s",
				strerror(errno));
			goto out;
		}
	}
	if (a->c == CASE_SHARED || a->c == CASE_AUX_SHARED) {
		f = a->c == CASE_SHARED ? open_sampler() : open_event(a);
		if (f < 0 || rb_set_output(f, e)) {
			problem(a, "redirected event: %s",
				strerror(errno));
			goto out;
		}
		target = f;
	}
	if (aux) {
		struct perf_event_mmap_page *up = first;

		up->aux_offset = dlen;
		up->aux_size = alen;
	}

	snapshot(&before);
	p = inject_mmap(n, &injected, addr, len, aux ? PROT_READ : a->prot,
			target, off);
	if (p != MAP_FAILED) {
		unmap(a, p, len);
		r = injected ? R_ABSORBED : R_EXHAUSTED;
		goto out;
	}
	/*
	 * 7.3 refuses the mmap() of a redirected event that has no mapping
	 * of its own with EBUSY (upstream d06bf78e55d5; the AUX one only with
	 * the fix proposed for perf_mmap_aux()): an alias of the other
	 * event's buffer, whose control page both would write; 6.12 maps it.
	 * f_op->mmap refuses it before mmap_region() allocates anything, an
	 * mmap_prepare driver only in its action, once the VMA exists: then
	 * the allocations before the refusal fail the mmap() with ENOMEM, and
	 * one injected into the unmapping after it leaves the refusal's EBUSY,
	 * with the same checks.  EBUSY in any other case is a problem.
	 */
	refused = errno == EBUSY &&
		  (a->c == CASE_SHARED || a->c == CASE_AUX_SHARED);
	if (!injected && refused) {
		r = R_EXHAUSTED;
		goto out;
	}
	if (!injected) {
		problem(a, "mmap() failed without injection: %s",
			strerror(errno));
		goto out;
	}
	r = R_HIT;
	if (errno != ENOMEM && !refused)
		problem(a, "injected failure %u returned %s, want ENOMEM",
			n, strerror(errno));
	check_state(a, &before, addr, len);

	switch (a->c) {
	case CASE_FIRST:
		/* remap first: SET_OUTPUT there and back detaches any buffer */
		check_remap(a, e, dlen);
		check_unmapped_event(a, e);
		break;
	case CASE_AGAIN:
		check_reads(a, first, dlen);
		unmap(a, first, dlen);
		first = MAP_FAILED;
		check_unmapped_event(a, e);
		break;
	case CASE_SHARED:
		check_reads(a, first, dlen);
		check_output(a, f, first);
		/* its failed mmap() must not count as a mapping */
		check_unmapped_event(a, f);
		break;
	case CASE_AUX_AGAIN:
		check_reads(a, auxmap, alen);
		unmap(a, auxmap, alen);
		auxmap = MAP_FAILED;
		fallthrough;
	case CASE_AUX_FIRST:
	case CASE_AUX_SHARED:
		/* AUX freed: one of another size maps now */
		p = rb_map_aux(e, first, dlen, (size_t)2 << a->aux_order,
			       PROT_READ, NULL, MAP_SHARED);
		if (p == MAP_FAILED)
			problem(a, "other-size AUX mmap() after it: %s (AUX kept?)",
				strerror(errno));
		else
			unmap(a, p, 2 * alen);
		if (a->c == CASE_AUX_SHARED) {
			check_attached(a, f, dlen);
			check_unmapped_event(a, f);
		}
		break;
	default:
		break;
	}
out:
	if (auxmap != MAP_FAILED)
		unmap(a, auxmap, alen);
	if (first != MAP_FAILED)
		unmap(a, first, dlen);
	if (f >= 0)
		close(f);
	close(e);
	check_headroom(a, r == R_HIT);
	return r;
}

/* Fail every allocation point of one mmap() in turn. */
static void enumerate(const struct attempt *a, double deadline)
{
	struct tally *t = &tally[a->pmu][a->c][a->s];
	unsigned long rstart = 0, rend = 0;
	unsigned int n;

	/* core: allocations under mmap_region() but not in perf_mmap() */
	if (a->s == SITE_CORE) {
		enum site h = syms[SITE_PERF_MMAP].start ? SITE_PERF_MMAP :
							   SITE_ACTION;

		rstart = syms[h].start;
		rend = syms[h].end;
	}
	if (su_fi_filter(syms[a->s].start, syms[a->s].end, rstart, rend)) {
		problem(a, "cannot set the stack-trace filter");
		return;
	}
	t->runs++;
	for (n = 1; su_now() < deadline; n++) {
		enum result r = attempt(a, n);

		if (r == R_EXHAUSTED || r == R_ERROR)
			break;
		if (n > t->points)
			t->points = n;
		if (r == R_HIT)
			t->hits++;
		else
			t->absorbed++;
	}
}

/* One enumeration per site of case @c (on AUX PMU @pmu). */
static void round_case(enum kase c, unsigned int pmu, struct su_rng *rng,
		       double deadline)
{
	unsigned int s;

	for (s = 0; s < NR_SITES; s++) {
		struct attempt a = {
			.c = c,
			.s = (enum site)s,
			.pmu = pmu,
			.order = su_rng_below(rng, 8),
			.aux_order = su_rng_below(rng, 4),
			.prot = su_rng_below(rng, 2) ? PROT_READ :
						       PROT_READ | PROT_WRITE,
		};

		if (syms[s].start)
			enumerate(&a, deadline);
	}
}

/* The table of results; returns the failures absorbed. */
static unsigned long print_tally(void)
{
	unsigned long absorbed = 0;
	unsigned int p, c, s;

	printf("%-11s %-15s %-23s %7s %7s %8s %8s %5s\n", "case", "pmu",
	       "site", "points", "hits", "absorbed", "problems", "runs");
	for (c = 0; c < NR_CASES; c++) {
		for (p = 0; p < MAX_AUX_PMUS; p++) {
			for (s = 0; s < NR_SITES; s++) {
				struct tally *t = &tally[p][c][s];

				if (!t->runs)
					continue;
				printf("%-11s %-15s %-23s %7lu %7lu %8lu %8lu %5lu\n",
				       case_names[c], pmu_name(c, p),
				       syms[s].name, t->points, t->hits,
				       t->absorbed, t->problems, t->runs);
				absorbed += t->absorbed;
			}
		}
	}
	return absorbed;
}

static unsigned long total_hits(void)
{
	unsigned long sum = 0;
	unsigned int p, c, s;

	for (p = 0; p < MAX_AUX_PMUS; p++)
		for (c = 0; c < NR_CASES; c++)
			for (s = 0; s < NR_SITES; s++)
				sum += tally[p][c][s].hits;
	return sum;
}

static void die_usage(void)
{
	fprintf(stderr, "usage: rb_inject [-s SECONDS] [--min N] [--seed S] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "min", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long min_hits = 1000, hits = 0, absorbed = 0, rounds = 0;
	long kernel_injected;
	struct su_common co = { .seconds = 300, .seed = su_fresh_seed() };
	double seconds, start, deadline;
	u64 seed;
	char why[512];
	struct su_rng rng;
	unsigned int c, s, p, n;
	int opt, final;

	while ((opt = su_getopt(argc, argv, "", longopts, &co,
				die_usage)) != -1) {
		switch (opt) {
		case 'm':
			min_hits = su_arg_ulong(optarg, die_usage);
			break;
		default:
			die_usage();
		}
	}
	seconds = co.seconds;
	seed = co.seed;
	verbose = co.verbose;
	setvbuf(stdout, NULL, _IOLBF, 0);
	su_rng_seed(&rng, seed, 0);
	printf("rb_inject: seed=0x%llx seconds=%g min=%lu\n",
	       (unsigned long long)seed, seconds, min_hits);
	if (!su_fi_available()) {
		/* FAULT_INJECTION_DEBUG_FS, FAILSLAB, FAIL_PAGE_ALLOC, ... */
		printf("rb_inject: SKIP: no fault injection (not a debug kernel)\n");
		return 4;
	}
	if (su_ksym_lookup(syms, NR_SITES) || (!syms[SITE_PERF_MMAP].start &&
					       !syms[SITE_ACTION].start)) {
		printf("rb_inject: FAIL: neither perf_mmap nor %s in /proc/kallsyms\n",
		       syms[SITE_ACTION].name);
		return 1;
	}
	for (s = 0; s < NR_SITES; s++)
		printf("rb_inject: site %-23s %s\n", syms[s].name,
		       syms[s].start ? "found" : "not in this kernel");

	n = su_aux_pmus(aux_pmus, MAX_AUX_PMUS, why, sizeof(why));
	for (p = 0; p < n; p++) {
		/* the cases open events on this very thread */
		if (aux_pmus[p].cpu != -1) {
			printf("rb_inject: aux_pmu %s is per-CPU only: skipped\n",
			       aux_pmus[p].name);
			continue;
		}
		aux_pmus[nr_aux++] = aux_pmus[p];
		printf("rb_inject: aux_pmu=%s type=%u\n", aux_pmus[p].name,
		       aux_pmus[p].type);
	}
	if (!nr_aux)
		printf("rb_inject: aux_pmu=none (%s): AUX cases skipped\n",
		       why);

	if (su_fresh_user() || su_mlock_setup(&ml))
		return 1;
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (su_fi_setup()) {
		perror("fault-injection setup");
		return 1;
	}
	headroom_start = su_headroom(&ml);
	headroom_min = headroom_start;
	headroom_last = headroom_start;
	printf("rb_inject: locked-memory probe: %d of %u pages lockable at the start\n",
	       headroom_start, ml.probe_pages);
	if (headroom_start != (int)ml.probe_pages) {
		printf("rb_inject: FAIL: locked memory leaked or in use before\n");
		return 1;
	}

	start = su_now();
	deadline = start + seconds;
	/*
	 * Rounds over every case and site, each with a random buffer size
	 * and protection from the seed, until both the time is up and
	 * enough failures were hit, or the time is up.
	 */
	while (su_now() < deadline && (hits < min_hits || !rounds)) {
		for (c = 0; c < NR_CASES; c++) {
			/* non-AUX cases once, AUX cases once per AUX PMU */
			n = c < CASE_AUX_FIRST ? 1 : nr_aux;
			for (p = 0; p < n; p++)
				round_case((enum kase)c, p, &rng, deadline);
		}
		rounds++;
		hits = total_hits();
	}

	absorbed = print_tally();
	/*
	 * The kernel's own count: every failure it injected either reached
	 * mmap() (a hit) or was absorbed, nothing else was armed.
	 */
	kernel_injected = su_fi_injected();
	if (kernel_injected != (long)(hits + absorbed)) {
		problems++;
		printf("rb_inject: FAIL: the kernel injected %ld failures, ",
		       kernel_injected);
		printf("%lu seen (%lu hits + %lu absorbed)\n",
		       hits + absorbed, hits, absorbed);
	}
	su_fi_restore();
	final = su_headroom(&ml);
	if (final != headroom_start) {
		problems++;
		printf("rb_inject: FAIL: %d of %d pages lockable at the end\n",
		       final, headroom_start);
	}
	printf("rb_inject: headroom_start=%d headroom_min=%d headroom_end=%d",
	       headroom_start, headroom_min, final);
	printf(" headroom_lost_by_successes=%d fresh_users=%u\n",
	       headroom_lost_ok, users);
	printf("rb_inject: seed=0x%llx rounds=%lu seconds=%.1f",
	       (unsigned long long)seed, rounds, su_now() - start);
	printf(" hits=%lu absorbed=%lu kernel_injected=%ld problems=%lu\n",
	       hits, absorbed, kernel_injected, problems);
	if (hits < min_hits)
		printf("rb_inject: FAIL: %lu injected failures hit, want %lu\n",
		       hits, min_hits);
	return problems || hits < min_hits ? 1 : 0;
}
