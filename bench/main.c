// SPDX-License-Identifier: GPL-2.0
/*
 * perf-rb-bench: time the mapping of perf ring buffers, case by case.
 *
 * Usage: perf-rb-bench [-l] [-S] [-c CASES] [-k KS] [-K KMAX] [-b PAGES]
 *                      [-n MAXREPS] [-m MINREPS] [-w WARMUP] [-C CPU]
 *                      [-G NS] [-V VARIANT] [-M MODE] [-o FILE] [-q]
 *
 * For every case (cases/<name>.c) and every size of 1 + 2^k pages, run
 * warm-up repetitions, then timed ones, timing each run() hook with
 * CLOCK_MONOTONIC and counting its page faults twice: getrusage() minflt +
 * majflt, and a page-faults software event on this task.  Writes JSON
 * with the raw samples and their summary (see write_result()).
 *
 * Repetitions per case and size: PAGES / size, clamped to [MINREPS,
 * MAXREPS], so small buffers get many repetitions and the largest a few.
 * Warm-up repetitions: WARMUP, or by default a tenth of that (at least 1).
 *
 * Runs with the address space not randomised (it re-executes itself once
 * with ADDR_NO_RANDOMIZE), see fix_address_layout().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/types.h>

#include "bench.h"
#include "rb_util.h"

#define MAX_CASES	64
#define MAX_SIZES	16
#define KMAX_DEFAULT	20

struct options {
	const char *cases;
	const char *ks;
	const char *variant;
	const char *mode;
	const char *out;
	unsigned long budget;
	unsigned long maxreps;
	unsigned long minreps;
	unsigned long max_step;
	long warmup;
	int kmax;
	int cpu;
	int quiet;
};

/* What the search for the largest buffer found, for the JSON. */
struct max_size {
	int k;
	char reason[160];
};

struct summary {
	double min, p10, median, p90, p99, max, mean, stddev;
};

static const struct bench_case *cases[MAX_CASES];
static int nr_cases;
static long page_size;
static int fault_fd = -1;
static __u64 step_ns;

static void die(const char *what, int err)
{
	fprintf(stderr, "perf-rb-bench: %s: %s\n", what, strerror(err));
	exit(1);
}

static __u64 now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		die("clock_gettime", errno);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * The smallest step CLOCK_MONOTONIC makes here.  A guest whose TSC could
 * not be calibrated falls back to a jiffies clocksource that moves in
 * 4 ms steps; every number would then be 0 or a tick.  Refuse that.
 */
static __u64 clock_step(void)
{
	__u64 best = (__u64)-1, a, b;
	int i;

	for (i = 0; i < 100; i++) {
		a = now_ns();
		do
			b = now_ns();
		while (b == a);
		if (b - a < best)
			best = b - a;
	}
	return best;
}

/*
 * Name the task after the case and size being measured ("touch@9" for
 * 1 + 2^9 pages), so that tracing tools can key what they see by comm.
 */
static void set_phase_name(const struct bench_case *bc, unsigned long pages)
{
	char name[16];
	int k = 0;

	if (pages > 1)
		k = 63 - __builtin_clzl(pages - 1);
	if (bc->sizeless)
		snprintf(name, sizeof(name), "%s", bc->name);
	else
		snprintf(name, sizeof(name), "%s@%d", bc->name, k);
	prctl(PR_SET_NAME, name, 0, 0, 0);
}

static int cmp_case(const void *a, const void *b)
{
	const struct bench_case *x = *(const struct bench_case *const *)a;
	const struct bench_case *y = *(const struct bench_case *const *)b;

	return x->order - y->order;
}

static void collect_cases(void)
{
	const struct bench_case *const *p;

	for (p = bench_cases; *p; p++) {
		if (nr_cases == MAX_CASES)
			die("too many cases", E2BIG);
		cases[nr_cases++] = *p;
	}
	qsort(cases, nr_cases, sizeof(cases[0]), cmp_case);
}

static const struct bench_case *find_case(const char *name)
{
	int i;

	for (i = 0; i < nr_cases; i++)
		if (!strcmp(cases[i]->name, name))
			return cases[i];
	return NULL;
}

/* The counting page-faults event on this task, read around each run(). */
static void open_fault_counter(void)
{
	struct perf_event_attr attr;

	rb_sw_attr(&attr, PERF_COUNT_SW_PAGE_FAULTS, 0, 0);
	attr.disabled = 0;
	fault_fd = rb_perf_open(&attr, 0, -1, -1);
	if (fault_fd < 0)
		die("perf_event_open(page-faults)", errno);
}

static __u64 read_fault_counter(void)
{
	__u64 v;

	if (read(fault_fd, &v, sizeof(v)) != sizeof(v))
		die("read(page-faults)", errno ? errno : EIO);
	return v;
}

static __u64 rusage_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		die("getrusage", errno);
	return ru.ru_minflt + ru.ru_majflt;
}

static unsigned long mem_available(void)
{
	unsigned long kb = 0;
	char line[128];
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

/*
 * The largest 1 + 2^k pages this kernel lets us map, trying k = kmax down
 * to 0.  A size that would not leave 256 MiB of MemAvailable is not tried
 * (a failing buffer allocation could wake the OOM killer).  On x86-64 with
 * 4 KiB pages the page-pointer array of rb_alloc() limits it to 2^18 data
 * pages; the reason string records what stopped the search.
 */
static void find_max_k(int kmax, struct max_size *m)
{
	unsigned long avail = mem_available();
	struct bench_ctx c;
	int k, ret;

	m->k = -1;
	snprintf(m->reason, sizeof(m->reason), "k=%d is the limit asked for",
		 kmax);
	for (k = kmax; k >= 0; k--) {
		memset(&c, 0, sizeof(c));
		c.fd = -1;
		c.memfd = -1;
		c.page_size = page_size;
		c.pages = 1ul + (1ul << k);
		c.len = c.pages * page_size;
		if (c.len + (256ul << 20) > avail) {
			snprintf(m->reason, sizeof(m->reason),
				 "k=%d: %zu MiB would leave less than 256 MiB of MemAvailable (%lu MiB)",
				 k, c.len >> 20, avail >> 20);
			continue;
		}
		ret = bench_open_map(&c);
		if (!ret) {
			m->k = k;
			ret = bench_unmap_close(&c);
			if (ret)
				die("unmap after the size search", -ret);
			return;
		}
		snprintf(m->reason, sizeof(m->reason),
			 "k=%d: perf_event_open+mmap failed: %s", k,
			 strerror(-ret));
	}
	die("no ring buffer size could be mapped", ENOMEM);
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* Quantile of sorted data, linear interpolation between closest ranks. */
static double quantile(const __u64 *s, unsigned long n, double q)
{
	double h = (n - 1) * q;
	unsigned long lo = (unsigned long)h;

	if (lo + 1 >= n)
		return s[n - 1];
	return s[lo] + (h - lo) * ((double)s[lo + 1] - s[lo]);
}

static void summarise(const __u64 *v, unsigned long n, struct summary *r)
{
	__u64 *s = malloc(n * sizeof(*s));
	double sum = 0, sq = 0;
	unsigned long i;

	if (!s)
		die("malloc", ENOMEM);
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u64);
	for (i = 0; i < n; i++)
		sum += s[i];
	r->mean = sum / n;
	for (i = 0; i < n; i++)
		sq += (s[i] - r->mean) * (s[i] - r->mean);
	r->stddev = n > 1 ? sqrt(sq / (n - 1)) : 0;
	r->min = s[0];
	r->max = s[n - 1];
	r->p10 = quantile(s, n, 0.10);
	r->median = quantile(s, n, 0.50);
	r->p90 = quantile(s, n, 0.90);
	r->p99 = quantile(s, n, 0.99);
	free(s);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void json_array(FILE *f, const char *key, const __u64 *v,
		       unsigned long n)
{
	unsigned long i;

	fprintf(f, "\"%s\": [", key);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)v[i]);
	fputc(']', f);
}

static void json_summary(FILE *f, const struct summary *s, double div)
{
	fprintf(f, "\"min\": %.1f, \"p10\": %.1f, \"median\": %.1f, \"p90\": %.1f, ",
		s->min / div, s->p10 / div, s->median / div, s->p90 / div);
	fprintf(f, "\"p99\": %.1f, \"max\": %.1f, \"mean\": %.1f, \"stddev\": %.1f",
		s->p99 / div, s->max / div, s->mean / div, s->stddev / div);
}

/*
 * One result object: the case, the size, the time summary in ns (and per
 * page), the fault counts per repetition, and the raw samples.
 */
static void write_result(FILE *f, int first, const struct bench_case *bc,
			 unsigned long pages, unsigned long warmup,
			 const __u64 *ns, const __u64 *flt_ru,
			 const __u64 *flt_ev, unsigned long n)
{
	struct summary t, fr, fe;

	summarise(ns, n, &t);
	summarise(flt_ru, n, &fr);
	summarise(flt_ev, n, &fe);
	fprintf(f, "%s\n    {\"case\": ", first ? "" : ",");
	json_str(f, bc->name);
	fprintf(f, ", \"description\": ");
	json_str(f, bc->description);
	fprintf(f, ", \"order\": %d,\n     \"pages\": %lu, \"bytes\": %lu, ",
		bc->order, pages, pages * page_size);
	fprintf(f, "\"n\": %lu, \"warmup\": %lu, \"unit\": \"ns\",\n     ",
		n, warmup);
	json_summary(f, &t, 1);
	if (pages) {
		fprintf(f, ",\n     \"per_page\": {");
		json_summary(f, &t, pages);
		fputc('}', f);
	}
	fprintf(f, ",\n     \"faults_rusage\": {");
	json_summary(f, &fr, 1);
	fprintf(f, "},\n     \"faults_event\": {");
	json_summary(f, &fe, 1);
	fprintf(f, "},\n     ");
	json_array(f, "samples_ns", ns, n);
	fprintf(f, ",\n     ");
	json_array(f, "samples_faults_rusage", flt_ru, n);
	fprintf(f, ",\n     ");
	json_array(f, "samples_faults_event", flt_ev, n);
	fputc('}', f);
}

static void check(int ret, const struct bench_case *bc, const char *hook,
		  unsigned long pages)
{
	char what[128];

	if (!ret)
		return;
	snprintf(what, sizeof(what), "%s: %s() at %lu pages", bc->name, hook,
		 pages);
	die(what, -ret);
}

static unsigned long reps_for(const struct options *o, unsigned long pages)
{
	unsigned long r = pages ? o->budget / pages : o->maxreps;

	if (r < o->minreps)
		r = o->minreps;
	if (r > o->maxreps)
		r = o->maxreps;
	return r;
}

/* Measure one case at one size and append its result to the JSON. */
static void measure(FILE *f, int first, const struct options *o,
		    const struct bench_case *bc, unsigned long pages)
{
	unsigned long n = reps_for(o, pages), warm, i;
	__u64 *ns, *fru, *fev, t0, t1, r0, r1, e0, e1;
	struct bench_ctx c;
	int ret;

	warm = o->warmup >= 0 ? (unsigned long)o->warmup : n / 10;
	if (o->warmup < 0 && warm < 1)
		warm = 1;
	ns = calloc(n, sizeof(*ns));
	fru = calloc(n, sizeof(*fru));
	fev = calloc(n, sizeof(*fev));
	if (!ns || !fru || !fev)
		die("calloc", ENOMEM);

	set_phase_name(bc, pages);
	memset(&c, 0, sizeof(c));
	c.fd = -1;
	c.memfd = -1;
	c.page_size = page_size;
	c.pages = pages ? pages : 1;
	c.len = c.pages * page_size;
	if (bc->setup)
		check(bc->setup(&c), bc, "setup", pages);
	for (i = 0; i < warm + n; i++) {
		if (bc->prepare)
			check(bc->prepare(&c), bc, "prepare", pages);
		e0 = read_fault_counter();
		r0 = rusage_faults();
		t0 = now_ns();
		rb_window_open();
		ret = bc->run(&c);
		rb_window_close();
		t1 = now_ns();
		check(ret, bc, "run", pages);
		r1 = rusage_faults();
		e1 = read_fault_counter();
		if (bc->cleanup)
			check(bc->cleanup(&c), bc, "cleanup", pages);
		if (i >= warm) {
			ns[i - warm] = t1 - t0;
			fru[i - warm] = r1 - r0;
			fev[i - warm] = e1 - e0;
		}
	}
	if (bc->teardown)
		bc->teardown(&c);

	write_result(f, first, bc, pages, warm, ns, fru, fev, n);
	if (!o->quiet) {
		struct summary s;

		summarise(ns, n, &s);
		fprintf(stderr, "perf-rb-bench: %-12s %7lu pages  n=%-4lu ",
			bc->name, pages, n);
		fprintf(stderr, "median %12.0f ns  faults/rep %llu\n",
			s.median, (unsigned long long)fev[0]);
	}
	free(ns);
	free(fru);
	free(fev);
}

/* Parse "0,3,6,9,max" into page counts 1 + 2^k; "max" searches. */
static int parse_sizes(const struct options *o, unsigned long *sizes,
		       struct max_size *m)
{
	char *list = strdup(o->ks), *tok, *save = NULL, *end;
	int n = 0, i;
	long k;

	if (!list)
		die("strdup", ENOMEM);
	m->k = -1;
	m->reason[0] = 0;
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_SIZES)
			die("too many sizes", E2BIG);
		if (!strcmp(tok, "max")) {
			find_max_k(o->kmax, m);
			k = m->k;
		} else {
			errno = 0;
			k = strtol(tok, &end, 10);
			if (errno || *end || k < 0 || k > 30)
				die("bad k in -k (0..30 or max)", EINVAL);
		}
		for (i = 0; i < n; i++)
			if (sizes[i] == 1ul + (1ul << k))
				break;
		if (i == n)
			sizes[n++] = 1ul + (1ul << k);
	}
	free(list);
	return n;
}

static int selected(const struct options *o, const struct bench_case *bc)
{
	char *list, *tok, *save = NULL;
	int hit = 0;

	if (!o->cases)
		return 1;
	list = strdup(o->cases);
	if (!list)
		die("strdup", ENOMEM);
	for (tok = strtok_r(list, ",", &save); tok && !hit;
	     tok = strtok_r(NULL, ",", &save))
		hit = !strcmp(tok, bc->name);
	free(list);
	return hit;
}

static void check_case_names(const struct options *o)
{
	char *list, *tok, *save = NULL;

	if (!o->cases)
		return;
	list = strdup(o->cases);
	if (!list)
		die("strdup", ENOMEM);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!find_case(tok)) {
			fprintf(stderr, "perf-rb-bench: no case '%s' (-l lists them)\n",
				tok);
			exit(1);
		}
	}
	free(list);
}

static void print_usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: perf-rb-bench [-l] [-S] [-c CASES] [-k KS] [-K KMAX] [-b PAGES]\n"
		"                     [-n MAXREPS] [-m MINREPS] [-w WARMUP] [-C CPU]\n"
		"                     [-G NS] [-V VARIANT] [-M MODE] [-o FILE] [-q]\n"
		"  -l        list the cases and exit\n"
		"  -S        print CLOCK_MONOTONIC in ns and exit\n"
		"  -c CASES  comma-separated case names (default: all)\n"
		"  -k KS     sizes as k of 1+2^k pages, 'max' = largest that maps\n"
		"            (default 0,3,6,9,max)\n"
		"  -K KMAX   largest k the 'max' search tries (default %d)\n"
		"  -b PAGES  repetitions = PAGES / size ... (default 262144)\n"
		"  -n/-m N   ... clamped to [MINREPS, MAXREPS] (default 5, 200)\n"
		"  -w N      warm-up repetitions (default: reps/10, at least 1)\n"
		"  -C CPU    pin to this CPU\n"
		"  -G NS     refuse a clock that steps by more than NS (default 1000)\n"
		"  -V, -M    variant and mode labels written to the JSON\n"
		"  -o FILE   write the JSON there (default: stdout)\n"
		"  -q        no progress lines on stderr\n", KMAX_DEFAULT);
	exit(status);
}

static unsigned long parse_ul(const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s)
		print_usage(2);
	return v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	int opt, i;

	memset(o, 0, sizeof(*o));
	o->ks = "0,3,6,9,max";
	o->variant = "unknown";
	o->mode = "unknown";
	o->budget = 1ul << 18;
	o->maxreps = 200;
	o->minreps = 5;
	o->warmup = -1;
	o->kmax = KMAX_DEFAULT;
	o->cpu = -1;
	o->max_step = 1000;
	while ((opt = getopt(argc, argv, "lSc:k:K:b:n:m:w:C:G:V:M:o:qh")) != -1) {
		switch (opt) {
		case 'l':
			for (i = 0; i < nr_cases; i++)
				printf("%-12s %s\n", cases[i]->name,
				       cases[i]->description);
			exit(0);
		case 'S':
			printf("%llu\n", (unsigned long long)now_ns());
			exit(0);
		case 'c':
			o->cases = optarg;
			break;
		case 'k':
			o->ks = optarg;
			break;
		case 'K':
			o->kmax = parse_ul(optarg);
			if (o->kmax > 30)
				print_usage(2);
			break;
		case 'b':
			o->budget = parse_ul(optarg);
			break;
		case 'n':
			o->maxreps = parse_ul(optarg);
			break;
		case 'm':
			o->minreps = parse_ul(optarg);
			break;
		case 'w':
			o->warmup = parse_ul(optarg);
			break;
		case 'C':
			o->cpu = parse_ul(optarg);
			break;
		case 'G':
			o->max_step = parse_ul(optarg);
			break;
		case 'V':
			o->variant = optarg;
			break;
		case 'M':
			o->mode = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			print_usage(0);
			break;
		default:
			print_usage(2);
		}
	}
	if (optind != argc || !o->minreps || o->minreps > o->maxreps)
		print_usage(2);
}

/*
 * Where mmap() places a buffer decides how many page tables it spans and
 * so how many page-table pages are allocated, zeroed and freed with it: a
 * 65-page buffer crosses a 2 MiB boundary or not depending on the
 * randomised mmap base.  Each process draws one layout and keeps it for
 * all its repetitions, so two runs measured two layouts: under icount,
 * the median of a 65-page memfd mapping moved by 11% and of a 65-page
 * munmap() by 4% between two otherwise identical runs, every sample of
 * a run being equal.  Without randomisation every run and every variant
 * measures the same layout.  personality() applies at the next execve(),
 * hence the re-execution.
 */
static void fix_address_layout(char **argv)
{
	int p = personality(0xffffffff);

	if (p == -1)
		die("personality", errno);
	if (p & ADDR_NO_RANDOMIZE)
		return;
	if (personality(p | ADDR_NO_RANDOMIZE) == -1)
		die("personality(ADDR_NO_RANDOMIZE)", errno);
	execv("/proc/self/exe", argv);
	die("execv /proc/self/exe", errno);
}

static void write_header(FILE *f, const struct options *o,
			 const struct max_size *m)
{
	struct timespec res;
	struct utsname u;

	if (uname(&u))
		die("uname", errno);
	if (clock_getres(CLOCK_MONOTONIC, &res))
		die("clock_getres", errno);
	fprintf(f, "{\"generator\": \"perf-rb-bench\", \"schema\": 1,\n");
	fprintf(f, " \"variant\": ");
	json_str(f, o->variant);
	fprintf(f, ", \"mode\": ");
	json_str(f, o->mode);
	fprintf(f, ", \"kernel\": ");
	json_str(f, u.release);
	fprintf(f, ", \"machine\": ");
	json_str(f, u.machine);
	fprintf(f, ",\n \"clock\": \"CLOCK_MONOTONIC\", \"clock_res_ns\": %ld, ",
		res.tv_nsec);
	fprintf(f, "\"clock_step_ns\": %llu,\n", (unsigned long long)step_ns);
	fprintf(f, " \"page_size\": %ld, \"online_cpus\": %ld, \"pinned_cpu\": %d,\n",
		page_size, sysconf(_SC_NPROCESSORS_ONLN), o->cpu);
	fprintf(f, " \"budget_pages\": %lu, \"min_reps\": %lu, \"max_reps\": %lu, ",
		o->budget, o->minreps, o->maxreps);
	fprintf(f, "\"rcu_settle\": \"%s\",\n", bench_settle);
	fprintf(f, " \"address_layout\": \"not randomised (ADDR_NO_RANDOMIZE)\",\n");
	fprintf(f, " \"max_k\": %d, \"max_k_reason\": ", m->k);
	json_str(f, m->reason);
	fprintf(f, ",\n \"results\": [");
}

int main(int argc, char **argv)
{
	unsigned long sizes[MAX_SIZES];
	const struct bench_case *bc;
	struct options o;
	struct max_size m;
	int nsizes, i, j, first = 1, ret;
	char *tmp = NULL;
	cpu_set_t set;
	FILE *f = stdout;

	page_size = sysconf(_SC_PAGESIZE);
	collect_cases();
	parse_options(argc, argv, &o);
	/* after -l and -S, which exit at once: no re-execution for them */
	fix_address_layout(argv);
	check_case_names(&o);
	if (o.cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(o.cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			die("sched_setaffinity", errno);
	}
	step_ns = clock_step();
	if (step_ns > o.max_step) {
		fprintf(stderr,
			"perf-rb-bench: CLOCK_MONOTONIC steps by %llu ns (limit %lu, -G): clocksource too coarse\n",
			(unsigned long long)step_ns, o.max_step);
		return 1;
	}
	ret = bench_rcu_settle();
	if (ret)
		die("membarrier", -ret);
	open_fault_counter();
	nsizes = parse_sizes(&o, sizes, &m);

	if (o.out) {
		if (asprintf(&tmp, "%s.tmp", o.out) < 0)
			die("asprintf", ENOMEM);
		f = fopen(tmp, "w");
		if (!f)
			die(tmp, errno);
	}
	write_header(f, &o, &m);
	for (i = 0; i < nr_cases; i++) {
		bc = cases[i];
		if (!selected(&o, bc))
			continue;
		if (bc->sizeless) {
			measure(f, first, &o, bc, 0);
			first = 0;
			continue;
		}
		for (j = 0; j < nsizes; j++) {
			measure(f, first, &o, bc, sizes[j]);
			first = 0;
		}
	}
	fprintf(f, "\n  ]\n}\n");
	if (fflush(f) || ferror(f))
		die("writing the JSON", EIO);
	if (o.out) {
		if (fclose(f))
			die(tmp, errno);
		if (rename(tmp, o.out))
			die(o.out, errno);
		free(tmp);
	}
	return 0;
}
