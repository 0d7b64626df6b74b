// SPDX-License-Identifier: GPL-2.0
/*
 * open: perf_event_open() of the benchmark's event alone, so that it can be
 * subtracted from the full cycle.  Does not depend on the buffer size.
 */
#include <unistd.h>

#include "../bench.h"

static int open_run(struct bench_ctx *c)
{
	int fd = bench_event_open();

	if (fd < 0)
		return fd;
	c->fd = fd;
	return 0;
}

static int open_cleanup(struct bench_ctx *c)
{
	return bench_event_close(c);
}

const struct bench_case open_case = {
	.name = "open",
	.description = "perf_event_open() of a disabled software event alone",
	.order = 10,
	.sizeless = 1,
	.run = open_run,
	.cleanup = open_cleanup,
};
