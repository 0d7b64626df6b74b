// SPDX-License-Identifier: GPL-2.0
/*
 * The project's C library: see rb_util.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/kernel-page-flags.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "rb_util.h"

size_t rb_page;

static void __attribute__((constructor)) rb_init(void)
{
	rb_page = (size_t)sysconf(_SC_PAGESIZE);
}

int rb_perf_open(struct perf_event_attr *attr, pid_t pid, int cpu,
		 int group_fd)
{
	return (int)syscall(__NR_perf_event_open, attr, pid, cpu, group_fd,
			    PERF_FLAG_FD_CLOEXEC);
}

int rb_set_output(int fd, int target)
{
	/* the kernel compares the unsigned long argument with -1 */
	return ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT,
		     target < 0 ? -1L : (long)target);
}

static int rb_open_attr(struct perf_event_attr *attr)
{
	return rb_perf_open(attr, 0, -1, -1);
}

void rb_sw_attr(struct perf_event_attr *attr, __u64 config, __u64 period,
		__u64 sample_type)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = config;
	attr->sample_period = period;
	attr->sample_type = sample_type;
	attr->disabled = 1;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
}

int rb_event_open(void)
{
	struct perf_event_attr attr;

	rb_sw_attr(&attr, PERF_COUNT_SW_PAGE_FAULTS, 1,
		   PERF_SAMPLE_IP | PERF_SAMPLE_TID);
	return rb_open_attr(&attr);
}

int rb_fault_counter_open(void)
{
	struct perf_event_attr attr;

	rb_sw_attr(&attr, PERF_COUNT_SW_PAGE_FAULTS, 0, 0);
	return rb_open_attr(&attr);
}

long long rb_counter_read(int fd)
{
	__u64 v;

	if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		return -1;
	return (long long)v;
}

void *rb_map_at(void *addr, int fd, unsigned int data_pages, int prot,
		int flags)
{
	return mmap(addr, (1 + (size_t)data_pages) * rb_page, prot,
		    MAP_SHARED | flags, fd, 0);
}

void *rb_map(int fd, unsigned int data_pages, int prot)
{
	return rb_map_at(NULL, fd, data_pages, prot, 0);
}

void *rb_map_aux(int fd, void *base, size_t data_len, size_t aux_pages,
		 int prot, void *addr, int flags)
{
	struct perf_event_mmap_page *up = base;
	size_t len = aux_pages * rb_page;

	up->aux_offset = data_len;
	up->aux_size = len;
	return mmap(addr, len, prot, flags, fd, (off_t)data_len);
}

int rb_produce(unsigned int n)
{
	unsigned int i;
	char *p;

	p = mmap(NULL, n * rb_page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < n; i++)
		rb_poke(p + i * rb_page, 1);
	return munmap(p, n * rb_page);
}

int rb_produce_on(int fd, unsigned int n)
{
	int ret;

	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0))
		return -1;
	ret = rb_produce(n);
	if (ioctl(fd, PERF_EVENT_IOC_DISABLE, 0))
		return -1;
	return ret;
}

int rb_child_signal(void (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1000;
	if (pid == 0) {
		/* Die of the signal, not of a handler or a core dump. */
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1000;
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	if (WIFEXITED(status))
		return WEXITSTATUS(status) ? -WEXITSTATUS(status) : 0;
	return -1000;
}

void rb_child_write(void *arg)
{
	rb_poke(arg, 0x5a);
}

void rb_child_read(void *arg)
{
	char c = rb_peek(arg);

	_exit(c == 0x7f ? 3 : 0);
}

struct rb_access {
	int fd;
	unsigned int data_pages;
	int prot;
	size_t off;
	bool write;
};

static void rb_child_map_fn(void *arg)
{
	struct rb_access *a = arg;
	char *p;

	p = rb_map(a->fd, a->data_pages, a->prot);
	if (p == MAP_FAILED)
		_exit(2);
	if (a->write)
		rb_child_write(p + a->off);
	else
		rb_child_read(p + a->off);
}

int rb_child_map_access(int fd, unsigned int data_pages, int prot,
			size_t off, bool write)
{
	struct rb_access a = {
		.fd = fd, .data_pages = data_pages, .prot = prot,
		.off = off, .write = write,
	};

	return rb_child_signal(rb_child_map_fn, &a);
}

/*
 * One jump buffer per thread, armed only around the access, so that the
 * stress programs' threads fault independently and a signal nobody
 * armed for is not swallowed.
 */
static __thread sigjmp_buf rb_jmp;
static __thread int rb_armed;	/* accessed atomically */

static void rb_catch(int sig)
{
	if (!__atomic_load_n(&rb_armed, __ATOMIC_RELAXED)) {
		/* not ours: die of it, as without a handler */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	__atomic_store_n(&rb_armed, 0, __ATOMIC_RELAXED);
	/* sigsetjmp() returns the signal number */
	siglongjmp(rb_jmp, sig);
}

static pthread_once_t rb_catch_once = PTHREAD_ONCE_INIT;

static void rb_catch_install(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGALRM };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rb_catch;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* The accesses rb_guarded() makes. */
enum rb_op { RB_PEEK, RB_PEEK_POKE, RB_POKE, RB_LOAD64, RB_STORE64 };

/*
 * Make one access of kind op at addr (RB_POKE stores *(char *)val) with
 * SIGSEGV and SIGBUS caught and, if ms, SIGALRM after ms milliseconds
 * (process-wide: single-threaded callers only); return 0 or the signal.
 */
static int rb_guarded(void *addr, enum rb_op op, void *val, unsigned int ms)
{
	struct itimerval on = {
		.it_value.tv_sec = ms / 1000,
		.it_value.tv_usec = (ms % 1000) * 1000,
	};
	struct itimerval off = { 0 };
	int sig;

	pthread_once(&rb_catch_once, rb_catch_install);
	sig = sigsetjmp(rb_jmp, 1);
	if (!sig) {
		__atomic_store_n(&rb_armed, 1, __ATOMIC_SEQ_CST);
		if (ms)
			setitimer(ITIMER_REAL, &on, NULL);
		switch (op) {
		case RB_PEEK:
			rb_peek(addr);
			break;
		case RB_PEEK_POKE:
			rb_poke(addr, rb_peek(addr));
			break;
		case RB_POKE:
			rb_poke(addr, *(char *)val);
			break;
		case RB_LOAD64:
			*(__u64 *)val = __atomic_load_n((__u64 *)addr,
							__ATOMIC_RELAXED);
			break;
		case RB_STORE64:
			__atomic_store_n((__u64 *)addr, *(__u64 *)val,
					 __ATOMIC_RELAXED);
			break;
		}
		/* the timer first: a SIGALRM after disarming would kill */
		if (ms)
			setitimer(ITIMER_REAL, &off, NULL);
		__atomic_store_n(&rb_armed, 0, __ATOMIC_SEQ_CST);
	}
	if (ms)
		setitimer(ITIMER_REAL, &off, NULL);
	return sig;
}

int rb_access(void *addr, bool write, __u64 *val, unsigned int ms)
{
	return rb_guarded(addr, write ? RB_STORE64 : RB_LOAD64, val, ms);
}

int rb_try_write(void *addr)
{
	return rb_guarded(addr, RB_PEEK_POKE, NULL, 0);
}

int rb_try_store(void *addr, char val)
{
	return rb_guarded(addr, RB_POKE, &val, 0);
}

int rb_try_read(const void *addr)
{
	return rb_guarded((void *)addr, RB_PEEK, NULL, 0);
}

/* n 64-bit words from word idx of file path into val; 0 or -1. */
static int rb_pread_u64s(const char *path, __u64 idx, size_t n, __u64 *val)
{
	ssize_t len = (ssize_t)(n * sizeof(*val));
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pread(fd, val, (size_t)len, (off_t)(idx * sizeof(*val))) == len)
		ret = 0;
	close(fd);
	return ret;
}

static int rb_pread_u64(const char *path, __u64 idx, __u64 *val)
{
	return rb_pread_u64s(path, idx, 1, val);
}

__u64 rb_pagemap(const void *addr)
{
	__u64 ent;

	if (rb_pagemap_range(addr, 1, &ent))
		return 0;
	return ent;
}

int rb_pagemap_range(const void *addr, size_t pages, __u64 *ent)
{
	return rb_pread_u64s("/proc/self/pagemap", (uintptr_t)addr / rb_page,
			     pages, ent);
}

/* Documentation/admin-guide/mm/pagemap.rst: bit 63 present, 0-54 PFN */
bool rb_pagemap_present(__u64 ent)
{
	return ent & (1ULL << 63);
}

__u64 rb_pagemap_pfn(__u64 ent)
{
	return ent & ((1ULL << 55) - 1);
}

long long rb_kpagecount(__u64 pfn)
{
	__u64 v;

	if (rb_pread_u64("/proc/kpagecount", pfn, &v))
		return -1;
	return (long long)v;
}

__u64 rb_kpageflags(__u64 pfn)
{
	__u64 v;

	if (rb_pread_u64("/proc/kpageflags", pfn, &v))
		return ~0ULL;
	return v;
}

static const struct {
	int bit;
	const char *name;
} rb_kpf_names[] = {
	{ KPF_LOCKED, "locked" },	{ KPF_ERROR, "error" },
	{ KPF_REFERENCED, "referenced" }, { KPF_UPTODATE, "uptodate" },
	{ KPF_DIRTY, "dirty" },		{ KPF_LRU, "lru" },
	{ KPF_ACTIVE, "active" },	{ KPF_SLAB, "slab" },
	{ KPF_WRITEBACK, "writeback" },	{ KPF_RECLAIM, "reclaim" },
	{ KPF_BUDDY, "buddy" },		{ KPF_MMAP, "mmap" },
	{ KPF_ANON, "anon" },		{ KPF_SWAPCACHE, "swapcache" },
	{ KPF_SWAPBACKED, "swapbacked" },
	{ KPF_COMPOUND_HEAD, "compound_head" },
	{ KPF_COMPOUND_TAIL, "compound_tail" },
	{ KPF_HUGE, "huge" },		{ KPF_UNEVICTABLE, "unevictable" },
	{ KPF_HWPOISON, "hwpoison" },	{ KPF_NOPAGE, "nopage" },
	{ KPF_KSM, "ksm" },		{ KPF_THP, "thp" },
	{ KPF_OFFLINE, "offline" },	{ KPF_ZERO_PAGE, "zero_page" },
	{ KPF_IDLE, "idle" },		{ KPF_PGTABLE, "pgtable" },
};

void rb_kpageflags_str(__u64 flags, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(rb_kpf_names); i++) {
		if (!(flags & (1ULL << rb_kpf_names[i].bit)))
			continue;
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0,
					"%s%s", off ? "+" : "",
					rb_kpf_names[i].name);
	}
	if (!off)
		snprintf(buf, len, "none");
}

int rb_read_long(const char *path, long *val)
{
	char buf[64], *end;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	*val = strtol(buf, &end, 0);
	return end == buf ? -1 : 0;
}

int rb_write_str(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, val, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int rb_write_long(const char *path, long val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", val);
	return rb_write_str(path, buf);
}

static long long rb_file_kb(const char *path, const char *key)
{
	size_t klen = strlen(key);
	long long val = -1;
	char line[256];
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			val = strtoll(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

long long rb_status_kb(const char *key)
{
	return rb_file_kb("/proc/self/status", key);
}

long long rb_meminfo_kb(const char *key)
{
	return rb_file_kb("/proc/meminfo", key);
}

int rb_vmstat_refresh(void)
{
	return rb_write_str("/proc/sys/vm/stat_refresh", "1\n");
}

int rb_vmflags(const void *addr, char *buf, size_t len)
{
	bool in_vma = false;
	char line[512];
	int ret = -1;
	FILE *f;

	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long s, e;
		char perms[8];

		/* a VMA header: "start-end perms offset dev inode path" */
		if (sscanf(line, "%lx-%lx %7s", &s, &e, perms) == 3) {
			in_vma = s == (uintptr_t)addr;
			continue;
		}
		if (in_vma && !strncmp(line, "VmFlags:", 8)) {
			char *p = line + 8;

			while (*p == ' ')
				p++;
			p[strcspn(p, "\n")] = '\0';
			/* drop the trailing blank the kernel prints */
			while (*p && p[strlen(p) - 1] == ' ')
				p[strlen(p) - 1] = '\0';
			snprintf(buf, len, "%s", p);
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

bool rb_vmflag(const char *flags, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = flags;

	while ((p = strstr(p, flag))) {
		if ((p == flags || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

int rb_maps_range(const void *addr, uintptr_t *start, uintptr_t *end)
{
	unsigned long s, e, a = (uintptr_t)addr;
	char line[512];
	int ret = -1;
	FILE *f;

	f = fopen("/proc/self/maps", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx", &s, &e) != 2)
			continue;
		if (a >= s && a < e) {
			*start = s;
			*end = e;
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

bool rb_maps_has(const void *addr)
{
	uintptr_t s, e;

	return !rb_maps_range(addr, &s, &e);
}

void rb_project_path(char *buf, size_t len, const char *rel)
{
	const char *top = getenv("RB_TOP");
	char exe[PATH_MAX];
	ssize_t n;

	if (top && *top) {
		snprintf(buf, len, "%s/%s", top, rel);
		return;
	}
	/* programs live in build/<folder>/ of the checkout */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	if (strrchr(exe, '/'))
		*strrchr(exe, '/') = '\0';
	snprintf(buf, len, "%s/../../%s", exe, rel);
}

static FILE *rb_grammar_open(void)
{
	char path[PATH_MAX];

	rb_project_path(path, sizeof(path), "kernel-patches/name-grammar");
	return fopen(path, "re");
}

/* The value of key in the grammar into buf; 0, or -1 if absent. */
static int rb_grammar(FILE *f, const char *key, char *buf, size_t len)
{
	char line[256];
	size_t k = strlen(key);

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, k) || line[k] != '=')
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", line + k + 1);
		return 0;
	}
	return -1;
}

/* Does name match the rule of kind (base or variant) in the grammar? */
static int rb_name_ok(FILE *f, const char *kind, const char *name)
{
	char rule[256], reserved[256], *tok, *save;
	regex_t re;
	int ok;

	if (rb_grammar(f, kind, rule, sizeof(rule)) ||
	    regcomp(&re, rule, REG_EXTENDED | REG_NOSUB)) {
		fprintf(stderr, "name-grammar: no valid rule '%s'\n", kind);
		return -1;
	}
	ok = !regexec(&re, name, 0, NULL, 0);
	regfree(&re);
	if (!ok) {
		fprintf(stderr,
			"'%s' is not a valid %s name: it must match %s (%s)\n",
			name, kind, rule, "kernel-patches/name-grammar");
		return -1;
	}
	if (strcmp(kind, "variant") ||
	    rb_grammar(f, "reserved", reserved, sizeof(reserved)))
		return 0;
	for (tok = strtok_r(reserved, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		if (!strcmp(tok, name)) {
			fprintf(stderr, "'%s' is a reserved name\n", name);
			return -1;
		}
	}
	return 0;
}

int rb_identity(struct rb_identity *id)
{
	const char *base = getenv("RB_BASE");
	const char *variant = getenv("RB_VARIANT");
	const char *flavour = getenv("RB_FLAVOUR");
	char max[16];
	FILE *f;
	int ret = 0;

	memset(id, 0, sizeof(*id));
	if (!base || !*base || !variant || !*variant) {
		snprintf(id->tag, sizeof(id->tag), "unknown");
		return 1;
	}
	f = rb_grammar_open();
	if (!f) {
		fprintf(stderr, "cannot read kernel-patches/name-grammar: %s\n",
			strerror(errno));
		return -1;
	}
	if (rb_name_ok(f, "base", base) || rb_name_ok(f, "variant", variant) ||
	    (flavour && *flavour && rb_name_ok(f, "variant", flavour)))
		ret = -1;
	else if (rb_grammar(f, "max", max, sizeof(max)) ||
		 strlen(base) + 1 + strlen(variant) > strtoul(max, NULL, 10)) {
		fprintf(stderr, "%s/%s is longer than the grammar's max\n",
			base, variant);
		ret = -1;
	}
	fclose(f);
	if (ret)
		return ret;
	snprintf(id->base, sizeof(id->base), "%s", base);
	snprintf(id->variant, sizeof(id->variant), "%s", variant);
	snprintf(id->flavour, sizeof(id->flavour), "%s", flavour ? flavour : "");
	snprintf(id->tag, sizeof(id->tag), "%s-%s%s%s", id->base, id->variant,
		 *id->flavour ? "-" : "", id->flavour);
	return 0;
}

int rb_map_redirected(unsigned int data_pages, int *fa, int *fb, char **pa,
		      char **pb)
{
	*fa = rb_event_open();
	*fb = rb_event_open();
	*pa = MAP_FAILED;
	if (*fa >= 0 && *fb >= 0)
		*pa = rb_map(*fa, data_pages, PROT_READ | PROT_WRITE);
	if (*pa == MAP_FAILED || ioctl(*fb, PERF_EVENT_IOC_SET_OUTPUT, *fa)) {
		if (*pa != MAP_FAILED)
			munmap(*pa, (1 + data_pages) * rb_page);
		if (*fb >= 0)
			close(*fb);
		if (*fa >= 0)
			close(*fa);
		return -1;
	}
	*pb = rb_map(*fb, data_pages, PROT_READ | PROT_WRITE);
	return 0;
}

int rb_pmu_type(const char *pmu)
{
	char path[256];
	long type;

	snprintf(path, sizeof(path), "%s/%s/type", RB_PMU_DIR, pmu);
	if (rb_read_long(path, &type) || type < 0 || type > INT32_MAX)
		return -1;
	return (int)type;
}

int rb_pmu_event_open(const char *pmu)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.disabled = 1,
	};
	int type = rb_pmu_type(pmu);

	if (type < 0) {
		errno = ENODEV;
		return -1;
	}
	attr.type = (__u32)type;
	return rb_perf_open(&attr, 0, -1, -1);
}

const char *rb_errname(int err)
{
	switch (err) {
	case 0:		return "ok";
	case EINVAL:	return "EINVAL";
	case EFAULT:	return "EFAULT";
	case EIO:	return "EIO";
	case EPERM:	return "EPERM";
	case EACCES:	return "EACCES";
	case ENOMEM:	return "ENOMEM";
	case EBUSY:	return "EBUSY";
	case ENXIO:	return "ENXIO";
	case ENODEV:	return "ENODEV";
	case EAGAIN:	return "EAGAIN";
	case ENOENT:	return "ENOENT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EOVERFLOW:	return "EOVERFLOW";
	default:	return "other";
	}
}

static long rb_mlock_limit_pages(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long kb;

	if (rb_read_long("/proc/sys/kernel/perf_event_mlock_kb", &kb) ||
	    kb < 0 || cpus < 1)
		return -1;
	/* perf_mmap(): sysctl_perf_event_mlock >> (PAGE_SHIFT - 10) */
	return (kb / (long)(rb_page / 1024)) * cpus;
}

long long rb_user_perf_mlock(void)
{
	long long pin0, pin1, limit;
	unsigned long data = 1;
	void *p;
	int fd;

	limit = rb_mlock_limit_pages();
	if (limit < 0)
		return -1;
	while (data + 1 <= (unsigned long)limit)
		data <<= 1;
	fd = rb_event_open();
	if (fd < 0)
		return -1;
	pin0 = rb_status_kb("VmPin");
	p = rb_map(fd, (unsigned int)data, PROT_READ | PROT_WRITE);
	if (p == MAP_FAILED) {
		close(fd);
		return -1;
	}
	pin1 = rb_status_kb("VmPin");
	munmap(p, (1 + data) * rb_page);
	close(fd);
	if (pin0 < 0 || pin1 < 0)
		return -1;
	return (pin1 - pin0) / (long long)(rb_page / 1024) -
	       (long long)(data + 1) + limit;
}

int rb_drop_ipc_lock(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[CAP_IPC_LOCK / 32].effective &= ~(1U << (CAP_IPC_LOCK % 32));
	return (int)syscall(SYS_capset, &hdr, data);
}

int rb_private_uid(void)
{
	/* High enough to belong to nobody on a normal system. */
	uid_t uid = 0x40000000u + (uid_t)getpid();

	if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return -1;
	return 0;
}
