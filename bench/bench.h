/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf-rb-bench: the interface between the harness (main.c) and the cases
 * (cases/<name>.c).
 *
 * A case is one file, cases/<name>.c, that defines one struct bench_case
 * called <name>_case ('-' in the file name becomes '_').  The Makefile
 * lists the files it finds into a generated array, so adding a case is
 * adding a file.  The harness calls, for every buffer size:
 *
 *	setup()				once, untimed (optional)
 *	for each warm-up and timed repetition:
 *		prepare()		untimed (optional)
 *		run()			timed, faults counted
 *		cleanup()		untimed (optional)
 *	teardown()			once, untimed (optional)
 *
 * Every hook gets the context, whose ->pages is the size of the mapping in
 * pages (control page + data pages for the perf cases).  A hook returns 0
 * or a negative errno; any error ends the program, so a number that gets
 * written was measured as described.
 *
 * Every run() call, warm-ups included, is bracketed by the window markers
 * of plugin/rb_marker.h, rb_window_open() and rb_window_close(), just
 * inside the clock reads: under QEMU with the rb_cache TCG plugin
 * (plugin/rb_cache.c; scripts/bench.sh CACHE=1) they open and close a
 * window in which the plugin counts instructions, loads, stores and
 * simulated cache misses of that vCPU, and writes one line per window, in
 * the order the repetitions ran (each result of the JSON: its "warmup"
 * repetitions, then its samples).
 *
 * A marker is one 8-byte NOP, "nopl 0x7262000N(%rax,%rax,1)" (0f 1f 84 00
 * and the displacement; N is 1 to open, 2 to close).  Long NOPs are what
 * assemblers pad with: every x86-64 processor executes them, at about no
 * cost and with no effect on registers, flags or memory, so the same
 * binary measures the same on bare metal, under KVM (no exit: a NOP is
 * not intercepted) and under TCG without the plugin.  The plugin finds
 * them when it translates code, so a marker costs nothing at run time
 * either.  The alternatives cost more: CPUID with a magic leaf is
 * serialising (tens to hundreds of cycles on hardware), always exits to
 * the hypervisor under KVM (a microsecond or more) and clobbers four
 * registers; a magic port or MMIO write exits too.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <linux/perf_event.h>

#include "plugin/rb_marker.h"

struct bench_ctx {
	unsigned long pages;	/* mapping size in pages: 1 + 2^k */
	size_t len;		/* pages * page_size */
	long page_size;
	int fd;			/* perf event, -1 when closed */
	void *map;		/* first mapping, NULL when unmapped */
	void *map2;		/* second mapping of the same event */
	int memfd;		/* reference case: the populated memfd */
};

struct bench_case {
	const char *name;
	const char *description;
	int order;		/* position in listings and reports */
	int sizeless;		/* cost does not depend on ->pages: run once */
	int (*setup)(struct bench_ctx *c);
	int (*prepare)(struct bench_ctx *c);
	int (*run)(struct bench_ctx *c);
	int (*cleanup)(struct bench_ctx *c);
	void (*teardown)(struct bench_ctx *c);
};

/* NULL-terminated; the Makefile generates it from the files in cases/. */
extern const struct bench_case *const bench_cases[];

/* Helpers shared by the cases (util.c). */
int bench_event_open(void);
int bench_event_close(struct bench_ctx *c);
int bench_map(struct bench_ctx *c, void **where);
int bench_unmap(struct bench_ctx *c, void **where);
void bench_touch(const void *p, unsigned long pages, long page_size);
extern unsigned char bench_sink;
int bench_rcu_settle(void);
extern const char *bench_settle;
int bench_open_map(struct bench_ctx *c);
int bench_unmap_close(struct bench_ctx *c);

#endif
