// SPDX-License-Identifier: GPL-2.0
/*
 * mmap-second: a second mmap() of an event whose buffer is already mapped
 * once.  The buffer exists, so this is the cost of the mapping alone.
 */
#include "../bench.h"

static int second_run(struct bench_ctx *c)
{
	return bench_map(c, &c->map2);
}

const struct bench_case mmap_second_case = {
	.name = "mmap-second",
	.description = "second mmap() of the same event, first still mapped",
	.order = 30,
	.prepare = bench_open_map,
	.run = second_run,
	.cleanup = bench_unmap_close,
};
