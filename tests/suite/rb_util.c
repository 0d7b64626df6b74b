// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the perf ring-buffer behaviour tests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

static int rb_open_attr(struct perf_event_attr *attr)
{
	return (int)syscall(__NR_perf_event_open, attr, 0, -1, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

int rb_event_open(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_PAGE_FAULTS;
	attr.sample_period = 1;
	attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	return rb_open_attr(&attr);
}

int rb_fault_counter_open(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_PAGE_FAULTS;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
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

static sigjmp_buf rb_jmp;

static void rb_catch(int sig)
{
	/* sigsetjmp() returns the signal number */
	siglongjmp(rb_jmp, sig);
}

/* The accesses rb_guarded() makes. */
enum rb_op { RB_PEEK, RB_PEEK_POKE, RB_LOAD64, RB_STORE64 };

/*
 * Make one access of kind op at addr with SIGSEGV and SIGBUS caught and,
 * if ms, SIGALRM after ms milliseconds; return 0 or the signal.
 */
static int rb_guarded(void *addr, enum rb_op op, __u64 *val, unsigned int ms)
{
	struct itimerval on = {
		.it_value.tv_sec = ms / 1000,
		.it_value.tv_usec = (ms % 1000) * 1000,
	};
	struct sigaction sa, old_segv, old_bus, old_alrm;
	struct itimerval off = { 0 };
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rb_catch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGALRM, &sa, &old_alrm);
	sig = sigsetjmp(rb_jmp, 1);
	if (!sig) {
		if (ms)
			setitimer(ITIMER_REAL, &on, NULL);
		switch (op) {
		case RB_PEEK:
			rb_peek(addr);
			break;
		case RB_PEEK_POKE:
			rb_poke(addr, rb_peek(addr));
			break;
		case RB_LOAD64:
			*val = __atomic_load_n((__u64 *)addr, __ATOMIC_RELAXED);
			break;
		case RB_STORE64:
			__atomic_store_n((__u64 *)addr, *val, __ATOMIC_RELAXED);
			break;
		}
	}
	if (ms)
		setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGALRM, &old_alrm, NULL);
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

int rb_try_read(const void *addr)
{
	return rb_guarded((void *)addr, RB_PEEK, NULL, 0);
}

static int rb_pread_u64(const char *path, __u64 idx, __u64 *val)
{
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pread(fd, val, sizeof(*val), (off_t)(idx * sizeof(*val))) ==
	    (ssize_t)sizeof(*val))
		ret = 0;
	close(fd);
	return ret;
}

__u64 rb_pagemap(const void *addr)
{
	__u64 ent;

	if (rb_pread_u64("/proc/self/pagemap", (uintptr_t)addr / rb_page,
			 &ent))
		return 0;
	return ent;
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
	int fd, ret;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = write(fd, "1\n", 2) == 2 ? 0 : -1;
	close(fd);
	return ret;
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

/*
 * kernel-patches/name-grammar of the project: found from $RB_SUITE_DIR
 * (tests/suite) or from this binary (build/suite/).
 */
static FILE *rb_grammar_open(void)
{
	const char *dir = getenv("RB_SUITE_DIR");
	char path[PATH_MAX], exe[PATH_MAX];
	ssize_t n;

	if (dir && *dir) {
		snprintf(path, sizeof(path), "%s/../../kernel-patches/name-grammar",
			 dir);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		exe[n > 0 ? n : 0] = '\0';
		if (strrchr(exe, '/'))
			*strrchr(exe, '/') = '\0';
		snprintf(path, sizeof(path), "%s/../../kernel-patches/name-grammar",
			 exe);
	}
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
	char path[256], buf[32], *end;
	unsigned long type;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type",
		 pmu);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	type = strtoul(buf, &end, 10);
	if (end == buf || *end != '\n' || type > INT32_MAX)
		return -1;
	return (int)type;
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
	long long kb = -1;
	FILE *f;

	f = fopen("/proc/sys/kernel/perf_event_mlock_kb", "re");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &kb) != 1)
		kb = -1;
	fclose(f);
	if (kb < 0 || cpus < 1)
		return -1;
	/* perf_mmap(): sysctl_perf_event_mlock >> (PAGE_SHIFT - 10) */
	return (long)(kb / (long long)(rb_page / 1024)) * cpus;
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

int rb_private_uid(void)
{
	/* High enough to belong to nobody on a normal system. */
	uid_t uid = 0x40000000u + (uid_t)getpid();

	if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return -1;
	return 0;
}
