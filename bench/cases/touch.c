// SPDX-License-Identifier: GPL-2.0
/*
 * touch: read one byte of every page (control page and data pages) of a
 * fresh mapping.  With the fault path each page costs a fault; when the
 * pages were mapped in advance, none should.
 */
#include "../bench.h"

static int touch_run(struct bench_ctx *c)
{
	bench_touch(c->map, c->pages, c->page_size);
	return 0;
}

const struct bench_case touch_case = {
	.name = "touch",
	.description = "first read of every page of a fresh mapping",
	.order = 40,
	.prepare = bench_open_map,
	.run = touch_run,
	.cleanup = bench_unmap_close,
};
