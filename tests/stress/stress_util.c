// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the perf ring-buffer reliability programs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "stress_util.h"

/* --- random numbers ------------------------------------------------------ */

void su_rng_seed(struct su_rng *r, u64 seed, unsigned int stream)
{
	/* splitmix64 of (seed, stream): distinct, never-zero states */
	u64 z = seed + 0x9e3779b97f4a7c15ULL * (stream + 1);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	r->s = z ? z : 1;
}

u64 su_rng_next(struct su_rng *r)
{
	u64 x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

unsigned int su_rng_below(struct su_rng *r, unsigned int n)
{
	return (unsigned int)((su_rng_next(r) >> 32) % n);
}

u64 su_fresh_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((u64)ts.tv_sec * 1000000007ULL) ^ (u64)ts.tv_nsec ^
	       ((u64)getpid() << 32);
}

double su_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- options ------------------------------------------------------------ */

unsigned long su_arg_ulong(const char *arg, void (*usage)(void))
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || *arg == '-') {
		fprintf(stderr, "not a number: '%s'\n", arg);
		usage();
	}
	return v;
}

/* Take opt if it is a common option: 1, or 0 if it is not. */
static int su_common_opt(struct su_common *c, int opt, const char *arg,
			 void (*usage)(void))
{
	char *end;

	switch (opt) {
	case 's':
		errno = 0;
		c->seconds = strtod(arg, &end);
		if (errno || end == arg || *end || !(c->seconds > 0)) {
			fprintf(stderr, "--seconds: not a positive number: '%s'\n",
				arg);
			usage();
		}
		return 1;
	case 'S':
		errno = 0;
		c->seed = strtoull(arg, &end, 0);
		if (errno || end == arg || *end) {
			fprintf(stderr, "--seed: not a number: '%s'\n", arg);
			usage();
		}
		return 1;
	case 'v':
		c->verbose = 1;
		return 1;
	}
	return 0;
}

int su_getopt(int argc, char **argv, const char *own_short,
	      const struct option *own_long, struct su_common *c,
	      void (*usage)(void))
{
	static const struct option common[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
	};
	static struct option all[ARRAY_SIZE(common) + 16];
	static char shortopts[64];
	unsigned int n;
	int opt;

	if (!shortopts[0]) {
		memcpy(all, common, sizeof(common));
		for (n = ARRAY_SIZE(common);
		     own_long->name && n < ARRAY_SIZE(all) - 1; n++)
			all[n] = *own_long++;
		snprintf(shortopts, sizeof(shortopts), "s:v%s", own_short);
	}
	while ((opt = getopt_long(argc, argv, shortopts, all, NULL)) != -1) {
		if (!su_common_opt(c, opt, optarg, usage))
			return opt;
	}
	if (optind < argc)
		usage();
	return -1;
}

/* --- AUX ----------------------------------------------------------------- */

static int su_aux_open_on(unsigned int type, int cpu)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	return rb_perf_open(&attr, cpu == -1 ? 0 : -1, cpu, -1);
}

int su_aux_open(const struct su_aux_pmu *pmu)
{
	return su_aux_open_on(pmu->type, pmu->cpu);
}

/* 0: AUX mapped (and unmapped again); else the errno of the failure. */
static int su_aux_try(unsigned int type, int cpu, size_t pages)
{
	size_t dlen = 2 * rb_page;
	void *data, *aux;
	int fd, err = 0;

	fd = su_aux_open_on(type, cpu);
	if (fd < 0)
		return errno;
	data = mmap(NULL, dlen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (data == MAP_FAILED) {
		err = errno;
		goto out;
	}
	aux = rb_map_aux(fd, data, dlen, pages, PROT_READ | PROT_WRITE,
			 NULL, MAP_SHARED);
	if (aux == MAP_FAILED)
		err = errno;
	else
		munmap(aux, pages * rb_page);
	munmap(data, dlen);
out:
	close(fd);
	return err;
}

unsigned int su_aux_pmus(struct su_aux_pmu *pmus, unsigned int max,
			 char *why, size_t why_len)
{
	static const char *const skip[] = {
		"software", "tracepoint", "breakpoint", "kprobe", "uprobe",
	};
	static const unsigned int sizes[] = { 1, 4, 16 };
	const char *dir = RB_PMU_DIR;
	unsigned int found = 0;
	size_t used = 0;
	struct dirent *de;
	DIR *d;

	why[0] = '\0';
	d = opendir(dir);
	if (!d) {
		snprintf(why, why_len, "no %s", dir);
		return 0;
	}
	while ((de = readdir(d)) && found < max) {
		struct su_aux_pmu *pmu = &pmus[found];
		bool skipped = false, ok = false;
		unsigned int i, s;
		int cpu, err = 0;
		long type;

		if (de->d_name[0] == '.')
			continue;
		for (i = 0; i < ARRAY_SIZE(skip); i++)
			skipped |= !strcmp(de->d_name, skip[i]);
		type = skipped ? -1 : rb_pmu_type(de->d_name);
		if (type < 0)
			continue;
		/* Per-task first, then CPU 0 (some PMUs are per-CPU only). */
		for (cpu = -1; cpu <= 0 && !ok; cpu++) {
			for (s = 0; s < ARRAY_SIZE(sizes) && !ok; s++) {
				err = su_aux_try((unsigned int)type, cpu,
						 sizes[s]);
				if (err)
					continue;
				snprintf(pmu->name, sizeof(pmu->name), "%s",
					 de->d_name);
				pmu->type = (unsigned int)type;
				pmu->cpu = cpu;
				pmu->pages = sizes[s];
				ok = true;
			}
		}
		if (ok) {
			found++;
			continue;
		}
		if (used < why_len)
			used += (size_t)snprintf(why + used, why_len - used,
						 "%s%s: %s", used ? ", " : "",
						 de->d_name,
						 strerrorname_np(err) ?: "?");
	}
	closedir(d);
	if (!found && !used)
		snprintf(why, why_len, "no hardware or test PMU");
	return found;
}

bool su_aux_pmu_find(struct su_aux_pmu *pmu, char *why, size_t why_len)
{
	return su_aux_pmus(pmu, 1, why, why_len) == 1;
}

/* --- /proc and sysfs ----------------------------------------------------- */

int su_perf_vmas(void)
{
	char line[512];
	int n = 0;
	FILE *f;

	f = fopen("/proc/self/maps", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += !!strstr(line, "[perf_event]");
	fclose(f);
	return n;
}

bool su_range_mapped(uintptr_t start, size_t len)
{
	unsigned long lo, hi;
	char line[512];
	bool found = false;
	FILE *f;

	f = fopen("/proc/self/maps", "re");
	if (!f)
		return true;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2)
			continue;
		if (lo < start + len && hi > start) {
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

/* --- counters ------------------------------------------------------------ */

void su_op_add(struct su_op *dst, const struct su_op *src)
{
	unsigned int i;

	dst->ok += src->ok;
	dst->expected += src->expected;
	dst->unexpected += src->unexpected;
	for (i = 0; i < SU_MAX_ERRNO; i++)
		dst->err[i] += src->err[i];
}

void su_op_record(struct su_op *op, int err, bool expected)
{
	if (!err) {
		op->ok++;
		return;
	}
	if (expected)
		op->expected++;
	else
		op->unexpected++;
	if (err > 0 && err < SU_MAX_ERRNO)
		op->err[err]++;
}

void su_op_print(const char *name, const struct su_op *op)
{
	unsigned int i;
	bool first = true;

	printf("op %-16s ok=%lu expected=%lu unexpected=%lu", name, op->ok,
	       op->expected, op->unexpected);
	for (i = 1; i < SU_MAX_ERRNO; i++) {
		if (!op->err[i])
			continue;
		printf("%s%s:%lu", first ? " errors=" : ",",
		       strerrorname_np((int)i) ?: "?", op->err[i]);
		first = false;
	}
	printf("\n");
}

/* --- kernel symbols ------------------------------------------------------ */

/* "perf_mmap" matches perf_mmap and perf_mmap.constprop.0, not .cold. */
static bool su_ksym_match(const char *want, const char *name)
{
	size_t n = strlen(want);

	if (strncmp(want, name, n))
		return false;
	if (name[n] == '\0')
		return true;
	return name[n] == '.' && strncmp(name + n, ".cold", 5);
}

int su_ksym_lookup(struct su_ksym *syms, unsigned int n)
{
	char line[512], name[256], type;
	unsigned long addr;
	unsigned int i;
	int pass;
	FILE *f;

	for (i = 0; i < n; i++) {
		syms[i].start = 0;
		syms[i].end = 0;
	}
	/* Pass 0 finds where each starts, pass 1 the next symbol after. */
	for (pass = 0; pass < 2; pass++) {
		f = fopen("/proc/kallsyms", "re");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%lx %c %255s", &addr, &type,
				   name) != 3)
				continue;
			for (i = 0; i < n; i++) {
				struct su_ksym *s = &syms[i];

				if (pass == 0) {
					if (!s->start && (type == 't' ||
							  type == 'T') &&
					    su_ksym_match(s->name, name))
						s->start = addr;
				} else if (s->start && addr > s->start &&
					   (!s->end || addr < s->end)) {
					s->end = addr;
				}
			}
		}
		fclose(f);
	}
	for (i = 0; i < n; i++) {
		if (syms[i].start && !syms[i].end)
			syms[i].start = 0;
	}
	return 0;
}

/* --- fault injection ----------------------------------------------------- */

#define FI_DIR "/sys/kernel/debug/"

static const char *const fi_attrs[] = {
	"failslab", "fail_page_alloc",
};

/* Settings and the values they get; each is saved and restored. */
static const struct {
	const char *file;
	const char *value;
	const char *only;	/* NULL: both attributes */
} fi_settings[] = {
	{ "probability", "0", NULL },
	{ "interval", "1", NULL },
	/*
	 * A budget that the kernel counts down on every failure it injects,
	 * fail-nth ones included (should_fail_ex()): su_fi_injected().
	 */
	{ "times", SU_FI_TIMES, NULL },
	{ "space", "0", NULL },
	{ "verbose", "0", NULL },
	{ "task-filter", "N", NULL },
	{ "ignore-gfp-wait", "N", NULL },
	{ "stacktrace-depth", "32", NULL },
	{ "reject-start", "0", NULL },
	{ "reject-end", "0", NULL },
	{ "require-start", "0", NULL },
	{ "require-end", "0", NULL },
	{ "ignore-gfp-highmem", "N", "fail_page_alloc" },
	{ "min-order", "0", "fail_page_alloc" },
	{ "cache-filter", "N", "failslab" },
};

static char fi_saved[ARRAY_SIZE(fi_attrs)][ARRAY_SIZE(fi_settings)][32];
static bool fi_is_setup;
static __thread int fi_nth_fd = -1;

static void fi_path(char *buf, size_t len, unsigned int a, const char *file)
{
	snprintf(buf, len, FI_DIR "%s/%s", fi_attrs[a], file);
}

static bool fi_applies(unsigned int a, unsigned int s)
{
	return !fi_settings[s].only || !strcmp(fi_attrs[a], fi_settings[s].only);
}

bool su_fi_available(void)
{
	char path[256];
	unsigned int a;

	for (a = 0; a < ARRAY_SIZE(fi_attrs); a++) {
		fi_path(path, sizeof(path), a, "require-start");
		if (access(path, W_OK))
			return false;
	}
	return access("/proc/thread-self/fail-nth", W_OK) == 0;
}

int su_fi_setup(void)
{
	char path[256];
	unsigned int a, s;

	for (a = 0; a < ARRAY_SIZE(fi_attrs); a++) {
		for (s = 0; s < ARRAY_SIZE(fi_settings); s++) {
			char *buf = fi_saved[a][s];
			ssize_t n;
			int fd;

			if (!fi_applies(a, s))
				continue;
			fi_path(path, sizeof(path), a, fi_settings[s].file);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				return -1;
			n = read(fd, buf, sizeof(fi_saved[a][s]) - 1);
			close(fd);
			if (n <= 0)
				return -1;
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
		}
	}
	fi_is_setup = true;
	for (a = 0; a < ARRAY_SIZE(fi_attrs); a++) {
		for (s = 0; s < ARRAY_SIZE(fi_settings); s++) {
			if (!fi_applies(a, s))
				continue;
			fi_path(path, sizeof(path), a, fi_settings[s].file);
			if (rb_write_str(path, fi_settings[s].value))
				return -1;
		}
	}
	return 0;
}

void su_fi_restore(void)
{
	char path[256];
	unsigned int a, s;

	if (!fi_is_setup)
		return;
	/* require-end before require-start does not matter: no check */
	for (a = 0; a < ARRAY_SIZE(fi_attrs); a++) {
		for (s = 0; s < ARRAY_SIZE(fi_settings); s++) {
			if (!fi_applies(a, s))
				continue;
			fi_path(path, sizeof(path), a, fi_settings[s].file);
			rb_write_str(path, fi_saved[a][s]);
		}
	}
	fi_is_setup = false;
}

int su_fi_filter(unsigned long start, unsigned long end,
		 unsigned long rstart, unsigned long rend)
{
	char path[256], val[32];
	unsigned int a;

	for (a = 0; a < ARRAY_SIZE(fi_attrs); a++) {
		static const char * const files[] = {
			"require-start", "require-end",
			"reject-start", "reject-end",
		};
		unsigned long vals[] = { start, end, rstart, rend };
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(files); i++) {
			fi_path(path, sizeof(path), a, files[i]);
			snprintf(val, sizeof(val), "%lu", vals[i]);
			if (rb_write_str(path, val))
				return -1;
		}
	}
	return 0;
}

int su_fi_arm(unsigned int n)
{
	char buf[16];
	int len;

	if (fi_nth_fd < 0) {
		fi_nth_fd = open("/proc/thread-self/fail-nth",
				 O_RDWR | O_CLOEXEC);
		if (fi_nth_fd < 0)
			return -1;
	}
	len = snprintf(buf, sizeof(buf), "%u", n);
	return pwrite(fi_nth_fd, buf, (size_t)len, 0) == len ? 0 : -1;
}

bool su_fi_disarm(void)
{
	char buf[16];
	ssize_t n;
	long left;

	n = pread(fi_nth_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	left = strtol(buf, NULL, 10);
	if (left)
		pwrite(fi_nth_fd, "0", 1, 0);
	/* The kernel counts it down to 0 when it injects the failure. */
	return left == 0;
}

long su_fi_injected(void)
{
	char path[256];
	long sum = 0, left;
	unsigned int a;

	for (a = 0; a < ARRAY_SIZE(fi_attrs); a++) {
		fi_path(path, sizeof(path), a, "times");
		if (rb_read_long(path, &left))
			return -1;
		sum += strtol(SU_FI_TIMES, NULL, 10) - left;
	}
	return sum;
}

/* --- locked-memory accounting -------------------------------------------- */

#define MLOCK_KB	"/proc/sys/kernel/perf_event_mlock_kb"
#define PARANOID	"/proc/sys/kernel/perf_event_paranoid"

int su_mlock_setup(struct su_mlock *ml)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (rb_read_long(MLOCK_KB, &ml->saved_kb) ||
	    rb_read_long(PARANOID, &ml->saved_paranoid)) {
		fprintf(stderr, "cannot read %s or %s\n", MLOCK_KB, PARANOID);
		return -1;
	}
	/* perf_mmap() only enforces the limit if perf_is_paranoid() */
	if (ml->saved_paranoid < 0 && rb_write_long(PARANOID, 2))
		return -1;
	/* 5 pages per CPU: the probe maps 5 * CPUs one-page buffers */
	ml->probe_kb = 5 * (long)(rb_page / 1024);
	ml->probe_pages = (unsigned int)(5 * cpus);
	ml->big_kb = 256 * 1024;
	if (rb_write_long(MLOCK_KB, ml->big_kb))
		return -1;
	if (setrlimit(RLIMIT_MEMLOCK, &(struct rlimit){ 0, 0 }) ||
	    rb_drop_ipc_lock()) {
		perror("RLIMIT_MEMLOCK 0 / drop CAP_IPC_LOCK");
		return -1;
	}
	return 0;
}

int su_fresh_user(void)
{
	static unsigned int calls;
	/*
	 * 4 million uids per pid slot, 1000 slots: a run takes a few
	 * hundred, and a reused uid would be an old user with its leaks.
	 * The largest, about 4.0e9, stays below (uid_t)-1.
	 */
	uid_t uid = 100000 + (uid_t)(getpid() % 1000) * 4000000 +
		    calls++ % 4000000;

	if (setresuid(uid, 0, 0)) {
		perror("setresuid(fresh real uid, 0, 0)");
		return -1;
	}
	return 0;
}

void su_mlock_restore(struct su_mlock *ml)
{
	rb_write_long(MLOCK_KB, ml->saved_kb);
	rb_write_long(PARANOID, ml->saved_paranoid);
}

#define PROBE_MAX	64

struct probe {
	int fd[PROBE_MAX];
	void *map[PROBE_MAX];
	size_t len[PROBE_MAX];
	unsigned int n;
};

/* Map one more buffer of @pages pages; 0, or the errno of mmap(). */
static int probe_map(struct probe *pr, unsigned int pages)
{
	struct perf_event_attr attr;
	unsigned int i = pr->n;
	int fd;

	if (i == PROBE_MAX)
		return E2BIG;
	rb_sw_attr(&attr, PERF_COUNT_SW_DUMMY, 1, SU_SAMPLE);
	fd = rb_perf_open(&attr, 0, -1, -1);
	if (fd < 0)
		return errno;
	pr->len[i] = pages * rb_page;
	pr->map[i] = mmap(NULL, pr->len[i], PROT_READ, MAP_SHARED, fd, 0);
	if (pr->map[i] == MAP_FAILED) {
		int err = errno;

		close(fd);
		return err;
	}
	pr->fd[i] = fd;
	pr->n++;
	return 0;
}

static void probe_unmap(struct probe *pr)
{
	while (pr->n) {
		pr->n--;
		munmap(pr->map[pr->n], pr->len[pr->n]);
		close(pr->fd[pr->n]);
	}
}

/*
 * Fill the limit with as few buffers (1 + 2^k pages, or the control page
 * alone) as possible, then check that one more page is refused.  Only if
 * the limit does not fill is the headroom counted page by page.
 */
int su_headroom(struct su_mlock *ml)
{
	unsigned int left = ml->probe_pages, size;
	struct probe pr = { .n = 0 };
	int err = 0, ret = -1;

	if (rb_write_long(MLOCK_KB, ml->probe_kb))
		return -1;
	while (left && !err) {
		/* the control page alone, or the largest 1 + 2^k <= left */
		size = 1;
		if (left >= 2)
			for (size = 2; 2 * size - 1 <= left; size = 2 * size - 1)
				;
		err = probe_map(&pr, size);
		if (!err)
			left -= size;
	}
	if (!err) {
		err = probe_map(&pr, 1);
		if (!err) {
			fprintf(stderr,
				"headroom: %u pages mapped under a %u-page limit: the limit is not enforced\n",
				ml->probe_pages + 1, ml->probe_pages);
			goto out;
		}
		ret = (int)ml->probe_pages;
	} else if (err == EPERM) {
		/* short of the limit: count what is left, page by page */
		probe_unmap(&pr);
		for (left = 0; left <= ml->probe_pages; left++) {
			err = probe_map(&pr, 1);
			if (err)
				break;
		}
		ret = (int)left;
	}
	if (err != EPERM) {
		fprintf(stderr, "headroom: mmap: %s, want EPERM\n",
			strerror(err));
		ret = -1;
	} else if (rb_status_kb("VmPin") != 0) {
		fprintf(stderr, "headroom: VmPin %lld kB, want 0\n",
			rb_status_kb("VmPin"));
		ret = -1;
	}
out:
	probe_unmap(&pr);
	if (rb_write_long(MLOCK_KB, ml->big_kb))
		ret = -1;
	return ret;
}

void *su_zone(unsigned int slot, size_t len)
{
	/* 63 TiB up: far from the program, libraries, heap and stack */
	uintptr_t base = 0x3f0000000000UL + ((uintptr_t)slot << 39);
	uintptr_t gib = 1UL << 30;

	return (void *)(base + gib - (len / rb_page / 2) * rb_page);
}
