// SPDX-License-Identifier: GPL-2.0
/*
 * munmap: unmapping the only mapping of a buffer whose pages have all been
 * read, so that every page table entry is present and gets zapped.  The
 * buffer's pages themselves are freed later, from an RCU callback.
 */
#include "../bench.h"

static int munmap_prepare(struct bench_ctx *c)
{
	int ret = bench_open_map(c);

	if (ret)
		return ret;
	bench_touch(c->map, c->pages, c->page_size);
	return 0;
}

static int munmap_run(struct bench_ctx *c)
{
	return bench_unmap(c, &c->map);
}

const struct bench_case munmap_case = {
	.name = "munmap",
	.description = "munmap() of the only mapping, every page read before",
	.order = 60,
	.prepare = munmap_prepare,
	.run = munmap_run,
	.cleanup = bench_unmap_close,
};
