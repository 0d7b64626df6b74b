// SPDX-License-Identifier: GPL-2.0
/*
 * rb_race: the two races upstream found in mapping perf buffers at mmap()
 * time, as targeted loops.
 *
 * Usage: rb_race [-s SECONDS] [--race setoutput|aux|all] [--seed S]
 *                [--no-inject] [--aux-writes] [-v]
 *
 * setoutput (CVE-2026-23248): a failing mmap() of an event races
 *   PERF_EVENT_IOC_SET_OUTPUT and mmap() of a second event that shares
 *   its buffer, and a plain mmap() of the same event.  Upstream dropped
 *   event->mmap_mutex before mapping the pages, so the failure path could
 *   put a buffer that another thread had just attached or counted.
 *   Threads: "fail_e" maps E with an allocation under perf_mmap() failed
 *   (fail-nth, as rb_inject does; plain maps and wrong-size maps where
 *   the kernel has no fault injection), "map_e" maps and reads E,
 *   "redirect_f" points F at E, maps F (sometimes with a failure
 *   injected), reads, unmaps and points F back.  7.3 refuses that
 *   mmap() of F with EBUSY (see alias_refused()).
 *
 * aux (2026): two events share a buffer through SET_OUTPUT; one maps the
 *   AUX area while the other's munmap() frees it and an mmap() allocates
 *   it anew (rb_alloc_aux()), possibly of another size.  Upstream mapped
 *   without rb->aux_mutex and a VM_PFNMAP PTE holds no reference, so a
 *   page could be freed while mapped.  Threads "aux_e" and "aux_f" map,
 *   read and unmap the AUX area through E and through F (redirected to
 *   E before each mmap()), "data_g" maps the shared data buffer through
 *   a third event G, "fail_aux" maps E's AUX area with a failure
 *   injected.  Each AUX PMU found gets its share of the time; skipped
 *   with a message if none.  7.3 refuses G's data mmap() with EBUSY,
 *   as a 7.3 with perf_mmap_aux() fixed would F's AUX mmap() (see
 *   alias_refused()).
 *
 *   --aux-writes adds "enable", which enables and disables E and F so the
 *   PMU opens and ends AUX transactions while the others map and unmap.
 *   Off by default: on two CPUs it makes the unchanged 6.12 kernel (with
 *   the aux_test PMU) warn in perf_mmap_close() (aux_refcount still held
 *   after rb_free_aux()) and in __rb_free_aux() (last AUX reference
 *   dropped in atomic context, from aux_test_stop() at sched-out): an AUX
 *   transaction outlives the unmapping, apparently one begun by an event
 *   that ring_buffer_attach() was detaching (its perf_event_stop() saw
 *   the event not yet ACTIVE).  That is a problem of the core's AUX
 *   transactions, not of mapping, so it is kept out of the default run.
 *
 * The kernel side is judged by the debug kernel (KASAN, lockdep,
 * PAGE_TABLE_CHECK: a page freed while still mapped is a BUG) through the
 * runner's log scan.  This program checks what user space can: every
 * outcome is one the operation may have (else "unexpected"), a mapped
 * buffer always reads, SET_OUTPUT back to -1 after unmapping works (the
 * event's mmap count is back to 0), nothing is left mapped at the end,
 * and the user's locked memory is exactly what it was before the race
 * (su_headroom(), see rb_inject.c): a failure path that lost track of the
 * accounting under the race leaves pages charged forever.
 *
 * Exit: 0 ok, 1 a problem, 3 a thread hung, 4 nothing could run (skip).
 */
#define _GNU_SOURCE
#include <errno.h>
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
#include <sys/syscall.h>

#include "stress_util.h"

#define HANG_GRACE	60
#define MAX_WORKERS	6

struct worker;
typedef void (*step_fn)(struct worker *w);

struct worker {
	const char *name;
	step_fn step;
	pthread_t pt;
	struct su_rng rng;
	unsigned int zone;	/* su_zone() slot for its injected maps */
	unsigned long steps;
	unsigned long injected;	/* failures injected and seen */
	unsigned long maps;	/* successful mmap()s */
	unsigned long expected;	/* expected errors */
	unsigned long unexpected;
};

static struct worker workers[MAX_WORKERS];
static unsigned int nr_workers;
static bool stop;		/* atomic */
static int verbose;
static pid_t target_tid;
static bool have_fi;
static unsigned int fi_points = 1;	/* allocation points of one mmap() */
static bool aux_writes;
static struct su_mlock ml;
static struct su_ksym perf_mmap_sym = { .name = "perf_mmap" };
/* perf on f_op->mmap_prepare (7.3/mixedmap): the action does its mmap work */
static struct su_ksym action_sym = { .name = "discontig_kernel_pages_complete" };
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long reports;

/* The events the threads share. */
static int ev_e = -1, ev_f = -1, ev_g = -1;
static size_t dlen;		/* data mapping size */
#define MAX_AUX_PMUS	4
static struct su_aux_pmu aux_pmus[MAX_AUX_PMUS];
static const struct su_aux_pmu *aux_pmu;	/* the one racing now */
static void *aux_ctl;		/* E's data mapping: aux_offset/aux_size */

static void bad(struct worker *w, const char *fmt, ...)
	__printf(2, 3);

static void bad(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	w->unexpected++;
	pthread_mutex_lock(&report_lock);
	if (reports++ < 30 || verbose) {
		fprintf(stderr, "rb_race: %s: ", w->name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	pthread_mutex_unlock(&report_lock);
}

static void read_all(struct worker *w, char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += rb_page) {
		if (rb_try_read(p + off)) {
			bad(w, "a mapped buffer does not read at page %zu",
			    off / rb_page);
			return;
		}
	}
}

/*
 * mmap() of @fd, with a failure injected at a random allocation point of
 * perf_mmap() when @inject and the kernel can; *injected tells.
 */
static void *map_maybe_failing(struct worker *w, bool inject, size_t len,
			       int fd, off_t off, bool *injected)
{
	void *addr = NULL;
	int flags = MAP_SHARED;
	void *p;
	int err;

	*injected = false;
	if (inject && have_fi) {
		addr = su_zone(w->zone, len);
		flags |= MAP_FIXED_NOREPLACE;
		if (su_fi_arm(1 + su_rng_below(&w->rng, fi_points)))
			return MAP_FAILED;
	}
	p = mmap(addr, len, PROT_READ, flags, fd, off);
	err = errno;
	if (inject && have_fi)
		*injected = su_fi_disarm();
	errno = err;
	return p;
}

/* The outcome of an mmap() that should work unless a failure was made. */
static bool mapped(struct worker *w, void *p, bool injected,
		   const char *what)
{
	if (p != MAP_FAILED) {
		w->maps++;
		return true;
	}
	if (injected && errno == ENOMEM)
		w->injected++;
	else
		bad(w, "%s: %s%s", what, strerror(errno),
		    injected ? " (after an injected failure; want ENOMEM)" : "");
	return false;
}

/*
 * mmap() of an event that SET_OUTPUT redirected to E's buffer, and that has
 * no mapping of its own, refused with EBUSY: since upstream d06bf78e55d5
 * (January 2026; in 7.3) perf_mmap_rb() refuses such an alias of another
 * event's buffer (both events would write one control page); 6.12 maps
 * E's buffer.  A defined refusal: expected, and counted so, but only where
 * the caller knows the event is redirected.  The AUX area through such an
 * event is the same alias: 7.3.4 maps it (and warns, a bug:
 * tests/aux/mmap_account.c), the fix proposed for it refuses with EBUSY.
 */
static bool alias_refused(struct worker *w, void *p)
{
	if (p != MAP_FAILED || errno != EBUSY)
		return false;
	w->expected++;
	return true;
}

/* --- setoutput ----------------------------------------------------------- */

static void step_fail_e(struct worker *w)
{
	bool injected;
	void *p;

	if (!have_fi && su_rng_below(&w->rng, 2)) {
		/* a failing mmap() without fault injection: wrong size */
		p = mmap(NULL, dlen + rb_page, PROT_READ, MAP_SHARED, ev_e, 0);
		if (p != MAP_FAILED) {
			bad(w, "mmap() of a wrong size worked");
			munmap(p, dlen + rb_page);
		} else if (errno == EINVAL) {
			w->expected++;
		} else {
			bad(w, "wrong-size mmap(): %s, want EINVAL",
			    strerror(errno));
		}
		return;
	}
	p = map_maybe_failing(w, true, dlen, ev_e, 0, &injected);
	if (mapped(w, p, injected, "mmap of E")) {
		read_all(w, p, dlen);
		munmap(p, dlen);
	}
}

static void step_map_e(struct worker *w)
{
	void *p = mmap(NULL, dlen, PROT_READ, MAP_SHARED, ev_e, 0);

	if (!mapped(w, p, false, "mmap of E"))
		return;
	read_all(w, p, dlen);
	munmap(p, dlen);
}

static void step_redirect_f(struct worker *w)
{
	bool injected, redirected = true;
	void *p;

	if (rb_set_output(ev_f, ev_e)) {
		redirected = false;
		/* E has no mapped buffer at the moment */
		if (errno == EINVAL)
			w->expected++;
		else
			bad(w, "SET_OUTPUT F -> E: %s", strerror(errno));
	}
	p = map_maybe_failing(w, su_rng_below(&w->rng, 2), dlen, ev_f, 0,
			      &injected);
	/* refused or not, F -> -1 below must work */
	if (!(redirected && alias_refused(w, p)) &&
	    mapped(w, p, injected, "mmap of F")) {
		read_all(w, p, dlen);
		munmap(p, dlen);
	}
	/* F has no mapping now, failed or not: it may be redirected */
	if (rb_set_output(ev_f, -1))
		bad(w, "SET_OUTPUT F -> -1 after unmapping: %s (F's mmap count leaked?)",
		    strerror(errno));
}

/* --- aux ----------------------------------------------------------------- */

static const size_t aux_sizes[] = { 2, 4 };

/* @redirected: @fd is redirected to E (see alias_refused()) */
static void step_aux(struct worker *w, int fd, bool inject, bool redirected)
{
	size_t len = aux_sizes[su_rng_below(&w->rng, 2)] * rb_page;
	struct perf_event_mmap_page *up = aux_ctl;
	bool injected;
	void *p;

	/* racing writes of aux_size by the other threads: EINVAL */
	__atomic_store_n(&up->aux_offset, dlen, __ATOMIC_RELAXED);
	__atomic_store_n(&up->aux_size, len, __ATOMIC_RELAXED);
	p = map_maybe_failing(w, inject, len, fd, (off_t)dlen, &injected);
	if (p == MAP_FAILED && errno == EINVAL) {
		/* the AUX area exists with the other size */
		w->expected++;
		return;
	}
	if (redirected && alias_refused(w, p))
		return;
	if (!mapped(w, p, injected, "AUX mmap"))
		return;
	read_all(w, p, len);
	munmap(p, len);
}

static void step_aux_e(struct worker *w)
{
	step_aux(w, ev_e, false, false);
}

/*
 * Point @fd at E's buffer again: unmapping an event's last mapping
 * detaches it from the buffer it was redirected to.  Only this worker
 * maps @fd, so it has no mapping now and SET_OUTPUT must work (E's data
 * buffer stays mapped throughout).
 */
static bool redirect(struct worker *w, int fd)
{
	if (!rb_set_output(fd, ev_e))
		return true;
	bad(w, "SET_OUTPUT to E: %s", strerror(errno));
	return false;
}

static void step_aux_f(struct worker *w)
{
	if (redirect(w, ev_f))
		step_aux(w, ev_f, false, true);
}

static void step_fail_aux(struct worker *w)
{
	step_aux(w, ev_e, true, false);
}

/* A data mapping of the shared buffer while its AUX area comes and goes. */
static void step_data_g(struct worker *w)
{
	void *p;

	if (!redirect(w, ev_g))
		return;
	p = mmap(NULL, dlen, PROT_READ, MAP_SHARED, ev_g, 0);
	if (alias_refused(w, p))
		return;
	if (!mapped(w, p, false, "data mmap of G"))
		return;
	read_all(w, p, dlen);
	munmap(p, dlen);
}

static void step_enable(struct worker *w)
{
	int fd = su_rng_below(&w->rng, 2) ? ev_e : ev_f;
	unsigned long cmd = su_rng_below(&w->rng, 2) ?
			    PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE;

	if (ioctl(fd, cmd, 0))
		bad(w, "enable/disable: %s", strerror(errno));
	else
		w->maps++;
	usleep(1000);
}

/* --- running ------------------------------------------------------------- */

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		w->step(w);
		w->steps++;
	}
	return NULL;
}

static void add_worker(const char *name, step_fn step, u64 seed)
{
	struct worker *w = &workers[nr_workers];

	memset(w, 0, sizeof(*w));
	w->name = name;
	w->step = step;
	w->zone = 4 + nr_workers;
	su_rng_seed(&w->rng, seed, nr_workers);
	nr_workers++;
}

/* Run the workers for @seconds; false if one hung. */
static bool run_workers(double seconds)
{
	struct timespec ts;
	bool ok = true;
	unsigned int i;
	double end;

	__atomic_store_n(&stop, false, __ATOMIC_RELAXED);
	for (i = 0; i < nr_workers; i++) {
		if (pthread_create(&workers[i].pt, NULL, worker_main,
				   &workers[i])) {
			perror("pthread_create");
			exit(1);
		}
	}
	/*
	 * Sleep in short steps: the events are on this thread, and each
	 * switch stops and starts them (an AUX test PMU writes a chunk).
	 */
	end = su_now() + seconds;
	while (su_now() < end)
		usleep(1000);
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += HANG_GRACE;
	for (i = 0; i < nr_workers; i++) {
		if (pthread_timedjoin_np(workers[i].pt, NULL, &ts)) {
			printf("rb_race: HANG: %s still running %d s after the end\n",
			       workers[i].name, HANG_GRACE);
			ok = false;
		}
	}
	return ok;
}

/* Sum up, print, and reset the workers; returns the problems. */
static unsigned long report_workers(const char *race)
{
	unsigned long steps = 0, injected = 0, unexpected = 0;
	unsigned int i;

	for (i = 0; i < nr_workers; i++) {
		struct worker *w = &workers[i];

		printf("rb_race: %s %-10s steps=%lu maps=%lu injected=%lu",
		       race, w->name, w->steps, w->maps, w->injected);
		printf(" expected=%lu unexpected=%lu\n",
		       w->expected, w->unexpected);
		steps += w->steps;
		injected += w->injected;
		unexpected += w->unexpected;
	}
	printf("rb_race: race=%s%s steps=%lu injected=%lu unexpected=%lu\n",
	       strcmp(race, "setoutput") ? "aux:" : "", race, steps, injected,
	       unexpected);
	nr_workers = 0;
	return unexpected;
}

/*
 * Count the allocation points of the mmap() a failing worker makes: a
 * first data mmap() of a fresh event, or (@aux) a first AUX mmap() of a
 * fresh AUX event whose data buffer is mapped.
 */
static unsigned int count_points(bool aux)
{
	size_t alen = aux_sizes[0] * rb_page, len = aux ? alen : dlen;
	struct perf_event_attr attr;
	void *data = MAP_FAILED;
	unsigned int n;
	int fd;

	rb_sw_attr(&attr, PERF_COUNT_SW_DUMMY, 1, SU_SAMPLE);
	for (n = 1; n < 10000; n++) {
		void *addr = su_zone(3, len), *p;
		bool injected;

		fd = aux ? su_aux_open(aux_pmu) :
			   rb_perf_open(&attr, target_tid, -1, -1);
		if (fd < 0)
			break;
		if (aux) {
			data = mmap(NULL, dlen, PROT_READ | PROT_WRITE,
				    MAP_SHARED, fd, 0);
			if (data == MAP_FAILED)
				break;
			((struct perf_event_mmap_page *)data)->aux_offset = dlen;
			((struct perf_event_mmap_page *)data)->aux_size = alen;
		}
		if (su_fi_arm(n))
			break;
		p = mmap(addr, len, PROT_READ, MAP_SHARED | MAP_FIXED_NOREPLACE,
			 fd, aux ? (off_t)dlen : 0);
		injected = su_fi_disarm();
		if (p != MAP_FAILED)
			munmap(p, len);
		if (data != MAP_FAILED)
			munmap(data, dlen);
		data = MAP_FAILED;
		close(fd);
		fd = -1;
		if (!injected)
			break;
	}
	if (data != MAP_FAILED)
		munmap(data, dlen);
	if (fd >= 0)
		close(fd);
	return n > 1 ? n - 1 : 1;
}

static unsigned long end_checks(const char *race, int start)
{
	unsigned long problems = 0;
	int h;

	if (su_perf_vmas() != 0) {
		printf("rb_race: %s: FAIL: %d perf VMAs left mapped\n", race,
		       su_perf_vmas());
		problems++;
	}
	h = su_headroom(&ml);
	printf("rb_race: %s: locked-memory probe: %d of %d pages lockable after the race\n",
	       race, h, start);
	if (h != start) {
		printf("rb_race: %s: FAIL: user locked memory leaked\n", race);
		problems++;
	}
	return problems;
}

static int race_setoutput(double seconds, u64 seed, int start)
{
	struct perf_event_attr attr;
	unsigned long problems;
	bool ok;

	/* dummy events on the main thread: the threads may redirect them */
	rb_sw_attr(&attr, PERF_COUNT_SW_DUMMY, 1, SU_SAMPLE);
	ev_e = rb_perf_open(&attr, target_tid, -1, -1);
	ev_f = rb_perf_open(&attr, target_tid, -1, -1);
	if (ev_e < 0 || ev_f < 0) {
		perror("perf_event_open");
		return 1;
	}
	if (have_fi) {
		fi_points = count_points(false);
		printf("rb_race: setoutput: %u allocation points in a first mmap() of E\n",
		       fi_points);
	}
	add_worker("fail_e", step_fail_e, seed);
	add_worker("map_e", step_map_e, seed);
	add_worker("redirect_f", step_redirect_f, seed);
	ok = run_workers(seconds);
	if (!ok)
		return 3;
	problems = report_workers("setoutput");
	close(ev_e);
	close(ev_f);
	problems += end_checks("setoutput", start);
	return problems ? 1 : 0;
}

static int race_aux(double seconds, u64 seed, int start)
{
	unsigned long problems;
	bool ok;

	ev_e = su_aux_open(aux_pmu);
	ev_f = su_aux_open(aux_pmu);
	ev_g = su_aux_open(aux_pmu);
	if (ev_e < 0 || ev_f < 0 || ev_g < 0) {
		perror("perf_event_open (AUX PMU)");
		return 1;
	}
	aux_ctl = mmap(NULL, dlen, PROT_READ | PROT_WRITE, MAP_SHARED, ev_e,
		       0);
	if (aux_ctl == MAP_FAILED) {
		perror("mmap of E");
		return 1;
	}
	if (have_fi) {
		fi_points = count_points(true);
		printf("rb_race: aux: %u allocation points in a first AUX mmap()\n",
		       fi_points);
	}
	add_worker("aux_e", step_aux_e, seed);
	add_worker("aux_f", step_aux_f, seed);
	add_worker("data_g", step_data_g, seed);
	if (aux_writes)
		add_worker("enable", step_enable, seed);
	add_worker("fail_aux", step_fail_aux, seed);
	ok = run_workers(seconds);
	if (!ok)
		return 3;
	problems = report_workers(aux_pmu->name);
	munmap(aux_ctl, dlen);
	close(ev_e);
	close(ev_f);
	close(ev_g);
	problems += end_checks("aux", start);
	return problems ? 1 : 0;
}

static void cleanup(void)
{
	su_fi_restore();
	su_mlock_restore(&ml);
}

static void die_usage(void)
{
	fprintf(stderr, "usage: rb_race [-s SECONDS] [--race setoutput|aux|all] [--seed S]\n");
	fprintf(stderr, "               [--no-inject] [--aux-writes] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "race", required_argument, NULL, 'r' },
		{ "no-inject", no_argument, NULL, 'I' },
		{ "aux-writes", no_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	struct su_common co = { .seconds = 30, .seed = su_fresh_seed() };
	const char *race = "all";
	bool no_inject = false;
	double seconds;
	u64 seed;
	int opt, start, ret = 0, r;
	unsigned int nr_aux, i;
	char why[512];

	while ((opt = su_getopt(argc, argv, "", longopts, &co,
				die_usage)) != -1) {
		switch (opt) {
		case 'r':
			race = optarg;
			break;
		case 'I':
			no_inject = true;
			break;
		case 'W':
			aux_writes = true;
			break;
		default:
			die_usage();
		}
	}
	if (strcmp(race, "all") && strcmp(race, "setoutput") &&
	    strcmp(race, "aux"))
		die_usage();
	seconds = co.seconds;
	seed = co.seed;
	verbose = co.verbose;
	setvbuf(stdout, NULL, _IOLBF, 0);
	target_tid = (pid_t)syscall(SYS_gettid);
	dlen = (1 + 4) * rb_page;
	printf("rb_race: seed=0x%llx seconds=%g race=%s\n",
	       (unsigned long long)seed, seconds, race);

	nr_aux = su_aux_pmus(aux_pmus, MAX_AUX_PMUS, why, sizeof(why));
	have_fi = !no_inject && su_fi_available();
	if (have_fi && !su_ksym_lookup(&perf_mmap_sym, 1) &&
	    !perf_mmap_sym.start && !su_ksym_lookup(&action_sym, 1) &&
	    action_sym.start)
		perf_mmap_sym = action_sym;
	if (have_fi && (su_ksym_lookup(&perf_mmap_sym, 1) ||
			!perf_mmap_sym.start)) {
		printf("rb_race: perf_mmap not in /proc/kallsyms: no fault injection\n");
		have_fi = false;
	}
	if (!have_fi)
		printf("rb_race: no fault injection: failing mmap()s are wrong-size ones\n");
	if (su_mlock_setup(&ml))
		return 1;
	atexit(cleanup);
	/* only allocations made under perf_mmap() may fail */
	if (have_fi && (su_fi_setup() ||
			su_fi_filter(perf_mmap_sym.start, perf_mmap_sym.end,
				     0, 0))) {
		perror("fault-injection setup");
		return 1;
	}
	/*
	 * Once (mixedmap, normal kernel, make test) the user's locked memory
	 * was not all back when this started right after rb_stress, and a
	 * rerun with the same seed passed.  The cause is not established; a
	 * charge still held by a task of the run before, whose mm is not torn
	 * down yet, would look like this, and so would the perf_mmap_close()
	 * race the series' accounting patch fixes (results/stress/README,
	 * "Failure found").  Give it 10 s; a charge that outlives that is a
	 * leak.
	 */
	for (i = 0; i < 100; i++) {
		start = su_headroom(&ml);
		if (start == (int)ml.probe_pages)
			break;
		usleep(100000);
	}
	if (start != (int)ml.probe_pages) {
		printf("rb_race: FAIL: %d of %u pages lockable before the race\n",
		       start, ml.probe_pages);
		return 1;
	}

	if (!strcmp(race, "all") || !strcmp(race, "setoutput")) {
		r = race_setoutput(seconds, seed, start);
		if (r == 3) {
			fflush(stdout);
			_exit(3);
		}
		ret |= r;
	}
	if (!strcmp(race, "all") || !strcmp(race, "aux")) {
		if (!nr_aux) {
			printf("rb_race: race=aux SKIP: no AUX-capable PMU (%s)\n",
			       why);
			if (!strcmp(race, "aux"))
				return 4;
		}
		/* the time is shared by the AUX PMUs */
		for (i = 0; i < nr_aux; i++) {
			aux_pmu = &aux_pmus[i];
			printf("rb_race: aux_pmu=%s type=%u cpu=%d\n",
			       aux_pmu->name, aux_pmu->type, aux_pmu->cpu);
			r = race_aux(seconds / nr_aux, seed, start);
			if (r == 3) {
				fflush(stdout);
				_exit(3);
			}
			ret |= r;
		}
	}
	printf("rb_race: seed=0x%llx result=%s\n", (unsigned long long)seed,
	       ret ? "FAIL" : "ok");
	return ret;
}
