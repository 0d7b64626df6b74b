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
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <linux/perf_event.h>

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
