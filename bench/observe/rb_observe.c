// SPDX-License-Identifier: GPL-2.0
/*
 * Observations of the perf ring-buffer mapping: values that may differ
 * from variant to variant and from base to base.  Who the kernel is comes
 * from $RB_BASE, $RB_VARIANT and $RB_FLAVOUR (rb_identity()).  Each
 * observation is written as key=value to
 * $VM_OUT/behaviour-<base>-<variant>[-<flavour>].txt (default: the
 * current directory) and compared with the expectations file,
 * expected/<base>/<variant>[-<flavour>].txt next to this source (or
 * $RB_EXPECT): the data buffer's observations and the AUX area's alike.
 * Without an expectations file every case reports and skips (report
 * only); the runner fails a variant the project lists if its file is
 * missing.  A name that breaks kernel-patches/name-grammar
 * stops the program at once.
 *
 * The struct page state (refcount, mapcount, page->mapping) comes from
 * rb_pages.py through drgn; it needs $RB_VMLINUX (the variant's vmlinux
 * with DWARF) and root.  Without it those values read "n/a".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "rb_harness.h"
#include "rb_util.h"

#define RB_PAGES	(1 + RB_DATA_PAGES)
#define RB_LEN		(RB_PAGES * rb_page)
#define RB_MAX_EXP	512
#define RB_TIMEOUT	900

static struct {
	char key[64];
	char val[256];
} rb_exp[RB_MAX_EXP];
static int rb_nexp = -1;	/* -1: no expectations file, report only */
static bool rb_exp_broken;	/* an include could not be read */
static struct rb_identity rb_id;
static char rb_exp_path[PATH_MAX];
static char rb_out_path[PATH_MAX];

/*
 * Read key=value lines of @path into rb_exp[], a later line replacing an
 * earlier one with the same key.  "include NAME" reads NAME from the
 * same directory first, so that a flavour's file (pfnmap-vmalloc.txt)
 * can say "as the variant's, except ..." without copying it.
 */
static int rb_read_expectations(const char *path, int depth)
{
	char line[384], inc[PATH_MAX], *eq, *end, *slash;
	int i, err = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && rb_nexp < RB_MAX_EXP) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "include ", 8)) {
			snprintf(inc, sizeof(inc), "%s", path);
			slash = strrchr(inc, '/');
			snprintf(slash ? slash + 1 : inc,
				 sizeof(inc) - (slash ? slash + 1 - inc : 0),
				 "%s", line + 8);
			if (depth >= 2 || rb_read_expectations(inc, depth + 1))
				err = -1;
			continue;
		}
		eq = strchr(line, '=');
		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		end = eq + 1 + strlen(eq + 1);
		while (end > eq + 1 && end[-1] == ' ')
			*--end = '\0';
		for (i = 0; i < rb_nexp; i++)
			if (!strcmp(rb_exp[i].key, line))
				break;
		if (i == rb_nexp)
			rb_nexp++;
		snprintf(rb_exp[i].key, sizeof(rb_exp[0].key), "%s", line);
		snprintf(rb_exp[i].val, sizeof(rb_exp[0].val), "%s", eq + 1);
	}
	fclose(f);
	return err;
}

static void rb_load_expectations(void)
{
	if (access(rb_exp_path, R_OK))
		return;
	rb_nexp = 0;
	rb_exp_broken = rb_read_expectations(rb_exp_path, 0) != 0;
}

static void __attribute__((constructor)) rb_observe_init(void)
{
	const char *out = getenv("VM_OUT");
	const char *exp = getenv("RB_EXPECT");
	char rel[PATH_MAX];
	struct utsname u;
	FILE *f;

	if (rb_identity(&rb_id) < 0) {
		fprintf(stderr, "rb_observe: bad RB_BASE/RB_VARIANT/RB_FLAVOUR\n");
		exit(2);
	}
	if (exp && *exp) {
		snprintf(rb_exp_path, sizeof(rb_exp_path), "%s", exp);
	} else {
		snprintf(rel, sizeof(rel), "bench/observe/expected/%s/%s%s%s.txt",
			 rb_id.base, rb_id.variant, *rb_id.flavour ? "-" : "",
			 rb_id.flavour);
		rb_project_path(rb_exp_path, sizeof(rb_exp_path), rel);
	}
	rb_load_expectations();
	snprintf(rb_out_path, sizeof(rb_out_path), "%s/behaviour-%s.txt",
		 out && *out ? out : ".", rb_id.tag);
	f = fopen(rb_out_path, "we");
	if (f) {
		uname(&u);
		fprintf(f, "# base=%s variant=%s flavour=%s kernel=%s\n",
			rb_id.base, rb_id.variant, rb_id.flavour, u.release);
		fclose(f);
	}
}

static const char *rb_expect(const char *key)
{
	int i;

	for (i = 0; i < rb_nexp; i++)
		if (!strcmp(rb_exp[i].key, key))
			return rb_exp[i].val;
	return NULL;
}

static void rb_obs_write(const char *key, const char *val)
{
	FILE *f = fopen(rb_out_path, "ae");

	if (f) {
		fprintf(f, "%s=%s\n", key, val);
		fclose(f);
	}
	printf("# %s=%s\n", key, val);
	fflush(stdout);
}

/* Record an observation and compare it with the expectation. */
static void rb_obs(struct __test_metadata *_metadata, const char *key,
		   const char *fmt, ...)
{
	const char *exp;
	char val[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	rb_obs_write(key, val);
	if (rb_nexp < 0)
		return;
	exp = rb_expect(key);
	EXPECT_NE(NULL, exp)
		TH_LOG("%s=%s: no expectation in %s", key, val, rb_exp_path);
	if (exp)
		EXPECT_STREQ(exp, val) TH_LOG("%s", key);
}

#define OBS(key, ...) rb_obs(_metadata, key, __VA_ARGS__)

/* Without expectations a case only reports: mark it skipped. */
static void rb_report_only(struct __test_metadata *_metadata)
{
	if (rb_nexp < 0 && !_metadata->exit_code)
		SKIP(, "report only: no %.900s", rb_exp_path);
}

FIXTURE(obs) {
	int unused;
};

FIXTURE_SETUP(obs)
{
}

FIXTURE_TEARDOWN(obs)
{
}

/*
 * Touch one byte of each of n pages from p (write: store, else load)
 * and count the page faults this thread took: by the page-faults
 * software event cnt and by getrusage().
 */
static void rb_touch(char *p, size_t n, bool write, int cnt, long long *ev,
		     long *ru)
{
	struct rusage r0, r1;
	long long c0, c1;
	size_t i;

	getrusage(RUSAGE_THREAD, &r0);
	c0 = rb_counter_read(cnt);
	ioctl(cnt, PERF_EVENT_IOC_ENABLE, 0);
	for (i = 0; i < n; i++) {
		if (write)
			rb_poke(p + i * rb_page, 0);
		else
			rb_peek(p + i * rb_page);
	}
	ioctl(cnt, PERF_EVENT_IOC_DISABLE, 0);
	c1 = rb_counter_read(cnt);
	getrusage(RUSAGE_THREAD, &r1);
	*ev = c0 < 0 || c1 < 0 ? -1 : c1 - c0;
	*ru = (r1.ru_minflt - r0.ru_minflt) + (r1.ru_majflt - r0.ru_majflt);
}

/* Run rb_touch() once on warm anonymous memory so its own code is hot. */
static void rb_touch_warmup(int cnt)
{
	long long ev;
	char *p;
	long ru;

	p = mmap(NULL, RB_LEN, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return;
	rb_touch(p, RB_PAGES, false, cnt, &ev, &ru);
	rb_touch(p, 1, true, cnt, &ev, &ru);
	munmap(p, RB_LEN);
}

TEST_F_TIMEOUT(obs, faults, RB_TIMEOUT)
{
	long long ev;
	int fd, fd2, cnt;
	char *p, *q;
	long ru;

	fd = rb_event_open();
	fd2 = rb_event_open();
	cnt = rb_fault_counter_open();
	ASSERT_GE(fd, 0);
	ASSERT_GE(fd2, 0);
	ASSERT_GE(cnt, 0);
	rb_touch_warmup(cnt);

	p = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(p, MAP_FAILED);
	rb_touch(p, RB_PAGES, false, cnt, &ev, &ru);
	OBS("fault.read.event", "%lld", ev);
	OBS("fault.read.rusage", "%ld", ru);
	rb_touch(p, RB_PAGES, false, cnt, &ev, &ru);
	OBS("fault.reread.event", "%lld", ev);
	rb_touch(p, 1, true, cnt, &ev, &ru);
	OBS("fault.wctrl.event", "%lld", ev);
	OBS("fault.wctrl.rusage", "%ld", ru);

	q = rb_map(fd2, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(q, MAP_FAILED);
	rb_touch(q, 1, true, cnt, &ev, &ru);
	OBS("fault.wctrl_fresh.event", "%lld", ev);
	OBS("fault.wctrl_fresh.rusage", "%ld", ru);

	munmap(q, RB_LEN);
	munmap(p, RB_LEN);
	close(cnt);
	close(fd2);
	close(fd);
	rb_report_only(_metadata);
}

/* The drgn helper, kept running so it reads the debug info only once. */
struct rb_drgn {
	pid_t pid;
	FILE *in, *out;
};

struct rb_pgstate {
	long long ref[RB_PAGES], map[RB_PAGES];
	char mapping[RB_PAGES][16];
	bool ok;
};

static int rb_drgn_start(struct rb_drgn *d, int fd)
{
	const char *vmlinux = getenv("RB_VMLINUX");
	char script[PATH_MAX], pid[16], fds[16];
	int to[2], from[2];

	d->pid = -1;
	if (!vmlinux || access(vmlinux, R_OK))
		return -1;
	rb_project_path(script, sizeof(script), "bench/observe/rb_pages.py");
	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(fds, sizeof(fds), "%d", fd);
	if (pipe2(to, O_CLOEXEC) || pipe2(from, O_CLOEXEC))
		return -1;
	/* a helper that died must fail the snapshot, not kill the test */
	signal(SIGPIPE, SIG_IGN);
	d->pid = fork();
	if (d->pid < 0)
		return -1;
	if (d->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		execl("/usr/bin/python3", "python3", script, vmlinux, pid, fds,
		      (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	d->in = fdopen(to[1], "w");
	d->out = fdopen(from[0], "r");
	return d->in && d->out ? 0 : -1;
}

/* Ask the helper for a snapshot: lines "page i pfn ref map kind", "end". */
static void rb_drgn_snap(struct rb_drgn *d, struct rb_pgstate *s)
{
	char line[256], kind[16];
	long long pfn, ref, map;
	int i, n = 0;

	s->ok = false;
	if (d->pid < 0 || !d->in || !d->out)
		return;
	fprintf(d->in, "snap\n");
	fflush(d->in);
	while (fgets(line, sizeof(line), d->out)) {
		if (!strncmp(line, "end", 3))
			break;
		if (sscanf(line, "page %d %lld %lld %lld %15s", &i, &pfn, &ref,
			   &map, kind) != 5 || i < 0 || i >= RB_PAGES)
			continue;
		s->ref[i] = ref;
		s->map[i] = map;
		snprintf(s->mapping[i], sizeof(s->mapping[i]), "%s", kind);
		n++;
	}
	s->ok = n == RB_PAGES;
}

static void rb_drgn_stop(struct rb_drgn *d)
{
	if (d->in)
		fclose(d->in);
	if (d->out)
		fclose(d->out);
	if (d->pid > 0)
		waitpid(d->pid, NULL, 0);
}

/* "ctrl/data": the data value if all data pages agree, else "mixed". */
static void rb_fmt_ll(char *buf, size_t len, const long long *v, bool ok)
{
	int i;

	if (!ok) {
		snprintf(buf, len, "n/a");
		return;
	}
	for (i = 2; i < RB_PAGES; i++)
		if (v[i] != v[1])
			break;
	if (i < RB_PAGES)
		snprintf(buf, len, "%lld/mixed", v[0]);
	else
		snprintf(buf, len, "%lld/%lld", v[0], v[1]);
}

static void rb_fmt_mapping(char *buf, size_t len, struct rb_pgstate *s)
{
	int i;

	if (!s->ok) {
		snprintf(buf, len, "n/a");
		return;
	}
	for (i = 2; i < RB_PAGES; i++)
		if (strcmp(s->mapping[i], s->mapping[1]))
			break;
	snprintf(buf, len, "%s/%s", s->mapping[0],
		 i < RB_PAGES ? "mixed" : s->mapping[1]);
}

static void rb_obs_pages(struct __test_metadata *_metadata,
			 const char *state, struct rb_pgstate *s)
{
	char key[64], buf[64];

	rb_fmt_ll(buf, sizeof(buf), s->ref, s->ok);
	snprintf(key, sizeof(key), "page.%s.refcount", state);
	OBS(key, "%s", buf);
	rb_fmt_ll(buf, sizeof(buf), s->map, s->ok);
	snprintf(key, sizeof(key), "page.%s.mapcount", state);
	OBS(key, "%s", buf);
	rb_fmt_mapping(buf, sizeof(buf), s);
	snprintf(key, sizeof(key), "page.%s.mapping", state);
	OBS(key, "%s", buf);
}

/* pagemap and /proc/kpage* of the pages of a mapping */
struct rb_kpages {
	int present;
	__u64 pfn[RB_PAGES];
	bool have[RB_PAGES];
};

static void rb_kpages_scan(char *p, struct rb_kpages *k)
{
	__u64 ent;
	int i;

	k->present = 0;
	for (i = 0; i < RB_PAGES; i++) {
		ent = rb_pagemap(p + i * rb_page);
		k->have[i] = rb_pagemap_present(ent) && rb_pagemap_pfn(ent);
		k->pfn[i] = rb_pagemap_pfn(ent);
		if (rb_pagemap_present(ent))
			k->present++;
	}
}

static void rb_fmt_kcount(char *buf, size_t len, struct rb_kpages *k)
{
	long long v[RB_PAGES];
	int i;

	for (i = 0; i < RB_PAGES; i++) {
		if (!k->have[i]) {
			snprintf(buf, len, "n/a");
			return;
		}
		v[i] = rb_kpagecount(k->pfn[i]);
	}
	rb_fmt_ll(buf, len, v, true);
}

static void rb_fmt_kflags(char *buf, size_t len, struct rb_kpages *k, int i)
{
	__u64 f;
	int j;

	if (!k->have[i]) {
		snprintf(buf, len, "n/a");
		return;
	}
	f = rb_kpageflags(k->pfn[i]);
	/* for the data pages: one value if they all agree */
	if (i == 1) {
		for (j = 2; j < RB_PAGES; j++)
			if (!k->have[j] || rb_kpageflags(k->pfn[j]) != f) {
				snprintf(buf, len, "mixed");
				return;
			}
	}
	rb_kpageflags_str(f, buf, len);
}

static void rb_obs_kpages(struct __test_metadata *_metadata,
			  const char *state, struct rb_kpages *k)
{
	char key[64], buf[192];

	rb_fmt_kcount(buf, sizeof(buf), k);
	snprintf(key, sizeof(key), "kpagecount.%s", state);
	OBS(key, "%s", buf);
	rb_fmt_kflags(buf, sizeof(buf), k, 0);
	snprintf(key, sizeof(key), "kpageflags.%s.ctrl", state);
	OBS(key, "%s", buf);
	rb_fmt_kflags(buf, sizeof(buf), k, 1);
	snprintf(key, sizeof(key), "kpageflags.%s.data", state);
	OBS(key, "%s", buf);
}

/*
 * Page state before, during and after a mapping: "mapped" right after
 * mmap(), "touched" after reading every page, "second" once a second,
 * never touched mapping of the same event exists, and "unmapped" after
 * munmap() of the first one (the second keeps the buffer alive; without
 * it munmap frees the pages).  "unmapped" minus "second" is what the
 * munmap() gave back.
 */
TEST_F_TIMEOUT(obs, page_state, RB_TIMEOUT)
{
	struct rb_pgstate s;
	struct rb_kpages k;
	struct rb_drgn d = { 0 };
	char *p, *keep;
	int i, fd;

	fd = rb_event_open();
	ASSERT_GE(fd, 0);
	p = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(p, MAP_FAILED);
	if (rb_drgn_start(&d, fd))
		TH_LOG("no drgn helper: struct page values are n/a");

	rb_kpages_scan(p, &k);
	OBS("pagemap.present.mapped", "%d", k.present);
	rb_drgn_snap(&d, &s);
	rb_obs_pages(_metadata, "mapped", &s);

	for (i = 0; i < RB_PAGES; i++)
		rb_peek(p + i * rb_page);
	rb_kpages_scan(p, &k);
	OBS("pagemap.present.touched", "%d", k.present);
	rb_obs_kpages(_metadata, "touched", &k);
	rb_drgn_snap(&d, &s);
	rb_obs_pages(_metadata, "touched", &s);

	keep = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(keep, MAP_FAILED);
	rb_drgn_snap(&d, &s);
	rb_obs_pages(_metadata, "second", &s);

	ASSERT_EQ(munmap(p, RB_LEN), 0);
	/* the same PFNs, now only in the untouched mapping */
	rb_obs_kpages(_metadata, "unmapped", &k);
	rb_drgn_snap(&d, &s);
	rb_obs_pages(_metadata, "unmapped", &s);

	rb_drgn_stop(&d);
	munmap(keep, RB_LEN);
	close(fd);
	rb_report_only(_metadata);
}

#define RB_ROUNDS	5

static int rb_cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long rb_median(long long *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), rb_cmp_ll);
	return v[n / 2];
}

/*
 * RssFile (this process) and Mapped: (system wide) deltas against the
 * values before mmap(), with the per-CPU vmstat deltas folded first.
 * Mapped: counts every process's pages, so the round is repeated and
 * the median reported; RssFile is this process's alone.
 */
TEST_F_TIMEOUT(obs, rss, RB_TIMEOUT)
{
	long long rss0, rss[3][RB_ROUNDS], m0, m[2][RB_ROUNDS];
	int i, r, fd, fold = 0;
	char *p;

	fd = rb_event_open();
	ASSERT_GE(fd, 0);
	/*
	 * Map every page of the program's own file mappings now (mlockall
	 * populates them; munlockall leaves them mapped), so that code run
	 * between two readings cannot add to RssFile or Mapped:.
	 */
	ASSERT_EQ(mlockall(MCL_CURRENT), 0);
	ASSERT_EQ(munlockall(), 0);
	for (r = 0; r < RB_ROUNDS; r++) {
		fold |= rb_vmstat_refresh();
		rss0 = rb_status_kb("RssFile");
		m0 = rb_meminfo_kb("Mapped");
		ASSERT_GE(rss0, 0);
		ASSERT_GE(m0, 0);

		p = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
		ASSERT_NE(p, MAP_FAILED);
		rss[0][r] = rb_status_kb("RssFile") - rss0;

		for (i = 0; i < RB_PAGES; i++)
			rb_peek(p + i * rb_page);
		fold |= rb_vmstat_refresh();
		rss[1][r] = rb_status_kb("RssFile") - rss0;
		m[0][r] = rb_meminfo_kb("Mapped") - m0;

		ASSERT_EQ(munmap(p, RB_LEN), 0);
		fold |= rb_vmstat_refresh();
		rss[2][r] = rb_status_kb("RssFile") - rss0;
		m[1][r] = rb_meminfo_kb("Mapped") - m0;
	}
	OBS("rss.file_kb.mapped", "%lld", rb_median(rss[0], RB_ROUNDS));
	OBS("rss.file_kb.touched", "%lld", rb_median(rss[1], RB_ROUNDS));
	OBS("rss.file_kb.unmapped", "%lld", rb_median(rss[2], RB_ROUNDS));
	/* without root the per-CPU deltas stay unfolded: not exact */
	if (fold) {
		OBS("meminfo.mapped.touched", "n/a");
		OBS("meminfo.mapped.unmapped", "n/a");
	} else {
		OBS("meminfo.mapped.touched", "%lld",
		    rb_median(m[0], RB_ROUNDS));
		OBS("meminfo.mapped.unmapped", "%lld",
		    rb_median(m[1], RB_ROUNDS));
	}
	close(fd);
	rb_report_only(_metadata);
}

/* "ok" if n bytes came and match the buffer, else what went wrong. */
static const char *rb_result(ssize_t n, int err, const void *got,
			     const void *want)
{
	if (n < 0)
		return rb_errname(err);
	if ((size_t)n != rb_page)
		return "short";
	return memcmp(got, want, rb_page) ? "differs" : "ok";
}

/*
 * get_user_pages() on buffer pages the process has never touched: each
 * access uses its own data page, so on a fault-mapped buffer GUP has
 * to fault the page in itself.
 */
TEST_F_TIMEOUT(obs, gup, RB_TIMEOUT)
{
	struct iovec local, remote;
	char *p, *buf, *pg;
	int fd, mem, dev, pfd[2];
	ssize_t n;

	fd = rb_event_open();
	ASSERT_GE(fd, 0);
	p = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(p, MAP_FAILED);
	/* fill 5 data pages with records without touching them */
	ASSERT_EQ(rb_produce_on(fd, (unsigned int)(5 * rb_page / 24 + 1)), 0);
	ASSERT_EQ(posix_memalign((void **)&buf, rb_page, rb_page), 0);

	pg = p + 1 * rb_page;
	local.iov_base = buf;
	local.iov_len = rb_page;
	remote.iov_base = pg;
	remote.iov_len = rb_page;
	n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	OBS("gup.process_vm_readv", "%s", rb_result(n, errno, buf, pg));

	pg = p + 2 * rb_page;
	mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(mem, 0);
	n = pread(mem, buf, rb_page, (off_t)(uintptr_t)pg);
	OBS("gup.proc_self_mem", "%s", rb_result(n, errno, buf, pg));
	close(mem);

	/* a block device: O_DIRECT pins the user pages (tmpfs copies) */
	pg = p + 3 * rb_page;
	dev = open("/dev/ram0", O_RDWR | O_DIRECT | O_CLOEXEC);
	if (dev < 0) {
		OBS("gup.odirect_write", "n/a");
	} else {
		n = pwrite(dev, pg, rb_page, 0);
		if (n == (ssize_t)rb_page) {
			memset(buf, 0, rb_page);
			n = pread(dev, buf, rb_page, 0);
		}
		OBS("gup.odirect_write", "%s", rb_result(n, errno, buf, pg));
		close(dev);
	}

	pg = p + 4 * rb_page;
	ASSERT_EQ(pipe(pfd), 0);
	local.iov_base = pg;
	local.iov_len = rb_page;
	n = vmsplice(pfd[1], &local, 1, SPLICE_F_NONBLOCK);
	if (n == (ssize_t)rb_page)
		n = read(pfd[0], buf, rb_page);
	OBS("gup.vmsplice", "%s", rb_result(n, errno, buf, pg));
	close(pfd[0]);
	close(pfd[1]);

	free(buf);
	munmap(p, RB_LEN);
	close(fd);
	rb_report_only(_metadata);
}

/*
 * Read every page after MADV_DONTNEED.  A mapping without ->fault
 * answers an access to a zapped page with SIGBUS, so each read is
 * guarded and the signals are counted.
 */
TEST_F_TIMEOUT(obs, madvise, RB_TIMEOUT)
{
	int i, fd, cnt, ret, sig = 0, nsig = 0;
	long long ev, c0, c1;
	char *p, *snap, *guard;
	long ru;

	fd = rb_event_open();
	cnt = rb_fault_counter_open();
	ASSERT_GE(fd, 0);
	ASSERT_GE(cnt, 0);
	rb_touch_warmup(cnt);
	p = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(p, MAP_FAILED);
	ASSERT_EQ(rb_produce_on(fd, 100), 0);
	rb_touch(p, RB_PAGES, false, cnt, &ev, &ru);
	snap = malloc(RB_LEN);
	ASSERT_NE(snap, NULL);
	memcpy(snap, p, RB_LEN);
	/*
	 * The guarded read's own code, and a signal's delivery (frame,
	 * handler, siglongjmp) once, so they add no fault to the count.
	 */
	ASSERT_EQ(rb_try_read(snap), 0);
	guard = mmap(NULL, rb_page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		     -1, 0);
	ASSERT_NE(guard, MAP_FAILED);
	ASSERT_EQ(rb_try_read(guard), SIGSEGV);
	munmap(guard, rb_page);

	ret = madvise(p, RB_LEN, MADV_DONTNEED);
	OBS("madv.dontneed", "%s", rb_errname(ret ? errno : 0));
	c0 = rb_counter_read(cnt);
	ioctl(cnt, PERF_EVENT_IOC_ENABLE, 0);
	for (i = 0; i < RB_PAGES; i++) {
		ret = rb_try_read(p + i * rb_page);
		if (ret) {
			sig = ret;
			nsig++;
		}
	}
	ioctl(cnt, PERF_EVENT_IOC_DISABLE, 0);
	c1 = rb_counter_read(cnt);
	OBS("madv.refault.event", "%lld", c0 < 0 || c1 < 0 ? -1 : c1 - c0);
	if (nsig)
		OBS("madv.reread", "%s %d/%d", sig == SIGBUS ? "SIGBUS" :
		    sig == SIGSEGV ? "SIGSEGV" : "signal", nsig, RB_PAGES);
	else
		OBS("madv.reread", "ok");
	OBS("madv.content", "%s", nsig ? "n/a" :
	    memcmp(snap, p, RB_LEN) ? "differs" : "same");

	free(snap);
	munmap(p, RB_LEN);
	close(cnt);
	close(fd);
	rb_report_only(_metadata);
}

/*
 * mmap() of an event redirected with PERF_EVENT_IOC_SET_OUTPUT to an
 * event that has a buffer: 6.12 maps the other event's buffer ("alias":
 * a store through one mapping is seen through the other); upstream
 * refuses it with EBUSY since d06bf78e55d5 (2026).  One observation,
 * so each base's expectation says which it does.
 */
TEST_F_TIMEOUT(obs, set_output_mmap, RB_TIMEOUT)
{
	char *pa, *pb;
	int fa, fb;

	ASSERT_EQ(rb_map_redirected(RB_DATA_PAGES, &fa, &fb, &pa, &pb), 0);
	if (pb == MAP_FAILED) {
		OBS("set_output.mmap", "%s", rb_errname(errno));
	} else {
		rb_ctrl(pa)->data_tail = 0x80;
		OBS("set_output.mmap", "%s",
		    rb_ctrl(pb)->data_tail == 0x80 ? "alias" : "separate");
		rb_ctrl(pa)->data_tail = 0;
		munmap(pb, RB_LEN);
	}
	munmap(pa, RB_LEN);
	close(fb);
	close(fa);
	rb_report_only(_metadata);
}

static void rb_sel_flags(const char *flags, char *buf, size_t len)
{
	/* VM_PFNMAP, VM_MIXEDMAP, VM_IO, VM_DONTCOPY/EXPAND/DUMP */
	static const char * const sel[] = { "pf", "mm", "io", "dc", "de",
					    "dd" };
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(sel); i++)
		if (rb_vmflag(flags, sel[i]))
			off += (size_t)snprintf(buf + off,
						off < len ? len - off : 0,
						"%s%s", off ? " " : "", sel[i]);
	if (!off)
		snprintf(buf, len, "none");
}

TEST_F_TIMEOUT(obs, vma_flags, RB_TIMEOUT)
{
	char flags[192], sel[64];
	int fd, fd2;
	char *p, *q;

	fd = rb_event_open();
	fd2 = rb_event_open();
	ASSERT_GE(fd, 0);
	ASSERT_GE(fd2, 0);
	p = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(p, MAP_FAILED);
	q = rb_map(fd2, RB_DATA_PAGES, PROT_READ);
	ASSERT_NE(q, MAP_FAILED);

	ASSERT_EQ(rb_vmflags(p, flags, sizeof(flags)), 0);
	rb_sel_flags(flags, sel, sizeof(sel));
	OBS("vma.sel.rw", "%s", sel);
	OBS("vma.flags.rw", "%s", flags);
	ASSERT_EQ(rb_vmflags(q, flags, sizeof(flags)), 0);
	OBS("vma.flags.ro", "%s", flags);

	munmap(q, RB_LEN);
	munmap(p, RB_LEN);
	close(fd2);
	close(fd);
	rb_report_only(_metadata);
}

/*
 * What every protection and mapping flag a user can pass gives: mmap()
 * of the data buffer (control page + data pages) and of the AUX area with
 * each PROT_ combination and each flag, and mprotect() of a MAP_SHARED
 * mapping from each protection to each.  After each, one read and one
 * write of each kind of page, each given RB_ACCESS_MS: a fault retried for
 * ever (a present entry that no access can use) is a result, not a hung
 * suite.  Each case runs in a child of its own with a new event, so that
 * one case cannot leave state behind for the next; a child that does not
 * finish in RB_CASE_MS is killed and reported as such.
 *
 * Keys: prot.mmap.KIND.FLAG.PROT and prot.mprotect.KIND.FROM.TO, KIND
 * data or aux.  Values: the errno name of a failing mmap() or mprotect(),
 * else "ok" and per page kind two letters, the read then the write:
 * r / w the access worked (a read saw what the kernel wrote there; a
 * store to the control page was seen through a second mapping, one to
 * a data or AUX page, which must fail, is not checked further), X it
 * worked but saw or left the wrong value, S SIGSEGV, B SIGBUS, H no
 * progress in RB_ACCESS_MS.
 * ctrl is the control page, data the first data page, aux the first
 * AUX page.
 */
#define RB_ACCESS_MS	2000
#define RB_CASE_MS	30000
#define RB_AUX_PAGES	4
#define RB_AUX_PMU	"aux_test"
/* kernel/events/aux_test_pmu.c: byte pos holds pos ^ "aux_test" (LE) */
#define RB_AUX_MAGIC	0x747365745f787561ULL
#define RB_CTRL_MARK	0x5a5a5a5a5a5a5a5aULL

static const struct rb_prot {
	const char *name;
	int prot;
} rb_prots[] = {
	{ "none", PROT_NONE },
	{ "r", PROT_READ },
	{ "w", PROT_WRITE },
	{ "rw", PROT_READ | PROT_WRITE },
	{ "x", PROT_EXEC },
	{ "rx", PROT_READ | PROT_EXEC },
	{ "wx", PROT_WRITE | PROT_EXEC },
	{ "rwx", PROT_READ | PROT_WRITE | PROT_EXEC },
};

static const struct rb_mflag {
	const char *name;
	int flags;
} rb_mflags[] = {
	{ "shared", MAP_SHARED },
	{ "private", MAP_PRIVATE },
	{ "validate", MAP_SHARED_VALIDATE },
	{ "sync", MAP_SHARED_VALIDATE | MAP_SYNC },
	{ "populate", MAP_SHARED | MAP_POPULATE },
	{ "locked", MAP_SHARED | MAP_LOCKED },
	{ "noreserve", MAP_SHARED | MAP_NORESERVE },
};

enum rb_kind { RB_KIND_DATA, RB_KIND_AUX };

struct rb_prot_case {
	enum rb_kind kind;
	int prot;		/* mmap() */
	int flags;
	bool mprotect;
	int to;			/* mprotect(), if mprotect */
};

/* One access as its letter (see above). */
static char rb_access_letter(void *addr, bool write, __u64 want)
{
	__u64 val = want;
	int sig = rb_access(addr, write, &val, RB_ACCESS_MS);

	switch (sig) {
	case 0:
		if (write)
			return 'w';
		return val == want ? 'r' : 'X';
	case SIGSEGV:
		return 'S';
	case SIGBUS:
		return 'B';
	case SIGALRM:
		return 'H';
	}
	return '?';
}

/*
 * The data buffer: the control page must read back the data_size
 * perf_event_init_userpage() wrote and take a store into its reserved
 * part that a second, read-only mapping then sees; the first data page
 * must hold the first sample record, and refuse stores (SIGBUS).
 */
static void rb_prot_data(const struct rb_prot_case *c, char *out, size_t len)
{
	struct perf_event_header hdr = {
		.type = PERF_RECORD_SAMPLE,
		.misc = PERF_RECORD_MISC_USER,
		/* header, PERF_SAMPLE_IP, PERF_SAMPLE_TID */
		.size = sizeof(hdr) + 8 + 8,
	};
	size_t mark = offsetof(struct perf_event_mmap_page, __reserved);
	char ctrl_r, ctrl_w, data_r, data_w;
	__u64 want_hdr, seen;
	char *p, *ref;
	int fd;

	fd = rb_event_open();
	if (fd < 0) {
		snprintf(out, len, "event %s", rb_errname(errno));
		return;
	}
	p = mmap(NULL, RB_LEN, c->prot, c->flags, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(out, len, "%s%s", c->mprotect ? "mmap " : "",
			 rb_errname(errno));
		return;
	}
	if (c->mprotect && mprotect(p, RB_LEN, c->to)) {
		snprintf(out, len, "%s", rb_errname(errno));
		return;
	}
	ref = mmap(NULL, RB_LEN, PROT_READ, MAP_SHARED, fd, 0);
	if (ref == MAP_FAILED) {
		snprintf(out, len, "second mmap %s", rb_errname(errno));
		return;
	}
	if (rb_produce_on(fd, 4)) {
		snprintf(out, len, "produce %s", rb_errname(errno));
		return;
	}
	memcpy(&want_hdr, &hdr, sizeof(want_hdr));
	ctrl_r = rb_access_letter(p + offsetof(struct perf_event_mmap_page,
					       data_size),
				  false, RB_DATA_PAGES * rb_page);
	ctrl_w = rb_access_letter(p + mark, true, RB_CTRL_MARK);
	if (ctrl_w == 'w') {
		memcpy(&seen, ref + mark, sizeof(seen));
		if (seen != RB_CTRL_MARK)
			ctrl_w = 'X';
	}
	data_r = rb_access_letter(p + rb_page, false, want_hdr);
	data_w = rb_access_letter(p + rb_page, true, 0);
	snprintf(out, len, "ok ctrl=%c%c data=%c%c", ctrl_r, ctrl_w, data_r,
		 data_w);
}

/*
 * The AUX area, behind a read-write data buffer that announces it: its
 * first page must hold what the test PMU wrote there, and refuse stores.
 */
static void rb_prot_aux(const struct rb_prot_case *c, char *out, size_t len)
{
	size_t aux_len = RB_AUX_PAGES * rb_page;
	char aux_r, aux_w;
	void *pc;
	char *a;
	int fd;

	fd = rb_pmu_event_open(RB_AUX_PMU);
	if (fd < 0) {
		snprintf(out, len, "event %s", rb_errname(errno));
		return;
	}
	pc = mmap(NULL, RB_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (pc == MAP_FAILED) {
		snprintf(out, len, "data mmap %s", rb_errname(errno));
		return;
	}
	a = rb_map_aux(fd, pc, RB_LEN, RB_AUX_PAGES, c->prot, NULL, c->flags);
	if (a == MAP_FAILED) {
		snprintf(out, len, "%s%s", c->mprotect ? "mmap " : "",
			 rb_errname(errno));
		return;
	}
	if (c->mprotect && mprotect(a, aux_len, c->to)) {
		snprintf(out, len, "%s", rb_errname(errno));
		return;
	}
	/* One transaction: the test PMU writes one chunk into the area. */
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) ||
	    ioctl(fd, PERF_EVENT_IOC_DISABLE, 0)) {
		snprintf(out, len, "ioctl %s", rb_errname(errno));
		return;
	}
	aux_r = rb_access_letter(a, false, RB_AUX_MAGIC);
	aux_w = rb_access_letter(a, true, 0);
	snprintf(out, len, "ok aux=%c%c", aux_r, aux_w);
}

/*
 * Run one case in a child and return its result line in out.  The child
 * writes the line to a pipe; the parent waits at most RB_CASE_MS.
 */
static void rb_prot_run(const struct rb_prot_case *c, char *out, size_t len)
{
	struct pollfd pfd;
	char line[128];
	int pipefd[2];
	ssize_t n = 0;
	int status;
	pid_t pid;

	if (pipe(pipefd)) {
		snprintf(out, len, "pipe %s", rb_errname(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(out, len, "fork %s", rb_errname(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return;
	}
	if (pid == 0) {
		close(pipefd[0]);
		if (c->kind == RB_KIND_DATA)
			rb_prot_data(c, line, sizeof(line));
		else
			rb_prot_aux(c, line, sizeof(line));
		if (write(pipefd[1], line, strlen(line)) < 0)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, RB_CASE_MS) == 1)
		n = read(pipefd[0], line, sizeof(line) - 1);
	close(pipefd[0]);
	if (n <= 0) {
		kill(pid, SIGKILL);
		snprintf(out, len, "no result in %d ms", RB_CASE_MS);
	} else {
		line[n] = '\0';
		snprintf(out, len, "%s", line);
	}
	if (waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	    n > 0)
		snprintf(out + strlen(out), len - strlen(out), " (killed by %d)",
			 WTERMSIG(status));
}

static const char *const rb_kind_name[] = {
	[RB_KIND_DATA] = "data",
	[RB_KIND_AUX] = "aux",
};

static bool rb_prot_kind_ok(struct __test_metadata *_metadata,
			    enum rb_kind kind)
{
	if (kind == RB_KIND_AUX && rb_pmu_type(RB_AUX_PMU) < 0) {
		SKIP(return false, "no %s PMU (kernel-patches/<base>/testing/)",
		     RB_AUX_PMU);
	}
	return true;
}

static void rb_prot_mmap_all(struct __test_metadata *_metadata,
			     enum rb_kind kind)
{
	char key[64], val[128];
	size_t f, p;

	if (!rb_prot_kind_ok(_metadata, kind))
		return;
	for (f = 0; f < ARRAY_SIZE(rb_mflags); f++) {
		for (p = 0; p < ARRAY_SIZE(rb_prots); p++) {
			struct rb_prot_case c = {
				.kind = kind,
				.prot = rb_prots[p].prot,
				.flags = rb_mflags[f].flags,
			};

			rb_prot_run(&c, val, sizeof(val));
			snprintf(key, sizeof(key), "prot.mmap.%s.%s.%s",
				 rb_kind_name[kind], rb_mflags[f].name,
				 rb_prots[p].name);
			OBS(key, "%s", val);
		}
	}
	rb_report_only(_metadata);
}

static void rb_prot_mprotect_all(struct __test_metadata *_metadata,
				 enum rb_kind kind)
{
	char key[64], val[128];
	size_t from, to;

	if (!rb_prot_kind_ok(_metadata, kind))
		return;
	for (from = 0; from < ARRAY_SIZE(rb_prots); from++) {
		for (to = 0; to < ARRAY_SIZE(rb_prots); to++) {
			struct rb_prot_case c = {
				.kind = kind,
				.prot = rb_prots[from].prot,
				.flags = MAP_SHARED,
				.mprotect = true,
				.to = rb_prots[to].prot,
			};

			rb_prot_run(&c, val, sizeof(val));
			snprintf(key, sizeof(key), "prot.mprotect.%s.%s.%s",
				 rb_kind_name[kind], rb_prots[from].name,
				 rb_prots[to].name);
			OBS(key, "%s", val);
		}
	}
	rb_report_only(_metadata);
}

TEST_F_TIMEOUT(obs, prot_mmap_data, RB_TIMEOUT)
{
	rb_prot_mmap_all(_metadata, RB_KIND_DATA);
}

TEST_F_TIMEOUT(obs, prot_mmap_aux, RB_TIMEOUT)
{
	rb_prot_mmap_all(_metadata, RB_KIND_AUX);
}

TEST_F_TIMEOUT(obs, prot_mprotect_data, RB_TIMEOUT)
{
	rb_prot_mprotect_all(_metadata, RB_KIND_DATA);
}

TEST_F_TIMEOUT(obs, prot_mprotect_aux, RB_TIMEOUT)
{
	rb_prot_mprotect_all(_metadata, RB_KIND_AUX);
}

/*
 * The AUX area as user space sees it: 16 pages mapped read-write (the
 * normal, non-overwrite mode) after the test PMU wrote one page of data
 * into it (kernel-patches/<base>/testing/):
 *   aux.fault.read         minor faults reading one byte of each page
 *   aux.fault.reread       the same again
 *   aux.pagemap.present    pages /proc/self/pagemap shows present then
 *   aux.write              storing into page 1: ok, sigbus or sigsegv
 *   aux.process_vm_readv   GUP-based read of page 1: ok or the errno
 *   aux.pfn.PMU            how physically contiguous the 16 pages are:
 *                          high-order (in at most 2 runs: chunks of 8
 *                          pages or more, what aux_test_large asks for),
 *                          scattered, or n/a when pagemap shows no PFN;
 *                          the number of runs itself depends on the page
 *                          allocator's state and is only printed
 */
#define RB_AREA_DATA	8
#define RB_AREA_PAGES	16
#define RB_AREA_LEN	((1 + RB_AREA_DATA) * rb_page)

struct rb_area {
	int fd;
	void *base;
	char *aux;
};

/* Map pmu's event with its AUX area and let the PMU commit one page. */
static int rb_area_map(const char *pmu, struct rb_area *m)
{
	m->base = MAP_FAILED;
	m->aux = MAP_FAILED;
	m->fd = rb_pmu_event_open(pmu);
	if (m->fd < 0)
		return -1;
	m->base = mmap(NULL, RB_AREA_LEN, PROT_READ | PROT_WRITE, MAP_SHARED,
		       m->fd, 0);
	if (m->base == MAP_FAILED)
		return -1;
	m->aux = rb_map_aux(m->fd, m->base, RB_AREA_LEN, RB_AREA_PAGES,
			    PROT_READ | PROT_WRITE, NULL, MAP_SHARED);
	if (m->aux == MAP_FAILED)
		return -1;
	if (ioctl(m->fd, PERF_EVENT_IOC_ENABLE, 0) ||
	    ioctl(m->fd, PERF_EVENT_IOC_DISABLE, 0))
		return -1;
	return 0;
}

static void rb_area_unmap(struct rb_area *m)
{
	if (m->aux != MAP_FAILED)
		munmap(m->aux, RB_AREA_PAGES * rb_page);
	if (m->base != MAP_FAILED)
		munmap(m->base, RB_AREA_LEN);
	if (m->fd >= 0)
		close(m->fd);
}

/* Minor faults of reading one byte of every AUX page. */
static long rb_area_read_faults(struct rb_area *m)
{
	struct rusage r0, r1;
	int i;

	getrusage(RUSAGE_THREAD, &r0);
	for (i = 0; i < RB_AREA_PAGES; i++)
		rb_peek(m->aux + i * rb_page);
	getrusage(RUSAGE_THREAD, &r1);
	return r1.ru_minflt - r0.ru_minflt;
}

static const char *rb_signame(int sig)
{
	switch (sig) {
	case 0:		return "ok";
	case SIGBUS:	return "sigbus";
	case SIGSEGV:	return "sigsegv";
	default:	return "other";
	}
}

TEST_F_TIMEOUT(obs, aux_area, RB_TIMEOUT)
{
	__u64 ent[RB_AREA_PAGES];
	struct iovec local, remote;
	struct rb_area m;
	int i, present = 0;
	char *buf;
	ssize_t n;

	if (!rb_prot_kind_ok(_metadata, RB_KIND_AUX))
		return;
	ASSERT_EQ(rb_area_map(RB_AUX_PMU, &m), 0)
		TH_LOG("%s AUX area: %s", RB_AUX_PMU, strerror(errno));
	OBS("aux.fault.read", "%ld", rb_area_read_faults(&m));
	OBS("aux.fault.reread", "%ld", rb_area_read_faults(&m));
	if (rb_pagemap_range(m.aux, RB_AREA_PAGES, ent)) {
		OBS("aux.pagemap.present", "n/a");
	} else {
		for (i = 0; i < RB_AREA_PAGES; i++)
			present += rb_pagemap_present(ent[i]);
		OBS("aux.pagemap.present", "%d", present);
	}
	OBS("aux.write", "%s", rb_signame(rb_try_write(m.aux + rb_page)));
	ASSERT_EQ(posix_memalign((void **)&buf, rb_page, rb_page), 0);
	local.iov_base = buf;
	local.iov_len = rb_page;
	remote.iov_base = m.aux + rb_page;
	remote.iov_len = rb_page;
	n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	OBS("aux.process_vm_readv", "%s",
	    rb_result(n, errno, buf, m.aux + rb_page));
	free(buf);
	rb_area_unmap(&m);
	rb_report_only(_metadata);
}

/* Physically contiguous runs among the AUX pages of each test PMU. */
TEST_F_TIMEOUT(obs, aux_pfn, RB_TIMEOUT)
{
	static const char *const pmus[] = { "aux_test", "aux_test_large" };
	__u64 ent[RB_AREA_PAGES];
	struct rb_area m;
	char key[64];
	unsigned int p;
	int i, runs;

	if (!rb_prot_kind_ok(_metadata, RB_KIND_AUX))
		return;
	for (p = 0; p < ARRAY_SIZE(pmus); p++) {
		snprintf(key, sizeof(key), "aux.pfn.%s", pmus[p]);
		ASSERT_EQ(rb_area_map(pmus[p], &m), 0)
			TH_LOG("%s AUX area: %s", pmus[p], strerror(errno));
		rb_area_read_faults(&m);
		if (rb_pagemap_range(m.aux, RB_AREA_PAGES, ent) ||
		    !rb_pagemap_present(ent[0]) || !rb_pagemap_pfn(ent[0])) {
			OBS(key, "n/a");
		} else {
			runs = 1;
			for (i = 1; i < RB_AREA_PAGES; i++)
				runs += rb_pagemap_pfn(ent[i]) !=
					rb_pagemap_pfn(ent[i - 1]) + 1;
			printf("# %s: %d physically contiguous runs\n",
			       pmus[p], runs);
			OBS(key, "%s", runs <= RB_AREA_PAGES / 8 ?
			    "high-order" : "scattered");
		}
		rb_area_unmap(&m);
	}
	rb_report_only(_metadata);
}

/* Last: every key the expectations file names was observed. */
TEST_F_TIMEOUT(obs, expectations_complete, RB_TIMEOUT)
{
	char line[384], *eq;
	int i, seen;
	FILE *f;

	if (rb_nexp < 0) {
		rb_report_only(_metadata);
		return;
	}
	EXPECT_FALSE(rb_exp_broken)
		TH_LOG("%s: an \"include\" could not be read", rb_exp_path);
	for (i = 0; i < rb_nexp; i++) {
		f = fopen(rb_out_path, "re");
		ASSERT_NE(f, NULL);
		seen = 0;
		while (fgets(line, sizeof(line), f)) {
			eq = strchr(line, '=');
			if (line[0] == '#' || !eq)
				continue;
			*eq = '\0';
			if (!strcmp(line, rb_exp[i].key))
				seen = 1;
		}
		fclose(f);
		EXPECT_TRUE(seen) TH_LOG("expected %s was not observed",
					 rb_exp[i].key);
	}
}

TEST_HARNESS_MAIN
