// SPDX-License-Identifier: GPL-2.0
/*
 * rb_cache: a QEMU TCG plugin (plugin API version 1, QEMU 7.2) that
 * counts, per vCPU and only inside the windows the guest opens and closes
 * with the markers of rb_marker.h, the guest's instructions, its memory
 * loads and stores, and the misses of a simulated data-cache hierarchy.
 *
 * Usage: qemu-system-x86_64 ... -plugin rb_cache.so,out=FILE[,NAME=VALUE]...
 *        qemu-x86_64 -plugin rb_cache.so,out=FILE[,NAME=VALUE]... PROGRAM
 *
 *   out=FILE        where the counts go (required; truncated at start)
 *   profile=FILE    also count the instructions of each translation block
 *                   in a window, by the block's guest virtual address, and
 *                   write them there at exit (a flat profile; truncated
 *                   at start)
 *   line=BYTES      line size of every level (default 64)
 *   l1d_size=BYTES  l1d_ways=N    L1 data cache (default 48K, 12)
 *   l2_size=BYTES   l2_ways=N     L2 (default 2M, 16)
 *   l3_size=BYTES   l3_ways=N     L3 (default 32M, 16)
 *   lat_l2=CYCLES   lat_l3=CYCLES lat_mem=CYCLES
 *                   what an access found in L2, in L3 or only in memory
 *                   costs in the modelled time (default 16, 75, 300)
 * BYTES take a K, M or G suffix (powers of 1024).  Each level's number of
 * sets (size / (ways * line)) must be a power of two.  A bad argument
 * makes the plugin refuse to load, with a message: QEMU exits non-zero.
 *
 * The defaults are one core of an Intel Xeon "Sapphire Rapids" (Golden
 * Cove): L1d 48 KiB 12-way, L2 2 MiB 16-way, 64-byte lines.  Its L3 is
 * shared by all cores (1.875 MiB a core); the model gives each vCPU a
 * private 32 MiB 16-way L3, a large share of it (and the size of one AMD
 * Zen 4 CCD's L3).  What is modelled, the penalties and the limits are
 * described once, in bench/README.md ("The cache model").  In short: per
 * vCPU, data accesses only, L1d -> L2 -> L3, LRU, a miss fills every
 * level it missed; physical addresses in system emulation, virtual in
 * user mode; accesses are simulated outside windows too, only counted
 * inside.
 *
 * Counting: a window opens after an open marker and closes before a
 * close marker executed on the same vCPU: the markers are not counted.
 * Instructions are counted per translation block as it starts (with the
 * markers' positions corrected for), so a block cut short by an exception
 * (a page fault) counts the instructions after the faulting one too,
 * which then run again in a new block.
 *
 * Output, one record a line, "KIND key=value ...":
 *
 *   config version=1 addr=phys|virt line=64 l1d_size=... l1d_ways=...
 *          l2_size=... l2_ways=... l3_size=... l3_ways=... lat_l2=...
 *          lat_l3=... lat_mem=...
 *   window vcpu=V seq=S insns=... loads=... stores=... io=...
 *          l1d_miss=... l2_miss=... l3_miss=... cycles=...
 *   end windows=N reopened=N stray_close=N unclosed=N
 *
 * One "window" line per closed window, in the order they closed (seq
 * counts the windows of a vCPU from 1), so a harness can pair each with
 * the repetition that made it; "end" is written when QEMU exits.
 *
 * The profile, one line per block address that ran in a window, summed
 * over every window and vCPU, in address order, then a total:
 *
 *   tb vaddr=0x... insns=N
 *   total windows=N insns=N
 *
 * A block starts at a branch target and ends at a branch, so its address
 * names the function it runs in (scripts/profile-report.py maps the
 * addresses to a kernel's symbols).  The total is the sum of the windows'
 * insns; the blocks add up to it but for the blocks that hold the
 * markers, which count from their start (the close marker's) or not at
 * all (the open marker's, which starts outside the window): a few
 * instructions a window, in the bench's own code.
 * cycles is the modelled time: insns + (l1d_miss - l2_miss) * lat_l2 +
 * (l2_miss - l3_miss) * lat_l3 + l3_miss * lat_mem.  reopened counts open
 * markers met inside a window (the window restarts: its counts so far are
 * dropped), stray_close close markers outside one, unclosed the windows
 * still open at exit; a correct harness leaves them all 0.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include <qemu-plugin.h>

#include "rb_marker.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Defaults; a -D on the compiler's command line changes one (tests). */
#ifndef RB_LINE
#define RB_LINE		64
#endif
#ifndef RB_L1D_SIZE
#define RB_L1D_SIZE	(48 << 10)
#endif
#ifndef RB_L1D_WAYS
#define RB_L1D_WAYS	12
#endif
#ifndef RB_L2_SIZE
#define RB_L2_SIZE	(2 << 20)
#endif
#ifndef RB_L2_WAYS
#define RB_L2_WAYS	16
#endif
#ifndef RB_L3_SIZE
#define RB_L3_SIZE	(32 << 20)
#endif
#ifndef RB_L3_WAYS
#define RB_L3_WAYS	16
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
/* An error message, on stderr: QEMU then says the plugin did not load. */
#define fail(fmt, ...) \
	fprintf(stderr, "rb_cache: " fmt "\n", ##__VA_ARGS__)

#define RB_LEVELS	3
#define RB_MAX_VCPUS	256

struct cache {
	__u64 sets;
	unsigned int ways;
	__u64 *tags;		/* sets * ways lines, most recent first */
};

struct counts {
	__u64 insns;
	__u64 loads;
	__u64 stores;
	__u64 io;
	__u64 miss[RB_LEVELS];
};

struct vcpu {
	int open;
	__u64 seq;
	__u64 insns_closed;	/* of the windows closed so far */
	struct counts c;
	struct cache cache[RB_LEVELS];
};

struct geometry {
	__u64 size;
	__u64 ways;
};

static const char *const level_name[RB_LEVELS] = { "l1d", "l2", "l3" };
static struct geometry geo[RB_LEVELS] = {
	{ RB_L1D_SIZE, RB_L1D_WAYS },
	{ RB_L2_SIZE, RB_L2_WAYS },
	{ RB_L3_SIZE, RB_L3_WAYS },
};

static __u64 line_size = RB_LINE;
static unsigned int line_shift;
static __u64 lat_l2 = 16, lat_l3 = 75, lat_mem = 300;
static const char *out_path;
static int system_mode;

static FILE *out;
static const char *profile_path;
static FILE *profile_out;

/* One translation of a block, when profiling: its address and counts. */
struct tb_prof {
	__u64 vaddr;
	__u64 n;	/* instructions in the block */
	__u64 insns;	/* counted in windows so far */
};

static struct tb_prof **tb_profs;
static size_t n_tb_profs, tb_profs_cap;
static pthread_mutex_t prof_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vcpu *vcpus[RB_MAX_VCPUS];
static __u64 n_windows, n_reopened, n_stray_close;

/* LRU lookup of @line in @c; a miss installs it.  Returns 1 on a hit. */
static int cache_access(struct cache *c, __u64 line)
{
	__u64 *row = c->tags + (line & (c->sets - 1)) * c->ways;
	unsigned int i;

	for (i = 0; i < c->ways; i++) {
		if (row[i] == line) {
			memmove(row + 1, row, i * sizeof(*row));
			row[0] = line;
			return 1;
		}
	}
	memmove(row + 1, row, (c->ways - 1) * sizeof(*row));
	row[0] = line;
	return 0;
}

static void line_access(struct vcpu *v, __u64 line)
{
	int l;

	for (l = 0; l < RB_LEVELS; l++) {
		if (cache_access(&v->cache[l], line))
			return;
		if (v->open)
			v->c.miss[l]++;
	}
}

/* unsigned long: the API's __u64 on x86-64 */
static void vcpu_mem(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
		     unsigned long vaddr, void *udata)
{
	struct vcpu *v = vcpus[vcpu_index];
	struct qemu_plugin_hwaddr *hw;
	__u64 addr = vaddr, line, last;

	if (v->open) {
		if (qemu_plugin_mem_is_store(info))
			v->c.stores++;
		else
			v->c.loads++;
	}
	hw = qemu_plugin_get_hwaddr(info, vaddr);
	if (hw) {
		if (qemu_plugin_hwaddr_is_io(hw)) {
			if (v->open)
				v->c.io++;
			return;
		}
		addr = qemu_plugin_hwaddr_phys_addr(hw);
	}
	line = addr >> line_shift;
	last = (addr + (1u << qemu_plugin_mem_size_shift(info)) - 1) >>
		line_shift;
	for (; line <= last; line++)
		line_access(v, line);
}

/* A translation block starts: count its instructions in a window. */
static void vcpu_tb_exec(unsigned int vcpu_index, void *udata)
{
	struct vcpu *v = vcpus[vcpu_index];

	if (v->open)
		v->c.insns += (uintptr_t)udata;
}

/* The same, when profiling: @udata is the block's struct tb_prof. */
static void vcpu_tb_exec_prof(unsigned int vcpu_index, void *udata)
{
	struct vcpu *v = vcpus[vcpu_index];
	struct tb_prof *t = udata;

	if (v->open) {
		v->c.insns += t->n;
		__atomic_fetch_add(&t->insns, t->n, __ATOMIC_RELAXED);
	}
}

/* A new block translation to profile; NULL when out of memory. */
static struct tb_prof *tb_prof_new(__u64 vaddr, __u64 n)
{
	struct tb_prof *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->vaddr = vaddr;
	t->n = n;
	pthread_mutex_lock(&prof_lock);
	if (n_tb_profs == tb_profs_cap) {
		size_t cap = tb_profs_cap ? 2 * tb_profs_cap : 4096;
		struct tb_prof **p = realloc(tb_profs, cap * sizeof(*p));

		if (!p) {
			pthread_mutex_unlock(&prof_lock);
			free(t);
			return NULL;
		}
		tb_profs = p;
		tb_profs_cap = cap;
	}
	tb_profs[n_tb_profs++] = t;
	pthread_mutex_unlock(&prof_lock);
	return t;
}

static void write_window(unsigned int vcpu_index, struct vcpu *v)
{
	const struct counts *c = &v->c;
	__u64 cycles = c->insns + (c->miss[0] - c->miss[1]) * lat_l2 +
		(c->miss[1] - c->miss[2]) * lat_l3 + c->miss[2] * lat_mem;

	pthread_mutex_lock(&out_lock);
	n_windows++;
	fprintf(out,
		"window vcpu=%u seq=%llu insns=%llu loads=%llu stores=%llu io=%llu l1d_miss=%llu l2_miss=%llu l3_miss=%llu cycles=%llu\n",
		vcpu_index, v->seq, c->insns, c->loads, c->stores, c->io,
		c->miss[0], c->miss[1], c->miss[2], cycles);
	fflush(out);
	pthread_mutex_unlock(&out_lock);
}

/*
 * A marker runs.  @udata holds which one (bit 0: 1 for close) and how
 * many instructions of its block start with it (the rest of the bits):
 * the block's count was taken, or not, as the block started.
 */
static void vcpu_marker(unsigned int vcpu_index, void *udata)
{
	struct vcpu *v = vcpus[vcpu_index];
	uintptr_t rest = (uintptr_t)udata >> 1;

	if (!((uintptr_t)udata & 1)) {
		if (v->open) {
			pthread_mutex_lock(&out_lock);
			n_reopened++;
			pthread_mutex_unlock(&out_lock);
		}
		memset(&v->c, 0, sizeof(v->c));
		v->c.insns = rest - 1;
		v->open = 1;
		return;
	}
	if (!v->open) {
		pthread_mutex_lock(&out_lock);
		n_stray_close++;
		pthread_mutex_unlock(&out_lock);
		return;
	}
	v->c.insns -= rest;
	v->open = 0;
	v->seq++;
	v->insns_closed += v->c.insns;
	write_window(vcpu_index, v);
}

/* 1 for an open marker, 2 for a close marker, 0 for anything else. */
static int marker_kind(const struct qemu_plugin_insn *insn)
{
	const unsigned char *p = qemu_plugin_insn_data(insn);
	__u32 disp;

	if (qemu_plugin_insn_size(insn) != RB_MARK_LEN ||
	    memcmp(p, RB_MARK_PREFIX, 4))
		return 0;
	disp = p[4] | p[5] << 8 | p[6] << 16 | (__u32)p[7] << 24;
	if (disp == RB_MARK_OPEN)
		return 1;
	if (disp == RB_MARK_CLOSE)
		return 2;
	return 0;
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;

	if (profile_path) {
		struct tb_prof *t = tb_prof_new(qemu_plugin_tb_vaddr(tb), n);

		if (!t) {
			fail("out of memory for the profile");
			exit(1);
		}
		qemu_plugin_register_vcpu_tb_exec_cb(tb, vcpu_tb_exec_prof,
						     QEMU_PLUGIN_CB_NO_REGS, t);
	} else {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, vcpu_tb_exec,
						     QEMU_PLUGIN_CB_NO_REGS,
						     (void *)(uintptr_t)n);
	}
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		int kind = marker_kind(insn);

		if (kind) {
			uintptr_t u = (n - i) << 1 | (kind == 2);

			qemu_plugin_register_vcpu_insn_exec_cb(insn, vcpu_marker,
							       QEMU_PLUGIN_CB_NO_REGS,
							       (void *)u);
			continue;
		}
		qemu_plugin_register_vcpu_mem_cb(insn, vcpu_mem,
						 QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, NULL);
	}
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
	struct vcpu *v;
	int l;

	if (vcpu_index >= RB_MAX_VCPUS) {
		fail("vCPU %u: at most %d vCPUs", vcpu_index, RB_MAX_VCPUS);
		exit(1);
	}
	if (vcpus[vcpu_index])
		return;
	v = calloc(1, sizeof(*v));
	if (!v)
		goto nomem;
	for (l = 0; l < RB_LEVELS; l++) {
		struct cache *c = &v->cache[l];

		c->ways = geo[l].ways;
		c->sets = geo[l].size / (geo[l].ways * line_size);
		c->tags = malloc(c->sets * c->ways * sizeof(*c->tags));
		if (!c->tags)
			goto nomem;
		memset(c->tags, 0xff, c->sets * c->ways * sizeof(*c->tags));
	}
	vcpus[vcpu_index] = v;
	return;
nomem:
	fail("vCPU %u: out of memory for its caches", vcpu_index);
	exit(1);
}

static int tb_prof_cmp(const void *a, const void *b)
{
	const struct tb_prof *x = *(struct tb_prof *const *)a;
	const struct tb_prof *y = *(struct tb_prof *const *)b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/*
 * The profile: the translations of one address summed (a block is
 * translated again after a flush), the markers' correction applied to
 * the total only, as the windows' counts apply it.
 */
static void write_profile(void)
{
	FILE *f = profile_out;
	__u64 sum = 0, total = 0;
	size_t i;
	int v;

	qsort(tb_profs, n_tb_profs, sizeof(*tb_profs), tb_prof_cmp);
	for (i = 0; i < n_tb_profs; i++) {
		sum += tb_profs[i]->insns;
		if (i + 1 < n_tb_profs &&
		    tb_profs[i + 1]->vaddr == tb_profs[i]->vaddr)
			continue;
		if (sum)
			fprintf(f, "tb vaddr=0x%llx insns=%llu\n",
				tb_profs[i]->vaddr, sum);
		sum = 0;
	}
	for (v = 0; v < RB_MAX_VCPUS; v++)
		if (vcpus[v])
			total += vcpus[v]->insns_closed;
	fprintf(f, "total windows=%llu insns=%llu\n", n_windows, total);
	fclose(f);
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
	__u64 unclosed = 0;
	int i;

	if (profile_path)
		write_profile();

	for (i = 0; i < RB_MAX_VCPUS; i++)
		if (vcpus[i] && vcpus[i]->open)
			unclosed++;
	pthread_mutex_lock(&out_lock);
	fprintf(out, "end windows=%llu reopened=%llu stray_close=%llu unclosed=%llu\n",
		n_windows, n_reopened, n_stray_close, unclosed);
	fclose(out);
	out = NULL;
	pthread_mutex_unlock(&out_lock);
}

/* A size or count: decimal, with an optional K, M or G (powers of 1024). */
static int parse_num(const char *name, const char *val, __u64 *ret)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (*val < '0' || *val > '9')
		goto bad;
	v = strtoull(val, &end, 10);
	if (errno || v >= 1ULL << 40)
		goto bad;
	switch (*end) {
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'G':
		v <<= 30;
		end++;
		break;
	}
	if (*end || v == 0 || v >= 1ULL << 40)
		goto bad;
	*ret = v;
	return 0;
bad:
	fail("%s=%s: not a number from 1 to 2^40 (K, M, G allowed)", name,
	     val);
	return -1;
}

static int is_pow2(__u64 v)
{
	return v && !(v & (v - 1));
}

static int parse_arg(const char *arg)
{
	static const char *const names[] = {
		"line", "l1d_size", "l1d_ways", "l2_size", "l2_ways",
		"l3_size", "l3_ways", "lat_l2", "lat_l3", "lat_mem",
	};
	__u64 *const dest[] = {
		&line_size, &geo[0].size, &geo[0].ways, &geo[1].size,
		&geo[1].ways, &geo[2].size, &geo[2].ways, &lat_l2, &lat_l3,
		&lat_mem,
	};
	static const char *const path_names[] = { "out", "profile" };
	const char **const path_dest[] = { &out_path, &profile_path };
	const char *eq = strchr(arg, '=');
	size_t len, i;

	if (!eq) {
		fail("argument '%s' is not NAME=VALUE", arg);
		return -1;
	}
	len = eq - arg;
	for (i = 0; i < ARRAY_SIZE(path_names); i++) {
		if (strlen(path_names[i]) != len ||
		    strncmp(arg, path_names[i], len))
			continue;
		if (!eq[1]) {
			fail("%s= needs a file name", path_names[i]);
			return -1;
		}
		*path_dest[i] = eq + 1;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && !strncmp(arg, names[i], len))
			return parse_num(names[i], eq + 1, dest[i]);
	fail("unknown argument '%s'", arg);
	fputs("rb_cache: the arguments are out profile", stderr);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		fprintf(stderr, " %s", names[i]);
	fputc('\n', stderr);
	return -1;
}

static int check_geometry(void)
{
	int l;

	if (!is_pow2(line_size) || line_size < 8 || line_size > 4096) {
		fail("line=%llu: must be a power of two from 8 to 4096",
		     line_size);
		return -1;
	}
	line_shift = __builtin_ctzll(line_size);
	for (l = 0; l < RB_LEVELS; l++) {
		__u64 way_bytes = geo[l].ways * line_size;

		if (geo[l].ways > 64) {
			fail("%s_ways=%llu: at most 64", level_name[l],
			     geo[l].ways);
			return -1;
		}
		if (geo[l].size % way_bytes ||
		    !is_pow2(geo[l].size / way_bytes)) {
			fail("%s: %llu bytes / (%llu ways * %llu-byte lines) is not a power of two",
			     level_name[l], geo[l].size, geo[l].ways, line_size);
			return -1;
		}
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i, l;

	for (i = 0; i < argc; i++)
		if (parse_arg(argv[i]))
			return -1;
	if (!out_path) {
		fail("out=FILE is required (where the counts go)");
		return -1;
	}
	if (check_geometry())
		return -1;
	if (info->system_emulation && info->system.max_vcpus > RB_MAX_VCPUS) {
		fail("%d vCPUs: at most %d", info->system.max_vcpus,
		     RB_MAX_VCPUS);
		return -1;
	}
	system_mode = info->system_emulation;
	out = fopen(out_path, "w");
	if (!out) {
		fail("%s: %s", out_path, strerror(errno));
		return -1;
	}
	fprintf(out, "config version=1 addr=%s line=%llu",
		system_mode ? "phys" : "virt", line_size);
	for (l = 0; l < RB_LEVELS; l++)
		fprintf(out, " %s_size=%llu %s_ways=%llu",
			level_name[l], geo[l].size, level_name[l], geo[l].ways);
	fprintf(out, " lat_l2=%llu lat_l3=%llu lat_mem=%llu\n", lat_l2, lat_l3,
		lat_mem);
	fflush(out);
	if (profile_path) {
		/* Opened now, so that a bad path stops QEMU at once. */
		profile_out = fopen(profile_path, "w");
		if (!profile_out) {
			fail("%s: %s", profile_path, strerror(errno));
			return -1;
		}
	}

	qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
	qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
