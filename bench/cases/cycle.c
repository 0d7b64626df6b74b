// SPDX-License-Identifier: GPL-2.0
/*
 * cycle: what a short-lived perf session does with one buffer: open the
 * event, map the buffer, read every page, unmap, close.
 */
#include "../bench.h"

static int cycle_run(struct bench_ctx *c)
{
	int ret;

	ret = bench_open_map(c);
	if (ret)
		return ret;
	bench_touch(c->map, c->pages, c->page_size);
	ret = bench_unmap(c, &c->map);
	if (ret)
		return ret;
	return bench_event_close(c);
}

const struct bench_case cycle_case = {
	.name = "cycle",
	.description = "open, mmap, read every page, munmap, close",
	.order = 70,
	.run = cycle_run,
	.cleanup = bench_unmap_close,
};
